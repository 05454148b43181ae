"""The event grid's generated files: the appendix form of one agency's weekly information
(004 §10 and its appendix) as a PDF in kk, ru or en, stored per language, filter and version
of the publication "eventgrid" by `portal.documents` (built in Celery).

Every eventgrid service that changes an event or a submission bumps "eventgrid" after its
commit (`services.py`), so a stored form never outlives the data it was made from.
"""

import datetime as dt

from django.utils import timezone, translation

from portal.directory.models import Agency
from portal.documents.registry import DocumentKind, register
from portal.pdf import render_pdf

from .queries import appendix_rows, weekly_information_snapshot
from .weeks import parse_week, week_label

PUBLICATION = "eventgrid"
WEEKLY_INFORMATION = "weekly-information"


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
