"""Making notifications and delivering their emails.

Each email is sent once, really. Delivery follows healthchecks' pattern, row by row:
`notifications_deliver` reads a batch of pending rows, then for each one claims it with a
conditional UPDATE that changes that row only if nobody holds it (`pk=…, unclaimed or stale`),
sends it over the one SMTP connection the batch keeps open, and at once marks that row
`emailed_at`, guarded by the claim, in the UPDATE that claims the next row. So two workers
walking the same batch never send the same email, and a worker killed after 59 of 100 has
marked those 59: the next run sends the other 41.

- The one window that cannot be closed: a crash after the mail server accepted a message and
  before its row was marked. That message, at most one per killed worker, goes out twice;
  none goes out zero times.
- A message that fails (refused, connection broken) is logged and its claim released; the rest
  of the batch goes on, and the next run retries it.
- A claim left by a worker that died goes stale after `STALE_CLAIM` and the next run takes it
  over: beat runs `notifications.deliver` every 5 minutes. A live worker never holds a claim
  that long: it claims each row just before sending it, starts no email after `SEND_WINDOW`,
  and each SMTP operation times out after `SMTP_TIMEOUT`.
- A killed worker's task stays unacknowledged in Redis (tasks are acknowledged late) and is
  handed to another worker after the broker's visibility timeout, 15 minutes (see
  CELERY_BROKER_TRANSPORT_OPTIONS in the settings): longer than STALE_CLAIM, so the
  redelivered task finds the dead worker's claim stale and finishes its batch. Running a task
  twice, or in two workers at once, is harmless: the claims decide who sends.
"""

import datetime as dt
import logging
import secrets
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Q
from django.template import Context
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from ..directory.choices import Language
from ..ratelimit import within_limit
from .choices import SubscriptionTopic
from .models import EmailSubscription, Notification

logger = logging.getLogger(__name__)

# A claim older than this was left by a worker that died, and is taken over. Longer than a
# live worker holds one (SEND_WINDOW plus one message), shorter than the broker's visibility
# timeout (15 minutes), after which Redis hands a killed worker's task to another worker.
STALE_CLAIM = dt.timedelta(minutes=10)
# A run starts no new email after this; the next run sends the rest.
SEND_WINDOW = dt.timedelta(minutes=5)
SMTP_TIMEOUT = 30  # seconds for each SMTP operation, unless EMAIL_TIMEOUT is set
BATCH_SIZE = 500


@dataclass(frozen=True)
class Message:
    """The three texts of an e-mail, rendered in one language for everyone who reads it."""

    subject: str
    body_text: str
    body_html: str

    def filled(self, blanks: dict[str, str]) -> "Message":
        """This message with each blank's marker replaced by its value (escaped in the HTML)."""
        subject, text, html = self.subject, self.body_text, self.body_html
        for name, value in blanks.items():
            marker, value = _marker(name), value.replace(MARK, "")
            subject = subject.replace(marker, value)
            text = text.replace(marker, value)
            html = html.replace(marker, escape(value))
        if MARK in subject + text + html:
            raise ValueError("A blank was changed by its template and could not be filled")
        return Message(subject, text, html)


class Blank(str):
    """A context value in which messages that otherwise read alike differ (an agency's name,
    a link): `Stencils` renders the template once with a marker in its place. A template
    must show it as it is, with no filter."""


MARK = "\ue000"  # a private-use character: not whitespace, left alone by HTML escaping


def _marker(name: str) -> str:
    return f"{MARK}{name}{MARK}"


class Stencils:
    """Messages rendered once per template, language and `alike` key for every event that
    reads the same but for its `Blank` values: the sweep reminds 500 agencies of the same
    rule due at the same moment, and renders that reminder once per language, not 500 times.
    A context's other values must follow from the key; a callable value (a fragment of the
    e-mail) is called only when the template is rendered."""

    def __init__(self):
        self._messages: dict[tuple, Message] = {}

    def render(self, *, template: str, alike: tuple, context: dict) -> Message:
        blanks = {name: value for name, value in context.items() if isinstance(value, Blank)}
        key = (translation.get_language(), template, alike)
        if key not in self._messages:
            self._messages[key] = message_render(
                template=template, context={**context, **{n: _marker(n) for n in blanks}}
            )
        return self._messages[key].filled(blanks)


