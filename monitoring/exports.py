"""Monitoring's generated file: the monthly analytical note (000 §4.5) as a PDF in kk, ru or
en, of every agency (the ministry's) or of one, stored by `portal.documents` and built in
Celery. Each PDF belongs to one build of the note (`NoteBuild`, its number in the filter)
and is rendered from the figures and charts that build stored, so the page and the three
PDFs show the same note; a new build ("build now", `services.note_request`) has new PDFs.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from portal.documents.choices import DocumentStatus
from portal.documents.registry import DocumentKind, register
from portal.documents.services import document_request
from portal.pdf import render_pdf

from .models import NoteBuild
from .note import LANGUAGES, NoteFigures, month_label, parse_month, previous_month

NOTE = "monitoring-note"
NOTE_PUBLICATION = "monitoring-note"

__all__ = ["LANGUAGES", "NOTE", "note_documents_request", "note_filters", "note_pdf"]


def note_filters(*, build: NoteBuild) -> dict[str, str]:
    """The stored note's filter: the month ("2026-11"), the agency's slug ("" for all) and
    the build's number."""
    return {
        "month": month_label(build.month),
        "agency": build.agency.slug if build.agency_id else "",
        "build": str(build.version),
    }


def _build_of(filters: dict[str, str]) -> NoteBuild:
    agency = Q(agency__slug=filters["agency"]) if filters["agency"] else Q(agency__isnull=True)
    return NoteBuild.objects.select_related("agency").get(
        agency,
        month=parse_month(filters["month"]),
        version=int(filters["build"]),
        status=DocumentStatus.DONE,
    )


def note_pdf_context(*, language: str, filters: dict[str, str]) -> dict:
    """What the PDF template reads: the build's stored figures and its charts in `language`."""
    build = _build_of(filters)
    figures = NoteFigures.from_json(build.figures, month=build.month, agency=build.agency)
    return {"figures": figures, "charts": build.charts.get(language, {})}


def note_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    context = note_pdf_context(language=language, filters=filters)
    return render_pdf("pdf/monitoring_note.html", context, language=language)


def _filename(document) -> str:
    agency = document.filters["agency"]
    name = f"analytical-note-{document.filters['month']}{'-' + agency if agency else ''}"
    return f"{name}-{document.language}.pdf"


register(
    DocumentKind(
        name=NOTE,
        publications=(NOTE_PUBLICATION,),
        private=True,
        build=note_pdf,
        filename=_filename,
    )
)


def note_documents_request(*, build: NoteBuild) -> list:
    """The build's PDF in the three languages, each asked for once (its row made, its
    documents.build queued on commit)."""
    filters = note_filters(build=build)
    return [
        document_request(kind=NOTE, language=language, filters=filters) for language in LANGUAGES
    ]


def last_month() -> dt.date:
    """The month a note built today is about: the previous calendar month in Astana time."""
    return previous_month(timezone.localdate())
