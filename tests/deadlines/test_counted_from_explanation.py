"""A deadline counted from another rule's due date says so: the media-grid's explanation
names the weekly information it is counted from, and the day that information moved off
(004 §10, §11; issue 7)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from portal.calendar import WorkingCalendar
from portal.deadlines import services
from portal.deadlines.computation import explain
from portal.deadlines.models import Deadline
from portal.notifications.models import Notification

from .factories import almaty

pytestmark = pytest.mark.django_db

NAURYZ_2024 = (
    "Counted from the due date of «Information for the coming week» "
    "(Thu 21.03.2024, Nowruz Holiday → moved to Tue 26.03.2024)."
)
ORDINARY_THURSDAY = (
    "Counted from the due date of «Information for the coming week» (Thu 19.03.2026)."
)


def grid_of(thursday: dt.date) -> Deadline:
    """The media-grid of the authorized body (the `ministry_staff` fixture's agency)."""
    with time_machine.travel(almaty(thursday.year, thursday.month, thursday.day, 9), tick=False):
        services.deadlines_open_recurring()
    return Deadline.objects.get(rule__code="media-grid", period_key=thursday.isoformat())


def page_of(client, user, path, **query):
    client.force_login(user)
    with translation.override("en"):
        response = client.get(path, query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_grid_names_the_information_and_the_holiday_it_moved_off(client, ministry_staff):
    grid = grid_of(dt.date(2024, 3, 21))
    with translation.override("en"):
        explanation = explain(grid, calendar=WorkingCalendar())
        assert explanation.counted_from.name == "Information for the coming week"
        path = reverse("deadlines:deadline_detail", kwargs={"pk": grid.pk})
    assert explanation.counted_from.due_on == dt.date(2024, 3, 26)
    assert explanation.counted_from.moved_from.date == dt.date(2024, 3, 21)
    content = page_of(client, ministry_staff, path)
    assert NAURYZ_2024 in content
    assert "Counted from 26.03.2024." not in content


def test_an_ordinary_thursday_is_named_without_a_move(client, ministry_staff):
    grid = grid_of(dt.date(2026, 3, 19))
    with translation.override("en"):
        path = reverse("deadlines:deadline_detail", kwargs={"pk": grid.pk})
    assert ORDINARY_THURSDAY in page_of(client, ministry_staff, path)


def test_the_calculator_explains_the_grid_as_its_page_does(client, ministry_staff):
    with translation.override("en"):
        path = reverse("deadlines:deadline_calculator")
    content = page_of(
        client, ministry_staff, path, rule="media-grid", date="2024-03-21", time="09:00"
    )
    assert NAURYZ_2024 in content


def test_the_reminder_email_names_the_rule_too(ministry_staff):
    ministry_staff.preferred_language = "en"
    ministry_staff.save()
    grid = grid_of(dt.date(2024, 3, 21))
    services.deadlines_send_reminders(now=almaty(2024, 3, 27, 9))
    reminder = Notification.objects.get(recipient=ministry_staff, key__contains=f":{grid.pk}:")
    assert NAURYZ_2024 in reminder.body_text
    assert NAURYZ_2024 in reminder.body_html


def test_a_rule_anchored_to_its_own_days_still_says_where_it_counts_from(client, press_secretary):
    # Reference materials: one working day from the request itself (004 §13).
    deadline = services.deadline_open_for_event(
        rule_code="reference-materials",
        agency=press_secretary.memberships.get().agency,
        subject=press_secretary,
        start=almaty(2026, 3, 19, 10),
    )
    with translation.override("en"):
        path = reverse("deadlines:deadline_detail", kwargs={"pk": deadline.pk})
        assert explain(deadline, calendar=WorkingCalendar()).counted_from is None
    assert "Counted from 19.03.2026." in page_of(client, press_secretary, path)


def test_the_api_names_the_rule_the_grid_is_counted_from(api_client, ministry_staff):
    grid = grid_of(dt.date(2024, 3, 21))
    api_client.force_authenticate(ministry_staff)
    answer = api_client.get(f"/api/v1/deadlines/{grid.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert answer["explanation"]["counted_from"] == {
        "rule": "weekly-information",
        "rule_name": "Information for the coming week",
        "due_on": "2024-03-26",
        "moved_from": {"date": "2024-03-21", "name": "Nowruz Holiday"},
    }
