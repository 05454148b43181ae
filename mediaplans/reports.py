"""The tables of the consolidated republican media-plan (000 §2.3) and of the quarterly and
annual summaries (000 §8.2–8.3), built from snapshots and plain facts, without the database.

The consolidated plan is read from its frozen edition's items (`ConsolidatedItem`, in the
table's order of the reader's language: the plans in its alphabet, each plan's items in order).
The summaries count, per agency, what its plan in force schedules in the period, how far the
monthly reports (004 §8) say it went, the grid's events that carried it out and the reports
sent late or not at all.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from portal.directory.choices import Region
from portal.directory.search import sort_key

from .choices import ItemChannel, ItemFormat, ItemStatus
from .revisions import in_language
from .services import REPORT_DAY

# --- The consolidated republican media-plan (000 §2.3) --------------------------------------


@dataclass(frozen=True)
class ConsolidatedFilter:
    """What the edition's page, PDF and XLSX are narrowed to; empty values narrow nothing."""

    agency: int | None = None
    region: str = ""
    topic: str = ""
    month: int | None = None

    def as_filters(self) -> dict[str, str]:
        """The set values as a stored document's filter (strings, no empty ones)."""
        values = {
            "agency": self.agency,
            "region": self.region,
            "topic": self.topic,
            "month": self.month,
        }
        return {name: str(value) for name, value in values.items() if value}


@dataclass
class ConsolidatedRow:
    number: int
    agency: str
    region: str
    strategic_direction: str
    topic: str
    target_audiences: str
    legislative_changes: str
    is_preventive: bool
    formats: str
    channels: str
    period: str
    responsible_unit: str
    speaker: str


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def period_label(item: dict) -> str:
    """ "March" or "Q2": when the item is due."""
    if item.get("month"):
        return _month_name(item["month"])
    if item.get("quarter"):
        return _("Q%(quarter)s") % {"quarter": item["quarter"]}
    return ""


def _month_name(month: int) -> str:
    from django.utils.dates import MONTHS

    return str(MONTHS[month])


def _labels(values, choices) -> str:
    known = dict(choices.choices)
    return ", ".join(str(known.get(value, value)) for value in values or ())


def consolidated_row(number: int, entry, language: str) -> ConsolidatedRow:
    """The table's row of one `ConsolidatedItem` (its frozen agency's name, region, item)."""
    regions = dict(Region.choices)
    item = entry.item
    return ConsolidatedRow(
        number=number,
        agency=in_language(entry.agency_name, language),
        region=str(regions.get(entry.region, "")) if entry.region else "",
        strategic_direction=in_language(item["strategic_direction"], language),
        topic=in_language(item["topic"], language),
        target_audiences=in_language(item["target_audiences"], language),
        legislative_changes=in_language(item["legislative_changes"], language),
        is_preventive=bool(item.get("is_preventive")),
        formats=_labels(item.get("formats"), ItemFormat),
        channels=_labels(item.get("channels"), ItemChannel),
        period=period_label(item),
        responsible_unit=in_language(item["responsible_unit"], language),
        speaker=in_language(item["speaker"], language),
    )


def consolidated_rows(entries, language: str, *, first_number: int = 1) -> list[ConsolidatedRow]:
    """The table's rows of `entries` (a page or a chunk of the edition's items in the
    table's order), numbered from `first_number`."""
    return [
        consolidated_row(number, entry, language)
        for number, entry in enumerate(entries, start=first_number)
    ]


# --- Quarterly and annual summaries (000 §8.2–8.3) ------------------------------------------


@dataclass(frozen=True)
class SummaryPeriod:
    """A quarter (for the Interdepartmental commission) or a year (for the Presidential
    Administration) of one year."""

    year: int
    quarter: int | None = None

    @property
    def months(self) -> tuple[int, ...]:
        if self.quarter is None:
            return tuple(range(1, 13))
        first = (self.quarter - 1) * 3 + 1
        return (first, first + 1, first + 2)

    @property
    def label(self) -> str:
        return f"{self.year}-Q{self.quarter}" if self.quarter else str(self.year)

    def includes(self, item: dict) -> bool:
        """Is the item due in the period (its month, or its quarter)?"""
        if item.get("month"):
            return item["month"] in self.months
        if item.get("quarter"):
            return self.quarter is None or item["quarter"] == self.quarter
        return False