def message_render(*, template: str, context: dict) -> Message:
    """`templates/emails/<template>_subject.txt`, `_body.txt` and `_body.html` rendered in
    the active language: the subject and text without HTML escaping, the HTML escaped."""
    return Message(
        subject=render_text(f"emails/{template}_subject.txt", context).strip(),
        body_text=render_text(f"emails/{template}_body.txt", context),
        body_html=get_template(f"emails/{template}_body.html").render(context),
    )


def notifications_build(
    *,
    recipients: Iterable,
    event_key: str,
    template: str,
    context_for: Callable,
    stencils: Stencils | None = None,
    alike: tuple = (),
) -> list[Notification]:
    """Unsaved notifications of one event, one per recipient, each in their preferred
    language; each language's texts are rendered once, however many read them — and once
    for all the events of a run that share `stencils` and read `alike` but for their blanks.

    `context_for()` is called once per language, with that language active, and returns
    `(context, url)`: the template's context and the page the notification links to, a path
    with the language's prefix (`/ru/deadlines/42/`), whose full address the e-mail shows.
    """
    stencils = stencils or Stencils()
    by_language: dict[str, list] = defaultdict(list)
    for person in recipients:
        by_language[person.preferred_language].append(person)
    notifications = []
    for language, people in by_language.items():
        with translation.override(language):
            context, url = context_for()
            message = stencils.render(
                template=template, alike=alike or (event_key,), context=context
            )
        notifications += [
            Notification(
                recipient=person,
                key=f"{event_key}:{person.pk}",
                subject=message.subject,
                body_text=message.body_text,
                body_html=message.body_html,
                url=url,
            )
            for person in people
        ]
    return notifications


def notification_build(
    *, recipient, event_key: str, template: str, context: dict, url: str = ""
) -> Notification:
    """An unsaved notification of one event for one person, rendered in their language from
    `templates/emails/<template>_subject.txt`, `_body.txt` and `_body.html`; the context has
    the `recipient`. For many people, `notifications_build` renders once per language."""
    with translation.override(recipient.preferred_language):
        message = message_render(template=template, context={**context, "recipient": recipient})
    return Notification(
        recipient=recipient,
        key=f"{event_key}:{recipient.pk}",
        subject=message.subject,
        body_text=message.body_text,
        body_html=message.body_html,
        url=url,
    )


def notifications_each(
    *, recipients: Iterable, event_key: str, template: str, context: dict, path: Callable
) -> list[Notification]:
    """Unsaved notifications of one event, one per person, each rendered in their language
    and greeting them by name, with `link` to the page `path()` gives in that language (a
    path with its prefix). For many readers alike, `notifications_build` renders once per
    language instead."""
    notifications = []
    for person in recipients:
        with translation.override(person.preferred_language):
            url = path()
        notifications.append(
            notification_build(
                recipient=person,
                event_key=event_key,
                template=template,
                context={**context, "link": settings.PORTAL_BASE_URL + url},
                url=url,
            )
        )
    return notifications


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template rendered without HTML escaping: a subject or a text body shows
    `"Қазақ" & Co` as written. Pages escape it when they show it."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def notifications_save(notifications: Iterable[Notification]) -> None:
    """Save in one query; a notification whose key exists is left as it is, so calling this
    again for the same event adds nothing."""
    Notification.objects.bulk_create(list(notifications), ignore_conflicts=True)


def notifications_deliver(*, now: dt.datetime | None = None) -> int:
    """Email the pending notifications one by one over one SMTP connection: claim a row, send
    it, mark it. Returns how many were sent.

    Queries: one for the batch with its recipients, then one UPDATE per email that marks the
    one before and claims it, and one that marks the last (plus one for recipients without
    an address, a release per failed message, and a failed claim per row another worker took
    first). `now` pins the clock for tests; otherwise each claim and mark reads the time it
    happens.
    """
    clock = (lambda: now) if now else timezone.now
    claim = uuid.uuid4().hex
    stop_at = time.monotonic() + SEND_WINDOW.total_seconds()
    batch = list(_claimable(at=clock()).select_related("recipient").order_by("pk")[:BATCH_SIZE])
    # A recipient without an address is marked at once: there is nothing to send or retry
    # for them, and the inbox still shows the message.
    unreachable = [n.pk for n in batch if not n.address]
    if unreachable:
        _claimable(at=clock()).filter(pk__in=unreachable).update(emailed_at=clock())
    batch = [n for n in batch if n.address]
    if not batch:
        return 0
    sent = 0
    connection = get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT or SMTP_TIMEOUT)
    connection.open()  # a server that cannot be reached fails the run before any claim
    try:
        with _commits_without_waiting_for_the_disk():
            sent = _send_claimed(batch, connection, claim=claim, clock=clock, stop_at=stop_at)
    finally:
        _close(connection)
    logger.info("Emailed %d notifications", sent)
    return sent


