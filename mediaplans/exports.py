"""The media-plans' generated files, stored by `portal.documents` and built in Celery:

- the consolidated republican media-plan (000 §2.3) of one frozen edition, as a PDF (A4
  landscape, the header row on every page, page numbers: pdf/pdf.css) and an XLSX, in kk, ru
  or en, narrowed by the page's filters. An edition never changes, so no publication's
  version is part of their key;
- the quarterly and annual summaries (000 §8.2–8.3) as PDFs: their filter carries a digest of
  the summary the page showed, so a new report or approval makes a new document;
- the import of items (issue 9 item 2): its empty template, the dry run of an upload (the JSON
  of what it would add, or of every problem by row and column) and its application (the JSON
  of what it did). The application is idempotent (`services.items_import`), so a build run
  twice, or again after a worker died, adds nothing more.
"""

import hashlib
import json
from io import BytesIO

from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone, translation

from portal.documents.registry import DocumentKind, register
from portal.pdf import join_pdfs, render_pdf

from . import importing, queries, reports
from .models import ConsolidatedPlan, MediaPlan, MonthlyReport, ReportEntry

CONSOLIDATED = "mediaplan-consolidated"
CONSOLIDATED_XLSX = "mediaplan-consolidated-xlsx"
SUMMARY = "mediaplan-summary"
IMPORT_TEMPLATE = "mediaplan-import-template"
IMPORT_CHECK = "mediaplan-import-check"
IMPORT = "mediaplan-import"
UPLOADS = "mediaplan-imports"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# --- The consolidated republican media-plan (000 §2.3) --------------------------------------


def consolidated_filters(consolidated: ConsolidatedPlan, wanted) -> dict[str, str]:
    return {
        "year": str(consolidated.year),
        "edition": str(consolidated.edition),
        **wanted.as_filters(),
    }


def _wanted(filters: dict[str, str]) -> reports.ConsolidatedFilter:
    return reports.ConsolidatedFilter(
        agency=int(filters["agency"]) if filters.get("agency") else None,
        region=filters.get("region", ""),
        topic=filters.get("topic", ""),
        month=int(filters["month"]) if filters.get("month") else None,
    )


def _edition(filters: dict[str, str]) -> ConsolidatedPlan:
    return ConsolidatedPlan.objects.defer("snapshot").get(
        year=int(filters["year"]), edition=int(filters["edition"])
    )


def consolidated_chunks(consolidated, wanted, language: str, size: int):
    """The table's rows that `wanted` keeps, `size` at a time and numbered on: one query per
    chunk (after the last one's place), so a build holds one chunk in memory. At least one
    chunk, empty when `wanted` keeps nothing (the PDF still shows its heading)."""
    entries = queries.consolidated_entries(consolidated, wanted, language)
    order = queries.consolidated_order(language)
    number, last = 1, None
    while True:
        after = entries if last is None else entries.filter(**{f"{order}__gt": last})
        chunk = list(after[:size])
        if not chunk and number > 1:
            return
        yield reports.consolidated_rows(chunk, language, first_number=number)
        if len(chunk) < size:
            return
        number += len(chunk)
        last = getattr(chunk[-1], order)


def _heading(consolidated, filters: dict[str, str]) -> dict:
    return {
        "consolidated": consolidated,
        "plans": consolidated.items.filter(plan_position=0).count(),
        "filtered": bool(_wanted(filters).as_filters()),
        "generated_on": timezone.localdate(),
    }


# WeasyPrint lays one table out in a time that grows faster than its rows (20,000 rows in
# one: 646 s and 5.8 GB), and in about the same time per row up to 1,000 of them.
PDF_CHUNK_ROWS = 1000


def consolidated_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    """The edition as one PDF: rendered PDF_CHUNK_ROWS rows at a time, each chunk from a new
    page with the header row on every page, joined by pypdf; then "page / pages" is laid over
    every page of the whole (`portal.pdf.join_pdfs`), so the numbers run on across chunks. Time
    grows with the rows and memory stays that of one chunk (bench.mediaplans)."""
    with translation.override(language):
        consolidated = _edition(filters)
        heading = _heading(consolidated, filters)
        chunks = consolidated_chunks(consolidated, _wanted(filters), language, PDF_CHUNK_ROWS)
        return join_pdfs(
            render_pdf(
                "pdf/mediaplans_consolidated.html",
                {**heading, "rows": rows, "first": number == 0},
                language=language,
            )
            for number, rows in enumerate(chunks)
        )


def consolidated_headers() -> list[str]:
    from django.utils.translation import gettext as _

    return [
        _("№"),
        _("Agency"),
        _("Region"),
        _("Strategic direction"),
        _("Topic"),
        _("Target audiences"),
        _("Planned legislative changes"),
        _("Preventive"),
        _("Formats"),
        _("Channels"),
        _("When"),
        _("Responsible unit"),
        _("Speaker"),
    ]


def _cell(value):
    """A text that starts with "=" stays text, never a formula."""
    if isinstance(value, str) and value.startswith("="):
        return "'" + value
    return value


XLSX_CHUNK_ROWS = 2000


