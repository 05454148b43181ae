"""Pure functions: when a rule's deadlines fall, and how to explain a due date.

Nothing here touches the database; the calendar is handed in.
"""

import calendar as month_calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from ..calendar import NonWorkingDay, WorkingCalendar
from .choices import PeriodUnit, Recurrence


@dataclass(frozen=True)
class Due:
    starts_on: dt.date
    due_at: dt.datetime
    computation: dict


@dataclass(frozen=True)
class Period:
    """What `compute_due` reads of a rule, for a count that is not exactly the rule's: a
    per-case amount, or a stored deadline counted again after a calendar correction."""

    amount: int
    unit: str
    time_of_day: dt.time
    move_to_working_day: bool
    counts_from: object | None = None


def day_start(day: dt.date) -> dt.datetime:
    """Midnight starting `day` in Astana time: where a period anchored to a date starts, and
    the bound that filters `due_at` by local date while keeping its index usable (a `__date`
    lookup would not)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def compute_due(rule, *, start: dt.datetime, calendar: WorkingCalendar) -> Due:
    """The due moment of `rule` counted from `start` (an aware datetime)."""
    local_start = timezone.localtime(start)
    day = local_start.date()
    skipped: list[dt.date] = []
    if rule.unit == PeriodUnit.HOURS:
        due = local_start + dt.timedelta(hours=rule.amount)
        due_day = due.date()
    elif rule.unit == PeriodUnit.WORKING_DAYS:
        if rule.amount >= 0:
            due_day = calendar.add_working_days(day, rule.amount)
        else:
            due_day = calendar.working_days_before(day, -rule.amount)
        skipped = [d.date for d in calendar.skipped_days(day, due_day)]
    else:
        due_day = day + dt.timedelta(days=rule.amount)
    moved_from = None
    if rule.move_to_working_day and not calendar.is_working_day(due_day):
        moved_from = due_day
        due_day = (
            calendar.previous_working_day(due_day)
            if rule.amount < 0
            else calendar.next_working_day(due_day)
        )
    if rule.unit == PeriodUnit.HOURS:
        due_at = timezone.make_aware(dt.datetime.combine(due_day, due.time().replace(tzinfo=None)))
    else:
        due_at = timezone.make_aware(dt.datetime.combine(due_day, rule.time_of_day))
    return Due(
        starts_on=day,
        due_at=due_at,
        computation={
            "amount": rule.amount,
            "unit": rule.unit,
            "skipped": [d.isoformat() for d in skipped],
            "moved_from": moved_from.isoformat() if moved_from else None,
        },
    )


def compute_due_for_anchor(rule, *, anchor: dt.date, calendar: WorkingCalendar) -> Due:
    """The due moment of a recurring rule's deadline for the period anchored to `anchor`.

    The period starts on the anchor, or, for a rule counted from another rule's due date
    ("the media-grid within one working day of the weekly information"), on the due date of
    that rule's deadline for the same anchor: when Thursday is a holiday and the information
    moves to the next working day, the grid moves with it.
    """
    base = rule.counts_from
    if base is None:
        return compute_due(rule, start=day_start(anchor), calendar=calendar)
    base_due = compute_due_for_anchor(base, anchor=anchor, calendar=calendar)
    due = compute_due(
        rule, start=day_start(timezone.localtime(base_due.due_at).date()), calendar=calendar
    )
    return Due(
        starts_on=due.starts_on,
        due_at=due.due_at,
        computation={
            **due.computation,
            "counted_from_rule": base.code,
            # The other rule's own day before it moved off a non-working day, if it did.
            "counted_from_moved_from": base_due.computation["moved_from"],
        },
    )


def due_for_calculator(rule, *, start: dt.datetime, calendar: WorkingCalendar) -> Due:
    """What a deadline of `rule` started at `start` would be due, as the portal would open it:
    an event's counted from the moment, a recurring rule's from the period anchored to the
    date (from another rule's due date where the rule says so)."""
    if rule.recurrence == Recurrence.EVENT:
        return compute_due(rule, start=start, calendar=calendar)
    return compute_due_for_anchor(rule, anchor=timezone.localtime(start).date(), calendar=calendar)


def anchors(rule, *, first: dt.date, last: dt.date) -> list[dt.date]:
    """The calendar dates a recurring rule is anchored to, from `first` to `last`."""
    if rule.recurrence == Recurrence.WEEKLY:
        day = first + dt.timedelta(days=(rule.weekday - first.weekday()) % 7)
        found = []
        while day <= last:
            found.append(day)
            day += dt.timedelta(days=7)
        return found
    if rule.recurrence == Recurrence.DATES:
        found = []
        for year in range(first.year, last.year + 1):
            for month in sorted(rule.months):
                month_end = month_calendar.monthrange(year, month)[1]
                day = dt.date(year, month, min(rule.day_of_month, month_end))
                if first <= day <= last:
                    found.append(day)
        return found
    return []


@dataclass(frozen=True)
class CountedFrom:
    """The other rule whose due date a deadline is counted from ("the media-grid from the
    weekly information's due date"): the rule (its name read in the active language, or
    None when it is no longer the rule's base), its code, and the day that rule's deadline
    fell on before it moved to `due_on`, if it moved."""

    rule: object | None
    code: str
    due_on: dt.date
    moved_from: NonWorkingDay | None

    @property
    def name(self) -> str:
        return self.rule.name if self.rule is not None else self.code


@dataclass(frozen=True)
class Recomputed:
    """That an administrator's calendar correction moved a pending deadline: the day
    corrected, the correction's name in the active language, and the due moment before."""

    date: dt.date
    name: str
    previous_due_at: dt.datetime


@dataclass(frozen=True)
class Explanation:
    """How a due date came about, named in the active language."""

    starts_on: dt.date
    amount: int
    unit: str
    skipped: list[NonWorkingDay]
    moved_from: NonWorkingDay | None
    due_at: dt.datetime
    counted_from: CountedFrom | None = None
    recomputed: Recomputed | None = None

    @property
    def count(self) -> int:
        return abs(self.amount)

    @property
    def is_before(self) -> bool:
        """The period counts back from its anchor ("2 working days before publication")."""
        return self.amount < 0


def _non_working_day(day: str | None, calendar: WorkingCalendar) -> NonWorkingDay | None:
    if not day:
        return None
    date = dt.date.fromisoformat(day)
    return NonWorkingDay(date, calendar.day_name(date))


def _counted_from(deadline, calendar: WorkingCalendar) -> CountedFrom | None:
    """The rule a deadline's period starts from, as its computation recorded it. Its name
    comes from the deadline's rule (select_related("rule__counts_from") spares the query);
    a base the rule no longer counts from is named by the recorded code."""
    code = deadline.computation.get("counted_from_rule")
    if not code:
        return None
    base = deadline.rule.counts_from if deadline.rule.counts_from_id else None
    return CountedFrom(
        rule=base if base is not None and base.code == code else None,
        code=code,
        due_on=deadline.starts_on,
        moved_from=_non_working_day(deadline.computation.get("counted_from_moved_from"), calendar),
    )


def _recomputed(computation: dict) -> Recomputed | None:
    """The last calendar correction that moved the deadline, as its computation recorded it
    (names in every language, so the explanation reads in the reader's)."""
    recorded = computation.get("recomputed")
    if not recorded:
        return None
    names = recorded.get("names", {})
    language = (get_language() or "").split("-")[0]
    return Recomputed(
        date=dt.date.fromisoformat(recorded["date"]),
        name=names.get(language) or next((name for name in names.values() if name), ""),
        previous_due_at=dt.datetime.fromisoformat(recorded["previous_due_at"]),
    )


def explain(deadline, *, calendar: WorkingCalendar) -> Explanation:
    computation = deadline.computation
    return Explanation(
        starts_on=deadline.starts_on,
        amount=computation.get("amount", 0),
        unit=computation.get("unit", PeriodUnit.CALENDAR_DAYS),
        skipped=[
            NonWorkingDay(day, calendar.day_name(day))
            for day in map(dt.date.fromisoformat, computation.get("skipped", []))
        ],
        moved_from=_non_working_day(computation.get("moved_from"), calendar),
        due_at=deadline.due_at,
        counted_from=_counted_from(deadline, calendar),
        recomputed=_recomputed(computation),
    )
