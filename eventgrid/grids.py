"""The weekly media-grid (004 §11 and the appendix form) as plain data: what a publication
freezes (`grid_snapshot`), what changed between two versions (`grid_changelog`) and the
appendix form's table in one language (`grid_table`), filtered for a reader; and the API's
answer of a version (`answer_head`, `answer_body`).

The form: title "Information for the coming week" with the dates; columns: the name of the
state body, Monday, Tuesday, Wednesday, Thursday, Friday, Saturday/Sunday; first row "Main
news". An event sits in the column of the day it starts (Astana time); Saturday and Sunday
share the last column.

Pure: reads only the objects it is given (events with their agency and speakers loaded).
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import Language, Region
from portal.directory.search import search_skeleton

from .choices import EventFormat, EventState
from .weeks import week_label

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
# The appendix form's day columns, Monday first; the last holds Saturday and Sunday.
DAY_KEYS = ("mon", "tue", "wed", "thu", "fri", "weekend")
WEEKEND = len(DAY_KEYS) - 1
# What a correction compares, besides the start, the end and the state.
COMPARED_TEXTS = ("title", "place", "reason")


def day_column(day: dt.date) -> int:
    """The column of a day: 0 for Monday … 4 for Friday, 5 for Saturday and Sunday."""
    return min(day.weekday(), WEEKEND)


def event_column(event) -> int:
    return day_column(timezone.localtime(event.starts_at).date())


def day_label(index: int) -> str:
    """The column's heading in the active language."""
    return str(WEEKDAYS[index]) if index < WEEKEND else str(_("Saturday/Sunday"))


def _texts(obj, name: str) -> dict[str, str]:
    return {code: getattr(obj, f"{name}_{code}") or "" for code in LANGUAGE_CODES}


def in_language(texts: dict[str, str], language: str) -> str:
    """The text in `language`, else in Kazakh, Russian, English (the content's fallback)."""
    for code in (language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]):
        if (texts or {}).get(code):
            return texts[code]
    return ""


# --- Freezing a publication ------------------------------------------------------------------


def _event_data(event) -> dict:
    return {
        "id": event.pk,
        "state": event.state,
        "format": event.format,
        "starts_at": event.starts_at.isoformat(),
        "ends_at": event.ends_at.isoformat(),
        "title": _texts(event, "title"),
        "place": _texts(event, "place"),
        "reason": _texts(event, "state_reason"),
        "speakers": [
            {
                "name": _texts(speaker, "name"),
                "position": _texts(speaker, "position"),
                "language": speaker.language,
            }
            for speaker in event.speakers.all()
        ],
    }


def grid_snapshot(*, week_start: dt.date, entries: Iterable[tuple[object, int | None]]) -> dict:
    """The media-grid of the week as plain JSON, every text in every language: `entries` are
    (event, main news rank or None). The same events give the same value."""
    entries = sorted(entries, key=lambda pair: (pair[0].starts_at, pair[0].pk))
    agencies = {event.agency_id: event.agency for event, _rank in entries}
    rows = sorted(
        (
            {
                "agency": agency.slug,
                "name": _texts(agency, "name"),
                "short_name": _texts(agency, "short_name"),
                "region": agency.region,
                "sort": {code: getattr(agency, f"sort_name_{code}") for code in LANGUAGE_CODES},
            }
            for agency in agencies.values()
        ),
        key=lambda row: (row["sort"][LANGUAGE_CODES[0]], row["agency"]),
    )
    cells: dict[tuple[str, int], list[dict]] = {}
    main_news: dict[int, list[tuple[int, int]]] = {index: [] for index in range(len(DAY_KEYS))}
    for event, rank in entries:
        column = event_column(event)
        cells.setdefault((event.agency.slug, column), []).append(_event_data(event))
        if rank is not None:
            main_news[column].append((rank, event.pk))
    order = {row["agency"]: index for index, row in enumerate(rows)}
    return {
        "week": week_label(week_start),
        "week_start": week_start.isoformat(),
        "week_end": (week_start + dt.timedelta(days=6)).isoformat(),
        "days": [
            {
                "key": key,
                "dates": [
                    (week_start + dt.timedelta(days=offset)).isoformat()
                    for offset in ((5, 6) if index == WEEKEND else (index,))
                ],
            }
            for index, key in enumerate(DAY_KEYS)
        ],
        "rows": rows,
        "cells": [
            {"agency": slug, "day": DAY_KEYS[column], "events": events}
            for (slug, column), events in sorted(
                cells.items(), key=lambda item: (order[item[0][0]], item[0][1])
            )
        ],
        "main_news": [
            {"day": DAY_KEYS[index], "events": [pk for _rank, pk in sorted(picks)]}
            for index, picks in main_news.items()
        ],
    }


