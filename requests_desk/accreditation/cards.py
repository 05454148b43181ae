"""The accreditation card's signed link (003 §8.3): its QR code holds the address of the
public verification page with the accreditation's number signed by the portal's secret
key (`django.core.signing`, a salt of its own), so a number cannot be guessed or changed
into another's. Pure: no database."""

import segno
from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.safestring import mark_safe

SALT = "accreditation.card.verify"


def card_token(accreditation_pk: int) -> str:
    return signing.dumps(accreditation_pk, salt=SALT, compress=False)


def card_pk(token: str) -> int | None:
    """The accreditation's number, or None for a token the portal did not sign."""
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def verify_url(accreditation_pk: int) -> str:
    """The verification page's full address in the active language."""
    path = reverse("accreditation:verify", kwargs={"token": card_token(accreditation_pk)})
    return settings.PORTAL_BASE_URL + path


def qr_svg(url: str) -> str:
    """The QR code of `url` as inline SVG: WeasyPrint draws it without fetching anything
    (the PDF's fetcher refuses data URLs, portal/pdf.py)."""
    return mark_safe(segno.make(url, error="m").svg_inline(scale=4, border=2))  # noqa: S308
