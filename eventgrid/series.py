"""Event series (000 §3.1–3.4), pure: periods and their deadlines' anchors, the single table
of a series (000 §3.3) from a frozen snapshot, the network schedule's rows and filters, and
the XLSX of the table, of the network schedule and of the import template, read back for an
import. No database and no request: the services and exports hand the rows in.

A period is known by its first day and written "2027-01" (a month), "2027-Q1" (a quarter) or
"2027" (a year) in addresses and files (`PeriodConverter`). Its deadline (the rules of
`portal/deadlines/migrations/0009_event_series_rules.py`) is keyed by its anchor date: the
25th of the month before a month or a quarter, 1 December before a year (`due_anchor`).
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from io import BytesIO
from zipfile import BadZipFile, ZipFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.calendar import FIRST_YEAR, LAST_YEAR
from portal.directory.choices import Language

from .choices import EventFormat, SeriesPeriod
from .grids import in_language

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RULES = {
    SeriesPeriod.MONTH: "event-series-month",
    SeriesPeriod.QUARTER: "event-series-quarter",
    SeriesPeriod.YEAR: "event-series-year",
}
PERIOD_REGEX = "[0-9]{4}(?:-Q[1-4]|-(?:0[1-9]|1[0-2]))?"
_MONTH = re.compile(r"^([0-9]{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^([0-9]{4})-Q([1-4])$")
_YEAR = re.compile(r"^([0-9]{4})$")
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


# --- Periods ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A month, a quarter or a year, by its kind and first day."""

    kind: str  # SeriesPeriod
    starts_on: dt.date

    @property
    def label(self) -> str:
        if self.kind == SeriesPeriod.MONTH:
            return f"{self.starts_on:%Y-%m}"
        if self.kind == SeriesPeriod.QUARTER:
            return f"{self.starts_on.year}-Q{(self.starts_on.month - 1) // 3 + 1}"
        return f"{self.starts_on.year}"

    @property
    def ends_on(self) -> dt.date:
        """The first day after the period."""
        months = {SeriesPeriod.MONTH: 1, SeriesPeriod.QUARTER: 3, SeriesPeriod.YEAR: 12}
        return add_months(self.starts_on, months[self.kind])

    @property
    def last_day(self) -> dt.date:
        return self.ends_on - dt.timedelta(days=1)

    @property
    def kind_label(self) -> str:
        return str(SeriesPeriod(self.kind).label)

    @property
    def rule_code(self) -> str:
        return RULES[self.kind]

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Midnight starting the period and the one after it, Astana time: an event belongs to
        the period it starts in."""
        return day_start(self.starts_on), day_start(self.ends_on)

    def __str__(self):
        return self.label


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def parse_period(text: str) -> Period:
    """ "2027-01", "2027-Q1" or "2027" as a period; ValueError when malformed or outside the
    calendar's years."""
    text = text or ""
    if match := _MONTH.match(text):
        period = Period(SeriesPeriod.MONTH, dt.date(int(match[1]), int(match[2]), 1))
    elif match := _QUARTER.match(text):
        period = Period(SeriesPeriod.QUARTER, dt.date(int(match[1]), int(match[2]) * 3 - 2, 1))
    elif match := _YEAR.match(text):
        period = Period(SeriesPeriod.YEAR, dt.date(int(match[1]), 1, 1))
    else:
        raise ValueError(f"not a period: {text!r}")
    if not FIRST_YEAR <= period.starts_on.year <= LAST_YEAR:
        raise ValueError(f"outside {FIRST_YEAR}–{LAST_YEAR}: {text!r}")
    return period


