"""Who marked a deadline done, waived or reopened it, when and why (issue 7)."""

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.urls import reverse

from portal.deadlines import services
from portal.deadlines.models import Deadline, DeadlineEvent
from portal.deadlines.queries import ComplianceCounts, deadline_compliance
from portal.directory.services import spokesperson_appoint
from tests.factories import AgencyFactory, UserFactory

from .factories import NOW, DeadlineFactory, almaty, rule

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def history(deadline) -> list[tuple]:
    return [
        (event.action, event.actor, event.comment, event.at)
        for event in DeadlineEvent.objects.filter(deadline=deadline)
    ]


def test_marking_done_on_the_page_records_who_and_the_comment(client, press_secretary, agency):
    deadline = DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 20, 18))
    client.force_login(press_secretary)
    response = client.post(
        reverse("deadlines:deadline_complete", args=[deadline.pk]),
        {"comment": "  Sent by e-mail to the ministry  "},
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.state, deadline.completed_at) == ("done_on_time", NOW)
    assert history(deadline) == [("done", press_secretary, "Sent by e-mail to the ministry", NOW)]
    page = client.get(deadline.get_absolute_url()).content.decode()
    assert "Sent by e-mail to the ministry" in page
    assert press_secretary.get_full_name() in page


def test_the_comment_is_optional_when_marking_done(client, press_secretary, agency):
    deadline = DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 1, 18))
    client.force_login(press_secretary)
    client.post(reverse("deadlines:deadline_complete", args=[deadline.pk]))
    deadline.refresh_from_db()
    assert deadline.state == "done_late"
    assert history(deadline) == [("done", press_secretary, "", NOW)]


def test_a_completion_by_the_portal_has_no_actor(agency):
    spokesperson = spokesperson_appoint(
        agency=agency,
        appointed_on=dt.date(2026, 3, 20),
        surname_kk="Оспанова",
        name_kk="Динара",
        position_kk="Баспасөз хатшысы",
    )
    deadline = Deadline.objects.get(rule__code="spokesperson-notice", agency=agency)
    assert deadline.state == "done_late"  # recorded in May for a March appointment
    assert history(deadline) == [("done", None, "", deadline.completed_at)]
    assert deadline.period_key == f"portal.spokesperson:{spokesperson.pk}"


def test_waiving_records_who_and_the_reason(client, ministry_staff, agency):
    deadline = DeadlineFactory(agency=agency)
    client.force_login(ministry_staff)
    client.post(
        reverse("deadlines:deadline_waive", args=[deadline.pk]), {"reason": "Agency reorganised"}
    )
    deadline.refresh_from_db()
    assert (deadline.state, deadline.waived_reason) == ("waived", "Agency reorganised")
    assert history(deadline) == [("waived", ministry_staff, "Agency reorganised", NOW)]


def test_waiving_without_a_reason_is_refused_and_records_nothing(client, ministry_staff, agency):
    deadline = DeadlineFactory(agency=agency)
    with pytest.raises(ValidationError):
        services.deadline_waive(deadline=deadline, by=ministry_staff, reason="   ")
    client.force_login(ministry_staff)
    response = client.post(reverse("deadlines:deadline_waive", args=[deadline.pk]), {"reason": ""})
    assert response.status_code == 400
    deadline.refresh_from_db()
    assert (deadline.state, history(deadline)) == ("open", [])


@pytest.mark.parametrize(
    ("due_at", "state"), [(almaty(2026, 5, 1, 18), "overdue"), (almaty(2026, 5, 20, 18), "open")]
)
def test_the_ministry_reopens_a_deadline_done_by_mistake(
    client, ministry_staff, agency, press_secretary, due_at, state
):
    deadline = DeadlineFactory(agency=agency, due_at=due_at)
    services.deadline_complete(deadline=deadline, by=press_secretary, at=almaty(2026, 5, 2, 9))
    client.force_login(ministry_staff)
    response = client.post(
        reverse("deadlines:deadline_reopen", args=[deadline.pk]),
        {"reason": "The report was for April"},
    )
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.state, deadline.completed_at) == (state, None)
    assert history(deadline) == [
        ("done", press_secretary, "", almaty(2026, 5, 2, 9)),
        ("reopened", ministry_staff, "The report was for April", NOW),
    ]
    page = client.get(deadline.get_absolute_url()).content.decode()
    assert "The report was for April" in page
    assert ministry_staff.get_full_name() in page


