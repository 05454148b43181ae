"""Who must act is who is chased (004 §3–4; issue 7): recording an appointment is the
agency's notice, confirming it is the authorized body's work. The confirmation's reminders
go to the authorized body's staff, never to the agency's press secretary, and its escalation
never reaches the agency's head."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.deadlines import services
from portal.deadlines.choices import Responsible
from portal.deadlines.models import DeadlineRule
from portal.directory.choices import Role
from portal.notifications.models import Notification
from tests.factories import AgencyFactory, MembershipFactory, SpokespersonFactory, UserFactory

from .factories import almaty

pytestmark = pytest.mark.django_db

RECORDED = almaty(2026, 3, 16, 10)  # a Monday: due on Thursday 19 March at 18:00


@pytest.fixture
def world():
    agency = AgencyFactory(kind="central")
    people = {
        "press": UserFactory(preferred_language="ru"),
        "head": UserFactory(preferred_language="kk"),
        "staff": UserFactory(preferred_language="en"),
    }
    MembershipFactory(user=people["press"], agency=agency, role=Role.PRESS_SECRETARY)
    MembershipFactory(user=people["head"], agency=agency, role=Role.AGENCY_HEAD)
    MembershipFactory(
        user=people["staff"], agency=AgencyFactory(kind="authorized"), role=Role.AUTHORIZED_STAFF
    )
    spokesperson = SpokespersonFactory(agency=agency, confirmed_at=None)
    deadline = services.deadline_open_for_event(
        rule_code="spokesperson-confirmation", agency=agency, subject=spokesperson, start=RECORDED
    )
    return {"agency": agency, "deadline": deadline, **people}


def told(user) -> list[str]:
    return sorted(n.subject for n in Notification.objects.filter(recipient=user))


def test_the_confirmation_is_the_authorized_bodys_work_with_the_portals_default_term():
    rule = DeadlineRule.objects.get(code="spokesperson-confirmation")
    assert (rule.recurrence, rule.amount, rule.unit, rule.time_of_day) == (
        "event",
        3,
        "working_days",
        dt.time(18, 0),
    )
    assert rule.responsible == Responsible.AUTHORIZED_BODY
    assert (rule.reminder_days, rule.escalate_to) == ([1, 0], ["authorized_staff"])
    assert (rule.name_kk, rule.name_ru, rule.name_en) == (
        "Уәкілетті тұлғаның тағайындалуын растау",
        "Подтверждение назначения уполномоченного лица",
        "Confirmation of a spokesperson's appointment",
    )
    assert "No seed sets this term" in rule.description_en
    assert "(004 §4)" in rule.description_en
    assert "(004, п. 4)" in rule.description_ru
    assert "(004, 4-тармақ)" in rule.description_kk
    # Every other rule of the seeds is the agency's to keep.
    others = DeadlineRule.objects.exclude(code="spokesperson-confirmation")
    assert set(others.values_list("responsible", flat=True)) == {Responsible.AGENCY}


def test_the_confirmation_reminder_reaches_the_ministrys_staff_not_the_press_secretary(world):
    assert timezone.localtime(world["deadline"].due_at) == almaty(2026, 3, 19, 18)
    assert services.deadlines_send_reminders(now=almaty(2026, 3, 18, 9)) == 1
    assert told(world["staff"]) == ["Confirmation of a spokesperson's appointment: due in 1 day"]
    assert told(world["press"]) == []
    assert told(world["head"]) == []
    [reminder] = Notification.objects.filter(recipient=world["staff"])
    assert reminder.url == f"/en/deadlines/{world['deadline'].pk}/"
    agency = world["agency"].name_en
    assert (
        f'The authorized body must complete "Confirmation of a spokesperson\'s appointment" '
        f"for {agency} by 19.03.2026 18:00 (Astana time)."
    ) in reminder.body_text


def test_its_escalation_reaches_no_agency_head_even_if_the_rule_names_heads(world):
    rule = world["deadline"].rule
    rule.escalate_to = [Role.AGENCY_HEAD, Role.AUTHORIZED_STAFF]  # as an admin might set it
    rule.save()
    late = almaty(2026, 3, 19, 19)
    assert services.deadlines_mark_overdue(now=late) == 1
    assert services.deadlines_escalate(now=late) == 1
    assert told(world["head"]) == []
    assert told(world["press"]) == []
    assert told(world["staff"]) == ["1 deadline became overdue"]
    assert list(world["deadline"].reminders.values_list("stage", flat=True)) == ["escalation"]


def test_an_agency_rule_still_reminds_the_press_secretary_and_escalates_to_the_head(world):
    notice = services.deadline_open_for_event(
        rule_code="spokesperson-notice",
        agency=world["agency"],
        subject=world["deadline"].subject,
        start=almaty(2026, 3, 17, 10),
    )
    services.deadlines_send_reminders(now=almaty(2026, 3, 18, 9))
    assert told(world["press"]) == ["Уведомление о назначении уполномоченного лица: срок сегодня"]
    late = almaty(2026, 3, 18, 19)
    services.deadlines_mark_overdue(now=late)
    services.deadlines_escalate(now=late)
    assert [n.url for n in Notification.objects.filter(recipient=world["head"])] == [
        f"/kk/deadlines/{notice.pk}/"
    ]


def test_the_ministry_sees_the_confirmation_in_its_list_and_who_must_act(
    client, world, ministry_staff
):
    client.force_login(ministry_staff)
    with translation.override("en"):
        listed = client.get(reverse("deadlines:deadline_list")).context["page"].object_list
        page = client.get(world["deadline"].get_absolute_url()).content.decode()
    assert world["deadline"] in listed
    assert "<dt>Who must act</dt><dd>The authorized body (its staff)</dd>" in page
