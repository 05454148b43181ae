"""A journalist's accreditation in a real browser (issue 10 item 12; 003 §8.3): the journalist
applies, the agency's press secretary accredits, and the page the card's QR code opens
confirms it; once revoked, the same page says so."""

from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import Page, expect

from portal.directory.choices import Role
from portal.directory.models import User
from requests_desk.accreditation import cards, services
from requests_desk.accreditation.choices import AccreditationState
from requests_desk.accreditation.models import Accreditation

from ..accreditation.conftest import PNG
from ..factories import AgencyFactory, MembershipFactory, UserFactory
from .test_journeys import BOTH_WIDTHS, assert_fits_width, sign_in

pytestmark = pytest.mark.e2e


@pytest.fixture
def agency(transactional_db):
    agency = AgencyFactory(
        slug="health",
        name_kk="Денсаулық сақтау министрлігі",
        name_ru="Министерство здравоохранения",
        name_en="Ministry of Health",
    )
    MembershipFactory(
        user=UserFactory(username="press", preferred_language="kk"),
        agency=agency,
        role=Role.PRESS_SECRETARY,
    )
    MembershipFactory(
        user=UserFactory(username="reporter", preferred_language="kk"), role=Role.JOURNALIST
    )
    return agency


@BOTH_WIDTHS
def test_a_journalist_is_accredited_and_the_qr_page_confirms_the_card(
    page: Page, open_page, live_server, agency, viewport, tmp_path
):
    sign_in(page, live_server, "reporter")
    page.goto(f"{live_server.url}/kk/accreditation/apply/")
    page.select_option("#id_agency", label="Денсаулық сақтау министрлігі")
    page.fill("#id_full_name", "Әсел Нұрланқызы")
    page.fill("#id_outlet", "Kazinform")
    page.fill("#id_position", "Тілші")
    page.fill("#id_phone", "8 701 234 56 78")
    page.fill("#id_email", "asel@example.kz")
    (tmp_path / "photo.png").write_bytes(PNG)
    page.set_input_files("#id_photo", str(tmp_path / "photo.png"))
    page.select_option("#id_kind", "permanent")
    page.locator("main form button[type=submit]").last.click()
    accreditation = Accreditation.objects.get()
    assert_fits_width(page)

    staff = open_page()  # the agency's staff, in a browser of their own
    sign_in(staff, live_server, "press")
    staff.goto(f"{live_server.url}/kk/accreditation/applications/{accreditation.pk}/")
    with translation.override("kk"):
        staff.get_by_role("button", name=gettext("Accredit"), exact=True).click()
        valid, revoked = (
            gettext("Valid: this journalist is accredited."),
            gettext("REVOKED: this accreditation is no longer valid."),
        )
        verify_path = urlsplit(cards.verify_url(accreditation.pk)).path
    accreditation.refresh_from_db()
    assert accreditation.state == AccreditationState.APPROVED

    page.goto(live_server.url + verify_path)
    expect(page.locator("main")).to_contain_text(valid)
    expect(page.locator("main")).to_contain_text("Әсел Нұрланқызы")
    expect(page.locator("main")).to_contain_text("Kazinform")

    press = User.objects.get(username="press")
    services.accreditation_revoke(accreditation=accreditation, by=press, reason="Ереже бұзылды")
    page.reload()
    expect(page.locator("main")).to_contain_text(revoked)
