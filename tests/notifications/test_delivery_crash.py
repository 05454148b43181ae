"""Emails are sent once, really: real worker processes, the configured broker, a real SMTP
server that counts what it received.

- A worker SIGKILLed halfway through a batch of 100 has marked what it sent; the rest goes
  out once on the next run. The one window left, stated in notifications/services.py: the
  message in flight when the worker died (the server had it, the row was not yet marked) may
  go out twice, so at most ONE recipient gets two.
- Two workers given the same sweeps at the same moment send each reminder once. (This
  replaces a test of two threads in one process, which missed a broken claim one time in
  four even with its threads started together: the threads drifted apart in the sweep.)

How the workers reach the test database and the broker: tests/workers.py. The clock is moved
honestly: a dead worker's claim is made older than STALE_CLAIM by an UPDATE, and on Redis the
killed task's unacknowledged message is made older than the visibility timeout, as if that
time had passed; everything else is real.
"""

import datetime as dt
import time
from collections import Counter

import pytest
from django.conf import settings
from django.db.models import F
from django.utils import timezone

from portal.deadlines.models import Deadline, DeadlineReminder, DeadlineRule
from portal.deadlines.tasks import send_reminders
from portal.directory.choices import Role
from portal.notifications.models import Notification
from portal.notifications.services import STALE_CLAIM, notifications_save
from portal.notifications.tasks import deliver
from tests import workers
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

TIMEOUT = 30  # seconds for any one wait; each test takes well under that in all
DELAY = 0.03  # seconds the mail server takes to answer each message
PEOPLE = 100


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(django_db_blocker):
    """Autouse, so it is set up before `transactional_db` and torn down after its flush."""
    yield
    workers.restore_migrated_data(django_db_blocker)


@pytest.fixture
def queue():
    with workers.broker_queue() as name:
        yield name


def _make_stale(queue: str) -> None:
    """Let the time pass that a dead worker's leftovers need before another takes them: its
    claims age past STALE_CLAIM and, on Redis, its unacknowledged task past the visibility
    timeout."""
    Notification.objects.awaiting_email().filter(email_claimed_at__isnull=False).update(
        email_claimed_at=F("email_claimed_at") - STALE_CLAIM - dt.timedelta(minutes=1)
    )
    if workers.is_redis():
        timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        with workers.redis() as client:
            tags = workers.unacked_tags(queue, client=client)
            assert len(tags) == 1, "the killed worker's task waits, unacknowledged, in Redis"
            client.zadd(workers.UNACKED_INDEX, {tags[0]: time.time() - timeout - 60})


def test_a_worker_killed_mid_batch_leaves_the_rest_to_the_next_run_and_resends_at_most_one(
    queue, tmp_path, start_mail_server, transactional_db, django_db_serialized_rollback
):
    workers.check_broker()
    server = start_mail_server(delay=DELAY)
    people = UserFactory.create_batch(PEOPLE)
    notifications_save(
        Notification(
            recipient=person,
            key=f"crash-test:{person.pk}",
            subject="Media plan due tomorrow",
            body_text="The media plan for December is due tomorrow.",
        )
        for person in people
    )

    with workers.celery_worker(
        queue, tmp_path, name="doomed", **server.settings_for_worker()
    ) as doomed:
        doomed.wait_ready()
        task_id = workers.send_task(deliver, queue, tmp_path)
        workers.wait_until(
            lambda: server.handler.count() >= PEOPLE // 2, TIMEOUT, "half the emails", [doomed]
        )
        doomed.kill()

    received = server.handler.count()
    marked = Notification.objects.filter(emailed_at__isnull=False).count()
    held = Notification.objects.awaiting_email().filter(email_claimed_at__isnull=False)
    assert PEOPLE // 2 <= received < PEOPLE, "killed mid-batch"
    assert marked <= received <= marked + 1  # each marked as it went; at most one in flight
    assert held.count() <= 1  # the one being sent; the rest is free for the next run

    _make_stale(queue)
    with workers.celery_worker(
        queue, tmp_path, name="next", **server.settings_for_worker()
    ) as successor:
        if workers.is_redis():
            # Redis hands the killed worker's task to the new worker: the same task id.
            retried = {task_id}
        else:
            # The file-system broker deleted it when the worker took it: beat's next run.
            retried = {workers.send_task(deliver, queue, tmp_path)}
        results = workers.wait_for_tasks([successor], "notifications.deliver", retried, TIMEOUT)

    assert list(results.values()) == [str(PEOPLE - marked)]  # the rest, and the one in flight
    per_recipient = server.handler.per_recipient()
    assert per_recipient.keys() == {person.email for person in people}  # none lost
    twice = {recipient for recipient, count in per_recipient.items() if count > 1}
    assert len(twice) <= 1, f"more than the one message in flight went out twice: {twice}"
    assert max(per_recipient.values()) <= 2
    assert not Notification.objects.awaiting_email().exists()


AGENCIES = 30
SWEEPS = 6  # tasks sent at once, to two workers
# Slow enough that the second worker, which the file-system broker may hand its task up to a
# second later, still finds emails to race for.
RACE_DELAY = 0.06


def test_two_workers_given_the_same_sweeps_at_once_send_each_reminder_once(
    queue, tmp_path, start_mail_server, transactional_db, django_db_serialized_rollback
):
    workers.check_broker()
    server = start_mail_server(delay=RACE_DELAY)
    rule = DeadlineRule.objects.get(code="monthly-report")
    assert 1 in rule.reminder_days
    # Due tomorrow at noon: tomorrow's date whatever the hour now, so the one-day reminder.
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    due_at = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(12, 0)))
    press = []
    for number in range(AGENCIES):
        agency = AgencyFactory(kind="central")
        press.append(UserFactory(preferred_language=("kk", "ru", "en")[number % 3]))
        MembershipFactory(user=press[-1], agency=agency, role=Role.PRESS_SECRETARY)
        Deadline.objects.create(
            rule=rule,
            agency=agency,
            period_key="race-test",
            starts_on=timezone.localdate(),
            due_at=due_at,
        )

    mail = server.settings_for_worker()
    with workers.celery_worker(queue, tmp_path, name="one", **mail) as one:
        # One after the other: the file-system transport's table of bindings is one file,
        # which two workers starting together can read while the other writes it.
        one.wait_ready()
        with workers.celery_worker(queue, tmp_path, name="two", **mail) as two:
            two.wait_ready()
            sent = {workers.send_task(send_reminders, queue, tmp_path) for _ in range(SWEEPS)}
            results = workers.wait_for_tasks([one, two], "deadlines.send_reminders", sent, TIMEOUT)
            ran = {
                worker.name: len(
                    sent & workers.succeeded([worker], "deadlines.send_reminders").keys()
                )
                for worker in (one, two)
            }

    assert all(ran.values()), f"both workers must take part: {ran}"
    assert results.keys() == sent
    assert DeadlineReminder.objects.count() == AGENCIES == Notification.objects.count()
    per_message = Counter(
        (message.recipient, message.subject) for message in server.handler.received
    )
    assert {recipient for recipient, _subject in per_message} == {p.email for p in press}
    assert set(per_message.values()) == {1}, {k: n for k, n in per_message.items() if n > 1}
    connections = {message.connection for message in server.handler.received}
    assert len(connections) >= 2, "both workers sent some of the emails, racing for them"
    assert not Notification.objects.awaiting_email().exists()
