"""Monitoring's generated file: the monthly analytical note (000 §4.5) as a PDF in kk, ru or
en, of every agency (the ministry's) or of one, stored by `portal.documents` and built in
Celery. Its key is the publication "monitoring-note", raised when the ministry rebuilds a
note ("build now", `note_rebuild`): until then a note keeps the figures it was built from,
as a note sent on the first of the month does.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone, translation

from portal.directory.models import Agency
from portal.documents.registry import DocumentKind, register
from portal.documents.services import document_request, publication_bump
from portal.pdf import render_pdf

from .note import month_label, note_charts, note_figures, parse_month, previous_month

NOTE = "monitoring-note"
NOTE_PUBLICATION = "monitoring-note"
LANGUAGES = ("kk", "ru", "en")


def note_filters(*, month: dt.date, agency: Agency | None = None) -> dict[str, str]:
    """The stored note's filter: the month ("2026-11") and the agency's slug ("" for all)."""
    return {"month": month_label(month), "agency": agency.slug if agency else ""}


def note_pdf_context(*, language: str, filters: dict[str, str]) -> dict:
    """What the PDF template reads (the page shows the same figures and charts)."""
    with translation.override(language):
        agency = Agency.objects.get(slug=filters["agency"]) if filters["agency"] else None
        figures = note_figures(parse_month(filters["month"]), agency)
        return {"figures": figures, "charts": note_charts(figures)}


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


def note_request(*, month: dt.date, agency: Agency | None = None) -> list:
    """Ask for the note of `month` in the three languages: a build is queued in Celery for
    each one not built yet for the current version (and only once)."""
    filters = note_filters(month=month, agency=agency)
    return [
        document_request(kind=NOTE, language=language, filters=filters) for language in LANGUAGES
    ]


def note_rebuild(*, month: dt.date, agency: Agency | None = None) -> None:
    """The ministry's "build now": a new version of the notes, then this month's note asked
    for in the three languages, after the commit (the version must be raised first)."""
    publication_bump(NOTE_PUBLICATION)
    transaction.on_commit(lambda: note_request(month=month, agency=agency), robust=True)


def last_month() -> dt.date:
    """The month a note built today is about: the previous calendar month in Astana time."""
    return previous_month(timezone.localdate())
