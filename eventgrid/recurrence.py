"""Repeat rules of events (issue 8, item 1), without the database: the Repeat fieldset's
choices as an RFC 5545 RRULE body and back, and the starts a rule gives, listed by
python-dateutil's rrule (`rrulestr` and the excluded dates as EXDATE).

A rule is read in the portal's time zone (settings.TIME_ZONE, Asia/Almaty) as floating
local time: a briefing repeated at 10:00 stays at 10:00 on the wall clock whatever the
offset of each day, and UNTIL is written in that local time too (the last second of the
day the series ends on), never in UTC. The first start is the first occurrence of its
rule (RFC 5545: DTSTART is the first instance), so a rule that skips its own start is
refused rather than quietly starting later. A monthly rule repeats on the start's day of
the month (BYMONTHDAY): a series from the 31st skips the months that have no 31st, as the
RFC says. Excluded dates are local days.

Every rule is bounded (COUNT or UNTIL), gives at most MAX_OCCURRENCES events, all within
two years of the first, each ending before the next starts and lasting at most
`models.MAX_DURATION`, so a mistake cannot make hundreds of events."""

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from dateutil.rrule import rrulestr
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from portal.calendar import LAST_YEAR

from .choices import RepeatFrequency
from .models import MAX_DURATION

MAX_OCCURRENCES = 100
MAX_YEARS = 2
MAX_INTERVAL = 52
FREQUENCIES = {
    RepeatFrequency.DAILY: "DAILY",
    RepeatFrequency.WEEKLY: "WEEKLY",
    RepeatFrequency.MONTHLY: "MONTHLY",
}
# RFC 5545's weekdays, in Python's order (Monday is 0).
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# What a rule may say: what the fieldset writes, and BYMONTHDAY.
PARTS = ("FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL")
UNTIL_FORMAT = "%Y%m%dT%H%M%S"


@dataclass(frozen=True)
class Repeat:
    """The Repeat fieldset's choices: every `interval` days, weeks or months (on
    `weekdays`, RFC codes "MO" … "SU", for a weekly rule; none: the start's weekday),
    ending after `count` events or on the day `until`."""

    frequency: str
    interval: int = 1
    weekdays: tuple[str, ...] = ()
    count: int | None = None
    until: dt.date | None = None


def rule_text(repeat: Repeat) -> str:
    """The RRULE body of the choices: "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10"."""
    parts = [f"FREQ={FREQUENCIES[repeat.frequency]}"]
    if repeat.interval != 1:
        parts.append(f"INTERVAL={repeat.interval}")
    if repeat.frequency == RepeatFrequency.WEEKLY and repeat.weekdays:
        days = [code for code in WEEKDAYS if code in repeat.weekdays]
        parts.append("BYDAY=" + ",".join(days))
    if repeat.count is not None:
        parts.append(f"COUNT={repeat.count}")
    elif repeat.until is not None:
        parts.append("UNTIL=" + _day_end(repeat.until).strftime(UNTIL_FORMAT))
    return ";".join(parts)


def rule_parts(rule: str) -> dict[str, str]:
    """The rule's parts by name, refused (by name) when the portal does not read them."""
    parts = {}
    for item in (rule or "").strip().strip(";").split(";"):
        name, equals, value = item.partition("=")
        name = name.strip().upper()
        if not equals or name not in PARTS or name in parts or not value.strip():
            raise _error(
                "rule",
                _("“%(part)s” is not a part of a repeat rule the portal reads."),
                part=item[:40],
            )
        parts[name] = value.strip().upper()
    return parts


def repeat_of(rule: str) -> Repeat:
    """The fieldset's choices for a stored rule (its BYMONTHDAY is the start's day)."""
    parts = rule_parts(rule)
    frequency = {code: key for key, code in FREQUENCIES.items()}[parts["FREQ"]]
    until = None
    if "UNTIL" in parts:
        until = dt.datetime.strptime(parts["UNTIL"][:8], "%Y%m%d").date()
    return Repeat(
        frequency=frequency,
        interval=int(parts.get("INTERVAL", 1)),
        weekdays=tuple(day for day in parts.get("BYDAY", "").split(",") if day),
        count=int(parts["COUNT"]) if "COUNT" in parts else None,
        until=until,
    )


def rule_ending_before(rule: str, moment: dt.datetime) -> str:
    """The rule cut so that its last occurrence starts before `moment` (a series split at
    one of its events: UNTIL one second before it, in local time)."""
    parts = rule_parts(rule)
    parts.pop("COUNT", None)
    parts["UNTIL"] = (local(moment) - dt.timedelta(seconds=1)).strftime(UNTIL_FORMAT)
    return _joined(parts)


def rule_with_count(rule: str, count: int) -> str:
    """The rule ending after `count` events (it had a COUNT)."""
    parts = rule_parts(rule)
    parts["COUNT"] = str(count)
    return _joined(parts)


def rule_count(rule: str) -> int | None:
    count = rule_parts(rule).get("COUNT")
    return int(count) if count is not None else None


