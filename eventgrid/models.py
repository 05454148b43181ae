"""Agencies' events (000 §3.3, §3.5; 004 §10), the weekly information an agency sends about
the coming week's events (`WeeklyInformation`, 004 §10 and its appendix) and the authorized
body's weekly media-grid made from it (`MediaGrid`, 004 §11 and the appendix form), published
in immutable versions (`MediaGridVersion`). The events' text is in kk/ru/en (translation.py)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import Language
from portal.models import HistoryEntry, TimeStampedModel

from .choices import (
    PUBLIC_STATES,
    STATES_WITH_REASON,
    AttachmentKind,
    ContributionState,
    EventAction,
    EventFormat,
    EventState,
    MediaGridAction,
    SeriesAction,
    SeriesPeriod,
    SeriesState,
    WeeklyInformationAction,
    WeeklyInformationState,
)

# The appendix of 004 asks for each event (point 10): 1) date, time and place; 2) organisers
# and contacts; 3) goal and tasks; 4) key messages; 5) speakers (position, contacts);
# 6) expected result. The start and end are required anyway; text fields count as given in
# any of the three languages.
APPENDIX_FIELDS = (
    "place",
    "organisers",
    "contacts",
    "goal",
    "key_messages",
    "speakers",
    "expected_result",
)
# The weekly information is read in both official languages: the title in each is required.
APPENDIX_TITLE_LANGUAGES = ("kk", "ru")
# The longest event (a forum of several days, a month-long exhibition at most).
MAX_DURATION = dt.timedelta(days=31)


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
    recurrence = models.ForeignKey(
        "EventRecurrence",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="occurrences",
        verbose_name=_("repeat rule"),
    )
    recurrence_start = models.DateTimeField(
        _("start by the repeat rule"),
        null=True,
        blank=True,
        help_text=_("Which occurrence of its repeat rule this event is, even once moved."),
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
            models.UniqueConstraint(
                fields=["recurrence", "recurrence_start"],
                name="event_occurrence_once",
                violation_error_message=_("This occurrence of the repeat rule exists already."),
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

    def clean(self):
        """An event lasts at most MAX_DURATION: lists find a period's events by their start
        within MAX_DURATION before it (`queries.ending_after`), on the start's index."""
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > MAX_DURATION:
            raise ValidationError(
                {
                    "ends_at": _("An event lasts at most %(days)d days.")
                    % {"days": MAX_DURATION.days}
                }
            )

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    def appendix_gaps(self) -> list[str]:
        """What the appendix form of 004 §10 asks for and this event lacks, named in the active
        language (empty when it is complete). Reads `speakers`: prefetch them for a list."""
        gaps = [
            _("title in %(language)s") % {"language": _language_name(code)}
            for code in APPENDIX_TITLE_LANGUAGES
            if not (getattr(self, f"title_{code}") or "").strip()
        ]
        for name in APPENDIX_FIELDS:
            if name == "speakers":
                speakers = list(self.speakers.all())
                if not speakers:
                    gaps.append(str(_("speakers")))
                elif not all(_given(s, "position") and _given(s, "contacts") for s in speakers):
                    gaps.append(str(_("each speaker's position and contacts")))
            elif not _given(self, name):
                gaps.append(str(self._meta.get_field(name).verbose_name))
        return gaps


def _language_name(code: str) -> str:
    return str(dict(settings.LANGUAGES)[code])


def _given(obj, name: str) -> bool:
    """The field has a value: in any language for a translated one."""
    names = [f"{name}_{code}" for code, _label in settings.LANGUAGES]
    if not hasattr(obj, names[0]):
        names = [name]
    return any((getattr(obj, column) or "").strip() for column in names)


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


class EventChange(HistoryEntry):
    """One step in an event's history: who created, changed or moved it, when, and why."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="changes", verbose_name=_("event")
    )
    action = models.CharField(_("action"), max_length=12, choices=EventAction.choices)
    reason = models.TextField(_("reason"), blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("event history entry")
        verbose_name_plural = _("event history")


class WeeklyInformation(TimeStampedModel):
    """An agency's information for one ISO week (Monday `week_start`), sent to the authorized
    body on the Thursday before it on the appendix form (004 §10). What was submitted is
    frozen in `snapshot`; the events themselves may change afterwards (and be resubmitted).

    `submitted_at` and `late` belong to the first submission, the one the deadline judges; a
    correction sent later is a resubmission, recorded in the history with its own moment."""

    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="weekly_information",
        verbose_name=_("agency"),
    )
    week_start = models.DateField(_("week (its Monday)"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=WeeklyInformationState.choices,
        default=WeeklyInformationState.DRAFT,
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    late = models.BooleanField(
        _("late"), default=False, help_text=_("First submitted after the Thursday deadline.")
    )
    no_events = models.BooleanField(
        _("no events this week"),
        default=False,
        help_text=_("The agency said it holds no events this week."),
    )
    snapshot = models.JSONField(_("events as submitted"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("weekly information")
        verbose_name_plural = _("weekly information")
        ordering = ["-week_start", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "week_start"],
                name="weekly_information_one_per_agency_week",
                violation_error_message=_(
                    "This agency's information for this week exists already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(week_start__week_day=2),  # Django counts Sunday as 1
                name="weekly_information_starts_on_monday",
                violation_error_message=_("A week starts on a Monday."),
            ),
            models.CheckConstraint(
                condition=Q(state=WeeklyInformationState.DRAFT) | Q(submitted_at__isnull=False),
                name="weekly_information_submitted_when",
                violation_error_message=_("Submitted information needs its moment."),
            ),
        ]

    def __str__(self):
        year, week, _day = self.week_start.isocalendar()
        return f"{self.agency} {year}-W{week:02d}"

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)

    @property
    def is_submitted(self) -> bool:
        return self.state == WeeklyInformationState.SUBMITTED


class WeeklyInformationChange(HistoryEntry):
    """One step in a week's information: who submitted, resubmitted or reopened it, when."""

    information = models.ForeignKey(
        WeeklyInformation,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("weekly information"),
    )
    action = models.CharField(_("action"), max_length=12, choices=WeeklyInformationAction.choices)
    events = models.PositiveIntegerField(_("events"), default=0)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("weekly information history entry")
        verbose_name_plural = _("weekly information history")


