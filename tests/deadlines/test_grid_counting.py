"""The media-grid counts one working day from the weekly information's own due date
(004 §10, §11), so a holiday Thursday moves both, one working day apart (issue 7)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.calendar import WorkingCalendar
from portal.deadlines import services
from portal.deadlines.computation import compute_due_for_anchor
from portal.deadlines.models import Deadline, DeadlineRule
from tests.factories import AgencyFactory

from .factories import almaty

pytestmark = pytest.mark.django_db

# Thursday (a holiday) → the information's due date → the grid's.
HOLIDAY_THURSDAYS = [
    # Nauryz 21–23 March and its observed Monday: the information is due on Tuesday.
    (dt.date(2024, 3, 21), dt.date(2024, 3, 26), dt.date(2024, 3, 27)),
    # Victory Day: Friday is a working day.
    (dt.date(2024, 5, 9), dt.date(2024, 5, 10), dt.date(2024, 5, 13)),
    # New Year's days 1–2 January: Monday 5 January, and the grid on Tuesday.
    (dt.date(2026, 1, 1), dt.date(2026, 1, 5), dt.date(2026, 1, 6)),
]


def due_dates(thursday) -> dict[str, dt.date]:
    return {
        deadline.rule.code: timezone.localtime(deadline.due_at).date()
        for deadline in Deadline.objects.filter(
            period_key=thursday.isoformat(), rule__recurrence="weekly"
        ).select_related("rule")
    }


@pytest.mark.parametrize(("thursday", "information_due", "grid_due"), HOLIDAY_THURSDAYS)
def test_the_grid_falls_due_one_working_day_after_the_information(
    thursday, information_due, grid_due
):
    AgencyFactory(kind="central")
    AgencyFactory(kind="authorized")
    with time_machine.travel(almaty(thursday.year, thursday.month, thursday.day, 9), tick=False):
        services.deadlines_open_recurring()
    assert due_dates(thursday) == {"weekly-information": information_due, "media-grid": grid_due}
    calendar = WorkingCalendar()
    assert calendar.add_working_days(information_due, 1) == grid_due
    grid = Deadline.objects.get(rule__code="media-grid", period_key=thursday.isoformat())
    assert grid.starts_on == information_due
    assert timezone.localtime(grid.due_at) == almaty(
        grid_due.year, grid_due.month, grid_due.day, 18
    )
    assert grid.computation["counted_from_rule"] == "weekly-information"


@pytest.mark.parametrize(("thursday", "information_due", "grid_due"), HOLIDAY_THURSDAYS)
def test_the_pure_computation_counts_from_the_other_rules_due_date(
    thursday, information_due, grid_due
):
    calendar = WorkingCalendar()
    information = DeadlineRule.objects.get(code="weekly-information")
    grid = DeadlineRule.objects.select_related("counts_from").get(code="media-grid")
    assert grid.counts_from == information
    information_at = compute_due_for_anchor(information, anchor=thursday, calendar=calendar)
    grid_at = compute_due_for_anchor(grid, anchor=thursday, calendar=calendar)
    assert (information_at.due_at.date(), grid_at.due_at.date()) == (information_due, grid_due)


def test_an_ordinary_thursday_keeps_the_grid_on_friday():
    calendar = WorkingCalendar()
    grid = DeadlineRule.objects.get(code="media-grid")
    due = compute_due_for_anchor(grid, anchor=dt.date(2026, 3, 19), calendar=calendar)
    assert timezone.localtime(due.due_at) == almaty(2026, 3, 20, 18)


def test_a_rule_counts_only_from_a_rule_anchored_to_the_same_days():
    grid = DeadlineRule.objects.get(code="media-grid")
    grid.counts_from = DeadlineRule.objects.get(code="monthly-report")
    with pytest.raises(ValidationError) as error:
        grid.full_clean()
    assert list(error.value.message_dict) == ["counts_from"]
    information = DeadlineRule.objects.get(code="weekly-information")
    information.counts_from = grid
    with pytest.raises(ValidationError) as error:
        information.full_clean()  # the grid counts from it: no chains, no cycles
    assert list(error.value.message_dict) == ["counts_from"]