def consolidated_xlsx(*, language: str, filters: dict[str, str]) -> bytes:
    """The edition as one sheet, written row by row (openpyxl's write-only mode and the rows
    read a chunk at a time keep 20,000 rows in little memory)."""
    from django.utils.translation import gettext as _
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    with translation.override(language):
        consolidated = _edition(filters)
        context = _heading(consolidated, filters)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Media-plan")[:31])
        sheet.freeze_panes = "A4"
        for index, width in enumerate((6, 40, 18, 30, 50, 30, 30, 10, 25, 25, 12, 25, 25)):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        title = WriteOnlyCell(
            sheet,
            value=_("Republican media-plan %(year)s, edition %(edition)s")
            % {"year": consolidated.year, "edition": consolidated.edition},
        )
        title.font = Font(bold=True, size=13)
        sheet.append([title])
        sheet.append(
            [
                _("Frozen on %(date)s from the approved plans of %(count)s agencies.")
                % {
                    "date": timezone.localtime(consolidated.frozen_at).strftime("%d.%m.%Y %H:%M"),
                    "count": context["plans"],
                }
                + (" " + _("Filtered.") if context["filtered"] else "")
            ]
        )
        bold = Font(bold=True)
        header = []
        for text in consolidated_headers():
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        yes, no = _("yes"), _("no")
        chunks = consolidated_chunks(consolidated, _wanted(filters), language, XLSX_CHUNK_ROWS)
        for row in (row for rows in chunks for row in rows):
            sheet.append(
                [
                    _cell(value)
                    for value in (
                        row.number,
                        row.agency,
                        row.region,
                        row.strategic_direction,
                        row.topic,
                        row.target_audiences,
                        row.legislative_changes,
                        yes if row.is_preventive else no,
                        row.formats,
                        row.channels,
                        row.period,
                        row.responsible_unit,
                        row.speaker,
                    )
                ]
            )
        output = BytesIO()
        workbook.save(output)
        return output.getvalue()


def _consolidated_filename(extension: str):
    def filename(document) -> str:
        filters = document.filters
        narrowed = "-filtered" if set(filters) - {"year", "edition"} else ""
        return (
            f"media-plan-{filters['year']}-edition-{filters['edition']}{narrowed}"
            f"-{document.language}.{extension}"
        )

    return filename


# --- Quarterly and annual summaries (000 §8.2–8.3) ------------------------------------------


def summary_facts(year: int, agency_ids=None) -> list[reports.PlanFacts]:
    """The facts of every plan of the year (of `agency_ids` only, when given): five queries
    whatever the number of agencies."""
    from .services import in_force_revisions

    plans = MediaPlan.objects.filter(year=year).select_related("agency")
    if agency_ids is not None:
        plans = plans.filter(agency_id__in=agency_ids)
    facts = {
        plan.pk: reports.PlanFacts(
            agency={
                code: getattr(plan.agency, f"name_{code}") or "" for code in ("kk", "ru", "en")
            },
            agency_id=plan.agency_id,
            state_label=str(plan.get_state_display()),
        )
        for plan in plans
    }
    for revision in in_force_revisions(year):
        if revision.plan_id in facts:
            facts[revision.plan_id].items = revision.snapshot["items"]
    plan_filter = Q(report__plan_id__in=list(facts))
    for plan_id, item_id, month, status in ReportEntry.objects.filter(plan_filter).values_list(
        "report__plan_id", "item_id", "report__month", "status"
    ):
        facts[plan_id].statuses[(item_id, month)] = status
    through = ReportEntry.events.through
    for plan_id, item_id, event_id in through.objects.filter(
        reportentry__report__plan_id__in=list(facts)
    ).values_list("reportentry__report__plan_id", "reportentry__item_id", "event_id"):
        facts[plan_id].events.setdefault(item_id, set()).add(event_id)
    for plan_id, month, submitted_at, is_late in MonthlyReport.objects.filter(
        plan_id__in=list(facts)
    ).values_list("plan_id", "month", "submitted_at", "is_late"):
        facts[plan_id].reports[month] = (submitted_at is not None, is_late)
    return list(facts.values())


def summary_filters(summary: reports.Summary, agency_ids) -> dict[str, str]:
    """The period, whose agencies ("all" for the authorized body) and a digest of what the
    summary says: a report or an approval since makes another document."""
    rows = [row.__dict__ for row in summary.rows]
    digest = hashlib.sha256(
        json.dumps(rows, sort_keys=True, ensure_ascii=False, default=str).encode()
    ).hexdigest()
    return {
        "period": summary.period.label,
        "agencies": "all" if agency_ids is None else ",".join(map(str, sorted(agency_ids))),
        "digest": digest[:32],
    }


def parse_summary_period(label: str) -> reports.SummaryPeriod:
    year, _sep, quarter = label.partition("-Q")
    return reports.SummaryPeriod(int(year), int(quarter) if quarter else None)


def summary_build(*, period: reports.SummaryPeriod, agency_ids, language: str):
    return reports.period_summary(
        summary_facts(period.year, agency_ids), period, language, timezone.localdate()
    )


