"""The deadline sweeps at known moments: the Thursday before Nauryz 2026 and the Sunday
before the 1 December 2025 media-plan submission."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from portal.deadlines import services
from portal.deadlines.models import Deadline, DeadlineReminder
from portal.directory.choices import Role
from portal.notifications.models import Notification
from portal.notifications.services import notifications_deliver
from tests.factories import AgencyFactory, MembershipFactory, SpokespersonFactory, UserFactory

ALMATY = dt.timezone(dt.timedelta(hours=5))


def moment(*args):
    return dt.datetime(*args, tzinfo=ALMATY)


@pytest.fixture
def people(db):
    """An agency with a press secretary (Russian) and a head (Kazakh), and the ministry's
    staff (English) at the authorized body."""
    agency = AgencyFactory(kind="central", short_name_en="MoH")
    ministry = AgencyFactory(kind="authorized")
    press = UserFactory(preferred_language="ru", email="press@gov.kz")
    head = UserFactory(preferred_language="kk", email="head@gov.kz")
    staff = UserFactory(preferred_language="en", email="staff@mci.gov.kz")
    MembershipFactory(user=press, agency=agency, role=Role.PRESS_SECRETARY)
    MembershipFactory(user=head, agency=agency, role=Role.AGENCY_HEAD)
    MembershipFactory(user=staff, agency=ministry, role=Role.AUTHORIZED_STAFF)
    return {"agency": agency, "ministry": ministry, "press": press, "head": head, "staff": staff}


def sweep_at(*args):
    with time_machine.travel(moment(*args), tick=False):
        return services.deadlines_sweep()


def due_dates(agency):
    return sorted(
        (deadline.rule.code, timezone.localtime(deadline.due_at).strftime("%Y-%m-%d %H:%M"))
        for deadline in Deadline.objects.filter(agency=agency).select_related("rule")
    )


def this_thursday(people):
    return Deadline.objects.get(
        agency=people["agency"], rule__code="weekly-information", period_key="2026-03-19"
    )


def notified(user):
    return sorted(
        (n.key.split(":")[2], n.subject) for n in Notification.objects.filter(recipient=user)
    )


def test_thursday_before_nauryz_opens_the_right_deadlines(people):
    sweep_at(2026, 3, 19, 10, 0)
    assert due_dates(people["agency"]) == [
        ("event-series-month", "2026-03-26 18:00"),  # April's series, by the 25th
        ("event-series-quarter", "2026-03-26 18:00"),  # the second quarter's
        ("mediaplan-quarterly-update", "2026-03-31 18:00"),
        ("monthly-report", "2026-03-26 18:00"),  # the 25th is a Nauryz day off
        ("weekly-information", "2026-03-19 18:00"),
        ("weekly-information", "2026-03-26 18:00"),  # opened a week ahead
    ]
    # The media-grid is due one working day after each Thursday's information.
    assert due_dates(people["ministry"]) == [
        ("media-grid", "2026-03-20 18:00"),
        ("media-grid", "2026-03-27 18:00"),
    ]


def test_thursday_reminder_reaches_the_press_secretary_in_russian(people, mailoutbox):
    sweep_at(2026, 3, 19, 10, 0)
    assert notified(people["press"]) == [
        ("before_0", "Информация на предстоящую неделю: срок сегодня")
    ]
    assert notified(people["head"]) == []
    assert [message.to for message in mailoutbox] == [["press@gov.kz"]]
    assert "(004, п. 10)" in mailoutbox[0].body


def test_missed_thursday_escalates_to_the_head_and_the_ministry_once(people, mailoutbox):
    sweep_at(2026, 3, 19, 10, 0)
    sweep_at(2026, 3, 19, 18, 30)
    sweep_at(2026, 3, 19, 18, 45)  # beat fires again: nothing new
    weekly = this_thursday(people)
    assert weekly.state == "overdue"
    assert notified(people["head"]) == [
        ("escalation", "Мерзімі өтті: Алдағы аптаға арналған ақпарат — MoH")
    ]
    # The ministry gets one digest of what became overdue, in English for this staffer.
    assert [n.subject for n in Notification.objects.filter(recipient=people["staff"])] == [
        "1 deadline became overdue"
    ]
    assert sorted(m.to[0] for m in mailoutbox) == [
        "head@gov.kz",
        "press@gov.kz",
        "staff@mci.gov.kz",
    ]


def test_the_reminder_explains_the_due_date_with_the_skipped_holidays(people, mailoutbox):
    # An appointment the agency has not yet recorded in the portal: its notice is open.
    with time_machine.travel(moment(2026, 3, 20, 11, 0), tick=False):
        services.deadline_open_for_event(
            rule_code="spokesperson-notice",
            agency=people["agency"],
            subject=SpokespersonFactory(agency=people["agency"], confirmed_at=None),
        )
    sweep_at(2026, 3, 26, 9, 0)  # the notice is due today, after Nauryz
    [notice] = [m for m in mailoutbox if "(004, п. 3)" in m.body]
    assert notice.to == ["press@gov.kz"]
    assert "Наурыз мейрамы (перенесённый выходной)" in notice.body
    assert "Отсчитан 1 рабочий день." in notice.body
    assert "26.03.2026 18:00" in notice.body


def test_sunday_before_first_of_december_reminds_of_the_media_plan(people):
    sweep_at(2025, 11, 20, 10, 0)
    sweep_at(2025, 11, 30, 10, 0)
    submission = Deadline.objects.get(agency=people["agency"], rule__code="mediaplan-submission")
    assert timezone.localtime(submission.due_at) == moment(2025, 12, 1, 18, 0)
    assert ("before_1", "Медиаплан на следующий год: срок через 1 день") in notified(
        people["press"]
    )
    overdue = set(
        Deadline.objects.filter(agency=people["agency"], state="overdue").values_list(
            "rule__code", "period_key"
        )
    )
    assert overdue == {
        ("event-series-month", "2025-11-25"),
        ("monthly-report", "2025-11-25"),
        ("weekly-information", "2025-11-20"),
        ("weekly-information", "2025-11-27"),
    }
    escalated = set(
        DeadlineReminder.objects.filter(stage="escalation").values_list(
            "deadline__rule__code", "deadline__period_key"
        )
    )
    # The agency's four, and the ministry's own media-grids of those two weeks.
    assert escalated == overdue | {("media-grid", "2025-11-20"), ("media-grid", "2025-11-27")}


def test_a_deadline_opened_late_gets_only_the_most_urgent_reminder(people):
    sweep_at(2025, 11, 30, 10, 0)
    submission = Deadline.objects.get(agency=people["agency"], rule__code="mediaplan-submission")
    assert list(submission.reminders.values_list("stage", flat=True)) == ["before_1"]


def test_completing_on_time_stops_reminders_and_escalation(people):
    sweep_at(2026, 3, 19, 10, 0)
    weekly = this_thursday(people)
    with time_machine.travel(moment(2026, 3, 19, 16, 0), tick=False):
        assert services.deadline_complete(deadline=weekly) is True
    sweep_at(2026, 3, 19, 19, 0)
    weekly.refresh_from_db()
    assert weekly.state == "done_on_time"
    assert notified(people["head"]) == []


def test_completing_late_is_recorded_as_late(people):
    sweep_at(2026, 3, 19, 10, 0)
    sweep_at(2026, 3, 19, 19, 0)
    weekly = this_thursday(people)
    with time_machine.travel(moment(2026, 3, 20, 9, 0), tick=False):
        services.deadline_complete(deadline=weekly)
    weekly.refresh_from_db()
    assert weekly.state == "done_late"
    assert services.deadline_complete(deadline=weekly) is False


def test_waiving_needs_a_reason_and_changes_nothing_without_one(people):
    sweep_at(2026, 3, 19, 10, 0)
    weekly = this_thursday(people)
    with pytest.raises(ValidationError):
        services.deadline_waive(deadline=weekly, by=None, reason="  ")
    weekly.refresh_from_db()
    assert weekly.state == "open"
    services.deadline_waive(deadline=weekly, by=None, reason="No events that week")
    weekly.refresh_from_db()
    assert (weekly.state, weekly.waived_reason) == ("waived", "No events that week")


def test_a_crash_between_the_stage_and_its_notifications_leaves_nothing_half_done(
    people, monkeypatch
):
    def crash(notifications):
        raise RuntimeError("worker died")

    monkeypatch.setattr("portal.deadlines.services.notifications_save", crash)
    with pytest.raises(RuntimeError), time_machine.travel(moment(2026, 3, 19, 10, 0), tick=False):
        services.deadlines_open_recurring()
        services.deadlines_send_reminders()
    assert DeadlineReminder.objects.count() == 0
    monkeypatch.undo()
    sweep_at(2026, 3, 19, 10, 5)  # the retried task
    assert notified(people["press"]) == [
        ("before_0", "Информация на предстоящую неделю: срок сегодня")
    ]


def test_an_email_claimed_by_a_worker_that_died_is_sent_once_by_the_next(people, mailoutbox):
    with time_machine.travel(moment(2026, 3, 19, 10, 0), tick=False):
        services.deadlines_open_recurring()
        services.deadlines_send_reminders()
    # A worker claimed the email and died before sending it.
    Notification.objects.update(email_claim="dead", email_claimed_at=moment(2026, 3, 19, 10, 0))
    assert notifications_deliver(now=moment(2026, 3, 19, 10, 5)) == 0  # claim still fresh
    assert notifications_deliver(now=moment(2026, 3, 19, 10, 20)) == 1  # stale: taken over
    assert notifications_deliver(now=moment(2026, 3, 19, 10, 40)) == 0
    assert len(mailoutbox) == 1