def test_reopening_needs_a_reason(client, ministry_staff, agency):
    deadline = DeadlineFactory(agency=agency, state="done_on_time", completed_at=NOW)
    client.force_login(ministry_staff)
    response = client.post(reverse("deadlines:deadline_reopen", args=[deadline.pk]), {"reason": ""})
    assert response.status_code == 400
    with pytest.raises(ValidationError):
        services.deadline_reopen(deadline=deadline, by=ministry_staff, reason=" ")
    deadline.refresh_from_db()
    assert (deadline.state, history(deadline)) == ("done_on_time", [])


def test_only_the_ministry_reopens(client, press_secretary, agency_head, agency):
    deadline = DeadlineFactory(agency=agency, state="done_on_time", completed_at=NOW)
    for person in (press_secretary, agency_head):
        client.force_login(person)
        page = client.get(deadline.get_absolute_url()).content.decode()
        assert reverse("deadlines:deadline_reopen", args=[deadline.pk]) not in page
        response = client.post(
            reverse("deadlines:deadline_reopen", args=[deadline.pk]), {"reason": "Mine, wrong"}
        )
        assert response.status_code == 403
    deadline.refresh_from_db()
    assert (deadline.state, history(deadline)) == ("done_on_time", [])


def test_a_pending_deadline_cannot_be_reopened(client, ministry_staff, agency):
    deadline = DeadlineFactory(agency=agency, state="overdue")
    client.force_login(ministry_staff)
    response = client.post(
        reverse("deadlines:deadline_reopen", args=[deadline.pk]), {"reason": "Try anyway"}
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        services.deadline_reopen(deadline=deadline, by=ministry_staff, reason="Try anyway")
    deadline.refresh_from_db()
    assert (deadline.state, history(deadline)) == ("overdue", [])


def test_a_reopened_deadline_counts_again_in_compliance(ministry_staff):
    health = AgencyFactory(slug="health")
    deadline = DeadlineFactory(
        rule=rule("monthly-report"), agency=health, due_at=almaty(2026, 4, 24, 18)
    )
    services.deadline_complete(deadline=deadline, at=almaty(2026, 4, 24, 10))
    period = {"first": dt.date(2026, 4, 1), "last": dt.date(2026, 4, 30)}
    assert deadline_compliance(**period).rows[0].cells[0][1] == ComplianceCounts(
        due=1, done_on_time=1
    )
    services.deadline_reopen(deadline=deadline, by=ministry_staff, reason="Not received")
    assert deadline_compliance(**period).rows[0].cells[0][1] == ComplianceCounts(due=1, overdue=1)


def _admin_action(client, action, deadlines, comment=""):
    return client.post(
        reverse("admin:deadlines_deadline_changelist"),
        {
            "action": action,
            ACTION_CHECKBOX_NAME: [d.pk for d in deadlines],
            "comment": comment,
            "index": 0,
        },
        follow=True,
    )


def test_the_admin_marks_done_and_reopens_through_the_services(client, agency):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    deadline = DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 20, 18))
    client.force_login(superuser)
    _admin_action(client, "mark_done", [deadline], comment="Checked by phone")
    deadline.refresh_from_db()
    assert deadline.state == "done_on_time"
    _admin_action(client, "reopen", [deadline])  # no reason: refused
    deadline.refresh_from_db()
    assert deadline.state == "done_on_time"
    _admin_action(client, "reopen", [deadline], comment="Wrong agency")
    deadline.refresh_from_db()
    assert deadline.state == "open"
    assert history(deadline) == [
        ("done", superuser, "Checked by phone", NOW),
        ("reopened", superuser, "Wrong agency", NOW),
    ]
    change = client.get(reverse("admin:deadlines_deadline_change", args=[deadline.pk]))
    assert "Wrong agency" in change.content.decode()


def test_the_admin_offers_reopening_only_to_the_ministry(client, press_secretary, agency):
    deadline = DeadlineFactory(agency=agency, state="done_on_time", completed_at=NOW)
    press_secretary.is_staff = True
    press_secretary.save()
    client.force_login(press_secretary)
    response = _admin_action(client, "reopen", [deadline], comment="Mine, wrong")
    offered = [name for name, _label in response.context["action_form"].fields["action"].choices]
    assert offered == ["", "mark_done"]
    deadline.refresh_from_db()
    assert (deadline.state, history(deadline)) == ("done_on_time", [])
