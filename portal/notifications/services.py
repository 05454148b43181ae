"""Making notifications and delivering their emails.

Delivery follows healthchecks' pattern: a batch of pending rows is claimed with one atomic
UPDATE, so two workers never send the same email; a claim left by a worker that died goes
stale after `STALE_CLAIM` and the next run takes it over. The one window that cannot be
closed is a crash after the mail server accepted a message and before the row was marked:
that message may go out twice, never zero times.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import timezone, translation

from .models import Notification

logger = logging.getLogger(__name__)

STALE_CLAIM = dt.timedelta(minutes=10)
BATCH_SIZE = 500


def notification_build(
    *, recipient, event_key: str, template: str, context: dict, url: str = ""
) -> Notification:
    """An unsaved notification of one event for one person, rendered in their language from
    `templates/emails/<template>_subject.txt`, `_body.txt` and `_body.html`."""
    with translation.override(recipient.preferred_language):
        personal = {**context, "recipient": recipient}
        return Notification(
            recipient=recipient,
            key=f"{event_key}:{recipient.pk}",
            subject=_render_text(f"emails/{template}_subject.txt", personal).strip(),
            body_text=_render_text(f"emails/{template}_body.txt", personal),
            body_html=render_to_string(f"emails/{template}_body.html", personal),
            url=url,
        )


def _render_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping: a subject or a text body shows
    `"Қазақ" & Co` as written. Pages escape it when they show it."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def notifications_save(notifications: Iterable[Notification]) -> None:
    """Save in one query; a notification whose key exists is left as it is, so calling this
    again for the same event adds nothing."""
    Notification.objects.bulk_create(list(notifications), ignore_conflicts=True)


def notifications_deliver(*, now: dt.datetime | None = None) -> int:
    """Email the pending notifications; returns how many were sent."""
    now = now or timezone.now()
    claim = uuid.uuid4().hex
    pending = Notification.objects.awaiting_email().filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - STALE_CLAIM)
    )
    batch = pending.order_by("pk").values("pk")[:BATCH_SIZE]
    claimed = pending.filter(pk__in=list(batch.values_list("pk", flat=True))).update(
        email_claim=claim, email_claimed_at=now
    )
    if not claimed:
        return 0
    notifications = list(
        Notification.objects.filter(email_claim=claim, emailed_at__isnull=True).select_related(
            "recipient"
        )
    )
    messages = [_email(n) for n in notifications if n.recipient.email]
    get_connection(fail_silently=False).send_messages(messages)
    # A recipient without an address is marked too: there is nothing to retry for them,
    # and the inbox still shows the message.
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(emailed_at=now)
    logger.info("Emailed %d notifications", len(messages))
    return len(messages)


def _email(notification: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient.email],
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


def notifications_mark_read(*, user, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those given) as read."""
    unread = Notification.objects.unread().filter(recipient=user)
    if pks is not None:
        unread = unread.filter(pk__in=list(pks))
    return unread.update(read_at=timezone.now())
