"""The accreditation card (003 §8.3) as a PDF in kk, ru or en, stored per language and
accreditation by `portal.documents` and built in Celery. Its QR code holds the signed link
to the public verification page (`cards`). Every decision bumps the publication
"accreditation" after its commit, so a stored card never outlives the data it shows."""

from django.utils import timezone, translation

from portal.documents.registry import DocumentKind, register
from portal.pdf import render_pdf

from . import cards
from .models import Accreditation
from .services import PUBLICATION

CARD = "accreditation-card"
CARD_TEMPLATE = "pdf/accreditation_card.html"


def card_filters(accreditation: Accreditation) -> dict[str, str]:
    return {"accreditation": str(accreditation.pk)}


def card_context(accreditation: Accreditation) -> dict:
    """What the card's template shows; the verification address in the active language."""
    url = cards.verify_url(accreditation.pk)
    return {
        "accreditation": accreditation,
        "agency": accreditation.agency,
        "verify_url": url,
        "qr": cards.qr_svg(url),
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
