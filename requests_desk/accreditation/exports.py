"""The accreditation card (003 §8.3) as a PDF in kk, ru or en, stored per language and
accreditation by `portal.documents` and built in Celery. Its QR code holds the signed link
to the public verification page (`cards`). Every decision bumps the publication
"accreditation" after its commit, so a stored card never outlives the data it shows."""

import base64
import logging

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from portal import attachments
from portal.documents.registry import DocumentKind, register
from portal.pdf import render_pdf

from . import cards
from .models import Accreditation
from .services import PHOTO_MAX_MB, PHOTO_TYPES, PUBLICATION

logger = logging.getLogger(__name__)

CARD = "accreditation-card"
CARD_TEMPLATE = "pdf/accreditation_card.html"


def card_filters(accreditation: Accreditation) -> dict[str, str]:
    return {"accreditation": str(accreditation.pk)}


def photo_data_uri(accreditation: Accreditation) -> str:
    """The journalist's photo as a `data:` URI drawn into the card, or "" when there is none
    or the stored file is not a real JPEG or PNG of at most PHOTO_MAX_MB (checked again by
    content, `portal.attachments`): the PDF's fetcher reads no uploaded file itself
    (`portal.pdf`), so the photo travels inside the HTML, and only as an image."""
    photo = accreditation.photo
    if not photo or not photo.name:
        return ""
    try:
        with photo.storage.open(photo.name, "rb") as file:
            file.name = photo.name
            kind = attachments.file_type(file)
            if kind not in PHOTO_TYPES or file.size > PHOTO_MAX_MB * 1024 * 1024:
                raise ValidationError(kind.label)
            file.seek(0)
            content = file.read()
    except (OSError, ValidationError) as error:
        logger.warning("Accreditation %s: photo left off the card: %s", accreditation.pk, error)
        return ""
    return f"data:{kind.content_type};base64,{base64.b64encode(content).decode('ascii')}"


def card_context(accreditation: Accreditation) -> dict:
    """What the card's template shows; the verification address in the active language."""
    url = cards.verify_url(accreditation.pk)
    return {
        "accreditation": accreditation,
        "agency": accreditation.agency,
        "verify_url": url,
        "qr": cards.qr_svg(url),
        "photo": photo_data_uri(accreditation),
        "generated_on": timezone.localdate(),
    }


def card_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    with translation.override(language):
        accreditation = Accreditation.objects.select_related("agency").get(
            pk=int(filters["accreditation"])
        )
        return render_pdf(CARD_TEMPLATE, card_context(accreditation), language=language)


def _filename(document) -> str:
    return f"accreditation-card-{document.filters['accreditation']}-{document.language}.pdf"


register(
    DocumentKind(
        name=CARD,
        publications=(PUBLICATION,),
        private=True,
        build=card_pdf,
        filename=_filename,
    )
)