def period_of(kind: str, day: dt.date) -> Period:
    """The period of `kind` that contains `day`."""
    if kind == SeriesPeriod.MONTH:
        return Period(kind, day.replace(day=1))
    if kind == SeriesPeriod.QUARTER:
        return Period(kind, dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    return Period(SeriesPeriod.YEAR, dt.date(day.year, 1, 1))


def coming_period(kind: str, today: dt.date) -> Period:
    """The period after the one of `today`: the one whose series is due now."""
    return period_of(kind, period_of(kind, today).ends_on)


def due_anchor(period: Period) -> dt.date:
    """The anchor (and `period_key`) of the period's deadline: the 25th of the month before a
    month or a quarter; 1 December before a year (migration 0009 of the deadlines)."""
    if period.kind == SeriesPeriod.YEAR:
        return dt.date(period.starts_on.year - 1, 12, 1)
    return add_months(period.starts_on, -1).replace(day=25)


class PeriodConverter:
    """`<seriesperiod:period>` in a URL: "2027-01", "2027-Q1", "2027" ↔ a `Period`. A
    malformed period does not match (404)."""

    regex = PERIOD_REGEX

    def to_python(self, value: str) -> Period:
        return parse_period(value)

    def to_url(self, value: "Period | str") -> str:
        return value.label if isinstance(value, Period) else parse_period(value).label


# --- The table (000 §3.3) ---------------------------------------------------------------------


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass
class SeriesSpeaker:
    name: str
    position: str
    language: str  # its label in the active language


@dataclass
class SeriesRow:
    """One event of the table of 000 §3.3, in one language: name, format, dates and place,
    key theses and accents, speakers with the language of their speech."""

    id: int | None
    title: str
    format: str
    format_code: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    key_messages: str
    speakers: list[SeriesSpeaker] = field(default_factory=list)
    speaker_languages: tuple[str, ...] = ()
    agency: str = ""
    agency_slug: str = ""
    region: str = ""

    @property
    def same_day(self) -> bool:
        return timezone.localtime(self.starts_at).date() == timezone.localtime(self.ends_at).date()


def series_rows(snapshot: list[dict], language: str, **agency) -> list[SeriesRow]:
    """The table's rows from a snapshot (`queries.weekly_snapshot`'s shape), in `language`;
    labels in the active language (call it under `translation.override(language)`).
    `agency` (agency, agency_slug, region) is copied into every row."""
    rows = []
    for entry in snapshot:
        speakers = entry.get("speakers", [])
        rows.append(
            SeriesRow(
                id=entry.get("id"),
                title=in_language(entry.get("title", {}), language),
                format=_label(EventFormat, entry["format"]),
                format_code=entry["format"],
                starts_at=timezone.localtime(parse_datetime(entry["starts_at"])),
                ends_at=timezone.localtime(parse_datetime(entry["ends_at"])),
                place=in_language(entry.get("place", {}), language),
                key_messages=in_language(entry.get("key_messages", {}), language),
                speakers=[
                    SeriesSpeaker(
                        name=in_language(speaker["name"], language),
                        position=in_language(speaker.get("position", {}), language),
                        language=_label(Language, speaker.get("language", "")),
                    )
                    for speaker in speakers
                ],
                speaker_languages=tuple(speaker.get("language", "") for speaker in speakers),
                **agency,
            )
        )
    return rows


@dataclass(frozen=True)
class ScheduleFilter:
    """What the network schedule is narrowed to (000 §3.4): an agency's slug, a region, a
    format, a language of speech; empty: all."""

    agency: str = ""
    region: str = ""
    format: str = ""
    language: str = ""

    def keeps(self, row: SeriesRow) -> bool:
        return (
            (not self.agency or row.agency_slug == self.agency)
            and (not self.region or row.region == self.region)
            and (not self.format or row.format_code == self.format)
            and (not self.language or self.language in row.speaker_languages)
        )


def schedule_rows(
    series: list[tuple[dict, list[dict]]], language: str, wanted: ScheduleFilter
) -> list[SeriesRow]:
    """The network schedule: every submitted series' rows (`series`: (agency fields,
    snapshot) in the agencies' order), kept by `wanted`, in the order of their start."""
    rows = [
        row
        for agency, snapshot in series
        for row in series_rows(snapshot, language, **agency)
        if wanted.keeps(row)
    ]
    return sorted(rows, key=lambda row: row.starts_at)


# --- What the table needs of each event ---------------------------------------------------

SERIES_TITLE_LANGUAGES = ("kk", "ru")


def series_gaps(entry: dict) -> list[str]:
    """What the table of 000 §3.3 asks for and the snapshot's event lacks, in the active
    language: its Kazakh and Russian names, its place, its key theses, a speaker."""
    gaps = [
        _("title in %(language)s") % {"language": _language_name(code)}
        for code in SERIES_TITLE_LANGUAGES
        if not (entry.get("title", {}).get(code) or "").strip()
    ]
    if not in_language(entry.get("place", {}), "kk").strip():
        gaps.append(_("place"))
    if not in_language(entry.get("key_messages", {}), "kk").strip():
        gaps.append(_("key theses and accents"))
    if not entry.get("speakers"):
        gaps.append(_("speakers"))
    return gaps


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES)[code])