def snapshot_events(snapshot: dict) -> dict[int, dict]:
    """Event id → its frozen data, with its agency's slug as "agency"."""
    return {
        event["id"]: {**event, "agency": cell["agency"]}
        for cell in snapshot.get("cells", [])
        for event in cell["events"]
    }


# --- What a correction changed -----------------------------------------------------------------


def _brief(event: dict) -> dict:
    return {
        "event": event["id"],
        "agency": event["agency"],
        "title": event["title"],
        "starts_at": event["starts_at"],
    }


def grid_changelog(previous: dict | None, current: dict) -> dict:
    """What the media must know about `current` compared with `previous` (None for the first
    version: an empty changelog): events added, removed, moved (start or end changed, or
    postponed), cancelled, changed (title, place, format, speakers, reason or state), and
    the days whose main news changed."""
    if previous is None:
        return {}
    old, new = snapshot_events(previous), snapshot_events(current)
    log = {"added": [], "removed": [], "moved": [], "cancelled": [], "changed": []}
    for pk, event in new.items():
        before = old.get(pk)
        if before is None:
            log["added"].append(_brief(event))
            continue
        if event["state"] == EventState.CANCELLED and before["state"] != EventState.CANCELLED:
            log["cancelled"].append({**_brief(event), "reason": event["reason"]})
            continue
        postponed = event["state"] == EventState.POSTPONED != before["state"]
        moved = postponed or (event["starts_at"], event["ends_at"]) != (
            before["starts_at"],
            before["ends_at"],
        )
        if moved:
            log["moved"].append(
                {
                    **_brief(event),
                    "from": before["starts_at"],
                    "to": None if postponed else event["starts_at"],
                    "reason": event["reason"],
                }
            )
        fields = [
            name for name in ("title", "place", "format", "speakers") if event[name] != before[name]
        ]
        if not moved and (event["state"], event["reason"]) != (before["state"], before["reason"]):
            fields.append("state")
        if fields:
            log["changed"].append({**_brief(event), "fields": fields})
    log["removed"] = [_brief(event) for pk, event in old.items() if pk not in new]
    previous_news = {day["day"]: day["events"] for day in previous.get("main_news", [])}
    log["main_news"] = [
        day["day"]
        for day in current.get("main_news", [])
        if previous_news.get(day["day"], []) != day["events"]
    ]
    return log


def changelog_is_empty(changelog: dict) -> bool:
    return not any(changelog.values())


# --- The appendix form in one language ---------------------------------------------------------


@dataclass
class GridSpeaker:
    name: str
    position: str
    language: str


@dataclass
class GridEvent:
    id: int
    agency: str
    agency_name: str
    title: str
    format: str
    place: str
    state: str
    state_label: str
    reason: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    speakers: list[GridSpeaker] = field(default_factory=list)

    @property
    def same_day(self) -> bool:
        return self.starts_at.date() == self.ends_at.date()


@dataclass
class GridDay:
    key: str
    label: str
    dates: list[dt.date]


@dataclass
class GridRow:
    agency: str
    name: str
    short_name: str
    region: str
    cells: list[list[GridEvent]]
    days: list[GridDay] = field(default_factory=list, repr=False)

    @property
    def columns(self) -> list[tuple[GridDay, list[GridEvent]]]:
        """Each day with the row's events on it (a template cannot zip)."""
        return list(zip(self.days, self.cells, strict=True))


@dataclass
class GridTable:
    days: list[GridDay]
    main_news: list[list[GridEvent]]
    rows: list[GridRow]

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def main_news_columns(self) -> list[tuple[GridDay, list[GridEvent]]]:
        return list(zip(self.days, self.main_news, strict=True))

    @property
    def has_main_news(self) -> bool:
        return any(self.main_news)


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # a value no longer among the choices
        return value


