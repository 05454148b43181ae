"""The legal clock on frozen dates around weekends and holidays (002 §38–39, §45–48; SPEC §5,
§9): the due date follows from the recorded events and the rules' values."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from portal.calendar import WorkingCalendar
from requests_desk.clock import case_clock, explain
from requests_desk.queries import clock_periods

from .conftest import at

pytestmark = pytest.mark.django_db
calendar = WorkingCalendar()


def event(action, when, **data):
    return SimpleNamespace(action=action, at=when, data=data)


def clock(channel, received, *events):
    return case_clock(
        channel=channel,
        received_at=received,
        events=events,
        periods=clock_periods(),
        calendar=calendar,
    )


def due(value) -> dt.datetime:
    return timezone.localtime(value.due_at).replace(tzinfo=None)


def test_fifteen_calendar_days_ending_on_a_saturday_end_on_monday_and_say_so():
    received = at(2026, 3, 20)  # the Friday before Nauryz
    result = clock("feedback", received)
    assert due(result) == dt.datetime(2026, 4, 6, 18, 0)
    assert result.rule_code == "request-answer"
    with translation.override("en"):
        assert "; ".join(explain(result, calendar=calendar)) == (
            "received 20.03.2026; 15 calendar days; 04.04.2026 is not a working day "
            "(Weekend): the period ends on the next; due 06.04.2026, 18:00"
        )


def test_the_extension_counts_from_the_original_end_not_from_the_decision():
    received = at(2026, 3, 20)
    result = clock("feedback", received, event("extended", at(2026, 3, 27), days=10))
    assert due(result) == dt.datetime(2026, 4, 16, 18, 0)  # 06.04 + 10, a Thursday
    assert result.rule_code == "request-extension"
    assert result.extended and not result.can_still_extend
    with translation.override("en"):
        lines = explain(result, calendar=calendar)
    assert lines[2:] == [
        "extended by 10 days from the original end 06.04.2026",
        "due 16.04.2026, 18:00",
    ]


def test_only_the_first_extension_counts():
    received = at(2026, 3, 20)
    result = clock(
        "feedback",
        received,
        event("extended", at(2026, 3, 27), days=10),
        event("extended", at(2026, 3, 28), days=30),
    )
    assert due(result) == dt.datetime(2026, 4, 16, 18, 0)


def test_an_extension_ending_on_a_holiday_moves_past_it():
    # Received 15.04.2026, original end 30.04; 1 May (Friday) is a holiday, then a weekend.
    result = clock("feedback", at(2026, 4, 15), event("extended", at(2026, 4, 20), days=1))
    assert due(result) == dt.datetime(2026, 5, 4, 18, 0)


def test_fifteen_days_over_new_year_end_after_the_holidays():
    result = clock("feedback", at(2025, 12, 17))  # 01.01.2026, then 02.01 and a weekend
    assert due(result) == dt.datetime(2026, 1, 5, 18, 0)


def test_a_media_request_has_five_working_days_skipping_nauryz():
    result = clock("media", at(2026, 3, 20))
    assert due(result) == dt.datetime(2026, 4, 1, 18, 0)
    assert result.rule_code == "media-request-answer"
    with translation.override("en"):
        assert explain(result, calendar=calendar)[1] == (
            "5 working days (not counted: 21.03.2026 (Nowruz Holiday), 22.03.2026 (Nowruz "
            "Holiday), 23.03.2026 (Nowruz Holiday), 24.03.2026 (Nowruz Holiday (observed)), "
            "25.03.2026 (Nowruz Holiday (observed)), 28.03.2026 (Weekend), 29.03.2026 (Weekend))"
        )


def test_a_media_request_over_the_may_holidays():
    # 1 May, 7 May (Defender of the Fatherland Day), 9 May on a Saturday moved to Monday 11.
    result = clock("media", at(2026, 4, 30))
    assert due(result) == dt.datetime(2026, 5, 12, 18, 0)


def test_a_decree_transfer_counts_the_working_sunday():
    # 3 January 2025 off, Sunday 5 January 2025 worked (a decree transfer).
    result = clock("media", at(2024, 12, 31))
    assert due(result) == dt.datetime(2025, 1, 10, 18, 0)


def test_a_media_request_is_extended_by_at_most_fifteen_days():
    result = clock("media", at(2026, 3, 20), event("extended", at(2026, 3, 26), days=15))
    assert result.extension_limit == 15
    assert due(result) == dt.datetime(2026, 4, 16, 18, 0)  # 01.04 + 15


def test_blog_questions_move_through_their_three_stages():
    received = at(2026, 3, 2)
    first = clock("blog", received)
    assert (due(first), first.rule_code) == (dt.datetime(2026, 3, 12, 18, 0), "blog-unit-answer")
    assert first.extension_limit == 0 and not first.can_still_extend
    edited = clock("blog", received, event("drafted", at(2026, 3, 10)))
    assert (due(edited), edited.rule_code) == (dt.datetime(2026, 3, 12, 18, 0), "blog-press-edit")
    # Approved on Friday 20 March: one day ends on Saturday 21 (Nauryz): the next working day.
    approved = clock(
        "blog", received, event("drafted", at(2026, 3, 10)), event("approved", at(2026, 3, 20))
    )
    assert (due(approved), approved.rule_code) == (
        dt.datetime(2026, 3, 26, 18, 0),
        "blog-publication",
    )


def test_a_request_outside_the_competence_is_redirected_within_three_working_days():
    result = clock("feedback", at(2026, 3, 20))
    assert timezone.localtime(result.redirect_due_at).date() == dt.date(2026, 3, 30)


def test_closing_stops_the_clock_and_later_events_change_nothing():
    result = clock(
        "feedback",
        at(2026, 3, 20),
        event("answered", at(2026, 3, 25)),
        event("extended", at(2026, 3, 26), days=10),
    )
    assert result.stopped and not result.extended
    assert due(result) == dt.datetime(2026, 4, 6, 18, 0)


def test_a_partial_redirection_leaves_the_clock_running():
    result = clock("feedback", at(2026, 3, 20), event("redirected", at(2026, 3, 24), part=True))
    assert not result.stopped
    whole = clock("feedback", at(2026, 3, 20), event("redirected", at(2026, 3, 24), part=False))
    assert whole.stopped
