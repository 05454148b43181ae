"""Emergencies and incidents (000 §5; SPEC §6): the ministry coordinates the information
response (000 §5.1), the agencies involved publish official statements on a common timeline,
and the public reads the published ones in Kazakh, Russian and English (000 §6.4–6.5)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import Region
from portal.models import HistoryEntry, TimeStampedModel

from .choices import IncidentAction, IncidentKind, IncidentState, StatementState


class Incident(TimeStampedModel):
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=16, choices=IncidentKind.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    started_at = models.DateTimeField(_("started at"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=8, choices=IncidentState.choices, default=IncidentState.OPEN
    )
    close_reason = models.TextField(_("reason for closing"), blank=True)
    coordinator = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="coordinated_incidents",
        verbose_name=_("coordinating body"),
    )
    agencies = models.ManyToManyField(
        "portal.Agency",
        related_name="emergency_incidents",
        blank=True,
        verbose_name=_("agencies involved"),
    )

    class Meta:
        verbose_name = _("emergency")
        verbose_name_plural = _("emergencies")
        ordering = ["-started_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=IncidentState.CLOSED, closed_at__isnull=False)
                & ~Q(close_reason="")
                | Q(state=IncidentState.OPEN, closed_at__isnull=True),
                name="incident_closed_has_reason",
                violation_error_message=_("A closed emergency has a closing time and a reason."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(closed_at__gte=models.F("started_at")),
                name="incident_closed_after_start",
                violation_error_message=_("An emergency closes after it started."),
            ),
        ]
        indexes = [models.Index(fields=["state", "started_at"])]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.state == IncidentState.OPEN


class OfficialStatement(TimeStampedModel):
    """One entry of an incident's timeline, by one agency; public once published."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="statements", verbose_name=_("emergency")
    )
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="emergency_statements",
        verbose_name=_("agency"),
    )
    text = models.TextField(_("text of the statement"))
    state = models.CharField(
        _("state"), max_length=10, choices=StatementState.choices, default=StatementState.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )

    class Meta:
        verbose_name = _("official statement")
        verbose_name_plural = _("official statements")
        # The timeline: published statements by their time, drafts after them.
        ordering = [models.F("published_at").asc(nulls_last=True), "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=StatementState.PUBLISHED, published_at__isnull=False)
                | Q(state=StatementState.DRAFT, published_at__isnull=True),
                name="statement_published_has_time",
                violation_error_message=_("A published statement has its publication time."),
            )
        ]
        indexes = [models.Index(fields=["incident", "state", "published_at"])]

    def __str__(self):
        return f"{self.incident} — {self.agency}"

    @property
    def is_published(self) -> bool:
        return self.state == StatementState.PUBLISHED


class IncidentChange(HistoryEntry):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="changes", verbose_name=_("emergency")
    )
    action = models.CharField(_("action"), max_length=14, choices=IncidentAction.choices)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("emergency history entry")
        verbose_name_plural = _("emergency history")
        indexes = [models.Index(fields=["incident", "at"])]