def _grid_event(event: dict, agency_name: str, language: str) -> GridEvent:
    return GridEvent(
        id=event["id"],
        agency=event["agency"],
        agency_name=agency_name,
        title=in_language(event["title"], language),
        format=_label(EventFormat, event["format"]),
        place=in_language(event["place"], language),
        state=event["state"],
        state_label=_label(EventState, event["state"]),
        reason=in_language(event.get("reason", {}), language),
        starts_at=timezone.localtime(parse_datetime(event["starts_at"])),
        ends_at=timezone.localtime(parse_datetime(event["ends_at"])),
        speakers=[
            GridSpeaker(
                name=in_language(speaker["name"], language),
                position=in_language(speaker["position"], language),
                language=_label(Language, speaker["language"]),
            )
            for speaker in event["speakers"]
        ],
    )


@dataclass(frozen=True)
class GridFilter:
    """What a reader asks of the media-grid; empty values filter nothing. `words` are
    matched, spelt as search skeletons, in the title, the agency's names and the speakers'
    names in any language."""

    agency: str = ""
    region: str = ""
    format: str = ""
    language: str = ""
    words: tuple[str, ...] = ()

    def row_matches(self, row: dict) -> bool:
        return (not self.agency or row["agency"] == self.agency) and (
            not self.region or row["region"] == self.region
        )

    def event_matches(self, event: dict, row: dict) -> bool:
        if self.format and event["format"] != self.format:
            return False
        if self.language and self.language not in {s["language"] for s in event["speakers"]}:
            return False
        if self.words:
            texts = [*event["title"].values(), *row["name"].values(), *row["short_name"].values()]
            for speaker in event["speakers"]:
                texts += speaker["name"].values()
            haystack = search_skeleton(" ".join(texts))
            return all(search_skeleton(word) in haystack for word in self.words)
        return True


def grid_table(snapshot: dict, language: str, wanted: GridFilter | None = None) -> GridTable:
    """The appendix form's table of a snapshot in `language` (labels in the active language:
    call it under `translation.override(language)`), with only the events `wanted` asks for;
    rows ordered by the agency's name in `language`."""
    wanted = wanted or GridFilter()
    rows_by_slug = {row["agency"]: row for row in snapshot["rows"]}
    names = {slug: in_language(row["name"], language) for slug, row in rows_by_slug.items()}
    columns = {key: index for index, key in enumerate(DAY_KEYS)}
    cells: dict[str, list[list[GridEvent]]] = {}
    shown: dict[int, GridEvent] = {}
    for cell in snapshot["cells"]:
        row = rows_by_slug[cell["agency"]]
        if not wanted.row_matches(row):
            continue
        for event in cell["events"]:
            if not wanted.event_matches(event, row):
                continue
            item = _grid_event({**event, "agency": row["agency"]}, names[row["agency"]], language)
            shown[item.id] = item
            row_cells = cells.setdefault(row["agency"], [[] for _key in DAY_KEYS])
            row_cells[columns[cell["day"]]].append(item)
    ordered = sorted(
        (row for row in snapshot["rows"] if row["agency"] in cells),
        key=lambda row: (row["sort"].get(language, ""), row["agency"]),
    )
    days = [
        GridDay(
            key=day["key"],
            label=day_label(columns[day["key"]]),
            dates=[dt.date.fromisoformat(date) for date in day["dates"]],
        )
        for day in snapshot["days"]
    ]
    return GridTable(
        days=days,
        main_news=[
            [shown[pk] for pk in day["events"] if pk in shown] for day in snapshot["main_news"]
        ],
        rows=[
            GridRow(
                agency=row["agency"],
                name=names[row["agency"]],
                short_name=in_language(row["short_name"], language),
                region=_label(Region, row["region"]) if row["region"] else "",
                cells=cells[row["agency"]],
                days=days,
            )
            for row in ordered
        ],
    )


# --- The changelog in one language ----------------------------------------------------------

CHANGE_KINDS = {
    "added": _("Added"),
    "moved": _("Moved"),
    "cancelled": _("Cancelled"),
    "changed": _("Changed"),
    "removed": _("Removed from the media-grid"),
}
CHANGED_FIELDS = {
    "title": _("title"),
    "place": _("place"),
    "format": _("format"),
    "speakers": _("speakers"),
    "state": _("state"),
}


@dataclass
class ChangeLine:
    kind: str
    label: str
    title: str
    agency: str
    starts_at: dt.datetime | None
    moved_from: dt.datetime | None = None
    moved_to: dt.datetime | None = None
    reason: str = ""
    fields: list[str] = field(default_factory=list)


def _moment(value: str | None) -> dt.datetime | None:
    return timezone.localtime(parse_datetime(value)) if value else None


