"""Real Celery worker processes on the test database, through the configured broker.

The broker is Redis under CI=true, the file-system broker of var/broker otherwise. Each test
sends its tasks to a queue of its own (`broker_queue`), which only its workers consume, so
neither a demo worker (`make run`) nor another test run can take them, and whatever the broker
holds of that queue is removed afterwards. A worker opens pytest-django's test database
through DATABASE_URL (`worker_database_url`): test_<name> on PostgreSQL, a file on SQLite
(see DATABASES in the settings; the default in-memory test database cannot be shared with
another process). Every wait has a timeout, and every worker is stopped in a `finally`.
"""

import os
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection, connections

from portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]
START_TIMEOUT = 30  # seconds for a worker to connect to the broker and say it is ready

# Kombu's Redis transport: a set of bindings per exchange, the moment each exchange's bindings
# of expiring queues (the worker's remote-control queue) may be swept, and the messages that
# workers took and have not acknowledged, with the moment each was taken.
BINDINGS = "_kombu.binding"
BINDING_DEADLINES = "_kombu.binding_deadlines"
UNACKED = "unacked"
UNACKED_INDEX = "unacked_index"


def is_redis() -> bool:
    return settings.CELERY_BROKER_URL.startswith(("redis://", "rediss://"))


def check_broker() -> None:
    """Fail, never skip, when CI runs these tests on anything but Redis or eagerly."""
    if os.environ.get("CI") == "true":
        assert is_redis(), f"CI=true needs the Redis broker, not {settings.CELERY_BROKER_URL}"
    assert not celery_app.conf.task_always_eager, "the tasks must go through the broker"


def redis():
    import redis

    return redis.Redis.from_url(settings.CELERY_BROKER_URL)


@contextmanager
def broker_queue() -> Iterator[str]:
    """A queue of this test alone; whatever the broker holds of it is removed afterwards."""
    name = f"broker-test-{uuid.uuid4().hex[:12]}"
    if is_redis():
        with redis() as client:
            binding_deadlines = set(client.zrange(BINDING_DEADLINES, 0, -1))
        try:
            yield name
        finally:
            _forget_redis_keys(name, binding_deadlines)
    else:
        # `make run` and `make worker` create them; a fresh checkout has none.
        for folder in _broker_folders():
            folder.mkdir(parents=True, exist_ok=True)
        try:
            yield name
        finally:
            _forget_files(name)


def _forget_redis_keys(token: str, binding_deadlines_before: set[bytes]) -> None:
    """Delete what this test made in Redis (its queue, the bindings of its queue and of its
    workers, an unacked message of a killed worker), and nothing else: no FLUSHALL."""
    with redis() as client:
        mine = list(client.scan_iter(match=f"*{token}*"))
        if mine:
            client.delete(*mine)
        for bindings in client.scan_iter(match=f"{BINDINGS}*", _type="set"):
            members = [m for m in client.smembers(bindings) if token.encode() in m]
            if members:
                client.srem(bindings, *members)
        for tag in unacked_tags(token, client=client):
            client.hdel(UNACKED, tag)
            client.zrem(UNACKED_INDEX, tag)
        # The workers' remote-control exchange, if no other worker has bindings to it.
        for exchange in set(client.zrange(BINDING_DEADLINES, 0, -1)) - binding_deadlines_before:
            name = exchange.decode()
            if not client.exists(f"{BINDINGS}.{name}", f"{BINDINGS}_permanent.{name}"):
                client.zrem(BINDING_DEADLINES, exchange)


def unacked_tags(queue: str, *, client=None) -> list[bytes]:
    """The delivery tags of the messages of `queue` that a worker took and never
    acknowledged (Redis only)."""
    if client is None:
        with redis() as client:
            return unacked_tags(queue, client=client)
    return [tag for tag, payload in client.hscan_iter(UNACKED) if queue.encode() in payload]


