"""Every write of webhooks (issue 8 §6): endpoints registered by API clients, messages kept
in an outbox in the transaction of the change they report, and their delivery.

Delivery follows notifications' pattern (portal/notifications/services.py): the sweep reads
the due attempts, then claims each with a conditional UPDATE that must change exactly it,
posts it, and records the answer under the claim, so two workers running the sweep at once
never post the same attempt. A 2xx answer ends the delivery; anything else (an error, a
timeout, a redirect) records the attempt as failed and schedules the next one after
RETRY_DELAYS (5 s, 5 min, 30 min, 2 h, 5 h, 10 h), the last failure ends it. A worker that
died holding a claim leaves it stale after STALE_CLAIM and the next sweep takes it over: that
attempt, and only it, may reach the receiver twice, with the same webhook-id.

Requests are signed by the Standard Webhooks scheme (the `standardwebhooks` package):
headers webhook-id, webhook-timestamp and webhook-signature "v1,<base64 HMAC-SHA256 of
'{id}.{timestamp}.{body}' with the base64-decoded secret>".
"""

import base64
import datetime as dt
import json
import logging
import secrets
import time
import uuid

import httpx
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from standardwebhooks.webhooks import Webhook

from ..notifications.services import notification_build, notifications_save
from .addresses import check_webhook_url
from .choices import DeliveryStatus, WebhookEventType
from .models import WebhookDelivery, WebhookEndpoint, WebhookMessage

logger = logging.getLogger(__name__)

# After the attempt of the same index fails, the next one waits this long; after the last
# attempt (1 + len(RETRY_DELAYS)) fails, the delivery has failed.
RETRY_DELAYS = (
    dt.timedelta(seconds=5),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=5),
    dt.timedelta(hours=10),
)
ATTEMPTS = 1 + len(RETRY_DELAYS)
TIMEOUT = httpx.Timeout(10.0, connect=5.0)  # seconds per attempt
# Longer than a live worker holds a claim (SEND_WINDOW plus one TIMEOUT).
STALE_CLAIM = dt.timedelta(minutes=5)
SEND_WINDOW = dt.timedelta(minutes=2)
BATCH_SIZE = 200
EXCERPT = 1000  # characters of the receiver's answer kept in the log
MAX_ENDPOINTS = 20  # per owner
USER_AGENT = "PressOfficePortal-Webhooks/1"


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def _event_types(values) -> list[str]:
    values = list(dict.fromkeys(values or []))
    unknown = [value for value in values if value not in WebhookEventType.values]
    if not values or unknown:
        raise ValidationError(
            {
                "event_types": _("Choose one or more of: %(types)s.")
                % {"types": ", ".join(WebhookEventType.values)}
            }
        )
    return values


def _check_url(url: str) -> None:
    try:
        check_webhook_url(url)
    except ValidationError as error:
        raise ValidationError({"url": error.messages}) from None


@transaction.atomic
def webhook_endpoint_create(
    *, owner, url: str, event_types, description: str = "", active: bool = True
) -> WebhookEndpoint:
    """Register an endpoint for its owner, with a new secret (shown to the owner once, and
    again after `webhook_endpoint_rotate`). Its URL must be safe to send to (addresses.py)."""
    if WebhookEndpoint.objects.filter(owner=owner).count() >= MAX_ENDPOINTS:
        raise ValidationError(
            _("You have %(count)s endpoints, the most there may be.") % {"count": MAX_ENDPOINTS}
        )
    endpoint = WebhookEndpoint(
        owner=owner,
        url=url,
        description=description,
        event_types=_event_types(event_types),
        active=active,
        secret=new_secret(),
    )
    endpoint.full_clean()
    _check_url(endpoint.url)
    endpoint.save()
    return endpoint


@transaction.atomic
def webhook_endpoint_update(*, endpoint: WebhookEndpoint, **fields) -> WebhookEndpoint:
    """Change an endpoint's URL, description, event types or whether it is active."""
    stored = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    for name in ("url", "description", "active"):
        if name in fields:
            setattr(stored, name, fields[name])
    if "event_types" in fields:
        stored.event_types = _event_types(fields["event_types"])
    stored.full_clean()
    if "url" in fields:
        _check_url(stored.url)
    if fields.get("active"):  # switched on again: failing from its next failure only
        stored.failing_since = None
    stored.save()
    return stored


def webhook_endpoint_rotate(*, endpoint: WebhookEndpoint) -> WebhookEndpoint:
    """A new secret: the next attempts are signed with it, the old one stops working."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "updated_at"])
    return endpoint


def webhook_endpoint_delete(*, endpoint: WebhookEndpoint) -> None:
    """Forget the endpoint and its log; nothing more is sent to it."""
    endpoint.delete()


def webhook_emit(*, event_type: str, key: str, data: dict) -> WebhookMessage | None:
    """Report an event to every active endpoint that wants it: the message and one due
    attempt per endpoint, in the caller's transaction (the outbox); delivered after the
    commit. `key` names the event, so reporting it again adds nothing. None when nobody
    listens. Only public data goes in `data`."""
    if event_type not in WebhookEventType.values:
        raise ValueError(f"Unknown webhook event type {event_type!r}")
    endpoints = [
        endpoint
        for endpoint in WebhookEndpoint.objects.filter(active=True).only("pk", "event_types")
        if event_type in endpoint.event_types
    ]
    if not endpoints:
        return None
    now = timezone.now()
    with transaction.atomic():
        message, created = WebhookMessage.objects.get_or_create(
            key=key,
            defaults={
                "msg_id": f"msg_{uuid.uuid4().hex}",
                "event_type": event_type,
                "payload": {"type": event_type, "timestamp": now.isoformat(), "data": data},
            },
        )
        if not created:
            return message
        WebhookDelivery.objects.bulk_create(
            WebhookDelivery(endpoint=endpoint, message=message, next_attempt_at=now)
            for endpoint in endpoints
        )
    _deliver_after_commit()
    return message


def _deliver_after_commit() -> None:
    from .tasks import deliver

    transaction.on_commit(deliver.delay)


# --- Delivery -------------------------------------------------------------------------------


def sign(*, secret: str, msg_id: str, timestamp: dt.datetime, body: str) -> str:
    """The webhook-signature header of a request (Standard Webhooks, v1)."""
    return Webhook(secret).sign(msg_id=msg_id, timestamp=timestamp, data=body)


def request_parts(delivery: WebhookDelivery, *, at: dt.datetime) -> tuple[str, dict]:
    """The body and headers of an attempt, signed with the endpoint's current secret."""
    message = delivery.message
    body = json.dumps(message.payload, ensure_ascii=False, separators=(",", ":"))
    signature = sign(
        secret=delivery.endpoint.secret, msg_id=message.msg_id, timestamp=at, body=body
    )
    headers = {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message.msg_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": signature,
    }
    return body, headers