def changelog_lines(changelog: dict, snapshot: dict, language: str) -> list[ChangeLine]:
    """The changelog of a version as lines to read, in `language`; agencies named from the
    version's rows (a removed event's agency by its slug when it left the grid)."""
    names = {row["agency"]: in_language(row["name"], language) for row in snapshot["rows"]}
    lines = []
    for kind, label in CHANGE_KINDS.items():
        for entry in changelog.get(kind, []):
            lines.append(
                ChangeLine(
                    kind=kind,
                    label=str(label),
                    title=in_language(entry["title"], language),
                    agency=names.get(entry["agency"], entry["agency"]),
                    starts_at=_moment(entry["starts_at"]),
                    moved_from=_moment(entry.get("from")),
                    moved_to=_moment(entry.get("to")),
                    reason=in_language(entry.get("reason") or {}, language),
                    fields=[
                        str(CHANGED_FIELDS.get(name, name)) for name in entry.get("fields", [])
                    ],
                )
            )
    return lines


# --- The API's answer (/api/v1/media-grids/<week>/) ----------------------------------------

# Raise it when answer_head's or answer_body's output changes: stored bodies (of
# MediaGridAnswer) of an older layout are then encoded again.
ANSWER_LAYOUT = 1


def _api_moment(value: dt.datetime | str, zone) -> str:
    """As DRF's DateTimeField shows it: in the portal's time zone, ISO 8601."""
    if isinstance(value, str):
        value = parse_datetime(value)
    shown = value.astimezone(zone).isoformat()
    return shown[:-6] + "Z" if shown.endswith("+00:00") else shown


def answer_head(*, week_start: dt.date, version, versions) -> dict:
    """The week, the version and every version of it (`versions`, the latest first): the
    part of the answer that a correction changes."""
    zone = timezone.get_current_timezone()
    return {
        "week": week_label(week_start),
        "week_start": week_start.isoformat(),
        "week_end": (week_start + dt.timedelta(days=6)).isoformat(),
        "version": version.number,
        "published_at": _api_moment(version.published_at, zone),
        "latest_version": versions[0].number,
        "versions": [
            {"version": v.number, "published_at": _api_moment(v.published_at, zone)}
            for v in versions
        ],
    }


def _answer_labels() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The formats', states' and days' labels in the active language."""
    return (
        {value: str(label) for value, label in EventFormat.choices},
        {value: str(label) for value, label in EventState.choices},
        {key: day_label(index) for index, key in enumerate(DAY_KEYS)},
    )


def answer_layout() -> list:
    """What a body encoded now depends on besides its version, in the active language:
    the layout, the time zone and the labels (MediaGridAnswer.layout is its fingerprint)."""
    return [ANSWER_LAYOUT, settings.TIME_ZONE, *_answer_labels()]


def answer_body(*, snapshot: dict, changelog: dict, language: str) -> dict:
    """The days, rows, cells, main news and changelog of a version, in `language` (the
    active one): frozen with the version."""
    zone = timezone.get_current_timezone()  # once: each lookup goes through asgiref's locals
    formats, states, days = _answer_labels()

    def event(data):
        return {
            "id": data["id"],
            "title": in_language(data["title"], language),
            "format": data["format"],
            "format_display": formats.get(data["format"], data["format"]),
            "place": in_language(data["place"], language),
            "starts_at": _api_moment(data["starts_at"], zone),
            "ends_at": _api_moment(data["ends_at"], zone),
            "state": data["state"],
            "state_display": states.get(data["state"], data["state"]),
            "state_reason": in_language(data.get("reason", {}), language),
            "speakers": [
                {
                    "name": in_language(speaker["name"], language),
                    "position": in_language(speaker["position"], language),
                    "language": speaker["language"],
                }
                for speaker in data["speakers"]
            ],
        }

    return {
        "days": [
            {"day": day["key"], "label": days[day["key"]], "dates": day["dates"]}
            for day in snapshot["days"]
        ],
        "rows": [
            {
                "agency": row["agency"],
                "name": in_language(row["name"], language),
                "short_name": in_language(row["short_name"], language),
                "region": row["region"],
            }
            for row in sorted(
                snapshot["rows"], key=lambda row: (row["sort"].get(language, ""), row["agency"])
            )
        ],
        "cells": [
            {
                "agency": cell["agency"],
                "day": cell["day"],
                "events": [event(data) for data in cell["events"]],
            }
            for cell in snapshot["cells"]
        ],
        "main_news": snapshot["main_news"],
        "changelog": changelog,
    }
