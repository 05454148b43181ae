"""The dashboard separates what is coming from what is long overdue (issue 7): due soon
(pending, by due date, just missed first) and long overdue (more than LONG_OVERDUE days,
oldest first, counted, with a link to the overdue list), for the ministry every agency's and
for an agency's members their own, in a constant number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from portal.deadlines.queries import LONG_OVERDUE
from tests.deadlines.factories import DeadlineFactory, almaty
from tests.factories import AgencyFactory

NOW = almaty(2026, 5, 15, 12)

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]


def dashboard(client, user):
    client.force_login(user)
    with translation.override("en"):
        response = client.get(reverse("directory:dashboard"))
    assert response.status_code == 200
    return response


def test_long_overdue_is_apart_from_what_is_due_soon(client, ministry_staff, agency, other_agency):
    assert LONG_OVERDUE == dt.timedelta(days=7)
    ancient = DeadlineFactory(agency=other_agency, due_at=almaty(2026, 3, 2, 18), state="overdue")
    old = DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 1, 18), state="overdue")
    just_missed = DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 12, 18), state="overdue")
    coming = DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 20, 18))
    later = DeadlineFactory(agency=other_agency, due_at=almaty(2026, 6, 1, 18))
    DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 18, 18), state="done_on_time")
    response = dashboard(client, ministry_staff)
    assert list(response.context["upcoming"]) == [just_missed, coming, later]
    assert list(response.context["long_overdue"]) == [ancient, old]
    assert response.context["long_overdue_count"] == 2
    content = response.content.decode()
    assert "2 deadlines have been overdue for more than 7 days." in content
    assert 'href="/en/deadlines/?state=overdue"' in content


def test_an_agency_sees_only_its_own(client, press_secretary, agency, other_agency):
    own = DeadlineFactory(agency=agency, due_at=almaty(2026, 4, 1, 18), state="overdue")
    DeadlineFactory(agency=other_agency, due_at=almaty(2026, 4, 1, 18), state="overdue")
    DeadlineFactory(agency=other_agency, due_at=almaty(2026, 5, 20, 18))
    response = dashboard(client, press_secretary)
    assert list(response.context["long_overdue"]) == [own]
    assert response.context["long_overdue_count"] == 1
    assert list(response.context["upcoming"]) == []


def test_nothing_long_overdue_shows_no_such_section(client, press_secretary, agency):
    DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 20, 18))
    content = dashboard(client, press_secretary).content.decode()
    assert "Long overdue" not in content


def world(size):
    for number in range(size):
        agency = AgencyFactory()
        DeadlineFactory(agency=agency, due_at=almaty(2026, 4, 1 + number, 18), state="overdue")
        DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 20 + number, 18))


# The session, the user, their roles (for the rules), the appointments awaiting
# confirmation, the count of the long overdue, the unread counter, the list of roles, due
# soon, and the long overdue listed.
DASHBOARD_QUERIES = 9


@pytest.mark.parametrize("size", [1, 3])
def test_the_dashboard_runs_the_same_queries_for_one_agency_or_three(
    client, ministry_staff, django_assert_num_queries, size
):
    world(size)
    client.force_login(ministry_staff)
    with translation.override("en"):
        url = reverse("directory:dashboard")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(url)
    assert response.context["long_overdue_count"] == size
    assert len(response.context["upcoming"]) == size
