"""A Celery worker SIGKILLed in the middle of a media-grid's publication (issue 12 §3): the
publication completes exactly once after a new worker starts, with one version, its three
PDFs and one announcement to each subscriber, e-mailed once.

A publication is the service's transaction (the version, the webhook outbox, the queued PDFs,
in the request) and then the worker's part, queued on its commit: `documents.build` in
kk, ru and en and `eventgrid.media_grid_mail`. The worker is killed inside the mail task,
after it saved the announcements and while it waits for the mail server, which holds the
connection without a word (the test's slow hook). The broker keeps the unacknowledged task
(CELERY_TASK_ACKS_LATE, CELERY_TASK_REJECT_ON_WORKER_LOST) and hands it to the next worker
once the visibility timeout has passed; that wait is made to have passed, as in
tests/notifications/test_delivery_crash.py.

PostgreSQL and Redis; skipped elsewhere unless CI=true, where it must run.
"""

import datetime as dt
import os
import secrets
import socket
import threading
import time
from collections import Counter

import pytest
from django.conf import settings
from django.utils import timezone

from eventgrid import services as grid_services
from eventgrid.models import MediaGridVersion
from eventgrid.tasks import media_grid_mail
from portal.documents import tasks as document_tasks
from portal.documents.choices import DocumentStatus
from portal.documents.models import StoredDocument
from portal.notifications.choices import SubscriptionTopic
from portal.notifications.models import EmailSubscription, Notification
from tests import workers
from tests.eventgrid.conftest import WEEK
from tests.eventgrid.factories import EventFactory, submit_week
from tests.factories import AgencyFactory
from tests.notifications.conftest import start_mail_server  # noqa: F401 (a fixture)

TIMEOUT = 60  # seconds for any one wait: three PDFs and the e-mails take a few
SUBSCRIBERS = 12

pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true"
    and not (
        "postgresql" in settings.DATABASES["default"]["ENGINE"]
        and settings.CELERY_BROKER_URL.startswith("redis")
    ),
    reason="needs PostgreSQL and the Redis broker (DATABASE_URL, CELERY_BROKER_URL)",
)


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(django_db_blocker):
    """Autouse, so it is set up before `transactional_db` and torn down after its flush."""
    yield
    workers.restore_migrated_data(django_db_blocker)


@pytest.fixture
def queue():
    with workers.broker_queue() as name:
        yield name


class SilentMailServer:
    """Accepts SMTP connections and never greets: the worker waits in `connection.open()`."""

    def __init__(self):
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.accepted: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        try:
            while True:
                self.accepted.append(self._socket.accept()[0])
        except OSError:
            return  # closed

    def close(self):
        for connection in self.accepted:
            connection.close()
        self._socket.close()


@pytest.fixture
def silent_mail_server():
    server = SilentMailServer()
    yield server
    server.close()


@pytest.fixture
def queued_to(monkeypatch, tmp_path):
    """The publication's on-commit tasks go to the test's queue, through the real broker."""

    def route(queue):
        for task in (media_grid_mail, document_tasks.build):
            monkeypatch.setattr(
                task,
                "delay",
                lambda task=task, **kwargs: workers.send_task(task.s(**kwargs), queue, tmp_path),
            )

    return route


def _grid_ready(ministry_staff):
    agency, other = AgencyFactory(), AgencyFactory()
    briefing = EventFactory(agency=agency, state="planned", main_news_candidate=True)
    forum = EventFactory(agency=other, starts_at=briefing.starts_at + dt.timedelta(days=5))
    submit_week(agency, [briefing])
    submit_week(other, [forum])
    for number in range(SUBSCRIBERS):
        EmailSubscription.objects.create(
            email=f"journalist{number}@example.kz",
            language=("kk", "ru", "en")[number % 3],
            topic=SubscriptionTopic.MEDIA_GRID,
            confirmed_at=timezone.now(),
            unsubscribe_token=secrets.token_urlsafe(32),
        )
    return grid_services.media_grid_compose(week_start=WEEK, by=ministry_staff)


def _let_the_visibility_timeout_pass(queue: str) -> None:
    timeout = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    with workers.redis() as client:
        tags = workers.unacked_tags(queue, client=client)
        assert len(tags) == 1, "the killed worker's task waits, unacknowledged, in Redis"
        client.zadd(workers.UNACKED_INDEX, {tags[0]: time.time() - timeout - 60})


def test_a_worker_killed_mid_publication_leaves_it_to_complete_once_after_restart(
    queue,
    tmp_path,
    queued_to,
    silent_mail_server,
    start_mail_server,  # noqa: F811
    ministry_staff,
    transactional_db,
    django_db_serialized_rollback,
    settings,
):
    workers.check_broker()
    settings.MEDIA_ROOT = str(tmp_path / "media")  # the workers' folder too, below
    media = {"MEDIA_ROOT": settings.MEDIA_ROOT}
    grid = _grid_ready(ministry_staff)
    queued_to(queue)

    silent = {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(silent_mail_server.port),
    }
    with workers.celery_worker(queue, tmp_path, name="doomed", **silent, **media) as doomed:
        doomed.wait_ready()
        version = grid_services.media_grid_publish(grid=grid, by=ministry_staff)
        workers.wait_until(
            lambda: silent_mail_server.accepted, TIMEOUT, "the mail task to connect", [doomed]
        )
        doomed.kill()

    # Killed mid-way: the announcements are saved, none is e-mailed, the task unacknowledged.
    assert Notification.objects.count() == SUBSCRIBERS
    assert not Notification.objects.filter(emailed_at__isnull=False).exists()
    assert not workers.succeeded([doomed], "eventgrid.media_grid_mail")

    _let_the_visibility_timeout_pass(queue)
    server = start_mail_server()
    with workers.celery_worker(
        queue, tmp_path, name="next", **server.settings_for_worker(), **media
    ) as successor:
        workers.wait_until(
            lambda: workers.succeeded([successor], "eventgrid.media_grid_mail"),
            TIMEOUT,
            "the redelivered mail task",
            [successor],
        )
        workers.wait_until(
            lambda: not StoredDocument.objects.exclude(status=DocumentStatus.DONE).exists(),
            TIMEOUT,
            "the PDFs",
            [successor],
        )

    assert list(workers.succeeded([successor], "eventgrid.media_grid_mail").values()) == ["0"]
    assert MediaGridVersion.objects.get() == version
    documents = StoredDocument.objects.all()
    assert sorted(d.language for d in documents) == ["en", "kk", "ru"]
    for document in documents:
        assert (tmp_path / "media" / document.file.name).is_file()
    assert Notification.objects.count() == SUBSCRIBERS
    assert not Notification.objects.awaiting_email().exists()
    per_recipient = server.handler.per_recipient()
    assert per_recipient == Counter({f"journalist{n}@example.kz": 1 for n in range(SUBSCRIBERS)})
