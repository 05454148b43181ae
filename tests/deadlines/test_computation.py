import datetime as dt

import pytest
from django.utils import timezone, translation

from portal.calendar import WorkingCalendar
from portal.deadlines.computation import anchors, compute_due, explain
from portal.deadlines.models import Deadline, DeadlineRule

calendar = WorkingCalendar()


def at(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def rule(**fields):
    defaults = {"amount": 0, "unit": "calendar_days", "time_of_day": dt.time(18, 0)}
    return DeadlineRule(**{**defaults, **fields})


def test_one_working_day_from_the_friday_before_nauryz_is_the_thursday_after():
    due = compute_due(rule(amount=1, unit="working_days"), start=at(2026, 3, 20), calendar=calendar)
    assert due.due_at == timezone.make_aware(dt.datetime(2026, 3, 26, 18, 0))
    assert due.computation["skipped"] == [
        "2026-03-21",
        "2026-03-22",
        "2026-03-23",
        "2026-03-24",
        "2026-03-25",
    ]


def test_fifteen_calendar_days_that_end_on_a_holiday_move_to_the_next_working_day():
    due = compute_due(rule(amount=15), start=at(2026, 3, 8), calendar=calendar)
    assert due.due_at.date() == dt.date(2026, 3, 26)
    assert due.computation["moved_from"] == "2026-03-23"


def test_calendar_days_need_not_move_when_the_rule_says_so():
    due = compute_due(
        rule(amount=15, move_to_working_day=False), start=at(2026, 3, 8), calendar=calendar
    )
    assert due.due_at.date() == dt.date(2026, 3, 23)


def test_counting_back_two_working_days_before_a_publication_after_nauryz():
    due = compute_due(
        rule(amount=-2, unit="working_days"), start=at(2026, 3, 26), calendar=calendar
    )
    assert due.due_at.date() == dt.date(2026, 3, 19)


def test_hours_keep_the_time_of_day():
    due = compute_due(rule(amount=4, unit="hours"), start=at(2026, 11, 20, 10), calendar=calendar)
    assert timezone.localtime(due.due_at) == timezone.make_aware(dt.datetime(2026, 11, 20, 14))


def test_first_of_december_2025_is_a_monday_and_stays():
    submission = rule(recurrence="dates", months=[12], day_of_month=1)
    [anchor] = anchors(submission, first=dt.date(2025, 11, 1), last=dt.date(2025, 12, 31))
    due = compute_due(
        submission,
        start=timezone.make_aware(dt.datetime.combine(anchor, dt.time.min)),
        calendar=calendar,
    )
    assert due.due_at == timezone.make_aware(dt.datetime(2025, 12, 1, 18, 0))


def test_day_31_means_the_last_day_of_shorter_months():
    quarterly = rule(recurrence="dates", months=[3, 6, 9, 12], day_of_month=31)
    assert anchors(quarterly, first=dt.date(2026, 1, 1), last=dt.date(2026, 12, 31)) == [
        dt.date(2026, 3, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 9, 30),
        dt.date(2026, 12, 31),
    ]


def test_weekly_anchors_are_thursdays():
    weekly = rule(recurrence="weekly", weekday=3)
    assert anchors(weekly, first=dt.date(2026, 3, 16), last=dt.date(2026, 3, 31)) == [
        dt.date(2026, 3, 19),
        dt.date(2026, 3, 26),
    ]


def test_event_rules_have_no_anchors():
    assert (
        anchors(rule(recurrence="event"), first=dt.date(2026, 1, 1), last=dt.date(2026, 12, 31))
        == []
    )


@pytest.mark.parametrize(
    ("language", "name"),
    [("kk", "Наурыз мейрамы"), ("ru", "Наурыз мейрамы"), ("en", "Nowruz Holiday")],
)
def test_explanation_names_the_skipped_days_in_the_language(language, name):
    reference = rule(amount=1, unit="working_days")
    due = compute_due(reference, start=at(2026, 3, 20), calendar=calendar)
    deadline = Deadline(
        rule=reference, starts_on=due.starts_on, due_at=due.due_at, computation=due.computation
    )
    with translation.override(language):
        explanation = explain(deadline, calendar=calendar)
        assert [day.name for day in explanation.skipped][0] == name
    assert explanation.starts_on == dt.date(2026, 3, 20)
    assert (explanation.count, explanation.is_before) == (1, False)
