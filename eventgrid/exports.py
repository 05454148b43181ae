"""The event grid's generated files: the appendix form of one agency's weekly information
(004 §10 and its appendix) as a PDF in kk, ru or en, stored per language, filter and version
of the publication "eventgrid" by `portal.documents` (built in Celery); and the weekly
media-grid (004 §11) of one published version in kk, ru or en, keyed by its week and version
number alone (a version never changes, so no publication's version is part of its key), and
that version's answer in the API, encoded once when it is published (`MediaGridAnswer`).

Every eventgrid service that changes an event or a submission bumps "eventgrid" after its
commit (`services.py`), so a stored form never outlives the data it was made from.
"""

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.utils import timezone, translation
from rest_framework.renderers import JSONRenderer

from portal.directory.models import Agency
from portal.documents.registry import DocumentKind, register
from portal.documents.services import document_request
from portal.pdf import render_pdf

from .grids import answer_body, answer_layout, changelog_lines, grid_table
from .models import MediaGridVersion
from .queries import appendix_rows, weekly_information_snapshot
from .weeks import parse_week, week_label

PUBLICATION = "eventgrid"
WEEKLY_INFORMATION = "weekly-information"
MEDIA_GRID = "media-grid"
# Raised by each publication of a media-grid version: the API's answers are cached by it.
MEDIA_GRID_PUBLICATION = "media-grid"
MEDIA_GRID_TEMPLATE = "pdf/media_grid.html"


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
    context = media_grid_pdf_context(language=language, filters=filters)
    return render_pdf(MEDIA_GRID_TEMPLATE, context, language=language)


def media_grid_pdf_context(*, language: str, filters: dict[str, str]) -> dict:
    """What the PDF template reads (bench.media_grid renders the same HTML alone)."""
    with translation.override(language):
        version = MediaGridVersion.objects.select_related("grid").get(
            grid__week_start=parse_week(filters["week"]), number=int(filters["version"])
        )
        week_start = version.grid.week_start
        return {
            "version": version,
            "week_start": week_start,
            "week_end": week_start + dt.timedelta(days=6),
            "table": grid_table(version.snapshot, language),
            "changes": changelog_lines(version.changelog, version.snapshot, language),
        }


