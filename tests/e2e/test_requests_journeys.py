"""A citizen's information request in a real browser (issue 10 item 12): sent in Kazakh or in
Russian from the public form, followed by the secret link of the receipt e-mail, which is in
the request's language, and the new due date seen there once the agency's head extends the
period (002 §36, §39)."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.directory.choices import Role
from requests_desk import services
from requests_desk.models import InformationRequest
from requests_desk.tasks import receipt_send

from ..factories import AgencyFactory, MembershipFactory, UserFactory
from .test_journeys import BOTH_WIDTHS_AND_LANGUAGES, assert_fits_width, sign_in, translated

pytestmark = pytest.mark.e2e

# What the citizen asks, and why the head extends the period, in each language.
QUESTION = {
    "kk": "Ауылдағы емхана құрылысының мерзімі туралы ақпарат беріңізші.",
    "ru": "Прошу сообщить сроки строительства сельской поликлиники.",
}
EXTENSION_REASON = {
    "kk": "Құрылыс мердігерінен мәлімет күтілуде.",
    "ru": "Ожидаются сведения от подрядчика строительства.",
}


@pytest.fixture
def agency(transactional_db, monkeypatch, language):
    # The receipt's task runs just after the commit, in the server's thread, as a worker would.
    monkeypatch.setattr(
        services,
        "_receipt_queue",
        lambda case, token: transaction.on_commit(
            lambda: receipt_send(case_id=case.pk, token=token)
        ),
    )
    agency = AgencyFactory(
        slug="health",
        name_kk="Денсаулық сақтау министрлігі",
        name_ru="Министерство здравоохранения",
        name_en="Ministry of Health",
    )
    MembershipFactory(
        user=UserFactory(username="head", preferred_language=language),
        agency=agency,
        role=Role.AGENCY_HEAD,
    )
    return agency


def due(case) -> str:
    return timezone.localtime(case.due_at).strftime("%d.%m.%Y %H:%M")


@BOTH_WIDTHS_AND_LANGUAGES
def test_a_citizen_asks_in_their_language_follows_the_secret_link_and_sees_the_extension(
    page: Page, open_page, live_server, agency, viewport, language
):
    page.goto(f"{live_server.url}/{language}/requests/new/")
    page.fill("#id_requester_name", "Айгүл Сәрсенова")
    page.fill("#id_requester_email", "aigul@example.kz")
    page.select_option("#id_channel", "feedback")
    page.select_option("#id_agency", label=getattr(agency, f"name_{language}"))
    page.select_option("#id_language", language)
    page.fill("#id_text", QUESTION[language])
    page.locator("form button[type=submit]").click()
    case = InformationRequest.objects.get()
    assert case.language == language
    expect(page.locator("main")).to_contain_text(case.number)
    assert_fits_width(page)

    # The receipt, in the request's language, links the tracking page in that language.
    receipt = mail.outbox[-1]
    assert receipt.to == ["aigul@example.kz"]
    assert receipt.subject == translated(
        language, "Your request %(number)s was received", number=case.number
    )
    link = re.search(rf"https?://\S+/{language}/requests/track/[\w-]+/", receipt.body)[0]
    page.goto(live_server.url + urlsplit(link).path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("h1")).to_contain_text(case.number)
    expect(page.locator("main")).to_contain_text(due(case))

    staff = open_page()  # the agency's staff, in a browser of their own
    sign_in(staff, live_server, "head", language)
    staff.goto(f"{live_server.url}/{language}/requests/{case.pk}/")
    staff.fill("#id_days", "10")
    staff.fill("#id_reason", EXTENSION_REASON[language])
    staff.get_by_role("button", name=translated(language, "Extend"), exact=True).click()

    before = due(case)
    case.refresh_from_db()
    assert due(case) != before
    page.reload()
    assert case.extended_days == 10
    expect(page.locator("main")).to_contain_text(due(case))
