"""The event grid's generated files: the appendix form of one agency's weekly information
(004 §10 and its appendix) as a PDF in kk, ru or en, stored per language, filter and version
of the publication "eventgrid" by `portal.documents` (built in Celery); and the weekly
media-grid (004 §11) of one published version in kk, ru or en, keyed by its week and version
number alone (a version never changes, so no publication's version is part of its key).

Every eventgrid service that changes an event or a submission bumps "eventgrid" after its
commit (`services.py`), so a stored form never outlives the data it was made from.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone, translation

from portal.directory.models import Agency
from portal.documents.registry import DocumentKind, register
from portal.documents.services import document_request
from portal.pdf import render_pdf

from .grids import changelog_lines, grid_table
from .models import MediaGridVersion
from .queries import appendix_rows, weekly_information_snapshot
from .weeks import parse_week, week_label

PUBLICATION = "eventgrid"
WEEKLY_INFORMATION = "weekly-information"
MEDIA_GRID = "media-grid"


def weekly_information_filters(*, agency: Agency, week_start: dt.date) -> dict[str, str]:
    """The stored document's filter: the agency's slug and the ISO week ("2026-W50")."""
    return {"agency": agency.slug, "week": week_label(week_start)}


def weekly_information_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    """The agency's information for the week on the appendix form, in `language`: the events
    as submitted, or as they are now while it is a draft (said on the form)."""
    with translation.override(language):
        agency = Agency.objects.get(slug=filters["agency"])
        week_start = parse_week(filters["week"])
        information, snapshot = weekly_information_snapshot(agency=agency, week_start=week_start)
        context = {
            "agency": agency,
            "week_start": week_start,
            "week_end": week_start + dt.timedelta(days=6),
            "information": information,
            "submitted": information is not None and information.is_submitted,
            "rows": appendix_rows(snapshot, language),
            "generated_on": timezone.localdate(),
        }
        return render_pdf("pdf/weekly_information.html", context, language=language)


def _filename(document) -> str:
    filters = document.filters
    return f"weekly-information-{filters['agency']}-{filters['week']}-{document.language}.pdf"


register(
    DocumentKind(
        name=WEEKLY_INFORMATION,
        publications=(PUBLICATION,),
        private=True,
        build=weekly_information_pdf,
        filename=_filename,
    )
)


# --- The weekly media-grid (004 §11) -------------------------------------------------------


def media_grid_filters(*, week_start: dt.date, number: int) -> dict[str, str]:
    """The stored document's filter: the ISO week ("2026-W50") and the version ("2")."""
    return {"week": week_label(week_start), "version": str(number)}


def media_grid_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    """The version of the week's media-grid on the appendix form, in `language`."""
    with translation.override(language):
        version = MediaGridVersion.objects.select_related("grid").get(
            grid__week_start=parse_week(filters["week"]), number=int(filters["version"])
        )
        week_start = version.grid.week_start
        context = {
            "version": version,
            "week_start": week_start,
            "week_end": week_start + dt.timedelta(days=6),
            "table": grid_table(version.snapshot, language),
            "changes": changelog_lines(version.changelog, version.snapshot, language),
        }
        return render_pdf("pdf/media_grid.html", context, language=language)


def media_grid_documents_request(*, week_start: dt.date, number: int) -> None:
    """Queue the version's PDF in every language (built on commit, in Celery)."""
    filters = media_grid_filters(week_start=week_start, number=number)
    for code, _name in settings.LANGUAGES:
        document_request(kind=MEDIA_GRID, language=code, filters=filters)


def _media_grid_filename(document) -> str:
    filters = document.filters
    return f"media-grid-{filters['week']}-v{filters['version']}-{document.language}.pdf"


register(
    DocumentKind(
        name=MEDIA_GRID,
        publications=(),  # a version never changes: its PDF is never outdated
        build=media_grid_pdf,
        filename=_media_grid_filename,
    )
)
