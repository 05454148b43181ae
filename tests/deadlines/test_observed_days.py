"""An explanation names every non-working day it skipped, the observed ones too (issue 7):
Republic Day 2026 falls on Sunday 25 October and is observed on Monday 26 October."""

import datetime as dt

import holidays
import pytest
from django.utils import timezone, translation

from portal.calendar import WorkingCalendar
from portal.deadlines.computation import compute_due, explain
from portal.deadlines.models import Deadline, DeadlineRule

from .factories import almaty

pytestmark = pytest.mark.django_db

SKIPPED = {
    "en": ["Weekend", "Republic Day", "Republic Day (observed)"],
    "ru": ["Выходной день", "День Республики", "День Республики (перенесённый выходной)"],
    "kk": [
        "Демалыс күні",
        "Қазақстан Республикасы күні",
        "Қазақстан Республикасы күні (қайта белгіленген демалыс)",
    ],
}


def test_the_package_observes_republic_day_2026_on_monday():
    assert holidays.KZ(years=2026, language="en_US").get(dt.date(2026, 10, 26)) == (
        "Republic Day (observed)"
    )


def one_working_day_from_friday_23_october() -> Deadline:
    rule = DeadlineRule.objects.get(code="reference-materials")  # one working day
    due = compute_due(rule, start=almaty(2026, 10, 23, 11), calendar=WorkingCalendar())
    return Deadline(
        rule=rule, starts_on=due.starts_on, due_at=due.due_at, computation=due.computation
    )


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
def test_the_explanation_names_the_observed_day_it_skipped(language):
    deadline = one_working_day_from_friday_23_october()
    assert timezone.localtime(deadline.due_at) == almaty(2026, 10, 27, 18)
    with translation.override(language):
        explanation = explain(deadline, calendar=WorkingCalendar())
    assert [(day.date, day.name) for day in explanation.skipped] == list(
        zip(
            [dt.date(2026, 10, 24), dt.date(2026, 10, 25), dt.date(2026, 10, 26)],
            SKIPPED[language],
            strict=True,
        )
    )


def test_the_deadline_page_lists_the_observed_day(client, press_secretary, agency):
    deadline = one_working_day_from_friday_23_october()
    deadline.agency, deadline.period_key = agency, "observed-test"
    Deadline.objects.bulk_create([deadline])
    deadline = Deadline.objects.get(period_key="observed-test")
    client.force_login(press_secretary)
    with translation.override("en"):
        content = client.get(deadline.get_absolute_url()).content.decode()
    assert "25.10.2026 (Republic Day), 26.10.2026 (Republic Day (observed))" in content


def test_a_due_date_moved_off_the_observed_day_names_it():
    rule = DeadlineRule(amount=3, unit="calendar_days", time_of_day=dt.time(18, 0))
    due = compute_due(rule, start=almaty(2026, 10, 23, 11), calendar=WorkingCalendar())
    deadline = Deadline(
        rule=rule, starts_on=due.starts_on, due_at=due.due_at, computation=due.computation
    )
    with translation.override("en"):
        explanation = explain(deadline, calendar=WorkingCalendar())
    assert (explanation.moved_from.date, explanation.moved_from.name) == (
        dt.date(2026, 10, 26),
        "Republic Day (observed)",
    )
    assert timezone.localtime(deadline.due_at) == almaty(2026, 10, 27, 18)
