"""Two Celery workers running the webhook sweep at the same moment post each attempt once:
real worker processes on the test database, the configured broker, a real HTTP receiver
that counts what it got (how the workers reach the database: tests/workers.py)."""

from collections import Counter

import pytest
from django.utils import timezone

from portal.webhooks.models import WebhookDelivery, WebhookMessage
from portal.webhooks.services import webhook_endpoint_create
from portal.webhooks.tasks import deliver
from tests import workers
from tests.factories import UserFactory

TIMEOUT = 60
MESSAGES = 40
SWEEPS = 4  # tasks sent at once, to two workers
DELAY = 0.05  # seconds the receiver takes to answer, so that the sweeps overlap


@pytest.fixture(autouse=True)
def _leave_database_as_migrated(django_db_blocker):
    yield
    workers.restore_migrated_data(django_db_blocker)


@pytest.fixture
def queue():
    with workers.broker_queue() as name:
        yield name


def test_two_workers_sweeping_at_once_post_each_attempt_once(
    queue,
    tmp_path,
    start_receiver,
    local_receivers_allowed,
    transactional_db,
    django_db_serialized_rollback,
):
    workers.check_broker()
    receiver = start_receiver(delay=DELAY)
    endpoint = webhook_endpoint_create(
        owner=UserFactory(), url=receiver.url, event_types=["event.cancelled"]
    )
    now = timezone.now()
    for number in range(MESSAGES):
        message = WebhookMessage.objects.create(
            msg_id=f"msg_race{number}",
            key=f"race:{number}",
            event_type="event.cancelled",
            payload={"type": "event.cancelled", "data": {"id": number}},
        )
        WebhookDelivery.objects.create(endpoint=endpoint, message=message, next_attempt_at=now)

    allow = {"WEBHOOKS_ALLOW_HTTP": "true", "WEBHOOKS_ALLOW_PRIVATE_ADDRESSES": "true"}
    with workers.celery_worker(queue, tmp_path, name="one", **allow) as one:
        one.wait_ready()  # one after the other, as in tests/notifications/test_delivery_crash.py
        with workers.celery_worker(queue, tmp_path, name="two", **allow) as two:
            two.wait_ready()
            sent = {workers.send_task(deliver, queue, tmp_path) for _ in range(SWEEPS)}
            results = workers.wait_for_tasks([one, two], "webhooks.deliver", sent, TIMEOUT)
            ran = {
                worker.name: len(sent & workers.succeeded([worker], "webhooks.deliver").keys())
                for worker in (one, two)
            }

    assert all(ran.values()), f"both workers must take part: {ran}"
    per_message = Counter(request.headers["webhook-id"] for request in receiver.requests)
    assert per_message == Counter({f"msg_race{number}": 1 for number in range(MESSAGES)})
    assert sum(int(value) for value in results.values()) == MESSAGES
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"succeeded"}