def _due(*, at: dt.datetime):
    return WebhookDelivery.objects.filter(
        status=DeliveryStatus.PENDING, next_attempt_at__lte=at
    ).filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=at - STALE_CLAIM))


def _claim(pk: int, *, claim: str, at: dt.datetime) -> bool:
    """Claim one attempt if nobody holds it: exactly that row changes, or none."""
    return _due(at=at).filter(pk=pk).update(claim=claim, claimed_at=at) == 1


def webhooks_deliver(*, now: dt.datetime | None = None) -> int:
    """Post every due attempt once: claim, post, record. Returns how many succeeded.
    `now` pins the clock (tests); otherwise each step reads the time it happens."""
    clock = (lambda: now) if now else timezone.now
    claim = uuid.uuid4().hex
    stop_at = time.monotonic() + SEND_WINDOW.total_seconds()
    batch = list(
        _due(at=clock())
        .select_related("endpoint", "message")
        .order_by("next_attempt_at", "pk")[:BATCH_SIZE]
    )
    succeeded = 0
    if not batch:
        return 0
    with httpx.Client(timeout=TIMEOUT, follow_redirects=False, trust_env=False) as client:
        for delivery in batch:
            if time.monotonic() > stop_at:
                break
            if not _claim(delivery.pk, claim=claim, at=clock()):
                continue  # another worker has it
            succeeded += _attempt(client, delivery, claim=claim, clock=clock)
    logger.info("Delivered %d webhook attempts", succeeded)
    return succeeded


def _attempt(client: httpx.Client, delivery: WebhookDelivery, *, claim: str, clock) -> int:
    at = clock()
    result = {"http_status": None, "response_excerpt": "", "error": ""}
    ok = False
    if not delivery.endpoint.active:
        result["error"] = _("The endpoint is not active.")
    else:
        try:
            check_webhook_url(delivery.endpoint.url)
            body, headers = request_parts(delivery, at=at)
            response = client.post(delivery.endpoint.url, content=body.encode(), headers=headers)
        except ValidationError as error:
            result["error"] = " ".join(error.messages)
        except httpx.HTTPError as error:
            result["error"] = (f"{type(error).__name__}: {error}")[:500]
        else:
            result["http_status"] = response.status_code
            result["response_excerpt"] = response.text[:EXCERPT]
            ok = 200 <= response.status_code < 300
    _record(delivery, claim=claim, at=at, ok=ok, result=result)
    return int(ok)


@transaction.atomic
def _record(delivery: WebhookDelivery, *, claim: str, at: dt.datetime, ok: bool, result: dict):
    """The attempt's answer, under the claim; a failure schedules the next attempt (one row
    per attempt number, whoever records it) or, after the last, ends the delivery."""
    status = DeliveryStatus.SUCCEEDED if ok else DeliveryStatus.FAILED
    recorded = WebhookDelivery.objects.filter(pk=delivery.pk, claim=claim).update(
        status=status,
        attempted_at=at,
        delivered_at=at if ok else None,
        **result,
    )
    if not recorded:
        logger.warning("Webhook attempt %s was taken over while sent", delivery.pk)
        return
    endpoint = WebhookEndpoint.objects.filter(pk=delivery.endpoint_id)
    if ok:
        endpoint.filter(failing_since__isnull=False).update(failing_since=None)
        return
    endpoint.filter(failing_since__isnull=True).update(failing_since=at)
    if delivery.attempt >= ATTEMPTS:
        _tell_owner(delivery, result=result)
    else:
        try:
            with transaction.atomic():
                WebhookDelivery.objects.create(
                    endpoint_id=delivery.endpoint_id,
                    message_id=delivery.message_id,
                    attempt=delivery.attempt + 1,
                    next_attempt_at=at + RETRY_DELAYS[delivery.attempt - 1],
                )
        except IntegrityError:  # already scheduled by a worker that took the claim over
            pass


def _tell_owner(delivery: WebhookDelivery, *, result: dict) -> None:
    """A message given up: its owner is told (inbox and e-mail), once per failing streak of
    the endpoint, which stays active (nothing is switched off silently)."""
    endpoint = WebhookEndpoint.objects.select_related("owner").get(pk=delivery.endpoint_id)
    since = endpoint.failing_since or timezone.now()
    notifications_save(
        [
            notification_build(
                recipient=endpoint.owner,
                event_key=f"webhook-failing:{endpoint.pk}:{int(since.timestamp())}",
                template="webhook_failing",
                context={
                    "endpoint": endpoint,
                    "delivery": WebhookDelivery(**result),
                    "attempts": ATTEMPTS,
                },
            )
        ]
    )
