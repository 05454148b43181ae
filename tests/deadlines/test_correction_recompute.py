"""A calendar correction reaches every open deadline counted over its day (issue 10 item 4;
SPEC §9): the due date moves, the explanation and the history say why, done work stays."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from portal.calendar import working_calendar
from portal.deadlines import services, tasks
from portal.deadlines.computation import explain
from portal.deadlines.models import Deadline, DeadlineEvent
from portal.deadlines.signals import deadlines_recomputed
from portal.directory.choices import CalendarCorrectionKind
from portal.directory.models import CalendarCorrection
from portal.directory.services import calendar_correction_delete, calendar_correction_save
from tests.factories import UserFactory

from .factories import almaty

pytestmark = pytest.mark.django_db

NAMES = {"kk": "Ауыстырылған демалыс", "ru": "Перенесённый выходной", "en": "Transferred day off"}


@pytest.fixture(autouse=True)
def _celery_inline(monkeypatch):
    """The task runs where the commit happens, as the worker would run it just after."""
    monkeypatch.setattr(tasks.recompute_for_correction, "delay", tasks.recompute_for_correction)


def correction(date, kind=CalendarCorrectionKind.DAY_OFF) -> CalendarCorrection:
    return CalendarCorrection(
        date=date, kind=kind, name_kk=NAMES["kk"], name_ru=NAMES["ru"], name_en=NAMES["en"]
    )


def save(django_capture_on_commit_callbacks, entry):
    with django_capture_on_commit_callbacks(execute=True):
        return calendar_correction_save(entry)


def opened(rule_code, agency, start, **kwargs) -> Deadline:
    return services.deadline_open_for_event(
        rule_code=rule_code, agency=agency, subject=UserFactory(), start=start, **kwargs
    )


def local_due(deadline) -> dt.datetime:
    deadline.refresh_from_db()
    return deadline.due_at


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_a_day_off_around_the_may_holidays_moves_an_open_media_request_by_one_working_day(
    agency, django_capture_on_commit_callbacks
):
    # Received Monday 4 May: 5 working days skip 7 May, the weekend and 11 May → 13 May.
    deadline = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    assert deadline.due_at == almaty(2026, 5, 13, 18)

    save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 6)))

    assert local_due(deadline) == almaty(2026, 5, 14, 18)
    with translation.override("en"):
        explanation = explain(deadline, calendar=working_calendar())
        assert explanation.recomputed.name == "Transferred day off"
        assert explanation.recomputed.date == dt.date(2026, 5, 6)
        assert explanation.recomputed.previous_due_at == almaty(2026, 5, 13, 18)
    assert dt.date(2026, 5, 6) in [day.date for day in explanation.skipped]
    (event,) = DeadlineEvent.objects.filter(deadline=deadline)
    assert (event.action, event.actor) == ("recomputed", None)
    assert "06.05.2026" in event.comment and "14.05.2026 18:00" in event.comment


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_the_deadline_page_says_the_due_date_was_recomputed_and_why(
    client, press_secretary, agency, django_capture_on_commit_callbacks
):
    deadline = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 6)))
    client.force_login(press_secretary)
    with translation.override("en"):
        page = client.get(reverse("deadlines:deadline_detail", args=[deadline.pk]))
        api = client.get(f"/api/v1/deadlines/{deadline.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()
    assert "Recomputed because of the calendar correction" in text
    assert "Transferred day off" in text and "06.05.2026" in text
    assert "13.05.2026 18:00" in text  # what it was due before
    assert api.json()["explanation"]["recomputed"] == {
        "date": "2026-05-06",
        "name": "Transferred day off",
        "previous_due_at": "2026-05-13T18:00:00+05:00",
    }


@pytest.mark.time_machine(almaty(2026, 3, 16, 10), tick=False)
def test_a_working_day_in_nauryz_moves_a_material_counted_back_from_publication(
    agency, django_capture_on_commit_callbacks
):
    # Publication Friday 27 March: two working days back skip Nauryz (21–25 March) → 20 March.
    deadline = opened("website-material", agency, almaty(2026, 3, 27, 9))
    assert deadline.due_at == almaty(2026, 3, 20, 18)

    save(
        django_capture_on_commit_callbacks,
        correction(dt.date(2026, 3, 25), CalendarCorrectionKind.WORKING_DAY),
    )

    assert local_due(deadline) == almaty(2026, 3, 25, 18)


@pytest.mark.time_machine(almaty(2026, 12, 17, 10), tick=False)
def test_a_day_off_after_new_year_moves_a_period_that_ends_on_the_holidays(
    agency, django_capture_on_commit_callbacks
):
    # 15 calendar days from 17 December end on 1 January 2027, a holiday, and move to the
    # next working day, 5 January (2 January, the weekend and 4 January are off too).
    deadline = opened("request-answer", agency, almaty(2026, 12, 17, 10))
    assert deadline.due_at == almaty(2027, 1, 5, 18)

    save(django_capture_on_commit_callbacks, correction(dt.date(2027, 1, 5)))

    assert local_due(deadline) == almaty(2027, 1, 6, 18)
    assert deadline.computation["moved_from"] == "2027-01-01"


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_done_and_waived_deadlines_and_days_outside_the_period_are_untouched(
    agency, press_secretary, django_capture_on_commit_callbacks
):
    done = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    services.deadline_complete(deadline=done, by=press_secretary)
    waived = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    services.deadline_waive(deadline=waived, by=press_secretary, reason="Cancelled")
    later = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))

    save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 6)))
    assert local_due(later) == almaty(2026, 5, 14, 18)
    # A day after every due date changes nothing.
    save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 20)))

    for deadline in (done, waived):
        assert local_due(deadline) == almaty(2026, 5, 13, 18)
        assert "recomputed" not in deadline.computation
        assert not DeadlineEvent.objects.filter(deadline=deadline, action="recomputed").exists()
    assert DeadlineEvent.objects.filter(deadline=later, action="recomputed").count() == 1


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_running_the_recomputation_twice_changes_nothing_the_second_time(
    agency, django_capture_on_commit_callbacks
):
    deadline = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 6)))
    deadline.refresh_from_db()
    stored = (deadline.due_at, deadline.computation, deadline.updated_at)

    again = services.deadlines_recompute_for_correction(dates=["2026-05-06"], names=NAMES)

    assert again == 0
    deadline.refresh_from_db()
    assert (deadline.due_at, deadline.computation, deadline.updated_at) == stored
    assert DeadlineEvent.objects.filter(deadline=deadline).count() == 1


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_moving_a_correction_to_another_day_and_deleting_it_count_both_days_again(
    agency, django_capture_on_commit_callbacks
):
    deadline = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    entry = save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 6)))
    assert local_due(deadline) == almaty(2026, 5, 14, 18)

    entry.date = dt.date(2026, 5, 25)  # after the due date: the 6th is a working day again
    save(django_capture_on_commit_callbacks, entry)
    assert local_due(deadline) == almaty(2026, 5, 13, 18)

    entry.date = dt.date(2026, 5, 12)
    save(django_capture_on_commit_callbacks, entry)
    assert local_due(deadline) == almaty(2026, 5, 14, 18)
    assert deadline.computation["recomputed"]["date"] == "2026-05-12"  # where it is now

    with django_capture_on_commit_callbacks(execute=True):
        calendar_correction_delete(entry)
    assert local_due(deadline) == almaty(2026, 5, 13, 18)
    assert deadline.computation["recomputed"]["date"] == "2026-05-12"
    assert DeadlineEvent.objects.filter(deadline=deadline).count() == 4


@pytest.mark.time_machine(almaty(2026, 5, 13, 19), tick=False)
def test_an_overdue_deadline_whose_period_grows_past_now_is_open_again(
    agency, django_capture_on_commit_callbacks
):
    deadline = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    services.deadlines_mark_overdue()
    deadline.refresh_from_db()
    assert deadline.state == "overdue"

    save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 6)))

    deadline.refresh_from_db()
    assert (deadline.state, deadline.due_at) == ("open", almaty(2026, 5, 14, 18))


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_an_administrator_entering_a_correction_in_the_admin_moves_the_deadline(
    client, agency, django_capture_on_commit_callbacks
):
    deadline = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:portal_calendarcorrection_add"),
            {"date": "2026-05-06", "kind": "day_off", "decree": "", **_names()},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert local_due(deadline) == almaty(2026, 5, 14, 18)

    entry = CalendarCorrection.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:portal_calendarcorrection_delete", args=[entry.pk]), {"post": "yes"}
        )
    assert not CalendarCorrection.objects.exists()
    assert local_due(deadline) == almaty(2026, 5, 13, 18)


def _names() -> dict:
    return {f"name_{code}": name for code, name in NAMES.items()}


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_apps_that_keep_a_due_date_hear_which_deadlines_moved(
    agency, django_capture_on_commit_callbacks
):
    deadline = opened("media-request-answer", agency, almaty(2026, 5, 4, 10))
    heard = []

    def receiver(sender, deadlines, **kwargs):
        heard.extend((moved.pk, moved.due_at) for moved in deadlines)

    deadlines_recomputed.connect(receiver)
    try:
        save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 6)))
    finally:
        deadlines_recomputed.disconnect(receiver)
    assert heard == [(deadline.pk, almaty(2026, 5, 14, 18))]


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_a_per_case_amount_replaces_the_rules_period_and_is_explained(agency):
    # An extension of 10 of the head's 30 days, counted from the original end (002 §39).
    original_end = almaty(2026, 5, 19, 18)
    extended = opened("request-extension", agency, original_end, amount=10)
    assert extended.due_at == almaty(2026, 5, 29, 18)
    assert (extended.starts_on, extended.computation["amount"]) == (dt.date(2026, 5, 19), 10)
    assert explain(extended, calendar=working_calendar()).count == 10
    # Without it, the rule's own 30 days.
    default = opened("request-extension", agency, original_end)
    assert default.due_at == almaty(2026, 6, 18, 18)


@pytest.mark.time_machine(almaty(2026, 5, 4, 10), tick=False)
def test_a_per_case_amount_is_kept_when_the_deadline_is_counted_again(
    agency, django_capture_on_commit_callbacks
):
    extended = opened("media-request-extension-notice", agency, almaty(2026, 5, 4, 10), amount=3)
    # 3 working days: 5, 6, 8 May → due 8 May; a day off on the 6th → 12 May.
    assert extended.due_at == almaty(2026, 5, 8, 18)
    save(django_capture_on_commit_callbacks, correction(dt.date(2026, 5, 6)))
    assert local_due(extended) == almaty(2026, 5, 12, 18)
    assert extended.computation["amount"] == 3
