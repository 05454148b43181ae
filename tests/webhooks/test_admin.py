"""The operators' view of the webhooks (issue 12 §5): a superuser finds the failing
endpoints and reads every delivery attempt with its answer, in a constant number of queries;
nothing is changed there, and an endpoint's secret is never shown."""

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal.webhooks.models import WebhookDelivery, WebhookMessage
from portal.webhooks.services import webhook_endpoint_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = reverse("admin:webhooks_webhookendpoint_changelist")
DELIVERIES = reverse("admin:webhooks_webhookdelivery_changelist")


@pytest.fixture
def operator():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def endpoint(number: int, *, failing: bool = False):
    made = webhook_endpoint_create(
        owner=UserFactory(),
        url=f"https://93.184.215.14/hook-{number}",
        event_types=["grid.published"],
    )
    if failing:
        made.failing_since = timezone.now() - dt.timedelta(hours=3)
        made.save(update_fields=["failing_since"])
    return made


def failed_delivery(to, number: int):
    message = WebhookMessage.objects.create(
        msg_id=f"msg_{number}",
        key=f"grid.published:{number}",
        event_type="grid.published",
        payload={"type": "grid.published"},
    )
    return WebhookDelivery.objects.create(
        endpoint=to,
        message=message,
        status="failed",
        http_status=503,
        error="503 Service Unavailable",
        next_attempt_at=timezone.now(),
    )


def listed(client, url, **filters) -> tuple[list, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, filters)
    assert response.status_code == 200
    return list(response.context["cl"].result_list), len(queries)


def test_the_operator_finds_the_failing_endpoints(operator):
    healthy, failing = endpoint(1), endpoint(2, failing=True)
    rows, _ = listed(operator, ENDPOINTS, failing_since__isempty="0")
    assert rows == [failing]
    rows, _ = listed(operator, ENDPOINTS, q="hook-1")
    assert rows == [healthy]


def test_the_lists_take_the_same_queries_for_one_row_or_many(operator):
    first = endpoint(1, failing=True)
    failed_delivery(first, 1)
    _, endpoints_one = listed(operator, ENDPOINTS)
    _, deliveries_one = listed(operator, DELIVERIES)
    for number in range(2, 7):
        failed_delivery(endpoint(number, failing=True), number)
    rows, endpoints_many = listed(operator, ENDPOINTS)
    assert len(rows) == 6 and endpoints_many == endpoints_one
    rows, deliveries_many = listed(operator, DELIVERIES)
    assert len(rows) == 6 and deliveries_many == deliveries_one


def test_a_delivery_shows_its_answer_and_nothing_can_be_changed(operator):
    delivery = failed_delivery(endpoint(1, failing=True), 1)
    page = operator.get(reverse("admin:webhooks_webhookdelivery_change", args=[delivery.pk]))
    assert page.status_code == 200
    assert "503 Service Unavailable" in page.content.decode()
    assert 'type="submit"' not in page.content.decode().split('id="content-main"')[1]
    assert operator.get(reverse("admin:webhooks_webhookdelivery_add")).status_code == 403
    delete = reverse("admin:webhooks_webhookdelivery_delete", args=[delivery.pk])
    assert operator.get(delete).status_code == 403


def test_an_endpoints_secret_is_never_shown(operator):
    secret = endpoint(1).secret
    made = endpoint(2)
    for address in (ENDPOINTS, reverse("admin:webhooks_webhookendpoint_change", args=[made.pk])):
        page = operator.get(address).content.decode()
        assert secret not in page and made.secret not in page
