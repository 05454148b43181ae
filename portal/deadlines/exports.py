"""The deadlines' generated files: the compliance spreadsheet, stored per language, filter and
version of the deadlines and the directory by `portal.documents` (built in Celery)."""

import datetime as dt
from io import BytesIO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..directory.exports import PUBLICATION as DIRECTORY
from ..documents.registry import DocumentKind, register
from .choices import DeadlineState
from .queries import ComplianceReport, deadline_compliance

# Bumped by every service that opens a deadline or changes its state.
PUBLICATION = "deadlines"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COMPLIANCE = "compliance"


def compliance_filters(cleaned_data: dict) -> dict[str, str]:
    """The normalised filter of a valid `ComplianceFilterForm`, as strings: the period
    always (its default depends on the day), the region and kind when chosen."""
    filters = {
        "due_after": cleaned_data["due_after"].isoformat(),
        "due_before": cleaned_data["due_before"].isoformat(),
    }
    for name in ("region", "kind"):
        if cleaned_data.get(name):
            filters[name] = cleaned_data[name]
    return filters


def compliance_xlsx(*, language: str, filters: dict[str, str]) -> bytes:
    with translation.override(language):
        report = deadline_compliance(
            first=dt.date.fromisoformat(filters["due_after"]),
            last=dt.date.fromisoformat(filters["due_before"]),
            region=filters.get("region", ""),
            kind=filters.get("kind", ""),
        )
        return compliance_workbook(report)


def compliance_workbook(report: ComplianceReport) -> bytes:
    """One row per agency; per rule the columns on time, due and overdue."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Compliance")[:31]
    columns = (DeadlineState.DONE_ON_TIME.label, _("Due"), DeadlineState.OVERDUE.label)
    header = [_("Agency")]
    header += [f"{rule.name} — {column}" for rule in report.rules for column in columns]
    sheet.append(header)
    for row in report.rows:
        values = [row.agency.name]
        for _rule, cell in row.cells:
            values += [cell.done_on_time, cell.due, cell.overdue] if cell else [None] * 3
        sheet.append(values)
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":  # a name that starts with "=" is text, not a formula
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 50
    for index in range(2, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _filename(document) -> str:
    filters = document.filters
    return f"compliance-{filters['due_after']}-{filters['due_before']}.xlsx"


register(
    DocumentKind(
        name=COMPLIANCE,
        publications=(PUBLICATION, DIRECTORY),
        build=compliance_xlsx,
        filename=_filename,
        content_type=XLSX_CONTENT_TYPE,
        attachment=True,
        private=True,
    )
)
