from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


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
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
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

    def __str__(self):
        return self.subject