@contextmanager
def _commits_without_waiting_for_the_disk():
    """PostgreSQL's synchronous_commit off for delivery's claims and marks: each is still
    committed and seen by every other worker at once, so a killed worker resends at most one
    e-mail as before; only a crash of the database server itself could lose the last marks
    of the past fraction of a second (wal_writer_delay × 3), whose e-mails would be sent
    again. Waiting for the disk on each UPDATE of delivery was most of the sweep."""
    if db_connection.vendor != "postgresql":
        yield
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with db_connection.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _send_claimed(batch, connection, *, claim: str, clock, stop_at: float) -> int:
    """Per e-mail: claim the row, send it, mark it sent at once. The mark goes in the
    UPDATE that claims the next row, sent straight after the e-mail (`_mark_and_claim`);
    the last one's goes alone."""
    sent, unmarked = 0, None
    for notification in batch:
        if time.monotonic() > stop_at:
            logger.info("Stopped after %s; the next run sends the rest", SEND_WINDOW)
            break
        claimed = _mark_and_claim(sent=unmarked, claim_pk=notification.pk, claim=claim, at=clock())
        unmarked = None
        if not claimed:
            continue  # another worker has claimed it or sent it
        try:
            connection.send_messages([_email(notification)])
        except Exception:
            logger.exception("Could not email notification %s; retried later", notification.pk)
            Notification.objects.filter(pk=notification.pk, email_claim=claim).update(
                email_claim="", email_claimed_at=None
            )
            if not _reconnect(connection):
                break
            continue
        sent += 1
        unmarked = notification.pk
    if unmarked is not None:
        _mark_and_claim(sent=unmarked, claim_pk=None, claim=claim, at=clock())
    return sent


def _claimable(*, at: dt.datetime):
    """Pending notifications nobody holds: never claimed, or claimed longer ago than
    STALE_CLAIM by a worker that must have died."""
    return Notification.objects.awaiting_email().filter(
        Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=at - STALE_CLAIM)
    )


# Delivery's one statement per e-mail, written once: the ORM compiled each UPDATE afresh,
# 0.25 ms of the 0.35 ms each took, and a mark of its own doubled the round trips to the
# database, most of delivery's time at 500 e-mails. It marks the row just sent (if still
# this run's claim) and claims the next (on `_claimable`'s conditions), and returns the ids
# it changed; either id may be NULL, which matches no row. The table is quoted as the ORM does.
_TABLE = db_connection.ops.quote_name(Notification._meta.db_table)
_MARK_AND_CLAIM = (
    f"UPDATE {_TABLE} SET"
    " emailed_at = CASE WHEN id = %(sent)s THEN %(at)s ELSE emailed_at END,"
    " email_claim = CASE WHEN id = %(next)s THEN %(claim)s ELSE email_claim END,"
    " email_claimed_at = CASE WHEN id = %(next)s THEN %(at)s ELSE email_claimed_at END"
    " WHERE (id = %(sent)s AND email_claim = %(claim)s)"
    " OR (id = %(next)s AND emailed_at IS NULL"
    " AND (email_claimed_at IS NULL OR email_claimed_at < %(stale)s))"
    " RETURNING id"
)


def _mark_and_claim(*, sent: int | None, claim_pk: int | None, claim: str, at: dt.datetime) -> bool:
    """Mark the row `sent` as e-mailed and claim the row `claim_pk` if nobody holds it, in
    one UPDATE: exactly those rows are changed, or fewer. Returns whether `claim_pk` is now
    this run's. A row taken over while it was being sent (its claim gone stale) is left to
    the worker that took it."""
    adapt = db_connection.ops.adapt_datetimefield_value
    with db_connection.cursor() as cursor:
        cursor.execute(
            _MARK_AND_CLAIM,
            {
                "sent": sent,
                "next": claim_pk,
                "claim": claim,
                "at": adapt(at),
                "stale": adapt(at - STALE_CLAIM),
            },
        )
        changed = {pk for (pk,) in cursor.fetchall()}
    if sent is not None and sent not in changed:
        logger.warning("Notification %s was taken over while sent", sent)
    return claim_pk is not None and claim_pk in changed


