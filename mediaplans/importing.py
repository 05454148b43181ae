"""The XLSX template of a media-plan's items and the reading of a filled-in one (issue 9
item 2; the items of 004 §7), without the database.

The template's first row holds the column keys (hidden), the second the headers in the
reader's language; every row after is an item. Reading checks each row on its own and names
every problem by its row and column as Excel numbers them; what the database decides (is the
plan editable, is the item there already) is the service's.
"""

from dataclasses import dataclass
from io import BytesIO
from zipfile import BadZipFile, ZipFile

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import ItemChannel, ItemFormat
from .models import PlanItem
from .revisions import LANGUAGES, TRANSLATED_FIELDS

_LANGUAGE_NAMES = {
    "kk": gettext_lazy("Kazakh"),
    "ru": gettext_lazy("Russian"),
    "en": gettext_lazy("English"),
}
_FIELD_HEADERS = {
    "strategic_direction": gettext_lazy("Strategic direction"),
    "topic": gettext_lazy("Topic"),
    "target_audiences": gettext_lazy("Target audiences"),
    "legislative_changes": gettext_lazy("Planned legislative changes"),
    "responsible_unit": gettext_lazy("Responsible unit"),
    "speaker": gettext_lazy("Speaker"),
}
PLAIN_COLUMNS = (
    ("is_preventive", gettext_lazy("Preventive item (yes / no)")),
    ("formats", gettext_lazy("Formats, separated by commas")),
    ("channels", gettext_lazy("Channels, separated by commas")),
    ("month", gettext_lazy("Month (1–12)")),
    ("quarter", gettext_lazy("Quarter (1–4), if no month")),
)
HEADER_ROW = 2
FIRST_DATA_ROW = 3
# A plan is tens of items; the guards keep a hostile file cheap to refuse.
MAX_IMPORT_ROWS = 500
MAX_IMPORT_MEGABYTES = 5
MAX_IMPORT_BYTES = MAX_IMPORT_MEGABYTES * 1024 * 1024
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
XLSX_MAGIC = b"PK\x03\x04"
# The languages every item must have (services.REQUIRED_LANGUAGES, before submission).
REQUIRED = ("topic_kk", "topic_ru", "strategic_direction_kk", "strategic_direction_ru")
YES = {"yes", "y", "1", "true", "иә", "ия", "да", "+"}
NO = {"no", "n", "0", "false", "жоқ", "нет", "-", ""}


def _header(name: str, language: str) -> str:
    return _("%(field)s (%(language)s)") % {
        "field": _FIELD_HEADERS[name],
        "language": _LANGUAGE_NAMES[language],
    }


def columns() -> list[tuple[str, str]]:
    """(key, header in the active language) of every column, in the template's order."""
    translated = [
        (f"{name}_{language}", _header(name, language))
        for name in TRANSLATED_FIELDS
        for language in LANGUAGES
    ]
    return translated + [(key, str(header)) for key, header in PLAIN_COLUMNS]


def column_keys() -> tuple[str, ...]:
    return tuple(key for key, _header in columns())


def too_large_message() -> str:
    return _("The file is larger than %(limit)s MB.") % {"limit": MAX_IMPORT_MEGABYTES}


def template_workbook() -> bytes:
    """The empty template in the active language: the keys row (hidden) and the headers."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Items")[:31]
    sheet.append(list(column_keys()))
    sheet.append([header for _key, header in columns()])
    sheet.row_dimensions[1].hidden = True
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
    for index in range(1, len(columns()) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 30
    output = BytesIO()
    workbook.save(output)
    return output.getvalue()


@dataclass
class ImportProblem:
    """One problem of the file: its row and column as Excel numbers them (row 0: the file)."""

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
    row: int
    data: dict  # the item's fields as services.item_add takes them

    def topics(self) -> tuple[str, str]:
        return (self.data["topic_kk"], self.data["topic_ru"])


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _choice_lookup(choices) -> dict[str, str]:
    """Each choice by its code and by its label in every language, folded."""
    lookup = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            for value, label in choices.choices:
                lookup[str(label).casefold()] = value
    for value in choices.values:
        lookup[value.casefold()] = value
    return lookup


def _whole(text: str) -> int | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _file_problem(message: str) -> tuple[list, list]:
    return [], [ImportProblem(0, "", "", message)]


def _lines(content: bytes):
    """(keys, data rows with their Excel numbers), or None when it is not a workbook."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(BytesIO(content), read_only=True, data_only=True)
        head, data = [], []
        for number, line in enumerate(
            workbook.worksheets[0].iter_rows(values_only=True, max_col=len(columns()) + 5),
            start=1,
        ):
            if number < FIRST_DATA_ROW:
                head.append(line)
            elif any(_text(value) for value in line):
                data.append((number, line))
                if len(data) > MAX_IMPORT_ROWS:
                    break
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        return None
    return [_text(value) for value in (head[0] if head else ())], data


