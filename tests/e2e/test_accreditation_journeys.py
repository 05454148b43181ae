"""A journalist's accreditation in a real browser, in Kazakh and in Russian (issue 10 item 12;
003 §8.3): the journalist applies, the agency's press secretary accredits, and the page the
card's QR code opens confirms it; once revoked, the same page says so."""

from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from portal.directory.choices import Role
from portal.directory.models import User
from requests_desk.accreditation import cards, services
from requests_desk.accreditation.choices import AccreditationState
from requests_desk.accreditation.models import Accreditation

from ..accreditation.conftest import PNG
from ..factories import AgencyFactory, MembershipFactory, UserFactory
from .test_journeys import BOTH_WIDTHS_AND_LANGUAGES, assert_fits_width, sign_in, translated

pytestmark = pytest.mark.e2e


@pytest.fixture
def agency(transactional_db, language):
    """The agency, its press secretary and a journalist, both using the test's language."""
    agency = AgencyFactory(
        slug="health",
        name_kk="Денсаулық сақтау министрлігі",
        name_ru="Министерство здравоохранения",
        name_en="Ministry of Health",
    )
    MembershipFactory(
        user=UserFactory(username="press", preferred_language=language),
        agency=agency,
        role=Role.PRESS_SECRETARY,
    )
    MembershipFactory(
        user=UserFactory(username="reporter", preferred_language=language), role=Role.JOURNALIST
    )
    return agency


@BOTH_WIDTHS_AND_LANGUAGES
def test_a_journalist_is_accredited_and_the_qr_page_confirms_the_card(
    page: Page, open_page, live_server, agency, viewport, language, tmp_path
):
    sign_in(page, live_server, "reporter", language)
    page.goto(f"{live_server.url}/{language}/accreditation/apply/")
    page.select_option("#id_agency", label=getattr(agency, f"name_{language}"))
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
    sign_in(staff, live_server, "press", language)
    staff.goto(f"{live_server.url}/{language}/accreditation/applications/{accreditation.pk}/")
    staff.get_by_role("button", name=translated(language, "Accredit"), exact=True).click()
    accreditation.refresh_from_db()
    assert accreditation.state == AccreditationState.APPROVED

    # The page the card's QR code opens, in the test's language.
    with translation.override(language):
        verify_path = urlsplit(cards.verify_url(accreditation.pk)).path
    page.goto(live_server.url + verify_path)
    main = page.locator("main")
    expect(main).to_contain_text(translated(language, "Valid: this journalist is accredited."))
    expect(main).to_contain_text("Әсел Нұрланқызы")
    expect(main).to_contain_text("Kazinform")

    press = User.objects.get(username="press")
    services.accreditation_revoke(accreditation=accreditation, by=press, reason="Ереже бұзылды")
    page.reload()
    expect(main).to_contain_text(
        translated(language, "REVOKED: this accreditation is no longer valid.")
    )