# --- Spreadsheets -------------------------------------------------------------------------

# The import template's columns: its first row holds these keys (hidden), the second the
# headers in the reader's language; rows start on the third. A row with an id changes that
# event of the agency; without one it adds an event.
COLUMNS = (
    ("id", gettext_lazy("Event id (leave empty for a new event)")),
    ("title_kk", gettext_lazy("Name in Kazakh")),
    ("title_ru", gettext_lazy("Name in Russian")),
    ("title_en", gettext_lazy("Name in English")),
    ("format", gettext_lazy("Format")),
    ("starts_at", gettext_lazy("Starts (dd.mm.yyyy hh:mm)")),
    ("ends_at", gettext_lazy("Ends (dd.mm.yyyy hh:mm)")),
    ("place", gettext_lazy("Place")),
    ("key_messages", gettext_lazy("Key theses and accents")),
    ("speakers", gettext_lazy("Speakers: one a line, “name; position; language”")),
)
COLUMN_KEYS = tuple(key for key, _header in COLUMNS)
HEADER_ROW = 2
FIRST_DATA_ROW = 3
# Guards, not what keeps the request short (the dry run and the import run in Celery): a
# period's series is tens of events; 2,000 rows are read in 0.3 s and applied in 25 s.
MAX_IMPORT_ROWS = 2000
MAX_IMPORT_MEGABYTES = 5
MAX_IMPORT_BYTES = MAX_IMPORT_MEGABYTES * 1024 * 1024
# What the workbook may unpack to (a small zip can hold gigabytes of XML).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
TEXT_LIMITS = {"title_kk": 300, "title_ru": 300, "title_en": 300, "place": 300}
DATE_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M")
DAY_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def _workbook():
    from openpyxl import Workbook

    return Workbook()


def _save(workbook) -> bytes:
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


def _as_text(value) -> str:
    return "" if value is None else str(value)


def _safe(sheet) -> None:
    """A text that starts with "=" stays text, never a formula."""
    for cells in sheet.iter_rows():
        for cell in cells:
            if cell.data_type == "f":
                cell.data_type = "s"


def _speakers_cell(row: SeriesRow) -> str:
    return "\n".join(
        "; ".join(part for part in (speaker.name, speaker.position, speaker.language) if part)
        for speaker in row.speakers
    )


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment).replace(tzinfo=None)


