"""Webhooks of API clients (issue 8 §6): registration through the API with the SSRF checks,
requests signed by the Standard Webhooks scheme and received by a real local HTTP server,
retries with back-off in the delivery log, and nobody else's endpoints in sight."""

import base64
import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from standardwebhooks.webhooks import Webhook

from eventgrid import services as grid_services
from portal.notifications.models import Notification
from portal.webhooks.models import WebhookDelivery, WebhookEndpoint, WebhookMessage
from portal.webhooks.services import RETRY_DELAYS, sign, webhooks_deliver
from tests.eventgrid.factories import MONDAY_TEN, EventFactory, submit_week
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENDPOINTS = "/api/v1/webhooks/"


def client_of(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def owner(db):
    return UserFactory(preferred_language="en")


@pytest.fixture
def api(owner):
    return client_of(owner)


def register(
    api, url, events=("grid.published", "grid.corrected", "event.cancelled"), language="en"
):
    return api.post(
        ENDPOINTS,
        {"url": url, "event_types": list(events)},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_the_published_test_vector_of_the_standard_verifies():
    """The Standard Webhooks specification's example (and the svix libraries' tests)."""
    signature = sign(
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        msg_id="msg_p5jXN8AQM9LWM0D4loKWxJek",
        timestamp=dt.datetime.fromtimestamp(1614265330, tz=dt.UTC),
        body='{"test": 2432232314}',
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://93.184.215.14/hook", "The URL must start with https://."),
        ("https://127.0.0.1/hook", "private, local or reserved address"),
        ("https://10.1.2.3/hook", "private, local or reserved address"),
        ("https://169.254.169.254/latest/meta-data/", "private, local or reserved address"),
        ("https://[::1]/hook", "private, local or reserved address"),
        ("https://[::ffff:192.168.0.1]/hook", "private, local or reserved address"),
        ("https://localhost/hook", "private, local or reserved address"),
        ("https://user:pw@93.184.215.14/hook", "must not contain a user name"),
        ("https://no-such-host.invalid/hook", "cannot be found"),
    ],
)
def test_registration_refuses_unsafe_urls(api, url, message):
    response = register(api, url)
    assert response.status_code == 400, response.content
    assert message in " ".join(response.json()["url"])
    assert not WebhookEndpoint.objects.exists()


def test_a_refusal_is_in_the_clients_language(api):
    response = register(api, "https://10.1.2.3/hook", language="kk")
    assert response.json()["url"] == [
        "URL жеке, жергілікті немесе резервтелген мекенжайға апарады; жария мекенжайды "
        "пайдаланыңыз."
    ]


def test_http_and_local_addresses_only_when_the_settings_allow(api, settings):
    settings.WEBHOOKS_ALLOW_HTTP = True
    assert register(api, "http://127.0.0.1:9/hook").status_code == 400  # still local
    settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = True
    assert register(api, "http://127.0.0.1:9/hook").status_code == 201


def test_registration_shows_the_secret_once_and_rotation_replaces_it(api):
    response = register(api, "https://93.184.215.14/hook", ["grid.published"])
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["secret"].startswith("whsec_")
    assert len(base64.b64decode(created["secret"].removeprefix("whsec_"))) == 24
    assert created["event_types"] == ["grid.published"]
    shown = api.get(f"{ENDPOINTS}{created['id']}/").json()
    assert "secret" not in shown and shown["url"] == "https://93.184.215.14/hook"

    rotated = api.post(f"{ENDPOINTS}{created['id']}/rotate/").json()
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != created["secret"]
    assert WebhookEndpoint.objects.get().secret == rotated["secret"]


@pytest.mark.parametrize(
    "body",
    [
        {"url": "https://93.184.215.14/hook", "event_types": []},
        {"url": "https://93.184.215.14/hook", "event_types": ["grid.deleted"]},
        {"url": "https://93.184.215.14/hook", "event_types": ["grid.published"], "secret": "x"},
    ],
)
def test_bad_event_types_or_a_given_secret_are_refused(api, body):
    assert api.post(ENDPOINTS, body, format="json").status_code == 400
    assert not WebhookEndpoint.objects.exists()


def test_other_users_see_neither_my_endpoints_nor_their_deliveries(api, owner):
    mine = register(api, "https://93.184.215.14/hook").json()["id"]
    stranger = client_of(UserFactory(is_superuser=True, is_staff=True))
    assert stranger.get(ENDPOINTS).json()["results"] == []
    for method, path in [
        ("get", f"{ENDPOINTS}{mine}/"),
        ("patch", f"{ENDPOINTS}{mine}/"),
        ("delete", f"{ENDPOINTS}{mine}/"),
        ("post", f"{ENDPOINTS}{mine}/rotate/"),
        ("get", f"{ENDPOINTS}{mine}/deliveries/"),
    ]:
        assert getattr(stranger, method)(path, {}, format="json").status_code == 404
    assert WebhookEndpoint.objects.filter(pk=mine).exists()
    assert APIClient().get(ENDPOINTS).status_code == 401


@pytest.fixture
def week(agency, ministry_staff):
    briefing = EventFactory(agency=agency)
    submit_week(agency, [briefing])
    return briefing


def publish(ministry_staff):
    grid = grid_services.media_grid_compose(week_start=MONDAY_TEN.date(), by=ministry_staff)
    return grid_services.media_grid_publish(grid=grid, by=ministry_staff)


def test_a_published_grid_reaches_the_receiver_signed(
    api, week, ministry_staff, local_receivers_allowed, start_receiver
):
    receiver = start_receiver()
    created = register(api, receiver.url, ["grid.published", "grid.corrected"]).json()

    publish(ministry_staff)
    assert webhooks_deliver() == 1

    (request,) = receiver.requests
    payload = Webhook(created["secret"]).verify(request.body, request.headers)
    assert payload["type"] == "grid.published"
    data = payload["data"]
    assert (data["week"], data["version"]) == ("2026-W50", 1)
    assert data["url"]["ru"] == "http://127.0.0.1:8000/ru/media-grid/2026-W50/?version=1"
    assert data["pdf_url"]["kk"] == "http://127.0.0.1:8000/kk/media-grid/2026-W50.pdf?version=1"
    assert data["json_url"] == "http://127.0.0.1:8000/api/v1/media-grids/2026-W50/?version=1"
    # The signature by the standard's own words, without the library.
    key = base64.b64decode(created["secret"].removeprefix("whsec_"))
    signed = b".".join(
        [request.headers["webhook-id"].encode(), request.headers["webhook-timestamp"].encode()]
        + [request.body]
    )
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    assert request.headers["webhook-signature"] == f"v1,{expected}"
    assert request.headers["webhook-id"].startswith("msg_")

    assert webhooks_deliver() == 0  # delivered once
    (entry,) = api.get(f"{ENDPOINTS}{created['id']}/deliveries/").json()["results"]
    assert (entry["status"], entry["http_status"], entry["attempt"]) == ("succeeded", 200, 1)
    assert entry["response_excerpt"] == "answered 200"


def test_a_cancelled_event_is_reported_with_public_data_only(
    api, agency, ministry_staff, local_receivers_allowed, start_receiver
):
    receiver = start_receiver()
    created = register(api, receiver.url, ["event.cancelled"]).json()
    event = EventFactory(agency=agency, title_ru="Брифинг")
    grid_services.event_cancel(event=event, reason={"en": "Bad weather"}, by=ministry_staff)
    publish_nothing = WebhookDelivery.objects.count()
    assert publish_nothing == 1

    assert webhooks_deliver() == 1
    payload = Webhook(created["secret"]).verify(
        receiver.requests[0].body, receiver.requests[0].headers
    )
    assert payload["type"] == "event.cancelled"
    assert payload["data"]["id"] == event.pk
    assert payload["data"]["title"]["ru"] == "Брифинг"
    assert payload["data"]["reason"]["en"] == "Bad weather"
    assert payload["data"]["agency"]["slug"] == agency.slug
    assert set(payload["data"]) == {"id", "title", "starts_at", "ends_at", "reason", "agency"}


def test_a_failing_receiver_gets_retries_with_back_off_in_the_log(
    api, owner, agency, ministry_staff, local_receivers_allowed, start_receiver
):
    receiver = start_receiver(status=500)
    created = register(api, receiver.url, ["event.cancelled"]).json()
    grid_services.event_cancel(
        event=EventFactory(agency=agency), reason={"en": "Bad weather"}, by=ministry_staff
    )
    start = timezone.now()

    assert webhooks_deliver(now=start) == 0
    assert webhooks_deliver(now=start + dt.timedelta(seconds=4)) == 0  # not due yet
    assert len(receiver.requests) == 1
    moment = start
    for delay in RETRY_DELAYS:
        moment += delay
        webhooks_deliver(now=moment)
    assert len(receiver.requests) == 1 + len(RETRY_DELAYS)  # then it stops
    assert webhooks_deliver(now=moment + dt.timedelta(days=1)) == 0
    assert len(receiver.requests) == 1 + len(RETRY_DELAYS)

    log = api.get(f"{ENDPOINTS}{created['id']}/deliveries/", {"page_size": 3}).json()
    assert log["count"] == 7
    assert [entry["attempt"] for entry in log["results"]] == [7, 6, 5]
    assert {(entry["status"], entry["http_status"]) for entry in log["results"]} == {
        ("failed", 500)
    }
    rows = WebhookDelivery.objects.order_by("attempt")
    waits = [b.next_attempt_at - a.attempted_at for a, b in zip(rows, rows[1:], strict=False)]
    assert waits == list(RETRY_DELAYS)
    assert WebhookEndpoint.objects.get().failing_since == start
    # The owner is told once that a message was given up; the endpoint stays active.
    (told,) = Notification.objects.filter(recipient=owner)
    assert told.subject == f"Your webhook fails: {receiver.url}"
    assert "HTTP 500" in told.body_text and "7 attempts" in told.body_text
    assert WebhookEndpoint.objects.get().active


def test_the_delivery_log_runs_a_constant_number_of_queries(
    api, agency, ministry_staff, local_receivers_allowed, start_receiver, django_assert_num_queries
):
    receiver = start_receiver(status=500)
    created = register(api, receiver.url, ["event.cancelled"]).json()
    path = f"{ENDPOINTS}{created['id']}/deliveries/"
    for count in (1, 3):
        grid_services.event_cancel(
            event=EventFactory(agency=agency), reason={"en": "Rain"}, by=ministry_staff
        )
        webhooks_deliver()
        # Token, endpoint, count, page (with each message).
        with django_assert_num_queries(4):
            assert len(api.get(path).json()["results"]) >= count


def test_the_body_is_the_message_as_json(
    api, agency, ministry_staff, local_receivers_allowed, start_receiver
):
    receiver = start_receiver()
    register(api, receiver.url, ["event.cancelled"])
    grid_services.event_cancel(
        event=EventFactory(agency=agency), reason={"en": "Rain"}, by=ministry_staff
    )
    webhooks_deliver()
    (request,) = receiver.requests
    assert request.headers["content-type"] == "application/json"
    assert json.loads(request.body)["type"] == "event.cancelled"


def test_i_can_change_and_delete_my_endpoint(api):
    created = register(api, "https://93.184.215.14/hook").json()
    path = f"{ENDPOINTS}{created['id']}/"
    changed = api.patch(path, {"active": False, "event_types": ["event.cancelled"]}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["active"], changed.json()["event_types"]) == (False, ["event.cancelled"])
    refused = api.patch(path, {"url": "https://192.168.1.1/"}, format="json")
    assert refused.status_code == 400
    assert WebhookEndpoint.objects.get().url == "https://93.184.215.14/hook"
    assert api.delete(path).status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_my_endpoint_list_runs_a_constant_number_of_queries(api, django_assert_num_queries):
    for count in (1, 3):
        while WebhookEndpoint.objects.count() < count:
            register(api, "https://93.184.215.14/hook")
        # Token, count, page.
        with django_assert_num_queries(3):
            assert len(api.get(ENDPOINTS).json()["results"]) == count


def test_a_refused_publication_or_an_inactive_endpoint_reports_nothing(
    api, agency, ministry_staff, local_receivers_allowed, start_receiver
):
    receiver = start_receiver()
    created = register(api, receiver.url).json()
    grid = grid_services.media_grid_compose(week_start=MONDAY_TEN.date(), by=ministry_staff)
    with pytest.raises(ValidationError):  # no event in it: refused, rolled back
        grid_services.media_grid_publish(grid=grid, by=ministry_staff)
    api.patch(f"{ENDPOINTS}{created['id']}/", {"active": False}, format="json")
    grid_services.event_cancel(
        event=EventFactory(agency=agency), reason={"en": "Rain"}, by=ministry_staff
    )
    assert not WebhookMessage.objects.exists() and not WebhookDelivery.objects.exists()
    assert webhooks_deliver() == 0 and receiver.requests == []
