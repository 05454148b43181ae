"""Each sweep runs the same small number of SQL queries for 1 agency as for 5.

The moment is Thursday 19 March 2026, 10:00 in Astana, the week of Nauryz. Last Thursday's
deadlines were opened a week earlier and never done, and a few event deadlines were opened
this week, so at 10:00 every step has work: new deadlines open, last week's fall overdue,
today's and tomorrow's are reminded, the overdue ones escalated, and the emails go out.
"""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection

from portal.deadlines import services
from portal.deadlines.models import Deadline, DeadlineReminder
from portal.directory.choices import Role
from portal.notifications.models import Notification
from portal.notifications.services import notifications_deliver
from tests.factories import AgencyFactory, MembershipFactory, SpokespersonFactory, UserFactory

ALMATY = dt.timezone(dt.timedelta(hours=5))
LAST_WEEK = dt.datetime(2026, 3, 12, 10, 0, tzinfo=ALMATY)
EVENTS_START = dt.datetime(2026, 3, 17, 10, 0, tzinfo=ALMATY)
NOW = dt.datetime(2026, 3, 19, 10, 0, tzinfo=ALMATY)
STAFF = 2  # authorized-body staff, who hear of every overdue deadline

# (rule, start) of the event deadlines each agency has: overdue since yesterday, due
# tomorrow (the one-day reminder) and due today (the same-day reminder).
EVENTS = [
    ("spokesperson-notice", EVENTS_START),
    ("request-answer", dt.datetime(2026, 3, 5, 10, 0, tzinfo=ALMATY)),
    ("reference-materials", dt.datetime(2026, 3, 18, 10, 0, tzinfo=ALMATY)),
]

STEPS = [
    ("open_recurring", services.deadlines_open_recurring),
    ("mark_overdue", services.deadlines_mark_overdue),
    ("send_reminders", services.deadlines_send_reminders),
    ("escalate", services.deadlines_escalate),
    ("deliver", notifications_deliver),
]
# The queries of each step with one agency; five agencies must not need more. Reminders and
# escalations count a SAVEPOINT and its RELEASE: in a test, their transaction is nested.
# Delivery is the exception, see `deliver_queries`.
BUDGET = {
    # calendar corrections, agencies, rules, the window's deadlines opened before, one INSERT
    "open_recurring": 5,
    "mark_overdue": 1,  # one UPDATE
    # rules, candidates, stages sent, their agencies, members and staff, calendar, 2 INSERTs
    "send_reminders": 10,
    "escalate": 8,  # overdue, rules, their agencies, heads and staff, 2 INSERTs
}


def deliver_queries(emails: int) -> int:
    """Delivery marks each email as it goes, so its queries grow with the emails sent, and
    with nothing else: the pending rows with their recipients, then one UPDATE per email
    that claims it and marks the one before, and one that marks the last; on PostgreSQL,
    synchronous_commit set off and reset around a run that sends."""
    session = 2 if emails and connection.vendor == "postgresql" else 0
    return 1 + emails + (1 if emails else 0) + session


def build_world(agencies: int) -> dict:
    """`agencies` central bodies, each with a press secretary and a head, and the authorized
    body with its staff; last week's recurring deadlines and this week's events opened."""
    ministry = AgencyFactory(kind="authorized")
    staff = [UserFactory(preferred_language="en") for _ in range(STAFF)]
    for user in staff:
        MembershipFactory(user=user, agency=ministry, role=Role.AUTHORIZED_STAFF)
    press, heads = [], []
    for number in range(agencies):
        agency = AgencyFactory(kind="central")
        press.append(UserFactory(preferred_language=("ru", "kk", "en")[number % 3]))
        heads.append(UserFactory(preferred_language="kk"))
        MembershipFactory(user=press[-1], agency=agency, role=Role.PRESS_SECRETARY)
        MembershipFactory(user=heads[-1], agency=agency, role=Role.AGENCY_HEAD)
        spokesperson = SpokespersonFactory(agency=agency)
        for rule_code, start in EVENTS:
            deadline = services.deadline_open_for_event(
                rule_code=rule_code, agency=agency, subject=spokesperson, start=start
            )
            assert deadline is not None, rule_code
    assert services.deadlines_open_recurring(now=LAST_WEEK) > 0
    return {"staff": staff, "press": press, "heads": heads}


def sweep_counting_queries(django_assert_max_num_queries) -> tuple[dict, dict]:
    """Run each step once at NOW, as beat would (the clock frozen, no `now=`): the queries
    and the result of each."""
    queries, results = {}, {}
    with time_machine.travel(NOW, tick=False):
        for name, step in STEPS:
            budget = (
                deliver_queries(Notification.objects.awaiting_email().count())
                if name == "deliver"
                else BUDGET[name]
            )
            with django_assert_max_num_queries(budget) as captured:
                results[name] = step()
            queries[name] = len(captured)
    return queries, results


@pytest.fixture(autouse=True)
def _fast(settings):
    """Emails to locmem's outbox; passwords hashed cheaply, as the world has many users."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.parametrize("agencies", [1, 5])
def test_each_sweep_runs_a_fixed_number_of_queries(agencies, db, django_assert_max_num_queries):
    world = build_world(agencies)
    mail.outbox = []

    queries, results = sweep_counting_queries(django_assert_max_num_queries)

    # Not only at most: the same whatever the number of agencies, and for delivery the exact
    # formula at 7 and 27 emails.
    assert queries == {**BUDGET, "deliver": deliver_queries(4 * agencies + STAFF)}
    assert all(results.values()), results  # every step had work to do
    # Per agency: last week's weekly information and the spokesperson notice fall overdue,
    # plus the authorized body's own media-grid of last week.
    assert results["mark_overdue"] == 2 * agencies + 1
    assert results["escalate"] == results["mark_overdue"]
    # Per agency: this Thursday's weekly information (due today), the request answer (due
    # tomorrow) and the reference materials (due today).
    assert results["send_reminders"] == 3 * agencies
    assert DeadlineReminder.objects.count() == results["send_reminders"] + results["escalate"]

    # Each press secretary hears of their 3 reminders, each head of the 2 escalations in one
    # message, and each staff member of one digest of every escalation (the media-grid
    # escalates to the staff only).
    def emails_to(user):
        return sum(user.email in message.to for message in mail.outbox)

    assert [emails_to(user) for user in world["press"]] == [3] * agencies
    assert [emails_to(user) for user in world["heads"]] == [1] * agencies
    assert [emails_to(user) for user in world["staff"]] == [1] * STAFF
    assert results["deliver"] == len(mail.outbox) == Notification.objects.count()
    assert len(mail.outbox) == 3 * agencies + agencies + STAFF
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_a_second_sweep_at_the_same_moment_does_nothing_in_as_few_queries(
    db, django_assert_max_num_queries
):
    build_world(5)
    sweep_counting_queries(django_assert_max_num_queries)
    deadlines = Deadline.objects.count()
    mail.outbox = []

    queries, results = sweep_counting_queries(django_assert_max_num_queries)

    assert results["open_recurring"] > 0  # it tries again; the rows exist and are kept
    assert Deadline.objects.count() == deadlines
    assert {name: result for name, result in results.items() if name != "open_recurring"} == {
        "mark_overdue": 0,
        "send_reminders": 0,
        "escalate": 0,
        "deliver": 0,
    }
    assert mail.outbox == []
    assert all(queries[name] <= BUDGET[name] for name in BUDGET), queries
    assert queries["deliver"] == deliver_queries(0)