def table_workbook(*, title: str, subtitle: str, rows: list[SeriesRow], with_agency: bool) -> bytes:
    """The table of 000 §3.3 as a spreadsheet: a title, then one row per event."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = _workbook()
    sheet = workbook.active
    sheet.title = _("Event series")[:31]
    sheet.append([title])
    sheet.append([subtitle])
    header = [_("№")]
    if with_agency:
        header.append(_("Agency"))
    header += [
        _("Event"),
        _("Format"),
        _("Starts"),
        _("Ends"),
        _("Place"),
        _("Key theses and accents"),
        _("Speakers (language of speech)"),
    ]
    sheet.append(header)
    for number, row in enumerate(rows, start=1):
        values = [number]
        if with_agency:
            values.append(row.agency)
        values += [
            row.title,
            row.format,
            _local(row.starts_at),
            _local(row.ends_at),
            row.place,
            row.key_messages,
            _speakers_cell(row),
        ]
        sheet.append(values)
    _safe(sheet)
    sheet["A1"].font = Font(bold=True, size=13)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for cells in sheet.iter_rows(min_row=3):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, dt.datetime):
                cell.number_format = "DD.MM.YYYY HH:MM"
    sheet.freeze_panes = "A4"
    widths = [5] + ([40] if with_agency else []) + [45, 18, 17, 17, 30, 50, 45]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return _save(workbook)


def template_workbook(rows: list[SeriesRow]) -> bytes:
    """The import template: the keys row (hidden), the headers in the active language, and
    the period's events as they are now (with their ids), to change or to add to."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = _workbook()
    sheet = workbook.active
    sheet.title = _("Events")[:31]
    sheet.append(list(COLUMN_KEYS))
    sheet.append([str(header) for _key, header in COLUMNS])
    sheet.row_dimensions[1].hidden = True
    for row in rows:
        sheet.append(
            [
                row.id,
                row.titles.get("kk", ""),
                row.titles.get("ru", ""),
                row.titles.get("en", ""),
                row.format,
                _local(row.starts_at).strftime("%d.%m.%Y %H:%M"),
                _local(row.ends_at).strftime("%d.%m.%Y %H:%M"),
                row.place,
                row.key_messages,
                _speakers_cell(row),
            ]
        )
    _safe(sheet)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    for index, width in enumerate((12, 40, 40, 40, 18, 18, 18, 30, 50, 50), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    return _save(workbook)


@dataclass
class TemplateRow(SeriesRow):
    """A row of the template: the names in each language besides the table's."""

    titles: dict = field(default_factory=dict)


def template_rows(snapshot: list[dict], language: str) -> list[TemplateRow]:
    return [
        TemplateRow(**row.__dict__, titles=entry.get("title", {}))
        for row, entry in zip(series_rows(snapshot, language), snapshot, strict=True)
    ]


# --- Reading an import back -----------------------------------------------------------------


@dataclass
class ImportError_:
    """One problem of the file: its row and column as Excel numbers them (0: the file)."""

    row: int
    column: str  # the column's letter, "" for the whole row or file
    header: str
    message: str

    def __str__(self):
        if not self.row:
            return self.message
        if not self.column:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        return _("Row %(row)s, column %(column)s (%(header)s): %(message)s") % {
            "row": self.row,
            "column": self.column,
            "header": self.header,
            "message": self.message,
        }


@dataclass
class ImportRow:
    """A row of the file, read and checked on its own (the database's checks come after)."""

    row: int
    id: int | None
    titles: dict
    format: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    key_messages: str
    speakers: list[dict]

    def fields(self, language: str) -> dict:
        """The event's fields as the services take them; the place and the theses in the
        importer's language."""
        return {
            **{f"title_{code}": self.titles.get(code, "") for code in LANGUAGE_CODES},
            "format": self.format,
            "starts_at": self.starts_at,
            "ends_at": self.ends_at,
            f"place_{language}": self.place,
            f"key_messages_{language}": self.key_messages,
        }


def _choice_lookup(choices) -> dict[str, str]:
    """Each choice by its code and by its label in every language, folded."""
    from django.utils import translation

    lookup = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices.choices:
                lookup[str(label).casefold()] = value
    for value in choices.values:
        lookup[value.casefold()] = value
    return lookup


def _parse_moment(value, *, end: bool) -> dt.datetime | None:
    """A cell's moment, Astana time: a date-time cell, or text "dd.mm.yyyy hh:mm"; a date
    alone is its midnight (the midnight after it for an end)."""
    day = None
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        day = value
    else:
        text = _as_text(value).strip()
        moment = None
        for pattern in DATE_FORMATS:
            try:
                moment = dt.datetime.strptime(text, pattern)
                break
            except ValueError:
                continue
        if moment is None:
            for pattern in DAY_FORMATS:
                try:
                    day = dt.datetime.strptime(text, pattern).date()
                    break
                except ValueError:
                    continue
            if day is None:
                return None
    if day is not None:
        moment = dt.datetime.combine(day + dt.timedelta(days=1 if end else 0), dt.time.min)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return None
    if timezone.is_aware(moment):
        return moment
    return timezone.make_aware(moment)


def too_large_message() -> str:
    return _("The file is larger than %(limit)s MB.") % {"limit": MAX_IMPORT_MEGABYTES}


def _read_lines(sheet) -> tuple[list[tuple], list[tuple[int, tuple]]]:
    """The sheet's first rows (keys, headers) and its non-empty data rows with their Excel
    numbers, read lazily and stopped one row past `MAX_IMPORT_ROWS`."""
    head, data = [], []
    for number, line in enumerate(
        sheet.iter_rows(values_only=True, max_col=len(COLUMNS) + 5), start=1
    ):
        if number < FIRST_DATA_ROW:
            head.append(line)
        elif any(_as_text(value).strip() for value in line):
            data.append((number, line))
            if len(data) > MAX_IMPORT_ROWS:
                break
    return head, data


def read_import(content: bytes, *, period: Period) -> tuple[list[ImportRow], list[ImportError_]]:
    """The rows of an uploaded template and every problem found, each naming its row and
    column; labels and messages in the active language. Nothing here touches the database:
    the ids are checked by the service."""
    from openpyxl import load_workbook

    headers = {key: str(header) for key, header in COLUMNS}
    if len(content) > MAX_IMPORT_BYTES:
        return [], [ImportError_(0, "", "", too_large_message())]
    not_a_workbook = [
        ImportError_(0, "", "", _("The file is not an XLSX workbook: use the template."))
    ]
    try:
        with ZipFile(BytesIO(content)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (BadZipFile, ValueError):
        return [], not_a_workbook
    if unpacked > MAX_UNPACKED_BYTES:
        return [], [ImportError_(0, "", "", too_large_message())]
    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        lines, data = _read_lines(sheet)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return [], not_a_workbook
    keys = [_as_text(value).strip() for value in (lines[0] if lines else ())]
    missing = [key for key in COLUMN_KEYS if key not in keys]
    if missing:
        return [], [
            ImportError_(
                0,
                "",
                "",
                _("The file is not the import template (its first row lacks: %(keys)s).")
                % {"keys": ", ".join(missing)},
            )
        ]
    from openpyxl.utils import get_column_letter

    position = {key: keys.index(key) for key in COLUMN_KEYS}
    letters = {key: get_column_letter(index + 1) for key, index in position.items()}
    if len(data) > MAX_IMPORT_ROWS:
        return [], [
            ImportError_(
                0,
                "",
                "",
                _("The file has more than %(limit)s rows; import at most %(limit)s at once.")
                % {"limit": MAX_IMPORT_ROWS},
            )
        ]
    formats = _choice_lookup(EventFormat)
    languages = _choice_lookup(Language)
    start, end = period.bounds()
    rows, errors = [], []
    for number, line in data:

        def cell(key, line=line):
            index = position[key]
            return line[index] if index < len(line) else None

        def fail(key, message, number=number):
            errors.append(ImportError_(number, letters[key], headers[key], message))

        row_errors = len(errors)
        raw_id = cell("id")
        event_id = None
        if _as_text(raw_id).strip():
            try:
                event_id = int(float(_as_text(raw_id).strip()))
                if event_id <= 0 or str(raw_id).strip() not in (str(event_id), f"{event_id}.0"):
                    raise ValueError
            except ValueError:
                fail("id", _("An event id is a whole number."))
        titles = {}
        for code in LANGUAGE_CODES:
            text = _as_text(cell(f"title_{code}")).strip()
            if len(text) > TEXT_LIMITS[f"title_{code}"]:
                fail(f"title_{code}", _("At most 300 characters."))
            titles[code] = text
        for code in SERIES_TITLE_LANGUAGES:
            if not titles[code]:
                fail(f"title_{code}", _("Required."))
        format_text = _as_text(cell("format")).strip()
        format_code = formats.get(format_text.casefold())
        if not format_text:
            fail("format", _("Required."))
        elif format_code is None:
            fail(
                "format",
                _("Unknown format “%(value)s”; use one of: %(choices)s.")
                % {
                    "value": format_text[:50],
                    "choices": ", ".join(str(label) for label in EventFormat.labels),
                },
            )
        moments = {}
        for key in ("starts_at", "ends_at"):
            value = cell(key)
            if not _as_text(value).strip():
                fail(key, _("Required."))
                continue
            moment = _parse_moment(value, end=key == "ends_at")
            if moment is None:
                fail(key, _("Not a date and time: write it as 07.01.2027 10:00."))
            else:
                moments[key] = moment
        if len(moments) == 2:
            if moments["ends_at"] <= moments["starts_at"]:
                fail("ends_at", _("The event must end after it starts."))
            elif moments["ends_at"] - moments["starts_at"] > dt.timedelta(days=31):
                fail("ends_at", _("An event lasts at most 31 days."))
        if "starts_at" in moments and not start <= moments["starts_at"] < end:
            fail(
                "starts_at",
                _("The event does not start in the period %(first)s – %(last)s.")
                % {
                    "first": period.starts_on.strftime("%d.%m.%Y"),
                    "last": period.last_day.strftime("%d.%m.%Y"),
                },
            )
        place = _as_text(cell("place")).strip()
        if len(place) > TEXT_LIMITS["place"]:
            fail("place", _("At most 300 characters."))
        key_messages = _as_text(cell("key_messages")).strip()
        speakers = []
        for line_text in _as_text(cell("speakers")).splitlines():
            if not line_text.strip():
                continue
            parts = [part.strip() for part in line_text.split(";")]
            name = parts[0]
            position_text = parts[1] if len(parts) > 2 else ""
            language_text = parts[-1] if len(parts) > 1 else ""
            language = languages.get(language_text.casefold())
            if not name:
                fail(
                    "speakers",
                    _("A speaker's name is missing: “%(line)s”.") % {"line": line_text[:80]},
                )
            elif not language_text:
                fail(
                    "speakers",
                    _("Give the language of speech of “%(name)s” (kk, ru or en).")
                    % {"name": name[:80]},
                )
            elif language is None:
                fail(
                    "speakers",
                    _("Unknown language of speech “%(value)s” (kk, ru or en).")
                    % {"value": language_text[:30]},
                )
            elif len(name) > 200 or len(position_text) > 300:
                fail("speakers", _("A speaker's name or position is too long."))
            else:
                speakers.append({"name": name, "position": position_text, "language": language})
        if len(errors) == row_errors:
            rows.append(
                ImportRow(
                    row=number,
                    id=event_id,
                    titles=titles,
                    format=format_code,
                    starts_at=moments["starts_at"],
                    ends_at=moments["ends_at"],
                    place=place,
                    key_messages=key_messages,
                    speakers=speakers,
                )
            )
    ids = [row.id for row in rows if row.id]
    for row in rows:
        if row.id and ids.count(row.id) > 1:
            errors.append(
                ImportError_(
                    row.row, letters["id"], headers["id"], _("This event id is in the file twice.")
                )
            )
    if not data and not errors:
        errors.append(ImportError_(0, "", "", _("The file has no event rows.")))
    return rows, errors


def error_column(key: str) -> tuple[str, str]:
    """The template's letter and header of a column (the service's errors name them too)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(COLUMN_KEYS.index(key) + 1), str(dict(COLUMNS)[key])


def invalid(errors: list[ImportError_]) -> ValidationError:
    return ValidationError([str(error) for error in errors], code="import")