def _broker_folders() -> set[Path]:
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    return {Path(options["data_folder_in"]), Path(options["data_folder_out"])}


def _forget_files(token: str) -> None:
    for folder in _broker_folders():
        for message in folder.glob(f"*.{token}.msg"):
            message.unlink(missing_ok=True)


def worker_database_url() -> str:
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


class Worker:
    """One `celery worker` process and its log."""

    def __init__(self, process: subprocess.Popen, log: Path, name: str):
        self.process, self.log, self.name = process, log, name

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self, timeout: float = START_TIMEOUT) -> None:
        wait_until(lambda: " ready." in self.text(), timeout, f"{self.name} to start", [self])

    def kill(self) -> None:
        """SIGKILL, as the kernel's OOM killer or a lost machine would: no clean-up at all."""
        os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


@contextmanager
def celery_worker(queue: str, folder: Path, *, name: str = "worker", **env: str):
    """A `celery worker` process (solo pool) on the test database, consuming `queue` only;
    `env` adds environment variables (say, the mail server). Always stopped on leaving.

    Its working directory is `folder`: the file-system transport keeps its exchange tables in
    a "control" folder there, which `send_task` must share."""
    log = folder / f"{name}.log"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        # The console backend prints each email to the worker's log, unless `env` says else.
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "PYTHONUNBUFFERED": "1",
        **env,
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
        f"--hostname={name}-{queue}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=folder, env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    worker = Worker(process, log, name)
    try:
        yield worker
    finally:
        worker.stop()


def send_task(task, queue: str, folder: Path) -> str:
    """Send `task` through the configured broker, never eagerly; returns its id."""
    transport_options = {}
    if not is_redis():
        # The workers' "control" folder, rather than one in the current directory.
        transport_options["control_folder"] = str(folder / "control")
    with celery_app.connection_for_write(transport_options=transport_options) as broker:
        return task.apply_async(queue=queue, connection=broker).id


def succeeded(workers: Iterable[Worker], task_name: str) -> dict[str, str]:
    """The id and returned value of each `task_name` the workers logged as succeeded."""
    pattern = re.compile(rf"Task {re.escape(task_name)}\[([0-9a-f-]+)\] succeeded in [\d.]+s: (.*)")
    return {
        task_id: result for worker in workers for task_id, result in pattern.findall(worker.text())
    }


def wait_for_tasks(
    workers: list[Worker], task_name: str, task_ids: set[str], timeout: float
) -> dict[str, str]:
    """The value each task returned, once the workers logged all of them as succeeded."""
    wait_until(
        lambda: task_ids <= succeeded(workers, task_name).keys(),
        timeout,
        f"{task_name} {sorted(task_ids)} to succeed",
        workers,
    )
    results = succeeded(workers, task_name)
    return {task_id: results[task_id] for task_id in task_ids}


def wait_until(condition, timeout: float, what: str, workers: Iterable[Worker] = ()) -> None:
    """Poll `condition` until it holds; fail with the workers' logs if a worker exits or the
    time runs out."""
    workers = list(workers)
    deadline = time.monotonic() + timeout
    while not condition():
        for worker in workers:
            if worker.process.poll() is not None:
                pytest.fail(
                    f"{worker.name} exited with {worker.process.returncode}:\n{worker.text()}"
                )
        if time.monotonic() > deadline:
            logs = "\n".join(f"--- {worker.name}\n{worker.text()}" for worker in workers)
            pytest.fail(f"Waited {timeout} s for {what}\n{logs}")
        time.sleep(0.05)


def restore_migrated_data(django_db_blocker) -> None:
    """Put back what the migrations wrote (rules, role groups) once a transactional test has
    emptied the database, for the tests that run after it. Call it from an autouse fixture
    after its `yield`, so that it runs after `transactional_db`'s flush."""
    with django_db_blocker.unblock():
        for db in connections.all():
            contents = getattr(db, "_test_serialized_contents", None)
            if contents:
                db.creation.deserialize_db_from_string(contents)
