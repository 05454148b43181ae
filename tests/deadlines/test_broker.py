"""A real Celery worker takes `deadlines.send_reminders` from the real broker, twice, and the
press secretary is reminded and emailed exactly once.

The broker is the configured one: Redis under CI=true (required there; the test fails rather
than skip), the file-system broker of var/broker otherwise. The tasks go to a queue named for
this test run alone, which the worker alone consumes, so neither a demo worker (`make run`)
nor another test run can take them. The worker opens pytest-django's test database through
DATABASE_URL: test_test on PostgreSQL, a file on SQLite (see DATABASES in the settings; the
default in-memory test database cannot be shared with another process).
"""

import datetime as dt
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal.celery import app as celery_app
from portal.deadlines.models import Deadline, DeadlineReminder, DeadlineRule
from portal.deadlines.services import reminder_stage
from portal.deadlines.tasks import send_reminders
from portal.directory.choices import Role
from portal.notifications.models import Notification
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 60  # seconds for the worker to start and run both tasks; it takes a few
SUCCEEDED = re.compile(
    r"Task deadlines\.send_reminders\[([0-9a-f-]+)\] succeeded in [\d.]+s: (\d+)"
)


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(django_db_blocker):
    """Put back what the migrations wrote (rules, role groups) once the transactional test
    has emptied the database, for the transactional tests that run after this one.

    Autouse, so it is set up before `transactional_db` and torn down after its flush."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for db in connections.all():
            contents = getattr(db, "_test_serialized_contents", None)
            if contents:
                db.creation.deserialize_db_from_string(contents)


@pytest.fixture
def queue():
    """A queue of this test alone; whatever the broker holds of it is removed afterwards."""
    name = f"broker-test-{uuid.uuid4().hex[:12]}"
    if _is_redis():
        binding_deadlines = _redis_binding_deadlines()
        yield name
        _forget_redis_keys(name, binding_deadlines)
    else:
        # `make run` and `make worker` create them; a fresh checkout has none.
        for folder in _broker_folders():
            folder.mkdir(parents=True, exist_ok=True)
        yield name
        _forget_files(name)


def _is_redis() -> bool:
    return settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


# Kombu's Redis transport: a set of bindings per exchange, and the moment each exchange's
# bindings of expiring queues (the worker's remote-control queue) may be swept.
BINDINGS = "_kombu.binding"
BINDING_DEADLINES = "_kombu.binding_deadlines"


def _redis():
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


def _redis_binding_deadlines() -> set[bytes]:
    with _redis() as client:
        return set(client.zrange(BINDING_DEADLINES, 0, -1))


def _forget_redis_keys(token: str, binding_deadlines_before: set[bytes]) -> None:
    """Delete what this test made in Redis (its queue, the bindings of its queue and of its
    worker, an unacked message if the test failed halfway), and nothing else: no FLUSHALL."""
    with _redis() as client:
        mine = list(client.scan_iter(match=f"*{token}*"))
        if mine:
            client.delete(*mine)
        for bindings in client.scan_iter(match=f"{BINDINGS}*", _type="set"):
            members = [m for m in client.smembers(bindings) if token.encode() in m]
            if members:
                client.srem(bindings, *members)
        for tag, payload in client.hscan_iter("unacked"):
            if token.encode() in payload:
                client.hdel("unacked", tag)
                client.zrem("unacked_index", tag)
        # The worker's remote-control exchange, if no other worker has bindings to it.
        for exchange in set(client.zrange(BINDING_DEADLINES, 0, -1)) - binding_deadlines_before:
            name = exchange.decode()
            if not client.exists(f"{BINDINGS}.{name}", f"{BINDINGS}_permanent.{name}"):
                client.zrem(BINDING_DEADLINES, exchange)


def _broker_folders() -> set[Path]:
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    return {Path(options["data_folder_in"]), Path(options["data_folder_out"])}


def _forget_files(token: str) -> None:
    for folder in _broker_folders():
        for message in folder.glob(f"*.{token}.msg"):
            message.unlink(missing_ok=True)


def _worker_database_url() -> str:
    """DATABASE_URL of the test database pytest-django created."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.fail("The SQLite test database is in memory; a worker process cannot open it")
        return f"sqlite:///{name}"
    url = os.environ.get("DATABASE_URL")
    if not url:
        pytest.fail(f"DATABASE_URL is not set, so the {connection.vendor} test database is unknown")
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


@pytest.fixture
def worker(queue, tmp_path, transactional_db):
    """A `celery worker` process on the test database, consuming `queue` only; always
    stopped, before the database is emptied."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": _worker_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        # The console backend prints each email to the worker's log, where it is counted.
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "portal",
        "worker",
        "--pool=solo",
        "--concurrency=1",
        "--loglevel=info",
        f"--queues={queue}",
        f"--hostname={queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("w") as output:
        # The working directory is the temporary one: the file-system transport keeps its
        # exchange tables in a relative "control" folder (see `_send`).
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        yield process, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _send(queue: str, control_folder: Path) -> str:
    """Send the task through the configured broker, never eagerly; returns its id."""
    transport_options = {}
    if not _is_redis():
        # The worker's relative "control" folder, rather than one in the current directory.
        transport_options["control_folder"] = str(control_folder)
    with celery_app.connection_for_write(transport_options=transport_options) as broker:
        return send_reminders.apply_async(queue=queue, connection=broker).id


def _wait_for(process, log: Path, task_ids: set[str]) -> dict[str, int]:
    """The result each task returned, once the worker logged all of them as succeeded."""
    deadline = time.monotonic() + TIMEOUT
    while True:
        text = log.read_text(errors="replace")
        results = {
            task_id: int(result)
            for task_id, result in SUCCEEDED.findall(text)
            if task_id in task_ids
        }
        if results.keys() == task_ids:
            return results
        if process.poll() is not None:
            pytest.fail(f"The worker exited with {process.returncode}:\n{text}")
        if time.monotonic() > deadline:
            pytest.fail(f"The worker did not run both tasks in {TIMEOUT} s:\n{text}")
        time.sleep(0.2)


def test_a_real_worker_sends_a_reminder_once_however_often_the_task_arrives(
    worker, queue, tmp_path, django_db_serialized_rollback
):
    if os.environ.get("CI") == "true":
        assert _is_redis(), f"CI=true needs the Redis broker, not {settings.CELERY_BROKER_URL}"
    assert not celery_app.conf.task_always_eager, "the task must go through the broker"
    process, log = worker

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

    sent = {_send(queue, tmp_path / "control") for _ in range(2)}
    assert len(sent) == 2
    results = _wait_for(process, log, sent)

    assert sorted(results.values()) == [0, 1], results  # one reminded, the other found it done
    assert DeadlineReminder.objects.filter(deadline=deadline).count() == 1
    assert DeadlineReminder.objects.get(deadline=deadline).stage == stage
    notification = Notification.objects.get(recipient=press)
    assert notification.key == f"deadline:{deadline.pk}:{stage}:{press.pk}"
    assert notification.emailed_at is not None
    assert Notification.objects.count() == 1
    assert log.read_text(errors="replace").count(f"To: {press.email}") == 1