def media_grid_answer_layout(language: str) -> str:
    """The fingerprint of the labels and layout a body encoded now in `language` has."""
    with translation.override(language):
        layout = json.dumps(answer_layout(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(layout.encode()).hexdigest()


def media_grid_answer_body(*, version: MediaGridVersion, language: str) -> bytes:
    """The version's answer in the API (/api/v1/media-grids/<week>/) in `language` after
    its list of versions, encoded as the API's JSON renderer writes it, without its opening
    brace: what MediaGridAnswer keeps (`media_grid_answer` puts the head before it)."""
    with translation.override(language):
        body = answer_body(
            snapshot=version.snapshot, changelog=version.changelog, language=language
        )
    return JSONRenderer().render(body)[1:]


def media_grid_answer(*, head: dict, body: bytes) -> bytes:
    """The whole answer: byte for byte what the renderer writes of head and body together."""
    return JSONRenderer().render(head)[:-1] + b"," + body


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


# --- Event series and the network schedule (000 §3.3–3.4) ----------------------------------

EVENT_SERIES = "event-series"
EVENT_SERIES_XLSX = "event-series-xlsx"
EVENT_SERIES_TEMPLATE = "event-series-template"
NETWORK_SCHEDULE = "network-schedule"
NETWORK_SCHEDULE_XLSX = "network-schedule-xlsx"
# An import of a template (`services.series_import_upload` and after), one token per
# upload: its dry run is a stored document built by documents.build, the JSON of what the
# import would do or of every error; its application, once confirmed, is a row of its own
# kind (the JSON of what it did), claimed, applied and marked done in one transaction by the
# task eventgrid.series_import_apply, never by documents.build (so not registered below).
EVENT_SERIES_IMPORT_CHECK = "event-series-import-check"
EVENT_SERIES_IMPORT = "event-series-import"
UPLOADS = "event-series-imports"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def series_filters(*, agency: Agency, period) -> dict[str, str]:
    """The stored document's filter: the agency's slug and the period ("2027-Q1")."""
    return {"agency": agency.slug, "period": period.label}


def _series_context(language: str, filters: dict[str, str]) -> dict:
    from .choices import SeriesState
    from .queries import series_snapshot
    from .series import parse_period, series_rows

    agency = Agency.objects.get(slug=filters["agency"])
    period = parse_period(filters["period"])
    stored, snapshot = series_snapshot(agency=agency, period=period)
    return {
        "agency": agency,
        "period": period,
        "series": stored,
        "submitted": stored is not None and stored.state == SeriesState.SUBMITTED,
        "rows": series_rows(snapshot, language),
        "generated_on": timezone.localdate(),
    }


def event_series_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    """The agency's series for the period as the table of 000 §3.3, in `language`: as
    submitted, or as the events are now while it is a draft (said on the form)."""
    with translation.override(language):
        context = _series_context(language, filters)
        return render_pdf("pdf/event_series.html", context, language=language)


def _period_title(period) -> str:
    from django.utils.translation import gettext as _

    from .choices import SeriesPeriod

    return _("%(kind)s %(period)s (%(first)s – %(last)s)") % {
        "kind": SeriesPeriod(period.kind).label,
        "period": period.label,
        "first": f"{period.starts_on:%d.%m.%Y}",
        "last": f"{period.last_day:%d.%m.%Y}",
    }


def event_series_xlsx(*, language: str, filters: dict[str, str]) -> bytes:
    from django.utils.translation import gettext as _

    from .series import table_workbook

    with translation.override(language):
        context = _series_context(language, filters)
        state = _("Submitted") if context["submitted"] else _("Draft: not yet submitted.")
        return table_workbook(
            title=f"{context['agency'].name}",
            subtitle=f"{_period_title(context['period'])} — {state}",
            rows=context["rows"],
            with_agency=False,
        )


def event_series_template(*, language: str, filters: dict[str, str]) -> bytes:
    """The import template in `language`, with the period's events as they are now."""
    from .queries import series_events, weekly_snapshot
    from .series import parse_period, template_rows, template_workbook

    with translation.override(language):
        agency = Agency.objects.get(slug=filters["agency"])
        period = parse_period(filters["period"])
        snapshot = weekly_snapshot(series_events(agency=agency, period=period))
        return template_workbook(template_rows(snapshot, language))


def network_schedule_filters(*, period, wanted) -> dict[str, str]:
    """The period and the filters that are set (000 §3.4)."""
    filters = {"period": period.label}
    for name in ("agency", "region", "format", "language"):
        if value := getattr(wanted, name):
            filters[name] = value
    return filters


def network_schedule_table(*, period, wanted, language: str):
    """The network schedule's rows: every submitted series of the period, from its snapshot,
    narrowed by `wanted` (`series.ScheduleFilter`). Two queries."""
    from .queries import submitted_series
    from .series import schedule_rows

    series = [
        (
            {
                "agency": stored.agency.name,
                "agency_slug": stored.agency.slug,
                "region": stored.agency.region,
            },
            stored.snapshot,
        )
        for stored in submitted_series(period)
    ]
    return schedule_rows(series, language, wanted), len(series)


def _schedule_context(language: str, filters: dict[str, str]) -> dict:
    from .series import ScheduleFilter, parse_period

    period = parse_period(filters["period"])
    wanted = ScheduleFilter(**{k: v for k, v in filters.items() if k != "period"})
    rows, agencies = network_schedule_table(period=period, wanted=wanted, language=language)
    return {
        "period": period,
        "rows": rows,
        "agencies": agencies,
        "filtered": wanted != ScheduleFilter(),
        "generated_on": timezone.localdate(),
    }


def network_schedule_pdf(*, language: str, filters: dict[str, str]) -> bytes:
    with translation.override(language):
        context = _schedule_context(language, filters)
        return render_pdf("pdf/network_schedule.html", context, language=language)


def network_schedule_xlsx(*, language: str, filters: dict[str, str]) -> bytes:
    from django.utils.translation import gettext as _

    from .series import table_workbook

    with translation.override(language):
        context = _schedule_context(language, filters)
        return table_workbook(
            title=_("Republican network schedule"),
            subtitle=_period_title(context["period"]),
            rows=context["rows"],
            with_agency=True,
        )


def series_upload_name(token: str) -> str:
    return f"{UPLOADS}/{token}.xlsx"


def series_import_filters(*, agency: Agency, period, token: str) -> dict[str, str]:
    """The dry run's filter: for which agency and period, and the upload's token."""
    return {"agency": agency.slug, "period": period.label, "token": token}


def event_series_import_check(*, language: str, filters: dict[str, str]) -> bytes:
    """The dry run of an uploaded template, as JSON, in the uploader's language
    (`services.series_import_dry_run`): it changes no event."""
    import json

    from .series import parse_period
    from .services import series_import_dry_run

    with translation.override(language):
        result = series_import_dry_run(
            agency=Agency.objects.get(slug=filters["agency"]),
            period=parse_period(filters["period"]),
            token=filters["token"],
        )
    return json.dumps(result, ensure_ascii=False).encode()


def import_result(document) -> dict | None:
    """What a finished dry run or import says (its JSON); None when its file is gone."""
    import json

    from django.core.files.storage import default_storage

    if not document.file or not default_storage.exists(document.file.name):
        return None
    with default_storage.open(document.file.name, "rb") as file:
        return json.loads(file.read())


def _series_filename(extension: str, prefix: str = "event-series"):
    def filename(document) -> str:
        filters = document.filters
        agency = f"-{filters['agency']}" if "agency" in filters else ""
        return f"{prefix}{agency}-{filters['period']}-{document.language}.{extension}"

    return filename


for _kind in (
    DocumentKind(
        name=EVENT_SERIES,
        publications=(PUBLICATION,),
        private=True,
        build=event_series_pdf,
        filename=_series_filename("pdf"),
    ),
    DocumentKind(
        name=EVENT_SERIES_XLSX,
        publications=(PUBLICATION,),
        private=True,
        build=event_series_xlsx,
        filename=_series_filename("xlsx"),
        content_type=XLSX_CONTENT_TYPE,
        attachment=True,
    ),
    DocumentKind(
        name=EVENT_SERIES_TEMPLATE,
        publications=(PUBLICATION,),
        private=True,
        build=event_series_template,
        filename=_series_filename("xlsx", "event-series-template"),
        content_type=XLSX_CONTENT_TYPE,
        attachment=True,
    ),
    DocumentKind(
        name=NETWORK_SCHEDULE,
        publications=(PUBLICATION,),
        private=True,
        build=network_schedule_pdf,
        filename=_series_filename("pdf", "network-schedule"),
    ),
    DocumentKind(
        name=NETWORK_SCHEDULE_XLSX,
        publications=(PUBLICATION,),
        private=True,
        build=network_schedule_xlsx,
        filename=_series_filename("xlsx", "network-schedule"),
        content_type=XLSX_CONTENT_TYPE,
        attachment=True,
    ),
    DocumentKind(
        name=EVENT_SERIES_IMPORT_CHECK,
        publications=(),  # one dry run per upload: never rebuilt by a bump
        private=True,
        build=event_series_import_check,
        filename=_series_filename("json", "event-series-import-check"),
        content_type="application/json",
    ),
):
    register(_kind)
