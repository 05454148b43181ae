"""Kazakhstan's working-day calendar.

The `holidays` package knows the statutory holidays, the carry-over of holidays that fall on
a weekend, and the transfers of days off with the working Saturdays that pay for them. The
government announces some transfers later than any package release: administrators enter
those as `CalendarCorrection` rows, which win over the package.

`WorkingCalendar` is pure: it is built once from the corrections (one query, in
`working_calendar()`) and then answers without touching the database.
"""

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import cached_property

import holidays
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext, gettext_lazy, gettext_noop

# The years the portal counts in: every date a user or a client gives it (a filter, a start)
# must fall in them, so that no date arithmetic near year 1 or 9999 can overflow.
FIRST_YEAR = 1995
LAST_YEAR = 2100

# English names of the package's Kazakhstan holidays, so that makemessages collects them for
# Russian (the package speaks Kazakh and English itself, but not Russian).
HOLIDAY_NAMES = (
    gettext_noop("New Year's Day"),
    gettext_noop("Orthodox Christmas"),
    gettext_noop("International Women's Day"),
    gettext_noop("Nowruz Holiday"),
    gettext_noop("Kazakhstan's People Solidarity Holiday"),
    gettext_noop("Defender of the Fatherland Day"),
    gettext_noop("Victory Day"),
    gettext_noop("Capital Day"),
    gettext_noop("Constitution Day"),
    gettext_noop("Republic Day"),
    gettext_noop("Independence Day"),
    gettext_noop("Eid al-Adha"),
    gettext_noop("Day of the First President of the Republic of Kazakhstan"),
)
_SUBSTITUTED = re.compile(r"^Day off \(substituted from (\d\d)/(\d\d)/(\d{4})\)$")
_SUFFIXES = {
    " (observed)": gettext_noop("%s (observed)"),
    " (estimated)": gettext_noop("%s (estimated)"),
}


def _english_to_local(name: str) -> str:
    """Translate one English holiday name of the package through the portal's catalogue."""
    if match := _SUBSTITUTED.match(name):
        month, day, year = match.groups()
        return gettext("Day off (moved from %s)") % f"{day}.{month}.{year}"
    for suffix, pattern in _SUFFIXES.items():
        if name.endswith(suffix):
            return gettext(pattern) % _english_to_local(name.removesuffix(suffix))
    return gettext(name)


def validate_calendar_date(value: dt.date) -> None:
    """Refuse a date outside the years FIRST_YEAR to LAST_YEAR, naming them."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(
            gettext_lazy("Enter a date in the years %(first)s to %(last)s."),
            code="date_range",
            params={"first": FIRST_YEAR, "last": LAST_YEAR},
        )


@dataclass(frozen=True)
class NonWorkingDay:
    date: dt.date
    name: str


@dataclass
class WorkingCalendar:
    """Kazakhstan's calendar plus the administrator's corrections.

    `extra_days_off` and `extra_working_days` map a date to its name in the current language.
    """

    extra_days_off: dict[dt.date, str] = field(default_factory=dict)
    extra_working_days: dict[dt.date, str] = field(default_factory=dict)

    @cached_property
    def _statutory(self):
        return holidays.KZ(language="en_US")

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return self._statutory.is_working_day(day)

    def add_calendar_days(self, start: dt.date, days: int) -> dt.date:
        return start + dt.timedelta(days=days)

    def next_working_day(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The working day that ends a period of `days` working days counted after `start`.

        The day of receipt is not counted: a request received on Friday with one working day
        to answer is due on Monday (or later, if Monday is a holiday).
        """
        if days < 0:
            raise ValueError("days must not be negative")
        day = start
        for _ in range(days):
            day = self.next_working_day(day + dt.timedelta(days=1))
        return day

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The day itself when it is a working day, else the last working day before it."""
        while not self.is_working_day(day):
            day -= dt.timedelta(days=1)
        return day

    def working_days_before(self, end: dt.date, days: int) -> dt.date:
        """The latest day that leaves `days` full working days before `end`."""
        if days < 0:
            raise ValueError("days must not be negative")
        day = end
        for _ in range(days):
            day = self.previous_working_day(day - dt.timedelta(days=1))
        return day

    def skipped_days(self, start: dt.date, end: dt.date) -> list["NonWorkingDay"]:
        """Non-working days after `start` up to `end` (either order), named: how a due date
        was reached."""
        start, end = min(start, end), max(start, end)
        days, day = [], start + dt.timedelta(days=1)
        while day <= end:
            if not self.is_working_day(day):
                days.append(NonWorkingDay(day, self.day_name(day)))
            day += dt.timedelta(days=1)
        return days

    def day_name(self, day: dt.date) -> str:
        if day in self.extra_days_off:
            return self.extra_days_off[day]
        if day in self.extra_working_days:
            return self.extra_working_days[day]
        if name := self._statutory.get(day):
            return self._localized_name(day, name)
        return gettext("Weekend")

    def non_working_days(self, year: int) -> list[NonWorkingDay]:
        """Every day of `year` that is not a working day, with its name."""
        day, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        days = []
        while day <= last:
            if not self.is_working_day(day):
                days.append(NonWorkingDay(day, self.day_name(day)))
            day += dt.timedelta(days=1)
        return days

    def _localized_name(self, day: dt.date, english: str) -> str:
        if (get_language() or "").startswith("kk"):
            return self._statutory_kk.get(day, english)
        names = [_english_to_local(part) for part in english.split("; ")]
        return "; ".join(names)

    @cached_property
    def _statutory_kk(self):
        return holidays.KZ(language="kk")


def working_calendar() -> WorkingCalendar:
    """The calendar with the administrator's corrections, named in the active language."""
    from .directory.choices import CalendarCorrectionKind
    from .directory.models import CalendarCorrection

    calendar = WorkingCalendar()
    for correction in CalendarCorrection.objects.all():
        target = (
            calendar.extra_days_off
            if correction.kind == CalendarCorrectionKind.DAY_OFF
            else calendar.extra_working_days
        )
        target[correction.date] = correction.name
    return calendar
