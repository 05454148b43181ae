"""The requests desk's generated files, stored by `portal.documents` and built in Celery:
the monthly statistics (issue 10 item 6) as an XLSX, per agency and across them. Its filter
carries a digest of the counts the page showed, so a new request or answer makes a new
document rather than serving a stale one."""

import datetime as dt
import hashlib
import json
from io import BytesIO

from django.utils import translation

from portal.documents.registry import DocumentKind, register

from . import queries

STATISTICS_XLSX = "requests-statistics-xlsx"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def statistics_filters(month: dt.date, agency_ids, rows, totals) -> dict[str, str]:
    """The document's filter: the month, whose agencies ("all" for the authorized body) and
    the digest of the counts."""
    counts = [[row["agency_id"], *(row[c] for c in queries.STATISTICS)] for row in rows]
    digest = hashlib.sha256(json.dumps([counts, totals], sort_keys=True).encode()).hexdigest()
    return {
        "month": month.strftime("%Y-%m"),
        "agencies": "all" if agency_ids is None else ",".join(map(str, sorted(agency_ids))),
        "digest": digest[:32],
    }


def statistics_headers() -> list[str]:
    from django.utils.translation import gettext as _

    return [
        _("Agency"),
        _("Received"),
        _("Answered on time"),
        _("Extended"),
        _("Redirected"),
        _("Overdue"),
    ]


def statistics_xlsx(*, language: str, filters: dict[str, str]) -> bytes:
    """One sheet: a row per agency, then the total across them."""
    from django.utils.translation import gettext as _
    from openpyxl import Workbook
    from openpyxl.styles import Font

    month = dt.datetime.strptime(filters["month"], "%Y-%m").date()
    agencies = filters["agencies"]
    agency_ids = None if agencies == "all" else [int(pk) for pk in agencies.split(",") if pk]
    with translation.override(language):
        rows, totals = queries.request_statistics(month, agency_ids=agency_ids)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("Statistics")[:31]
        sheet.append([_("Requests of %(month)s") % {"month": filters["month"]}])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append(statistics_headers())
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 50
        for row in rows:
            sheet.append([row["agency"].name, *(row[c] for c in queries.STATISTICS)])
        sheet.append([_("Total"), *(totals[c] or 0 for c in queries.STATISTICS)])
        for cell in sheet[sheet.max_row]:
            cell.font = Font(bold=True)
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _statistics_filename(document) -> str:
    return f"requests-statistics-{document.filters['month']}-{document.language}.xlsx"


register(
    DocumentKind(
        name=STATISTICS_XLSX,
        publications=(),  # keyed by the digest of its counts instead
        private=True,
        build=statistics_xlsx,
        filename=_statistics_filename,
        content_type=XLSX_CONTENT_TYPE,
        attachment=True,
    )
)
