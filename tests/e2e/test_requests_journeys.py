"""A citizen's information request in a real browser (issue 10 item 12): sent in Kazakh from
the public form, followed by the secret link of the receipt e-mail, and the new due date seen
there once the agency's head extends the period (002 §36, §39)."""

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
from .test_journeys import BOTH_WIDTHS, assert_fits_width

pytestmark = pytest.mark.e2e


@pytest.fixture
def agency(transactional_db, monkeypatch):
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
        user=UserFactory(username="head", preferred_language="kk"),
        agency=agency,
        role=Role.AGENCY_HEAD,
    )
    return agency


def due(case) -> str:
    return timezone.localtime(case.due_at).strftime("%d.%m.%Y %H:%M")


@BOTH_WIDTHS
def test_a_citizen_asks_in_kazakh_follows_the_secret_link_and_sees_the_extension(
    page: Page, open_page, live_server, agency, viewport
):
    page.goto(f"{live_server.url}/kk/requests/new/")
    page.fill("#id_requester_name", "Айгүл Сәрсенова")
    page.fill("#id_requester_email", "aigul@example.kz")
    page.select_option("#id_channel", "feedback")
    page.select_option("#id_agency", label="Денсаулық сақтау министрлігі")
    page.select_option("#id_language", "kk")
    page.fill("#id_text", "Ауылдағы емхана құрылысының мерзімі туралы ақпарат беріңізші.")
    page.locator("form button[type=submit]").click()
    case = InformationRequest.objects.get()
    expect(page.locator("main")).to_contain_text(case.number)
    assert_fits_width(page)

    receipt = mail.outbox[-1]
    assert receipt.to == ["aigul@example.kz"] and case.number in receipt.subject
    link = re.search(r"https?://\S+/kk/requests/track/[\w-]+/", receipt.body)[0]
    page.goto(live_server.url + urlsplit(link).path)
    expect(page.locator("h1")).to_contain_text(case.number)
    expect(page.locator("main")).to_contain_text(due(case))

    staff = open_page()  # the agency's staff, in a browser of their own
    staff.goto(f"{live_server.url}/kk/login/")
    staff.fill("#id_username", "head")
    staff.fill("#id_password", "secret-pass-123")
    staff.locator("form.login-form button").click()
    staff.goto(f"{live_server.url}/kk/requests/{case.pk}/")
    staff.fill("#id_days", "10")
    staff.fill("#id_reason", "Құрылыс мердігерінен мәлімет күтілуде.")
    staff.get_by_role("button", name="Ұзарту", exact=True).click()

    before = due(case)
    case.refresh_from_db()
    assert due(case) != before
    page.reload()
    assert case.extended_days == 10
    expect(page.locator("main")).to_contain_text(due(case))