@dataclass
class PlanFacts:
    """What the database says of one agency's plan of the year: the items of the revision
    in force (a snapshot's), the latest status reported per item and month, the events
    linked per item, and the reports with their submission."""

    agency: dict  # {"kk": …, "ru": …, "en": …}
    agency_id: int
    state_label: str
    items: list[dict] = field(default_factory=list)
    statuses: dict[tuple[int, int], str] = field(default_factory=dict)  # (item, month) → status
    events: dict[int, set[int]] = field(default_factory=dict)  # item → event ids
    reports: dict[int, tuple[bool, bool]] = field(default_factory=dict)  # month → (sent, late)


@dataclass
class SummaryRow:
    agency: str
    agency_id: int
    state: str
    items: int
    preventive: int
    statuses: dict[str, int]  # ItemStatus value → items; "" for items not reported on
    events: int
    reports_sent: int
    reports_late: int
    reports_missing: int

    @property
    def status_counts(self) -> list[int]:
        """The counts in the order of `status_columns()`."""
        return [self.statuses[value] for value in (*ItemStatus.values, "")]


def _due_months(period: SummaryPeriod, today: dt.date) -> list[int]:
    """The period's months whose report was due by `today` (the 25th has passed)."""
    return [month for month in period.months if dt.date(period.year, month, REPORT_DAY) < today]


def summary_row(facts: PlanFacts, period: SummaryPeriod, language: str, today: dt.date):
    items = [item for item in facts.items if period.includes(item)]
    statuses = Counter()
    events = set()
    for item in items:
        reported = [
            facts.statuses[(item["id"], month)]
            for month in period.months
            if (item["id"], month) in facts.statuses
        ]
        statuses[reported[-1] if reported else ""] += 1
        events |= facts.events.get(item["id"], set())
    in_period = {m: sent for m, sent in facts.reports.items() if m in period.months}
    return SummaryRow(
        agency=in_language(facts.agency, language),
        agency_id=facts.agency_id,
        state=facts.state_label,
        items=len(items),
        preventive=sum(1 for item in items if item.get("is_preventive")),
        statuses={value: statuses.get(value, 0) for value in (*ItemStatus.values, "")},
        events=len(events),
        reports_sent=sum(1 for sent, _late in in_period.values() if sent),
        reports_late=sum(1 for sent, late in in_period.values() if sent and late),
        reports_missing=sum(
            1 for month in _due_months(period, today) if not in_period.get(month, (False, False))[0]
        ),
    )


@dataclass
class Summary:
    period: SummaryPeriod
    rows: list[SummaryRow]
    totals: SummaryRow


def period_summary(
    facts: list[PlanFacts], period: SummaryPeriod, language: str, today: dt.date
) -> Summary:
    """One row per agency (in the alphabet of `language`) and their totals."""
    rows = sorted(
        (summary_row(one, period, language, today) for one in facts),
        key=lambda row: (sort_key(row.agency, language), row.agency_id),
    )
    totals = SummaryRow(
        agency=_("Total"),
        agency_id=0,
        state="",
        items=sum(row.items for row in rows),
        preventive=sum(row.preventive for row in rows),
        statuses={
            value: sum(row.statuses[value] for row in rows) for value in (*ItemStatus.values, "")
        },
        events=sum(row.events for row in rows),
        reports_sent=sum(row.reports_sent for row in rows),
        reports_late=sum(row.reports_late for row in rows),
        reports_missing=sum(row.reports_missing for row in rows),
    )
    return Summary(period=period, rows=rows, totals=totals)


def status_columns() -> list[tuple[str, str]]:
    """(status value, label) of the summary's columns, the unreported last."""
    return [*ItemStatus.choices, ("", _("Not reported"))]


# --- Plan versus fact (004 §8) ---------------------------------------------------------------

# Words this short ("of", "мен", "и") say nothing of what an event is about.
MIN_WORD = 4


def _words(texts) -> set[str]:
    import re

    return {
        word
        for text in texts
        for word in re.findall(r"\w+", (text or "").casefold())
        if len(word) >= MIN_WORD and not word.isdigit()
    }


def suggested_events(item, events) -> list[int]:
    """The events whose title, in any language, shares a word with the item's topic in
    any language: offered as what carried the item out, for the user to confirm."""
    from .revisions import LANGUAGES

    topic = _words(getattr(item, f"topic_{code}", "") for code in LANGUAGES)
    return [
        event.pk
        for event in events
        if topic & _words(getattr(event, f"title_{code}", "") for code in LANGUAGES)
    ]
