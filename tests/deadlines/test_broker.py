"""A real Celery worker takes `deadlines.send_reminders` from the real broker, twice, and the
press secretary is reminded and emailed exactly once.

The broker is the configured one: Redis under CI=true (required there; the test fails rather
than skip), the file-system broker of var/broker otherwise. How the worker reaches the test
database and why no other worker takes its tasks: tests/workers.py.
"""

import datetime as dt

import pytest
from django.utils import timezone

from portal.deadlines.models import Deadline, DeadlineReminder, DeadlineRule
from portal.deadlines.services import reminder_stage
from portal.deadlines.tasks import send_reminders
from portal.directory.choices import Role
from portal.notifications.models import Notification
from tests import workers
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

TIMEOUT = 60  # seconds for the worker to start and run both tasks; it takes a few


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(django_db_blocker):
    """Autouse, so it is set up before `transactional_db` and torn down after its flush."""
    yield
    workers.restore_migrated_data(django_db_blocker)


@pytest.fixture
def queue():
    with workers.broker_queue() as name:
        yield name


@pytest.fixture
def worker(queue, tmp_path, transactional_db):
    """A worker on the test database, always stopped before the database is emptied."""
    with workers.celery_worker(queue, tmp_path) as worker:
        yield worker


def test_a_real_worker_sends_a_reminder_once_however_often_the_task_arrives(
    worker, queue, tmp_path, django_db_serialized_rollback
):
    workers.check_broker()

    agency = AgencyFactory(kind="central")
    press = UserFactory(preferred_language="en")
    MembershipFactory(user=press, agency=agency, role=Role.PRESS_SECRETARY)
    rule = DeadlineRule.objects.get(code="monthly-report")
    assert 1 in rule.reminder_days
    # Due tomorrow at noon: tomorrow's date whatever the hour now, so the one-day reminder.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    due_at = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(12, 0)))
    deadline = Deadline.objects.create(
        rule=rule,
        agency=agency,
        period_key="broker-test",
        starts_on=timezone.localdate(),
        due_at=due_at,
    )
    stage = reminder_stage(deadline, today=timezone.localdate(), sent=set())
    assert stage == "before_1"

    sent = {workers.send_task(send_reminders, queue, tmp_path) for _ in range(2)}
    assert len(sent) == 2
    results = workers.wait_for_tasks([worker], "deadlines.send_reminders", sent, TIMEOUT)

    assert sorted(results.values()) == ["0", "1"], results  # one reminded, the other found it done
    assert DeadlineReminder.objects.filter(deadline=deadline).count() == 1
    assert DeadlineReminder.objects.get(deadline=deadline).stage == stage
    notification = Notification.objects.get(recipient=press)
    assert notification.key == f"deadline:{deadline.pk}:{stage}:{press.pk}"
    assert notification.emailed_at is not None
    assert Notification.objects.count() == 1
    assert worker.text().count(f"To: {press.email}") == 1
