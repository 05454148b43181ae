"""Agencies' events (000 §3.3, §3.5; 004 §10). Series, weekly information and the media-grid
build on `Event`; its text is in kk/ru/en (translation.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import Language
from portal.models import TimeStampedModel

from .choices import PUBLIC_STATES, STATES_WITH_REASON, EventAction, EventFormat, EventState


def _reason_given() -> Q:
    """The reason is written in at least one language (its translation columns)."""
    given = Q()
    for code, _label in settings.LANGUAGES:
        given |= Q(**{f"state_reason_{code}__isnull": False}) & Q(
            **{f"state_reason_{code}__gt": ""}
        )
    return given


class Event(TimeStampedModel):
    agency = models.ForeignKey(
        "portal.Agency", on_delete=models.PROTECT, related_name="events", verbose_name=_("agency")
    )
    title = models.CharField(_("title"), max_length=300)
    format = models.CharField(_("format"), max_length=20, choices=EventFormat.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    organisers = models.TextField(_("organisers"), blank=True)
    contacts = models.TextField(_("contacts"), blank=True)
    goal = models.TextField(_("goal and tasks"), blank=True)
    key_messages = models.TextField(_("key messages (theses and accents)"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    participants = models.TextField(_("participants"), blank=True)
    main_news_candidate = models.BooleanField(_("candidate for the main news"), default=False)
    co_organisers = models.ManyToManyField(
        "portal.Agency",
        blank=True,
        related_name="co_organised_events",
        verbose_name=_("co-organising agencies"),
    )
    state = models.CharField(
        _("state"), max_length=12, choices=EventState.choices, default=EventState.DRAFT
    )
    state_reason = models.TextField(
        _("reason"),
        blank=True,
        help_text=_("Why the event is postponed, rescheduled or cancelled; journalists see it."),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["agency", "starts_at"], name="event_agency_week"),
            models.Index(fields=["state", "starts_at"], name="event_state_week"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(state__in=STATES_WITH_REASON) | _reason_given(),
                name="event_reason_for_state",
                violation_error_message=_(
                    "Give the reason for postponing, rescheduling or cancelling the event: "
                    "journalists see it."
                ),
            ),
        ]

    def __str__(self):
        return self.title or ""

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES


class EventSpeaker(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("event")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    contacts = models.CharField(_("contacts"), max_length=300, blank=True)
    language = models.CharField(
        _("language of speech"), max_length=2, choices=Language.choices, default=Language.KAZAKH
    )

    class Meta:
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")
        ordering = ["pk"]

    def __str__(self):
        return self.name or ""


class EventChange(models.Model):
    """One step in an event's history: who created, changed or moved it, when, and why."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="changes", verbose_name=_("event")
    )
    action = models.CharField(_("action"), max_length=12, choices=EventAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("event history entry")
        verbose_name_plural = _("event history")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} {self.at:%d.%m.%Y %H:%M}"
