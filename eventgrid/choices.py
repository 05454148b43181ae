from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EventFormat(models.TextChoices):
    """The formats of the events table (000 §3.3)."""

    PRESS_CONFERENCE = "press_conference", _("Press conference")
    BRIEFING = "briefing", _("Briefing")
    INTERVIEW = "interview", _("Interview")
    FORUM = "forum", _("Forum")
    VISIT = "visit", _("Visit")
    ROUND_TABLE = "round_table", _("Round table")
    ONLINE_CONFERENCE = "online_conference", _("Online conference")
    OTHER = "other", pgettext_lazy("event format", "Other")


class EventState(models.TextChoices):
    """Where an event stands. Draft and planned are the agency's own; the rest are public."""

    DRAFT = "draft", pgettext_lazy("event state", "Draft")
    PLANNED = "planned", pgettext_lazy("event state", "Planned")
    PUBLISHED = "published", pgettext_lazy("event state", "Published")
    POSTPONED = "postponed", pgettext_lazy("event state", "Postponed")
    RESCHEDULED = "rescheduled", pgettext_lazy("event state", "Rescheduled")
    CANCELLED = "cancelled", pgettext_lazy("event state", "Cancelled")


# What journalists, anonymous visitors and other agencies see.
PUBLIC_STATES = (
    EventState.PUBLISHED,
    EventState.POSTPONED,
    EventState.RESCHEDULED,
    EventState.CANCELLED,
)
# States announced to journalists with a reason they read.
STATES_WITH_REASON = (EventState.POSTPONED, EventState.RESCHEDULED, EventState.CANCELLED)


class EventAction(models.TextChoices):
    """What happened to an event, for its history."""

    CREATED = "created", pgettext_lazy("event action", "Created")
    CHANGED = "changed", pgettext_lazy("event action", "Changed")
    PLANNED = "planned", pgettext_lazy("event action", "Planned")
    PUBLISHED = "published", pgettext_lazy("event action", "Published")
    POSTPONED = "postponed", pgettext_lazy("event action", "Postponed")
    RESCHEDULED = "rescheduled", pgettext_lazy("event action", "Rescheduled")
    CANCELLED = "cancelled", pgettext_lazy("event action", "Cancelled")


class WeeklyInformationState(models.TextChoices):
    """Where an agency's information for a week stands (004 §10)."""

    DRAFT = "draft", pgettext_lazy("weekly information state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("weekly information state", "Submitted")


class WeeklyInformationAction(models.TextChoices):
    """What happened to a week's information, for its history."""

    SUBMITTED = "submitted", pgettext_lazy("weekly information action", "Submitted")
    RESUBMITTED = "resubmitted", pgettext_lazy("weekly information action", "Resubmitted")
    REOPENED = "reopened", pgettext_lazy("weekly information action", "Returned to draft")


# States of events that are not held in their week: left out of the weekly information.
NOT_HELD_STATES = (EventState.POSTPONED, EventState.CANCELLED)


class MediaGridAction(models.TextChoices):
    """What happened to a week's media-grid (004 §11), for its history."""

    COMPOSED = "composed", pgettext_lazy("media-grid action", "Composed")
    CHANGED = "changed", pgettext_lazy("media-grid action", "Composition changed")
    PUBLISHED = "published", pgettext_lazy("media-grid action", "Published")


class AttachmentKind(models.TextChoices):
    """What the media receive with an event besides its time, place and participants
    (000 §3.5)."""

    RESOLUTION = "resolution", _("Text of the resolutive part")
    ACCOMPANYING = "accompanying", _("Accompanying document")


class ContributionState(models.TextChoices):
    """A co-organising agency's input for a shared event (004 §10: within one working day)."""

    REQUESTED = "requested", pgettext_lazy("contribution state", "Requested")
    SUBMITTED = "submitted", pgettext_lazy("contribution state", "Submitted")


class SeriesPeriod(models.TextChoices):
    """The periods an event series is drawn up for (000 §3.2)."""

    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class SeriesState(models.TextChoices):
    """Where an agency's event series for a period stands (000 §3.4)."""

    DRAFT = "draft", pgettext_lazy("event series state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("event series state", "Submitted")


class SeriesAction(models.TextChoices):
    """What happened to an event series, for its history."""

    IMPORTED = "imported", pgettext_lazy("event series action", "Imported from XLSX")
    SUBMITTED = "submitted", pgettext_lazy("event series action", "Submitted")
    RESUBMITTED = "resubmitted", pgettext_lazy("event series action", "Resubmitted")
    REOPENED = "reopened", pgettext_lazy("event series action", "Returned to draft")


class RepeatFrequency(models.TextChoices):
    """How often a repeating event repeats (eventgrid/recurrence.py)."""

    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")


class RepeatScope(models.TextChoices):
    """Which events of a repeating series an edit of one of them changes."""

    THIS = "this", _("Only this event")
    FOLLOWING = "following", _("This and the following events")
    ALL = "all", _("All events of the series")