def _reconnect(connection) -> bool:
    """A fresh connection after a failed message, whose connection may be broken."""
    _close(connection)
    try:
        connection.open()
    except Exception:
        logger.exception("The mail server cannot be reached; the next run sends the rest")
        return False
    return True


def _close(connection) -> None:
    try:
        connection.close()
    except Exception:  # QUIT refused: every message was already answered
        logger.warning("The mail server did not close the connection cleanly", exc_info=True)


def _email(notification: Notification) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers=notification.headers or None,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


def user_set_language(*, user, language: str) -> None:
    """Set the language the user's notifications, e-mails and calendar feed are written in.

    Changes only that column of that user; messages already made keep their language."""
    if language not in Language.values:
        raise ValidationError({"preferred_language": _("Choose Kazakh, Russian or English.")})
    get_user_model().objects.filter(pk=user.pk).update(preferred_language=language)
    user.preferred_language = language


def notifications_mark_read(*, user, pks: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or those given) as read."""
    unread = Notification.objects.unread().filter(recipient=user)
    if pks is not None:
        unread = unread.filter(pk__in=list(pks))
    return unread.update(read_at=timezone.now())


# --- E-mail subscriptions without an account (SPEC §4: journalists subscribe) --------------

CONFIRM_SALT = "notifications.subscription.confirm"
# How long the link of a confirmation e-mail opens the subscription.
CONFIRM_MAX_AGE = dt.timedelta(days=3)
ONE_CLICK = "List-Unsubscribe=One-Click"


def _subscription_link(name: str, token: str) -> str:
    """The full address of a subscription page in the active language."""
    return settings.PORTAL_BASE_URL + reverse(f"notifications:{name}", kwargs={"token": token})


def subscription_request(*, email: str, language: str, topic: str) -> EmailSubscription | None:
    """Someone asks to receive `topic` at `email` in `language`: double opt-in, so only a
    confirmation e-mail is sent, whose signed link (valid CONFIRM_MAX_AGE) subscribes. The
    same whatever the address's state — new, waiting, confirmed or unsubscribed — so the
    answer never tells whether an address is subscribed; a confirmed one stays as it is
    until the link is opened (which may change its language). At most
    SUBSCRIPTION_CONFIRMATIONS_PER_HOUR confirmations per address: beyond, nothing is sent
    (and None is returned)."""
    address = (email or "").strip().lower()
    errors = {}
    try:
        validate_email(address)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if language not in Language.values:
        errors["language"] = _("Choose Kazakh, Russian or English.")
    if topic not in SubscriptionTopic.values:
        errors["topic"] = _("There is no such subscription.")
    if errors:
        raise ValidationError(errors)
    if not within_limit(
        f"subscriptions:{topic}:{address}", limit=settings.SUBSCRIPTION_CONFIRMATIONS_PER_HOUR
    ):
        logger.info("Confirmation not sent: too many requests for one address")
        return None
    with transaction.atomic():
        subscription, _created = EmailSubscription.objects.get_or_create(
            topic=topic,
            email=address,
            defaults={"language": language, "unsubscribe_token": secrets.token_urlsafe(32)},
        )
        token = signing.dumps(
            {"s": subscription.pk, "l": language, "i": int(time.time())}, salt=CONFIRM_SALT
        )
        with translation.override(language):
            message = message_render(
                template="subscription_confirm",
                context={
                    "topic": SubscriptionTopic(topic).label,
                    "link": _subscription_link("subscription_confirm", token),
                    "days": CONFIRM_MAX_AGE.days,
                },
            )
        notifications_save(
            [
                Notification(
                    email=address,
                    key=f"subscription:{subscription.pk}:confirm:{uuid.uuid4().hex}",
                    subject=message.subject,
                    body_text=message.body_text,
                    body_html=message.body_html,
                )
            ]
        )
        _deliver_after_commit()
    return subscription


def _deliver_after_commit() -> None:
    from .tasks import deliver

    transaction.on_commit(deliver.delay)


def _confirmation(token: str, *, lock: bool = False) -> tuple[EmailSubscription, dict]:
    """The subscription a confirmation link names and the link's payload; an expired, forged
    or outdated link (sent before the address unsubscribed) is a ValidationError."""
    try:
        payload = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE.total_seconds())
    except signing.SignatureExpired:
        raise ValidationError(
            _("This confirmation link has expired. Ask for the subscription again."),
            code="expired",
        ) from None
    except signing.BadSignature:
        raise ValidationError(_("This confirmation link is not valid."), code="invalid") from None
    rows = EmailSubscription.objects.select_for_update() if lock else EmailSubscription.objects
    subscription = rows.filter(pk=payload.get("s")).first()
    if subscription is None or payload.get("l") not in Language.values:
        raise ValidationError(_("This confirmation link is not valid."), code="invalid")
    gone = subscription.unsubscribed_at
    if gone is not None and payload.get("i", 0) < gone.timestamp():
        raise ValidationError(
            _("You unsubscribed after this link was sent. Ask for the subscription again."),
            code="outdated",
        )
    return subscription, payload


def subscription_for_confirmation(*, token: str) -> EmailSubscription:
    """The subscription a confirmation link would confirm (the page before the button)."""
    return _confirmation(token)[0]


@transaction.atomic
def subscription_confirm(*, token: str) -> EmailSubscription:
    """Confirm by the link of a confirmation e-mail: the address receives the topic from now
    on, in the language it asked for (a confirmed address may change its language so). A bad
    link is refused with a message; nothing changes."""
    subscription, payload = _confirmation(token, lock=True)
    subscription.language = payload["l"]
    if not subscription.is_active:
        subscription.confirmed_at, subscription.unsubscribed_at = timezone.now(), None
    subscription.full_clean()
    subscription.save()
    return subscription


def subscription_unsubscribe(*, token: str) -> EmailSubscription:
    """The unsubscribe link of an e-mail (one click, RFC 8058): nothing more is sent to the
    address. Unsubscribing twice changes nothing; an unknown link is refused."""
    with transaction.atomic():
        subscription = (
            EmailSubscription.objects.select_for_update().filter(unsubscribe_token=token).first()
        )
        if subscription is None:
            raise ValidationError(_("This unsubscribe link is not valid."), code="invalid")
        if subscription.unsubscribed_at is None:
            subscription.unsubscribed_at = timezone.now()
            subscription.save(update_fields=["unsubscribed_at"])
    return subscription


def subscription_for_token(token: str) -> EmailSubscription | None:
    """The subscription an unsubscribe link names, for the page that asks to confirm."""
    return EmailSubscription.objects.filter(unsubscribe_token=token).first()


def subscribers_notify(*, topic: str, event_key: str, template: str, context_for: Callable) -> int:
    """One e-mail of an event (a published media-grid version) to every confirmed subscriber
    of `topic`, in their language, with the List-Unsubscribe headers of RFC 8058 and the
    link in the text. Exactly once per subscriber and event: the key names both, so running
    it again (a retried task, a second worker) adds nothing. Returns how many were new.

    `context_for()` is called once per language, with it active, and returns `(context,
    url)` as for `notifications_build`; the template shows `{{ unsubscribe_link }}`, one
    per subscriber, filled into the text rendered once per language."""
    subscriptions = EmailSubscription.objects.active().filter(topic=topic).order_by("pk")
    by_language: dict[str, list] = defaultdict(list)
    for subscription in subscriptions:
        by_language[subscription.language].append(subscription)
    stencils, notifications = Stencils(), []
    for language, group in by_language.items():
        with translation.override(language):
            context, url = context_for()
            for subscription in group:
                link = _subscription_link(
                    "subscription_unsubscribe", subscription.unsubscribe_token
                )
                message = stencils.render(
                    template=template,
                    alike=(event_key,),
                    context={**context, "unsubscribe_link": Blank(link)},
                )
                notifications.append(
                    Notification(
                        email=subscription.email,
                        key=f"{event_key}:subscription:{subscription.pk}",
                        subject=message.subject,
                        body_text=message.body_text,
                        body_html=message.body_html,
                        url=url,
                        headers={
                            "List-Unsubscribe": f"<{link}>",
                            "List-Unsubscribe-Post": ONE_CLICK,
                        },
                    )
                )
    keys = [notification.key for notification in notifications]
    known = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    notifications_save(notifications)
    return len(set(keys) - known)