class MediaGrid(TimeStampedModel):
    """The authorized body's media-grid of one ISO week (Monday `week_start`): which events
    it shows (`entries`) and, per day, the ordered "Main news" (004 §11, the appendix form).
    What the media read is a published `MediaGridVersion`, frozen; the composition here may
    change afterwards and is published again as a correction (version N+1)."""

    week_start = models.DateField(_("week (its Monday)"), unique=True)
    composed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("composed by"),
    )
    events = models.ManyToManyField(
        Event,
        through="MediaGridEntry",
        related_name="media_grids",
        verbose_name=_("events"),
    )

    class Meta:
        verbose_name = _("media-grid")
        verbose_name_plural = _("media-grids")
        ordering = ["-week_start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(week_start__week_day=2),  # Django counts Sunday as 1
                name="media_grid_starts_on_monday",
                violation_error_message=_("A week starts on a Monday."),
            ),
        ]

    def __str__(self):
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)


class MediaGridEntry(models.Model):
    """An event shown in the week's media-grid; `main_news_rank` (1, 2, …) places it in the
    "Main news" row of its day, in that order (none: not among the main news)."""

    grid = models.ForeignKey(
        MediaGrid, on_delete=models.CASCADE, related_name="entries", verbose_name=_("media-grid")
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="media_grid_entries", verbose_name=_("event")
    )
    main_news_rank = models.PositiveSmallIntegerField(
        _("place in the main news"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("media-grid entry")
        verbose_name_plural = _("media-grid entries")
        ordering = ["grid", "event__starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "event"],
                name="media_grid_entry_once",
                violation_error_message=_("The event is in this media-grid already."),
            ),
            models.CheckConstraint(
                condition=Q(main_news_rank__isnull=True) | Q(main_news_rank__gte=1),
                name="media_grid_entry_rank_from_one",
                violation_error_message=_("The main news are numbered from 1."),
            ),
        ]

    def __str__(self):
        return f"{self.grid}: {self.event}"


class MediaGridVersion(models.Model):
    """One publication of a week's media-grid, as the media received it: the days, the rows
    (agencies, named in each language), the cells (each event's text in kk/ru/en) and the
    main news per day in `snapshot`, and in `changelog` what changed since the version before
    (empty for the first). Never changed once saved: a correction is the next version."""

    grid = models.ForeignKey(
        MediaGrid, on_delete=models.PROTECT, related_name="versions", verbose_name=_("media-grid")
    )
    number = models.PositiveIntegerField(_("version"))
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    snapshot = models.JSONField(_("media-grid as published"), editable=False)
    changelog = models.JSONField(
        _("changes since the previous version"), default=dict, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("media-grid version")
        verbose_name_plural = _("media-grid versions")
        ordering = ["grid", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["grid", "number"],
                name="media_grid_version_once",
                violation_error_message=_("This version of the media-grid exists already."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="media_grid_version_from_one",
                violation_error_message=_("Versions are numbered from 1."),
            ),
        ]

    def __str__(self):
        return f"{self.grid} v{self.number}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValidationError(
                _("A published version of the media-grid cannot change: publish a correction.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A published version of the media-grid is kept."))


class MediaGridAnswer(models.Model):
    """A version's answer in the API (/api/v1/media-grids/<week>/) in one language, encoded
    once as JSON when it is published: decoding a full week's snapshot in every language and
    encoding the answer took 200 ms a request (bench.media_grid). `body` is the part after
    the list of versions, which never changes; `layout` fingerprints the labels and the
    layout it was encoded with, so a new translation or a new field encodes it again."""

    version = models.ForeignKey(
        MediaGridVersion,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("media-grid version"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    layout = models.CharField(_("layout"), max_length=64)
    body = models.BinaryField(_("answer"))

    class Meta:
        verbose_name = _("media-grid answer")
        verbose_name_plural = _("media-grid answers")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "language"], name="media_grid_answer_per_language"
            ),
        ]

    def __str__(self):
        return f"{self.version} {self.language}"