def instances_before(*, rule: str, first_starts_at: dt.datetime, moment: dt.datetime) -> int:
    """How many instances of the rule (excluded days counted, as COUNT counts them) start
    before `moment`."""
    start, end = local(first_starts_at).replace(microsecond=0), local(moment)
    instances = rrulestr(rule, dtstart=start)
    return sum(1 for _start in itertools.takewhile(lambda s: s < end, instances))


def occurrences(
    *,
    rule: str,
    first_starts_at: dt.datetime,
    duration: dt.timedelta,
    excluded_dates: Iterable[dt.date] = (),
) -> list[dt.datetime]:
    """The starts (aware, in the portal's time zone) of the events `rule` gives from
    `first_starts_at`, without the `excluded_dates`; ValidationError, keyed by the field
    at fault ("rule", "excluded_dates", "ends_at"), when the rule is unbounded, unreadable,
    too long, skips its own start or gives no event."""
    parts = rule_parts(rule)
    if parts.get("FREQ") not in FREQUENCIES.values():
        raise _error("rule", _("A repeat rule repeats daily, weekly or monthly."))
    if ("COUNT" in parts) == ("UNTIL" in parts):
        raise _error(
            "rule", _("A repeat rule ends: after a number of events or on a date, one of them.")
        )
    for name, low, high in (("COUNT", 1, MAX_OCCURRENCES), ("INTERVAL", 1, MAX_INTERVAL)):
        if name in parts and not (parts[name].isdigit() and low <= int(parts[name]) <= high):
            raise _error(
                "rule",
                _("%(name)s is a whole number from %(low)d to %(high)d."),
                name=name,
                low=low,
                high=high,
            )
    start = local(first_starts_at).replace(microsecond=0)  # as rrule reads it
    try:
        rule_set = rrulestr(_joined(parts), dtstart=start, forceset=True)
        instances = list(itertools.islice(rule_set, MAX_OCCURRENCES + 1))
    except (ValueError, TypeError, OverflowError):
        raise _error(
            "rule", _("“%(rule)s” is not a repeat rule the portal reads."), rule=rule[:100]
        ) from None
    if not instances or instances[0] != start:
        raise _error(
            "rule",
            _(
                "The first event, on %(day)s, is not a day of its repeat rule: choose its "
                "weekday too, or move its start to one of the rule's days."
            ),
            day=_day(start.date()),
        )
    if len(instances) > MAX_OCCURRENCES:
        raise _error(
            "rule",
            _("A repeating event has at most %(max)d occurrences; this rule gives more."),
            max=MAX_OCCURRENCES,
        )
    if instances[-1] >= _years_later(start, MAX_YEARS) or instances[-1].year > LAST_YEAR:
        raise _error(
            "rule",
            _("A repeating event's occurrences all start within %(years)d years of the first."),
            years=MAX_YEARS,
        )
    excluded = set(excluded_dates)
    days = {instance.date() for instance in instances}
    strangers = sorted(excluded - days)
    if strangers:
        raise _error(
            "excluded_dates",
            _("No event of the rule falls on %(days)s: exclude only days of the series."),
            days=", ".join(_day(day) for day in strangers),
        )
    for day in excluded:
        rule_set.exdate(dt.datetime.combine(day, start.time()))
    kept = [instance for instance in instances if instance.date() not in excluded]
    if not kept:
        raise _error("excluded_dates", _("Every event of the rule is excluded: none is left."))
    if not dt.timedelta(0) < duration <= MAX_DURATION:
        raise _error(
            "ends_at",
            _("Each event must end after it starts and last at most %(days)d days."),
            days=MAX_DURATION.days,
        )
    gaps = [later - earlier for earlier, later in itertools.pairwise(kept)]
    if gaps and duration > min(gaps):
        raise _error("ends_at", _("Each event of the series must end before the next one starts."))
    tz = timezone.get_default_timezone()
    return [timezone.make_aware(instance, tz) for instance in rule_set]


def local(moment: dt.datetime) -> dt.datetime:
    """`moment` on the portal's wall clock, without a zone (how rules are read)."""
    return timezone.localtime(moment, timezone.get_default_timezone()).replace(tzinfo=None)


def aware(wall_clock: dt.datetime) -> dt.datetime:
    return timezone.make_aware(wall_clock, timezone.get_default_timezone())


def shifted(moment: dt.datetime, by: dt.timedelta) -> dt.datetime:
    """`moment` moved by `by` on the wall clock (a series moved from 10:00 to 11:00 is at
    11:00 on every day, whatever its offset)."""
    return aware(local(moment) + by)


def dates_as_json(dates: Iterable[dt.date]) -> list[str]:
    """Excluded dates as `EventRecurrence.excluded_dates` stores them: unique ISO days."""
    return sorted({day.isoformat() for day in dates})


def dates_of_json(values: Iterable[str]) -> list[dt.date]:
    return sorted(dt.date.fromisoformat(value) for value in values)


def _joined(parts: dict[str, str]) -> str:
    return ";".join(f"{name}={parts[name]}" for name in PARTS if name in parts)


def _day_end(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(23, 59, 59))


def _years_later(moment: dt.datetime, years: int) -> dt.datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, month=3, day=1)


def _day(day: dt.date) -> str:
    return date_format(day, "d.m.Y")


def _error(field: str, message, **params) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=field, params=params or None)})