def summary_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    with translation.override(language):
        period = parse_summary_period(filters["period"])
        agencies = filters["agencies"]
        agency_ids = None if agencies == "all" else [int(pk) for pk in agencies.split(",") if pk]
        summary = summary_build(period=period, agency_ids=agency_ids, language=language)
        context = {
            "summary": summary,
            "statuses": reports.status_columns(),
            "generated_on": timezone.localdate(),
        }
        return render_pdf("pdf/mediaplans_summary.html", context, language=language)


def _summary_filename(document) -> str:
    return f"media-plan-summary-{document.filters['period']}-{document.language}.pdf"


# --- Import of items (issue 9 item 2) -------------------------------------------------------


def upload_name(token: str) -> str:
    return f"{UPLOADS}/{token}.xlsx"


def upload_read(token: str) -> bytes | None:
    name = upload_name(token)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file:
        return file.read()


def import_template(*, language: str, filters: dict[str, str]) -> bytes:
    with translation.override(language):
        return importing.template_workbook()


def import_check(*, language: str, filters: dict[str, str]) -> bytes:
    """The dry run of an upload, in the uploader's language: {"counts": {"add", "same"},
    "rows": [{"row", "action", "topic"}]} or {"errors": [...]}. Changes nothing."""
    from django.utils.translation import gettext as _

    from .revisions import in_language
    from .services import items_import_preview

    with translation.override(language):
        content = upload_read(filters["token"])
        plan = MediaPlan.objects.get(pk=int(filters["plan"]))
        if content is None:
            result = {"errors": [_("The uploaded file is gone: upload it again.")]}
        else:
            actions, problems = items_import_preview(plan=plan, content=content)
            if problems:
                default_storage.delete(upload_name(filters["token"]))
                result = {"errors": [str(problem) for problem in problems]}
            else:
                result = {
                    "counts": {
                        action: sum(1 for step in actions if step[0] == action)
                        for action in ("add", "same")
                    },
                    "rows": [
                        {
                            "row": row.row,
                            "action": action,
                            "topic": in_language(
                                {code: row.data[f"topic_{code}"] for code in ("kk", "ru", "en")},
                                language,
                            ),
                        }
                        for action, row in actions
                    ],
                }
    return json.dumps(result, ensure_ascii=False).encode()


def import_apply(*, language: str, filters: dict[str, str]) -> bytes:
    """Apply a confirmed upload (`services.items_import`: all or nothing, idempotent): the
    JSON of what it did, {"counts": {"added", "same"}} or {"errors": [...]}."""
    from django.contrib.auth import get_user_model
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from .services import items_import

    with translation.override(language):
        content = upload_read(filters["token"])
        if content is None:
            return json.dumps(
                {"errors": [_("The uploaded file is gone: upload it again.")]}, ensure_ascii=False
            ).encode()
        try:
            counts = items_import(
                plan=MediaPlan.objects.get(pk=int(filters["plan"])),
                content=content,
                by=get_user_model().objects.filter(pk=filters["by"]).first(),
            )
        except ValidationError as error:
            result = {"errors": error.messages}
        else:
            result = {"counts": counts}
            default_storage.delete(upload_name(filters["token"]))
    return json.dumps(result, ensure_ascii=False).encode()


def import_result(document) -> dict | None:
    """What a finished dry run or import says; None when its file is gone."""
    if not document.file or not default_storage.exists(document.file.name):
        return None
    with default_storage.open(document.file.name, "rb") as file:
        return json.loads(file.read())


def _import_filename(prefix: str, extension: str):
    def filename(document) -> str:
        plan = document.filters.get("plan")
        return f"{prefix}{'-' + plan if plan else ''}-{document.language}.{extension}"

    return filename


for _kind in (
    DocumentKind(
        name=CONSOLIDATED,
        publications=(),  # an edition never changes
        private=True,
        build=consolidated_pdf,
        filename=_consolidated_filename("pdf"),
    ),
    DocumentKind(
        name=CONSOLIDATED_XLSX,
        publications=(),
        private=True,
        build=consolidated_xlsx,
        filename=_consolidated_filename("xlsx"),
        content_type=XLSX_CONTENT_TYPE,
        attachment=True,
    ),
    DocumentKind(
        name=SUMMARY,
        publications=(),  # keyed by the digest of its content instead
        private=True,
        build=summary_pdf,
        filename=_summary_filename,
    ),
    DocumentKind(
        name=IMPORT_TEMPLATE,
        publications=(),
        build=import_template,
        filename=_import_filename("media-plan-items-template", "xlsx"),
        content_type=XLSX_CONTENT_TYPE,
        attachment=True,
    ),
    DocumentKind(
        name=IMPORT_CHECK,
        publications=(),  # one dry run per upload
        private=True,
        build=import_check,
        filename=_import_filename("media-plan-import-check", "json"),
        content_type="application/json",
    ),
    DocumentKind(
        name=IMPORT,
        publications=(),  # one application per confirmed upload and user
        private=True,
        build=import_apply,
        filename=_import_filename("media-plan-import", "json"),
        content_type="application/json",
    ),
):
    register(_kind)
