"""What a press secretary does after signing in, in a real browser at both widths, in Kazakh
and in Russian: record a new spokesperson, see that the notice deadline is met by recording it
and read how it was computed, and that the confirmation is the ministry's."""

import re

import pytest
from playwright.sync_api import Page, expect

from portal.deadlines.models import Deadline
from portal.directory.choices import Role

from ..factories import AgencyFactory, MembershipFactory, SpokespersonFactory, UserFactory
from .test_journeys import BOTH_WIDTHS_AND_LANGUAGES, arrived_at, assert_fits_width, sign_in

pytestmark = pytest.mark.e2e

# The new spokesperson as the press office records them, in Kazakh (required) and Russian.
NEW_SPOKESPERSON = {
    "kk": {"surname": "Оспанова", "name": "Динара", "patronymic": "Серікқызы"},
    "ru": {"surname": "Оспанова", "name": "Динара", "patronymic": "Сериковна"},
}
POSITION = {"kk": "Баспасөз хатшысы", "ru": "Пресс-секретарь"}


@pytest.fixture
def press_office(transactional_db, language):
    agency = AgencyFactory(
        slug="health",
        name_kk="Денсаулық сақтау министрлігі",
        name_ru="Министерство здравоохранения",
        name_en="Ministry of Health",
    )
    SpokespersonFactory(agency=agency, surname_kk="Бұрынғыов", surname_en="Formerov")
    user = UserFactory(username="press", preferred_language=language)
    MembershipFactory(user=user, agency=agency, role=Role.PRESS_SECRETARY)
    return agency


@BOTH_WIDTHS_AND_LANGUAGES
def test_press_secretary_records_an_appointment_and_meets_its_deadline(
    page: Page, live_server, press_office, viewport, language
):
    sign_in(page, live_server, "press", language)
    arrived_at(page, re.compile(rf"/{language}/dashboard/$"))

    page.goto(f"{live_server.url}/{language}/agencies/health/")
    page.locator(f'a[href="/{language}/agencies/health/appoint/"]').click()
    form = page.locator("form.record-form")
    form.locator('input[name="appointed_on"]').fill("2026-11-20")
    for code, names in NEW_SPOKESPERSON.items():
        for field, value in names.items():
            form.locator(f'input[name="{field}_{code}"]').fill(value)
        form.locator(f'input[name="position_{code}"]').fill(POSITION[code])
    form.locator('input[name="languages"][value="kk"]').check()
    assert_fits_width(page)
    form.locator('button[type="submit"]').click()

    # The agency's page names the new spokesperson in its language.
    arrived_at(page, re.compile(rf"/{language}/agencies/health/$"))
    expect(page.locator("main")).to_contain_text(" ".join(NEW_SPOKESPERSON[language].values()))
    expect(page.locator(".badge").first).to_be_visible()  # not published until confirmed

    # Recording the appointment was the notice (004 §3): its deadline is met already, and
    # what remains is the ministry's confirmation, which the press office cannot mark done.
    notice = Deadline.objects.get(rule__code="spokesperson-notice")
    confirmation = Deadline.objects.get(rule__code="spokesperson-confirmation")
    page.goto(f"{live_server.url}/{language}/deadlines/{notice.pk}/")
    expect(page.locator(".state")).to_have_class(re.compile(r"state-done_"))
    explanation = page.locator(".explanation")
    expect(explanation).to_contain_text("004")  # the rule cites Order No. 159
    expect(explanation).to_contain_text("20.11.2026")
    assert_fits_width(page)
    page.goto(f"{live_server.url}/{language}/deadlines/{confirmation.pk}/")
    expect(page.locator(".state")).to_have_class(re.compile(r"state-open"))
    expect(page.locator('form[action$="/done/"]')).to_have_count(0)
