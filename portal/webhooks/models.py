from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import TimeStampedModel
from .choices import DeliveryStatus


class WebhookEndpoint(TimeStampedModel):
    """A URL an API client registered to be told of events (issue 8 §6), with the secret its
    requests are signed with (Standard Webhooks: "whsec_" and base64). Its owner alone sees
    and changes it. `failing_since`: the first failed attempt since the last success."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        verbose_name=_("owner"),
    )
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = models.JSONField(_("event types"), default=list)
    secret = models.CharField(_("secret"), max_length=100, editable=False)
    active = models.BooleanField(_("active"), default=True)
    failing_since = models.DateTimeField(_("failing since"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]

    def __str__(self):
        return self.url


class WebhookMessage(models.Model):
    """One event as every endpoint receives it (the outbox): written in the transaction of
    the change it reports, so a change rolled back reports nothing. `key` names the event
    ("grid.corrected:2026-W50:v2"): reported once however often its service runs."""

    msg_id = models.CharField(_("message id"), max_length=40, unique=True)
    key = models.CharField(_("key"), max_length=200, unique=True)
    event_type = models.CharField(_("event type"), max_length=40)
    payload = models.JSONField(_("payload"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook message")
        verbose_name_plural = _("webhook messages")

    def __str__(self):
        return self.msg_id


class WebhookDelivery(models.Model):
    """One attempt to deliver a message to an endpoint: the delivery log its owner reads.
    A failed attempt makes the next one, due after the back-off; the last failed attempt
    ends it. Claimed before it is sent (`claim`), so two workers never send it both."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    message = models.ForeignKey(
        WebhookMessage,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("message"),
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    response_excerpt = models.TextField(_("response"), blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("due at"))
    attempted_at = models.DateTimeField(_("attempted at"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    claim = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "message", "attempt"], name="webhook_delivery_attempt_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhook_delivery_due",
            ),
            models.Index(fields=["endpoint", "-id"], name="webhook_delivery_log"),
        ]

    def __str__(self):
        return f"{self.message_id} → {self.endpoint_id} #{self.attempt}"