class MediaGridChange(HistoryEntry):
    """One step in a week's media-grid: who composed it, changed its composition or
    published a version, and when."""

    grid = models.ForeignKey(
        MediaGrid, on_delete=models.CASCADE, related_name="changes", verbose_name=_("media-grid")
    )
    action = models.CharField(_("action"), max_length=12, choices=MediaGridAction.choices)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("media-grid history entry")
        verbose_name_plural = _("media-grid history")


class EventRecurrence(TimeStampedModel):
    """A repeat rule (RFC 5545 RRULE, read by python-dateutil's rrule) from which an agency's
    recurring event is stored as occurrences: each an `Event` with `recurrence` and
    `recurrence_start`, so each can be edited, moved or cancelled on its own. `excluded_dates`
    are days the rule skips (EXDATE)."""

    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="event_recurrences",
        verbose_name=_("agency"),
    )
    rule = models.CharField(
        _("repeat rule"),
        max_length=500,
        help_text=_("For example FREQ=WEEKLY;BYDAY=TU;COUNT=10 (RFC 5545)."),
    )
    first_starts_at = models.DateTimeField(_("first occurrence starts at"))
    duration = models.DurationField(_("duration of each occurrence"))
    excluded_dates = models.JSONField(_("excluded dates"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("repeat rule")
        verbose_name_plural = _("repeat rules")
        ordering = ["first_starts_at", "pk"]

    def __str__(self):
        return self.rule


def attachment_path(attachment: "EventAttachment", filename: str) -> str:
    return f"event-attachments/{attachment.event_id}/{filename}"


class EventAttachment(TimeStampedModel):
    """A document the media receive with an event (000 §3.5): the resolutive part's text or
    an accompanying document. Public exactly when its event is."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("event")
    )
    kind = models.CharField(_("kind"), max_length=14, choices=AttachmentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    language = models.CharField(
        _("language of the document"), max_length=2, choices=Language.choices, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["event", "pk"]

    def __str__(self):
        return self.title or ""


class EventContribution(TimeStampedModel):
    """A co-organising agency's input for a shared event: what is within its competence, for
    one agenda, sent within one working day (004 §10; rule `cross-agency-input`)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("event")
    )
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="event_contributions",
        verbose_name=_("agency"),
    )
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=ContributionState.choices,
        default=ContributionState.REQUESTED,
    )
    text = models.TextField(_("input within the agency's competence"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("co-organiser's input")
        verbose_name_plural = _("co-organisers' input")
        ordering = ["event", "agency"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "agency"],
                name="event_contribution_once",
                violation_error_message=_("This agency's input for the event exists already."),
            ),
            models.CheckConstraint(
                condition=Q(state=ContributionState.REQUESTED) | Q(submitted_at__isnull=False),
                name="event_contribution_submitted_when",
                violation_error_message=_("Submitted input needs its moment."),
            ),
        ]

    def __str__(self):
        return f"{self.agency}: {self.event}"


class EventSeries(TimeStampedModel):
    """An agency's event series for a month, a quarter or a year (000 §3.1–3.3): the single
    table of its events in the period, sent to the central service for the republican
    network schedule (000 §3.4). What was submitted is frozen in `snapshot`."""

    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="event_series",
        verbose_name=_("agency"),
    )
    period = models.CharField(_("period"), max_length=8, choices=SeriesPeriod.choices)
    starts_on = models.DateField(_("first day of the period"))
    state = models.CharField(
        _("state"), max_length=10, choices=SeriesState.choices, default=SeriesState.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    late = models.BooleanField(_("late"), default=False)
    snapshot = models.JSONField(_("events as submitted"), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["-starts_on", "agency", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "period", "starts_on"],
                name="event_series_one_per_agency_period",
                violation_error_message=_("This agency's series for this period exists already."),
            ),
            models.CheckConstraint(
                condition=Q(starts_on__day=1)
                & (
                    Q(period=SeriesPeriod.MONTH)
                    | Q(period=SeriesPeriod.QUARTER, starts_on__month__in=[1, 4, 7, 10])
                    | Q(period=SeriesPeriod.YEAR, starts_on__month=1)
                ),
                name="event_series_period_start",
                violation_error_message=_(
                    "A period starts on the first day of its month, quarter or year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(state=SeriesState.DRAFT) | Q(submitted_at__isnull=False),
                name="event_series_submitted_when",
                violation_error_message=_("A submitted series needs its moment."),
            ),
        ]

    def __str__(self):
        return f"{self.agency} {self.get_period_display()} {self.starts_on:%m.%Y}"


class EventSeriesChange(HistoryEntry):
    """One step in an event series: who imported, submitted, resubmitted or reopened it."""

    series = models.ForeignKey(
        EventSeries,
        on_delete=models.CASCADE,
        related_name="changes",
        verbose_name=_("event series"),
    )
    action = models.CharField(_("action"), max_length=12, choices=SeriesAction.choices)
    events = models.PositiveIntegerField(_("events"), default=0)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("event series history entry")
        verbose_name_plural = _("event series history")
