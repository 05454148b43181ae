"""A negative publication's case in a real browser, in Kazakh and in Russian (issue 11 item 8;
000 §4.2–4.3, 003 §10.4): the ministry flags it, the alert reaches the agency's head, the
press secretary records that the head was informed and the agency's response, closes the case
with it, and the month's analytical note counts it answered."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from monitoring import services
from monitoring.models import NoteBuild, Outlet, ResonanceCase
from portal.directory.choices import Role

from ..factories import AgencyFactory, MembershipFactory, UserFactory
from .test_journeys import BOTH_WIDTHS_AND_LANGUAGES, assert_fits_width, sign_in, translated

pytestmark = pytest.mark.e2e

TITLE = "Емханадағы кезектерге шағым көбейді"


@pytest.fixture
def case(transactional_db, language):
    """A Kazakh publication flagged by the ministry; the agency's staff use the test's
    language."""
    agency = AgencyFactory(
        slug="health",
        name_kk="Денсаулық сақтау министрлігі",
        name_ru="Министерство здравоохранения",
        name_en="Ministry of Health",
    )
    for username, role in (("press", Role.PRESS_SECRETARY), ("head", Role.AGENCY_HEAD)):
        MembershipFactory(
            user=UserFactory(username=username, preferred_language=language),
            agency=agency,
            role=role,
        )
    outlet = Outlet.objects.create(name="Егемен Қазақстан", kind="news_site", language="kk")
    publication, _created = services.publication_ingest(
        url="https://egemen.kz/article/1",
        title=TITLE,
        text="Тұрғындар емханадағы ұзақ кезектерге шағымданды.",
        outlet=outlet,
        html_lang="kk",
    )
    return services.case_open(
        publication=publication, agency=agency, reason="Теріс резонанс", source="ministry"
    )


@BOTH_WIDTHS_AND_LANGUAGES
def test_a_flagged_item_reaches_the_head_is_answered_closed_and_counted(
    page: Page, live_server, case, viewport, language
):
    sign_in(page, live_server, "head", language)
    page.goto(f"{live_server.url}/{language}/inbox/")
    expect(page.locator("main")).to_contain_text(TITLE)
    page.context.clear_cookies()

    sign_in(page, live_server, "press", language)
    page.goto(f"{live_server.url}/{language}/monitoring/cases/{case.pk}/")
    page.get_by_role("button", name=translated(language, "Record"), exact=True).click()
    page.select_option("#id_kind", "press_release")
    page.fill("#id_result_url", "https://www.gov.kz/memleket/entities/dsm/press/news/1")
    page.get_by_role("button", name=translated(language, "Record the response"), exact=True).click()
    page.locator("#id_response").select_option(index=1)
    page.get_by_role("button", name=translated(language, "Close the case"), exact=True).click()
    assert_fits_width(page)

    case.refresh_from_db()
    assert case.head_informed_at is not None and not case.is_open

    # The note is built in Celery (here: the task's service, run as the worker would) and
    # the page shows that stored build.
    month = timezone.localdate().strftime("%Y-%m")
    page.goto(f"{live_server.url}/{language}/monitoring/note/{month}/")
    page.get_by_role("button", name=translated(language, "Build the note"), exact=True).click()
    assert services.note_build_run(build_id=NoteBuild.objects.get().pk) == "done"
    page.goto(f"{live_server.url}/{language}/monitoring/note/{month}/")
    row = page.locator("tr", has_text=getattr(case.agency, f"name_{language}")).first
    cells = row.locator("td")
    expect(cells.nth(4)).to_have_text("1")  # flagged
    expect(cells.nth(5)).to_have_text("1")  # answered
    assert ResonanceCase.objects.filter(pk=case.pk, closed_at__isnull=False).exists()
