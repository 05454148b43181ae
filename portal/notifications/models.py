from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..directory.choices import Language
from .choices import SubscriptionTopic


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def awaiting_email(self):
        return self.filter(emailed_at__isnull=True)


class Notification(models.Model):
    """One message to one person: shown in the in-app inbox and sent once by email.

    `key` names the event (say, "deadline:42:before_1") plus the recipient; its uniqueness is
    what makes a reminder reach each person exactly once however often a sweep runs. The
    subject and body are rendered in the recipient's language when the row is made.

    A message to a subscriber without an account (`EmailSubscription`) has no `recipient`
    but an `email` address, and is only e-mailed; `headers` carries its List-Unsubscribe
    lines (RFC 8058). The same delivery sends both, exactly once.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
        null=True,
        blank=True,
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    headers = models.JSONField(_("e-mail headers"), default=dict, blank=True)
    key = models.CharField(_("key"), max_length=200, unique=True)
    subject = models.CharField(_("subject"), max_length=300)
    body_text = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_claimed_at = models.DateTimeField(_("email claimed at"), null=True, blank=True)
    email_claim = models.CharField(max_length=32, blank=True, editable=False)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(
                fields=["email_claimed_at"],
                condition=Q(emailed_at__isnull=True),
                name="notification_email_pending",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""),
                name="notification_has_a_recipient_or_an_address",
            )
        ]

    def __str__(self):
        return self.subject

    @property
    def address(self) -> str:
        """Where the e-mail goes: the subscriber's address, or the user's."""
        return self.email or (self.recipient.email if self.recipient else "")


class EmailSubscriptionQuerySet(models.QuerySet):
    def active(self):
        """Confirmed by the link in the confirmation e-mail and not unsubscribed since."""
        return self.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True)


class EmailSubscription(models.Model):
    """An address that asked to receive a topic by e-mail (SPEC §4: journalists subscribe to
    the media-grid), without an account. Double opt-in: nothing is sent but the confirmation
    until its signed link is opened (`confirmed_at`). `unsubscribe_token` is the secret of
    the one-click unsubscribe link in every e-mail (RFC 8058); it is never shown elsewhere."""

    email = models.EmailField(_("e-mail address"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    topic = models.CharField(_("topic"), max_length=40, choices=SubscriptionTopic.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    # Set by `subscription_request` (secrets.token_urlsafe), not by a default: the
    # migration stays free of live code.
    unsubscribe_token = models.CharField(max_length=64, unique=True, editable=False)

    objects = EmailSubscriptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-mail subscription")
        verbose_name_plural = _("e-mail subscriptions")
        constraints = [
            models.UniqueConstraint(fields=["topic", "email"], name="subscription_unique_address")
        ]
        indexes = [
            models.Index(
                fields=["topic", "language"],
                condition=Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True),
                name="subscription_active",
            )
        ]

    def __str__(self):
        return f"{self.email} ({self.topic})"

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None