def read_import(content: bytes) -> tuple[list[ImportRow], list[ImportProblem]]:
    """The items of an uploaded template and every problem found, each naming its row and
    column, in the active language."""
    from openpyxl.utils import get_column_letter

    not_a_workbook = _("The file is not an XLSX workbook: use the template.")
    if len(content) > MAX_IMPORT_BYTES:
        return _file_problem(too_large_message())
    try:
        with ZipFile(BytesIO(content)) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (BadZipFile, ValueError):
        return _file_problem(not_a_workbook)
    if unpacked > MAX_UNPACKED_BYTES:
        return _file_problem(too_large_message())
    read = _lines(content)
    if read is None:
        return _file_problem(not_a_workbook)
    keys, data = read
    missing = [key for key in column_keys() if key not in keys]
    if missing:
        return _file_problem(
            _("The file is not the import template (its first row lacks: %(keys)s).")
            % {"keys": ", ".join(missing)}
        )
    if len(data) > MAX_IMPORT_ROWS:
        return _file_problem(
            _("The file has more than %(limit)s rows; import at most %(limit)s at once.")
            % {"limit": MAX_IMPORT_ROWS}
        )
    if not data:
        return _file_problem(_("The file has no item rows."))
    headers = dict(columns())
    position = {key: keys.index(key) for key in column_keys()}
    letters = {key: get_column_letter(index + 1) for key, index in position.items()}
    lookups = {"formats": _choice_lookup(ItemFormat), "channels": _choice_lookup(ItemChannel)}
    rows, problems = [], []
    for number, line in data:

        def cell(key, line=line):
            index = position[key]
            return _text(line[index] if index < len(line) else None)

        def fail(key, message, number=number):
            problems.append(ImportProblem(number, letters[key], headers[key], message))

        before = len(problems)
        item = {}
        for name in TRANSLATED_FIELDS:
            limit = PlanItem._meta.get_field(name).max_length
            for language in LANGUAGES:
                key = f"{name}_{language}"
                item[key] = cell(key)
                if limit and len(item[key]) > limit:
                    fail(key, _("At most %(limit)s characters.") % {"limit": limit})
        for key in REQUIRED:
            if not item[key]:
                fail(key, _("Required."))
        preventive = cell("is_preventive").casefold()
        if preventive in YES:
            item["is_preventive"] = True
        elif preventive in NO:
            item["is_preventive"] = False
        else:
            fail("is_preventive", _("Write “yes” or “no”."))
        for key, choices in (("formats", ItemFormat), ("channels", ItemChannel)):
            values = []
            for part in (p.strip() for p in cell(key).replace(";", ",").split(",")):
                if not part:
                    continue
                value = lookups[key].get(part.casefold())
                if value is None:
                    fail(
                        key,
                        _("Unknown value “%(value)s”; use one of: %(choices)s.")
                        % {
                            "value": part[:50],
                            "choices": ", ".join(str(label) for label in choices.labels),
                        },
                    )
                elif value not in values:
                    values.append(value)
            item[key] = values
        if not item["formats"] and not any(
            p.column == letters["formats"] for p in problems[before:]
        ):
            fail("formats", _("Give at least one format."))
        for key, last in (("month", 12), ("quarter", 4)):
            text = cell(key)
            value = _whole(text) if text else None
            if text and (value is None or not 1 <= value <= last):
                fail(key, _("A whole number from 1 to %(last)s.") % {"last": last})
            item[key] = value
        if item["month"] and item["quarter"]:
            fail("quarter", _("Give a month or a quarter, not both."))
        elif not cell("month") and not cell("quarter"):
            fail("month", _("Give a month or a quarter."))
        if len(problems) == before:
            rows.append(ImportRow(number, item))
    seen = {}
    for row in rows:
        for language, topic in zip(("kk", "ru"), row.topics(), strict=True):
            key = f"topic_{language}"
            earlier = seen.setdefault((language, topic.casefold()), row.row)
            if earlier != row.row:
                problems.append(
                    ImportProblem(
                        row.row,
                        letters[key],
                        headers[key],
                        _("The same topic as row %(row)s.") % {"row": earlier},
                    )
                )
    problems.sort(key=lambda problem: (problem.row, problem.column))
    return rows, problems
