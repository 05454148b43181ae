"""Journalists' accreditation at an agency (003 §8.3) and their registration for its press
events (003 §8.4). Every write goes through `services`."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.models import HistoryEntry, TimeStampedModel

from .choices import CURRENT_STATES, AccreditationAction, AccreditationKind, AccreditationState


def upload_path(instance, filename: str) -> str:
    """Under the portal's own random name (`attachments.stored_name`), never the uploader's."""
    return f"accreditation/{filename}"


class Accreditation(TimeStampedModel):
    """A journalist's application to an agency and, once approved, their accreditation."""

    journalist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="accreditations",
        verbose_name=_("journalist"),
    )
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="accreditations",
        verbose_name=_("agency"),
    )
    full_name = models.CharField(_("full name"), max_length=200)
    outlet = models.CharField(_("media outlet"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40)
    email = models.EmailField(_("e-mail"))
    photo = models.FileField(_("photo"), upload_to=upload_path, max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=AccreditationKind.choices)
    event = models.ForeignKey(
        "eventgrid.Event",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("for the event"),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=AccreditationState.choices,
        default=AccreditationState.APPLIED,
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["journalist", "agency"],
                condition=Q(state__in=CURRENT_STATES),
                name="accreditation_one_current",
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="accreditation_valid_period",
            ),
        ]
        indexes = [models.Index(fields=["agency", "state"], name="accreditation_agency_state")]

    def __str__(self):
        return f"{self.full_name} ({self.outlet})"

    def valid_on(self, day) -> bool:
        """Approved and within its period on `day`."""
        return (
            self.state == AccreditationState.APPROVED
            and self.valid_from <= day
            and (self.valid_until is None or day <= self.valid_until)
        )

    @property
    def is_valid(self) -> bool:
        return self.valid_on(timezone.localdate())


class AccreditationDocument(TimeStampedModel):
    """A supporting document of an application (the outlet's letter, a press card)."""

    accreditation = models.ForeignKey(
        Accreditation,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("accreditation"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=upload_path, max_length=255)

    class Meta:
        verbose_name = _("supporting document")
        verbose_name_plural = _("supporting documents")
        ordering = ["accreditation", "pk"]

    def __str__(self):
        return self.title


class AccreditationChange(HistoryEntry):
    accreditation = models.ForeignKey(
        Accreditation, on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("action"), max_length=10, choices=AccreditationAction.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("accreditation change")
        verbose_name_plural = _("accreditation changes")


class PressRegistration(TimeStampedModel):
    """An accredited journalist comes to a press conference, briefing or interview."""

    event = models.ForeignKey(
        "eventgrid.Event",
        on_delete=models.CASCADE,
        related_name="press_registrations",
        verbose_name=_("event"),
    )
    accreditation = models.ForeignKey(
        Accreditation,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("accreditation"),
    )
    journalist = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="press_registrations",
        verbose_name=_("journalist"),
    )

    class Meta:
        verbose_name = _("press event registration")
        verbose_name_plural = _("press event registrations")
        ordering = ["event", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "journalist"], name="press_registration_once")
        ]

    def __str__(self):
        return str(self.accreditation)


class PressQuestion(TimeStampedModel):
    """A journalist's question left unanswered at a press event, turned into a media
    request (003 §8.4)."""

    registration = models.ForeignKey(
        PressRegistration,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("registration"),
    )
    text = models.TextField(_("question"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    media_request = models.OneToOneField(
        "requests_desk.InformationRequest",
        on_delete=models.PROTECT,
        related_name="press_question",
        verbose_name=_("media request"),
    )

    class Meta:
        verbose_name = _("unanswered question")
        verbose_name_plural = _("unanswered questions")
        ordering = ["pk"]

    def __str__(self):
        return self.text[:80]
