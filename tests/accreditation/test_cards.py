"""The accreditation card (003 §8.3): a PDF in kk, ru and en with a QR code of a signed link
to the public verification page, which says whether the accreditation is in force."""

import pytest
import segno
from django.urls import reverse
from django.utils import translation

from portal.documents.models import StoredDocument
from portal.pdf import render_html
from requests_desk.accreditation import cards, exports, services

from .conftest import accredited, apply

pytestmark = pytest.mark.django_db


def test_the_qr_code_holds_the_signed_verification_link(journalist, agency, press_secretary):
    accreditation = accredited(journalist, agency, press_secretary)
    with translation.override("ru"):
        context = exports.card_context(accreditation)
        html = render_html(exports.CARD_TEMPLATE, context, language="ru")
    url = context["verify_url"]
    assert "/ru/accreditation/verify/" in url
    assert cards.card_pk(url.rstrip("/").rsplit("/", 1)[-1]) == accreditation.pk
    # The SVG drawn into the card is exactly the QR code of that address.
    assert str(context["qr"]) == segno.make(url, error="m").svg_inline(scale=4, border=2)
    assert str(context["qr"]) in html
    assert url in html and accreditation.full_name in html


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_card_is_a_pdf_in_each_language(journalist, agency, press_secretary, language):
    accreditation = accredited(journalist, agency, press_secretary)
    pdf = exports.card_pdf(language=language, filters=exports.card_filters(accreditation))
    assert pdf.startswith(b"%PDF-")


def test_the_card_page_queues_its_build_and_never_builds_in_the_request(
    client, journalist, agency, press_secretary
):
    accreditation = accredited(journalist, agency, press_secretary)
    client.force_login(journalist)
    response = client.get(reverse("accreditation:card", args=[accreditation.pk]))
    assert response.status_code == 200
    document = StoredDocument.objects.get(kind=exports.CARD)
    assert document.filters == {"accreditation": str(accreditation.pk)}
    assert document.status == "queued"


def test_no_card_before_approval(client, journalist, agency):
    accreditation = apply(journalist, agency)
    client.force_login(journalist)
    assert client.get(reverse("accreditation:card", args=[accreditation.pk])).status_code == 403


class TestVerification:
    def _url(self, accreditation, language="en"):
        with translation.override(language):
            return reverse("accreditation:verify", args=[cards.card_token(accreditation.pk)])

    def test_a_valid_card_is_confirmed(self, client, journalist, agency, press_secretary):
        accreditation = accredited(journalist, agency, press_secretary)
        response = client.get(self._url(accreditation))
        assert response.status_code == 200
        assert b"Valid: this journalist is accredited." in response.content
        assert accreditation.full_name.encode() in response.content
        assert accreditation.outlet.encode() in response.content
        assert accreditation.phone.encode() not in response.content

    def test_a_revoked_card_says_so(self, client, journalist, agency, press_secretary):
        accreditation = accredited(journalist, agency, press_secretary)
        url = self._url(accreditation)
        services.accreditation_revoke(accreditation=accreditation, by=press_secretary, reason="x")
        response = client.get(url)
        assert response.status_code == 200
        assert b"REVOKED" in response.content
        assert b"Valid: this journalist" not in response.content

    @pytest.mark.parametrize(
        "token",
        ["1", "MQ:forged", "x" * 43],
    )
    def test_a_tampered_token_is_a_404(self, client, db, token):
        assert client.get(f"/en/accreditation/verify/{token}/").status_code == 404

    def test_a_token_for_another_number_cannot_be_made_by_editing(
        self, client, journalist, agency, press_secretary
    ):
        accreditation = accredited(journalist, agency, press_secretary)
        token = cards.card_token(accreditation.pk)
        value, signature = token.split(":", 1)
        forged = cards.card_token(accreditation.pk + 1).split(":", 1)[0] + ":" + signature
        assert client.get(f"/en/accreditation/verify/{forged}/").status_code == 404
        assert client.get(f"/en/accreditation/verify/{value}:{signature}/").status_code == 200

    def test_a_token_of_another_salt_is_refused(self, client, journalist, agency):
        from django.core import signing

        accreditation = apply(journalist, agency)
        token = signing.dumps(accreditation.pk)
        assert client.get(f"/en/accreditation/verify/{token}/").status_code == 404
