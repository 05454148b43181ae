import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from portal.deadlines.models import Deadline, DeadlineRule
from portal.notifications.models import Notification
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db

# The header's count of unread messages, as the base template renders it in English.
UNREAD_COUNTER = re.compile(r'<span class="counter" aria-label="unread">(\d+)</span>')


def deadline_for(agency, *, code="monthly-report", due=dt.datetime(2026, 3, 26, 18), **fields):
    return Deadline.objects.create(
        rule=DeadlineRule.objects.get(code=code),
        agency=agency,
        period_key=fields.pop("period_key", due.date().isoformat()),
        starts_on=due.date(),
        due_at=timezone.make_aware(due),
        computation={"amount": 0, "unit": "calendar_days", "skipped": [], "moved_from": None},
        **fields,
    )


def test_press_secretary_lists_only_own_agency_deadlines(
    client, press_secretary, agency, other_agency
):
    own = deadline_for(agency)
    deadline_for(other_agency)
    client.force_login(press_secretary)
    page = client.get(reverse("deadlines:deadline_list")).context["page"]
    assert list(page.object_list) == [own]


def test_another_agencys_deadline_is_404_in_every_view(client, press_secretary, other_agency):
    theirs = deadline_for(other_agency)
    client.force_login(press_secretary)
    assert client.get(theirs.get_absolute_url()).status_code == 404
    assert client.post(reverse("deadlines:deadline_complete", args=[theirs.pk])).status_code == 404
    assert (
        client.post(
            reverse("deadlines:deadline_waive", args=[theirs.pk]), {"reason": "x"}
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.state == "open"


def test_deadline_pages_need_login(client, agency):
    deadline = deadline_for(agency)
    for url in (
        reverse("deadlines:deadline_list"),
        deadline.get_absolute_url(),
        reverse("notifications:inbox"),
    ):
        assert client.get(url).status_code == 302


def test_journalists_see_no_deadlines(client, journalist, agency):
    deadline = deadline_for(agency)
    client.force_login(journalist)
    assert list(client.get(reverse("deadlines:deadline_list")).context["page"].object_list) == []
    assert client.get(deadline.get_absolute_url()).status_code == 404


def test_the_detail_page_explains_the_due_date_in_the_page_language(
    client, press_secretary, agency
):
    deadline = deadline_for(
        agency,
        code="reference-materials",
        due=dt.datetime(2026, 3, 26, 18),
        period_key="request:1",
    )
    deadline.starts_on = dt.date(2026, 3, 20)
    deadline.computation = {
        "amount": 1,
        "unit": "working_days",
        "moved_from": None,
        "skipped": ["2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24", "2026-03-25"],
    }
    deadline.save()
    client.force_login(press_secretary)
    content = client.get(f"/en{deadline.get_absolute_url()[3:]}").content.decode()
    assert '<span class="state state-open">Open</span>' in content
    assert "(004 §13)" in content
    assert "Counted from 20.03.2026." in content
    assert "1 working day counted." in content
    assert "21.03.2026 (Nowruz Holiday)" in content


def test_press_secretary_marks_own_deadline_done_but_cannot_waive(client, press_secretary, agency):
    deadline = deadline_for(agency, due=dt.datetime(2099, 1, 1, 18))
    client.force_login(press_secretary)
    assert (
        client.post(
            reverse("deadlines:deadline_waive", args=[deadline.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    client.post(reverse("deadlines:deadline_complete", args=[deadline.pk]))
    deadline.refresh_from_db()
    assert deadline.state == "done_on_time"


def test_ministry_waives_with_a_reason_and_a_missing_reason_is_an_error(
    client, ministry_staff, agency
):
    deadline = deadline_for(agency)
    client.force_login(ministry_staff)
    response = client.post(reverse("deadlines:deadline_waive", args=[deadline.pk]), {"reason": ""})
    assert response.status_code == 400
    deadline.refresh_from_db()
    assert deadline.state == "open"
    client.post(
        reverse("deadlines:deadline_waive", args=[deadline.pk]), {"reason": "Agency reorganised"}
    )
    deadline.refresh_from_db()
    assert (deadline.state, deadline.waived_reason) == ("waived", "Agency reorganised")


def test_ministry_filters_every_agency_by_agency_and_state(
    client, ministry_staff, agency, other_agency
):
    wanted = deadline_for(agency)
    deadline_for(other_agency)
    deadline_for(agency, period_key="done", state="done_on_time")
    client.force_login(ministry_staff)
    page = client.get(
        reverse("deadlines:deadline_list"), {"agency": agency.slug, "state": "pending"}
    ).context["page"]
    assert list(page.object_list) == [wanted]


def test_a_bad_filter_is_a_form_error_and_lists_nothing(client, ministry_staff, agency):
    deadline_for(agency)
    client.force_login(ministry_staff)
    response = client.get(reverse("deadlines:deadline_list"), {"state": "imaginary"})
    assert response.context["form"].errors["state"]
    assert list(response.context["page"].object_list) == []


@pytest.mark.parametrize("count", [1, 5])
def test_deadline_list_and_dashboard_run_a_constant_number_of_queries(
    client, ministry_staff, django_assert_max_num_queries, count
):
    for _ in range(count):
        deadline_for(AgencyFactory())
    client.force_login(ministry_staff)
    with django_assert_max_num_queries(9):
        client.get(reverse("deadlines:deadline_list"))
    with django_assert_max_num_queries(9):
        client.get(reverse("directory:dashboard"))


def test_dashboard_shows_the_next_deadlines(client, press_secretary, agency):
    deadline = deadline_for(agency, due=dt.datetime(2099, 1, 1, 18))
    client.force_login(press_secretary)
    assert list(client.get(reverse("directory:dashboard")).context["upcoming"]) == [deadline]


def test_inbox_shows_only_ones_own_messages_and_marks_them_read(client, press_secretary):
    Notification.objects.create(recipient=press_secretary, key="a", subject="Mine", body_text="x")
    Notification.objects.create(recipient=UserFactory(), key="b", subject="Theirs", body_text="y")
    client.force_login(press_secretary)
    with translation.override("en"):
        inbox = reverse("notifications:inbox")
    response = client.get(inbox)
    assert [n.subject for n in response.context["page"].object_list] == ["Mine"]
    assert UNREAD_COUNTER.findall(response.content.decode()) == ["1"]
    client.post(reverse("notifications:inbox_mark_read"))
    assert Notification.objects.get(key="a").read_at is not None
    assert Notification.objects.get(key="b").read_at is None
    assert UNREAD_COUNTER.findall(client.get(inbox).content.decode()) == []


def test_press_secretary_sees_only_own_deadlines_in_the_admin(
    client, press_secretary, agency, other_agency
):
    own = deadline_for(agency)
    theirs = deadline_for(other_agency)
    client.force_login(press_secretary)
    listed = client.get(reverse("admin:deadlines_deadline_changelist")).context["cl"].result_list
    assert list(listed) == [own]
    assert (
        client.get(reverse("admin:deadlines_deadline_change", args=[theirs.pk])).status_code == 302
    )
    assert client.get(reverse("admin:notifications_notification_changelist")).status_code == 403
    assert client.get(reverse("admin:deadlines_deadlinerule_changelist")).status_code == 403
