"""ISO weeks, as the weekly information counts them (004 §10): a week is known by its Monday
and written "2026-W50"; its information is due on the Thursday before that Monday (the
`weekly-information` rule's anchor, `portal/deadlines/migrations/0002_default_rules.py`).

Pure: no database, no request. The years are the calendar's (`portal.calendar`, 1995–2100).
"""

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.calendar import FIRST_YEAR, LAST_YEAR

# ASCII digits only ("٢٠٢٦" would pass \d); the week number always has two digits.
WEEK_REGEX = "[0-9]{4}-W[0-9]{2}"
_PARTS = re.compile(r"^([0-9]{4})-W([0-9]{2})$")
# The information for a week is due this many days before its Monday: the Thursday before.
DUE_DAYS_BEFORE = 4


def parse_week(text: str) -> dt.date:
    """The Monday of the ISO week "YYYY-Www"; ValueError when it is malformed, names a week
    the year does not have (W00, W53 of a 52-week year) or lies outside 1995–2100."""
    match = _PARTS.match(text or "")
    if match is None:
        raise ValueError(f"not an ISO week: {text!r}")
    year, week = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"outside {FIRST_YEAR}–{LAST_YEAR}: {text!r}")
    return dt.date.fromisocalendar(year, week, 1)  # ValueError for a week the year lacks


def week_label(monday: dt.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def coming_week(today: dt.date | None = None) -> dt.date:
    """The Monday of the week after `today`'s: the week whose information is due this week."""
    today = today or timezone.localdate()
    return monday_of(today) + dt.timedelta(days=7)


def due_anchor(monday: dt.date) -> dt.date:
    """The Thursday before `monday`, the anchor (and `period_key`) of the week's deadline."""
    return monday - dt.timedelta(days=DUE_DAYS_BEFORE)


def week_bounds(monday: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Midnight starting the Monday and the next Monday, Astana time: an event belongs to
    the week it starts in."""
    start = timezone.make_aware(dt.datetime.combine(monday, dt.time.min))
    end = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min))
    return start, end


def validate_week_start(monday: dt.date) -> None:
    """A week is given by its Monday, in the calendar's years."""
    if monday.weekday() != 0:
        raise ValidationError(_("A week starts on a Monday."), code="week_start")
    if not FIRST_YEAR <= monday.isocalendar()[0] <= LAST_YEAR:
        raise ValidationError(
            _("Enter a week in the years %(first)s to %(last)s."),
            code="week_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


class WeekConverter:
    """`<week:week>` in a URL: "2026-W50" ↔ the date of its Monday. A malformed or
    impossible week does not match, so the address answers 404."""

    regex = WEEK_REGEX

    def to_python(self, value: str) -> dt.date:
        return parse_week(value)

    def to_url(self, value: dt.date) -> str:
        return week_label(value)
