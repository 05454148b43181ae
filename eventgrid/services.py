"""Every write to events goes through one of these functions: one per state change, each
locking the event, validating it (`full_clean`: the database's constraints as messages) and
recording who did it, when and why in `EventChange`.

    draft ──plan──► planned ──publish──► published ──postpone──► postponed
      └──────────publish───────────────►    │  ▲                    │
                                            │  └──reschedule────────┤
                              rescheduled ◄─┘ (also from itself)    │
    published, postponed, rescheduled ──cancel──► cancelled (final, not editable)

Postponing, rescheduling and cancelling are announcements to journalists, so they apply to
public events only and need a reason that journalists read. A draft or a planned event that
will not happen is not announced; a published event moves only by rescheduling.

The weekly media-grid (004 §11) is the authorized body's: `media_grid_compose` makes a
week's grid from the submitted weekly information, `media_grid_set_entries` changes which
events it shows and the main news of each day, and `media_grid_publish` freezes the next
`MediaGridVersion` with its changelog (a correction is simply the next publication), its
answer in the API encoded in every language (`MediaGridAnswer`), and bumps the publication
"media-grid" that those answers are cached by; each step is recorded in `MediaGridChange`.

The weekly information (004 §10) has two changes: `weekly_information_submit` (also a
resubmission after a correction) and `weekly_information_reopen`, recorded in
`WeeklyInformationChange`. Every change of an event or a submission bumps the publication
"eventgrid" after its commit, so the stored PDFs of the weekly information (exports.py) are
built again on their next request.
"""

import copy
import datetime as dt
import hashlib
import json
import logging
import uuid
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from modeltranslation.utils import get_language

from portal import attachments
from portal.deadlines.choices import DeadlineState
from portal.deadlines.models import Deadline
from portal.deadlines.services import (
    deadline_complete_for,
    deadline_open_for_event,
    deadline_waive,
    subject_key,
)
from portal.directory.choices import AgencyKind, AgencyStatus, Role
from portal.directory.models import Agency, User
from portal.directory.queries import active_members
from portal.documents.choices import DocumentStatus
from portal.documents.models import StoredDocument
from portal.documents.services import document_needs_build, document_request, publication_bump
from portal.notifications.services import notifications_each, notifications_save

from . import announcements, exports, grids, queries, recurrence, rules
from . import series as event_series
from .choices import (
    NOT_HELD_STATES,
    PUBLIC_STATES,
    ContributionState,
    EventAction,
    EventState,
    MediaGridAction,
    RepeatScope,
    SeriesAction,
    SeriesState,
    WeeklyInformationAction,
    WeeklyInformationState,
)
from .exports import MEDIA_GRID_PUBLICATION, PUBLICATION, media_grid_documents_request
from .models import (
    APPENDIX_TITLE_LANGUAGES,
    Event,
    EventAttachment,
    EventChange,
    EventContribution,
    EventRecurrence,
    EventSeries,
    EventSeriesChange,
    EventSpeaker,
    MediaGrid,
    MediaGridAnswer,
    MediaGridChange,
    MediaGridEntry,
    MediaGridVersion,
    WeeklyInformation,
    WeeklyInformationChange,
    _language_name,
)
from .weeks import due_anchor, validate_week_start, week_bounds

logger = logging.getLogger(__name__)

# A reason in the active language, or per language code ({"kk": ..., "ru": ...}).
Reason = str | Mapping[str, str]

# Target state → (the states it may be reached from, the action recorded, the refusal).
TRANSITIONS = {
    EventState.PLANNED: (
        (EventState.DRAFT,),
        EventAction.PLANNED,
        gettext_lazy("Only a draft can be planned; this event is “%(state)s”."),
    ),
    EventState.PUBLISHED: (
        (EventState.DRAFT, EventState.PLANNED),
        EventAction.PUBLISHED,
        gettext_lazy(
            "Only a draft or a planned event can be published; this event is “%(state)s”."
        ),
    ),
    EventState.POSTPONED: (
        (EventState.PUBLISHED, EventState.RESCHEDULED),
        EventAction.POSTPONED,
        gettext_lazy(
            "Only a published or rescheduled event can be postponed; this event is “%(state)s”."
        ),
    ),
    EventState.RESCHEDULED: (
        (EventState.PUBLISHED, EventState.POSTPONED, EventState.RESCHEDULED),
        EventAction.RESCHEDULED,
        gettext_lazy(
            "Only a published, postponed or rescheduled event can be rescheduled; this event "
            "is “%(state)s”."
        ),
    ),
    EventState.CANCELLED: (
        (EventState.PUBLISHED, EventState.POSTPONED, EventState.RESCHEDULED),
        EventAction.CANCELLED,
        gettext_lazy(
            "Only a published, postponed or rescheduled event can be cancelled; this event "
            "is “%(state)s”."
        ),
    ),
}
# Set by the transitions only, never by an edit.
STATE_FIELDS = frozenset(
    {
        "agency",
        "state",
        "state_reason",
        *(f"state_reason_{code}" for code, _label in settings.LANGUAGES),
    }
)
DATE_FIELDS = ("starts_at", "ends_at")


def _log(event: Event, action: str, *, by=None, reason: str = "") -> EventChange:
    return EventChange.objects.create(event=event, action=action, actor=by, reason=reason)


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


# A speaker as the services take it: EventSpeaker's fields ({"name_kk": …, "position_kk": …,
# "contacts": …, "language": "kk"}).
SpeakerFields = Mapping[str, object]


def _set_speakers(event: Event, speakers: Iterable[SpeakerFields]) -> None:
    """Replace the event's speakers by `speakers`, in their order; each is validated first."""
    rows = [EventSpeaker(event=event, **fields) for fields in speakers]
    for row in rows:
        row.full_clean(exclude=["event"])
    event.speakers.all().delete()
    EventSpeaker.objects.bulk_create(rows)


def event_create(*, agency, by=None, co_organisers=None, speakers=None, **fields) -> Event:
    """A new event of `agency`, as a draft. Text fields may be given in the active language
    (`title`) or per language (`title_kk`)."""
    return event_record(
        event=Event(agency=agency, **fields), by=by, co_organisers=co_organisers, speakers=speakers
    )


@transaction.atomic
def event_record(*, event: Event, by=None, co_organisers=None, speakers=None) -> Event:
    """Save a new event built elsewhere (the admin's form, the page's) as a draft, with its
    speakers when given."""
    event.state = EventState.DRAFT
    for code, _label in settings.LANGUAGES:
        setattr(event, f"state_reason_{code}", None)
    event.full_clean()
    event.save()
    if co_organisers is not None:
        event.co_organisers.set(co_organisers)
    if speakers is not None:
        _set_speakers(event, speakers)
    _log(event, EventAction.CREATED, by=by)
    publication_bump(PUBLICATION)
    return event


@transaction.atomic
def event_update(*, event: Event, by=None, co_organisers=None, speakers=None, **fields) -> Event:
    """Change an event's details (and its speakers, all of them, when `speakers` is given).
    A cancelled event stays as it is; a public one keeps its dates (it moves by
    `event_reschedule`, with a reason journalists read)."""
    stored = _locked(event)
    if stored.state == EventState.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))
    refused = sorted(STATE_FIELDS & set(fields))
    if refused:
        raise ValidationError(
            {name: _("This changes only with the event's state.") for name in refused}
        )
    if stored.state in PUBLIC_STATES:
        moved = [
            name for name in DATE_FIELDS if name in fields and fields[name] != getattr(stored, name)
        ]
        if moved:
            raise ValidationError(
                {
                    name: _(
                        "A published event moves by rescheduling it, with a reason that "
                        "journalists see."
                    )
                    for name in moved
                }
            )
    for name, value in fields.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    if co_organisers is not None:
        stored.co_organisers.set(co_organisers)
        contributions_sync(event=stored, by=by)  # 004 §10: co-organisers added or removed
    if speakers is not None:
        _set_speakers(stored, speakers)
    _log(stored, EventAction.CHANGED, by=by)
    publication_bump(PUBLICATION)
    return stored


@transaction.atomic
def _transition(event: Event, to: EventState, *, by=None, reason=None, **fields) -> Event:
    stored = _locked(event)
    allowed_from, action, refusal = TRANSITIONS[to]
    if stored.state not in allowed_from:
        raise ValidationError(refusal, code="state", params={"state": stored.get_state_display()})
    stored.state = to
    for name, value in fields.items():
        setattr(stored, name, value)
    if reason is not None:
        # The new reason replaces every language's old one (a postponement's, say).
        for code, _label in settings.LANGUAGES:
            setattr(stored, f"state_reason_{code}", None)
        if isinstance(reason, Mapping):  # {"kk": ..., "ru": ...}: one text per language
            texts = [
                (code, (reason.get(code) or "").strip()) for code, _label in settings.LANGUAGES
            ]
            for code, text in texts:
                setattr(stored, f"state_reason_{code}", text or None)
            reason = "\n".join(text for _code, text in texts if text)
        else:
            reason = reason.strip()
            stored.state_reason = reason or None  # in the active language
    stored.full_clean()
    stored.save()
    _log(stored, action, by=by, reason=reason or "")
    contributions_sync(event=stored, by=by)  # 004 §10: planned, published or cancelled
    publication_bump(PUBLICATION)
    return stored


def event_plan(*, event: Event, by=None) -> Event:
    """The agency's draft becomes its plan (still its own, not public)."""
    return _transition(event, EventState.PLANNED, by=by)


def event_publish(*, event: Event, by=None) -> Event:
    """Journalists see the event from now on."""
    return _transition(event, EventState.PUBLISHED, by=by)


def event_postpone(*, event: Event, reason: Reason, by=None) -> Event:
    """Postponed to a date not yet known; journalists read the reason."""
    return _transition(event, EventState.POSTPONED, by=by, reason=reason)


def event_reschedule(*, event: Event, starts_at, ends_at, reason: Reason, by=None) -> Event:
    """Moved to a new start and end; journalists read the reason."""
    return _transition(
        event, EventState.RESCHEDULED, by=by, reason=reason, starts_at=starts_at, ends_at=ends_at
    )


@transaction.atomic
def event_cancel(*, event: Event, reason: Reason, by=None) -> Event:
    """Cancelled for good: journalists see it with the reason, and it can no longer change;
    API clients' webhooks are told (event.cancelled)."""
    cancelled = _transition(event, EventState.CANCELLED, by=by, reason=reason)
    announcements.event_cancelled(cancelled)
    return cancelled


# --- Weekly information (004 §10) ----------------------------------------------------------


def _locked_week(*, agency, week_start: dt.date) -> WeeklyInformation:
    information, _created = WeeklyInformation.objects.get_or_create(
        agency=agency, week_start=week_start
    )
    return WeeklyInformation.objects.select_for_update().get(pk=information.pk)


def _incomplete(event: Event, gaps: list[str]) -> str:
    return _("“%(title)s” (%(start)s) lacks: %(missing)s.") % {
        "title": event.title or f"#{event.pk}",
        "start": date_format(timezone.localtime(event.starts_at), "d.m.Y H:i"),
        "missing": ", ".join(gaps),
    }


def weekly_information_due_at(*, agency, week_start: dt.date) -> dt.datetime | None:
    """When the week's information is due: the stored deadline's moment, or the rule's."""
    deadline = queries.weekly_deadline(agency=agency, week_start=week_start)
    return deadline.due_at if deadline is not None else None


@transaction.atomic
def weekly_information_submit(
    *, agency, week_start: dt.date, by, at: dt.datetime | None = None, no_events: bool = False
) -> WeeklyInformation:
    """Send the agency's information for the week starting on `week_start` (a Monday) to the
    authorized body, on the appendix form of 004 §10: every event of the week that is held
    must have the appendix's fields (Event.appendix_gaps) and its Kazakh and Russian titles,
    or the submission is refused with what each one lacks. A week without events is
    submitted by saying so (`no_events`).

    The events are frozen in `snapshot`. The first submission completes the week's
    `weekly-information` deadline (period: the Thursday before the week, its anchor) and is
    `late` after its due moment (the stored deadline's, else the rule's). Submitting again after a correction replaces the snapshot
    and is recorded as a resubmission; submitting the same again changes nothing."""
    at = at or timezone.now()
    validate_week_start(week_start)
    information = _locked_week(agency=agency, week_start=week_start)
    events = queries.week_events(agency=agency, week_start=week_start)
    if no_events and events:
        raise ValidationError(
            ngettext(
                "This week has %(count)d event: submit it, or cancel or move it before "
                "saying there are none.",
                "This week has %(count)d events: submit them, or cancel or move them before "
                "saying there are none.",
                len(events),
            ),
            code="has_events",
            params={"count": len(events)},
        )
    if not no_events and not events:
        raise ValidationError(
            _(
                "There is no event in this week. Add the week's events, or submit that "
                "there are none."
            ),
            code="no_events",
        )
    problems = [_incomplete(event, gaps) for event in events if (gaps := event.appendix_gaps())]
    if problems:
        raise ValidationError(problems, code="incomplete")
    snapshot = queries.weekly_snapshot(events)
    if information.is_submitted and (information.snapshot, information.no_events) == (
        snapshot,
        no_events,
    ):
        _complete_deadline(information)  # in case it was opened after the first submission
        return information  # the same again: nothing to record
    first = information.submitted_at is None
    if first:
        due_at = weekly_information_due_at(agency=agency, week_start=week_start)
        information.submitted_at = at
        information.submitted_by = by
        information.late = due_at is not None and at > due_at
    information.state = WeeklyInformationState.SUBMITTED
    information.snapshot = snapshot
    information.no_events = no_events
    information.full_clean()
    information.save()
    WeeklyInformationChange.objects.create(
        information=information,
        action=WeeklyInformationAction.SUBMITTED if first else WeeklyInformationAction.RESUBMITTED,
        actor=by,
        at=at,
        events=len(snapshot),
    )
    _complete_deadline(information)
    publication_bump(PUBLICATION)
    return information


def _complete_deadline(information: WeeklyInformation) -> None:
    """The week's deadline is met by the first submission, whoever sends a correction later:
    completed with its moment and author. A deadline opened only after that submission (beat
    opens them a week ahead) is completed by the next submission, still as of the first."""
    deadline_complete_for(
        rule_code=queries.WEEKLY_RULE,
        agency=information.agency,
        period_key=due_anchor(information.week_start).isoformat(),
        by=information.submitted_by,
        at=information.submitted_at,
    )


def weekly_information_reopenable(
    information: WeeklyInformation, *, at: dt.datetime | None = None
) -> bool:
    """May the agency take its submission back to draft? Until the week begins and as long
    as the authorized body has not marked the week's media-grid done (004 §11)."""
    at = at or timezone.now()
    return (
        information.is_submitted
        and at < week_bounds(information.week_start)[0]
        and not queries.grid_composed(information.week_start)
    )


@transaction.atomic
def weekly_information_reopen(
    *, information: WeeklyInformation, by, at: dt.datetime | None = None
) -> WeeklyInformation:
    """Return a submission to draft so that the agency corrects it and submits it again. The
    snapshot stays until then; the deadline stays met by the first submission."""
    at = at or timezone.now()
    stored = WeeklyInformation.objects.select_for_update().get(pk=information.pk)
    if not stored.is_submitted:
        raise ValidationError(
            _("Only submitted information can be returned to draft."), code="state"
        )
    if not weekly_information_reopenable(stored, at=at):
        raise ValidationError(
            _(
                "The week has begun or its media-grid is composed: the information can no "
                "longer return to draft. Submit the correction instead."
            ),
            code="too_late",
        )
    stored.state = WeeklyInformationState.DRAFT
    stored.full_clean()
    stored.save()
    WeeklyInformationChange.objects.create(
        information=stored,
        action=WeeklyInformationAction.REOPENED,
        actor=by,
        at=at,
        events=len(stored.snapshot),
    )
    publication_bump(PUBLICATION)
    return stored


# --- The weekly media-grid (004 §11) -------------------------------------------------------


def _may_compose(by) -> None:
    if by is None or not rules.can_compose_media_grid(by):
        raise PermissionDenied(_("Only the authorized body composes and publishes the media-grid."))


def _locked_grid(grid: MediaGrid) -> MediaGrid:
    return MediaGrid.objects.select_for_update().get(pk=grid.pk)


def _column_of(day) -> int:
    """A day of `main_news` as its column: a date, a column key ("mon" … "weekend") or its
    index (0 … 5)."""
    if isinstance(day, dt.date):
        return grids.day_column(day)
    if isinstance(day, int) and 0 <= day < len(grids.DAY_KEYS):
        return day
    if day in grids.DAY_KEYS:
        return grids.DAY_KEYS.index(day)
    raise ValidationError(_("“%(day)s” is not a day of the media-grid."), params={"day": day})


@transaction.atomic
def media_grid_compose(*, week_start: dt.date, by) -> MediaGrid:
    """The week's media-grid, made once from the agencies' submitted weekly information: the
    events it lists that are held (planned or public, not drafts, postponed or cancelled),
    with the events marked as candidates for the main news as each day's main news, in
    their order. Composing a week that has its grid returns that grid unchanged."""
    _may_compose(by)
    validate_week_start(week_start)
    grid, created = MediaGrid.objects.get_or_create(
        week_start=week_start, defaults={"composed_by": by}
    )
    if not created:
        return grid
    events = list(
        queries.media_grid_candidates(week_start).filter(
            pk__in=queries.submitted_event_ids(week_start)
        )
    )
    ranks: dict[int, int] = {}
    entries = []
    for event in events:
        rank = None
        if event.main_news_candidate:
            column = grids.event_column(event)
            rank = ranks[column] = ranks.get(column, 0) + 1
        entries.append(MediaGridEntry(grid=grid, event=event, main_news_rank=rank))
    MediaGridEntry.objects.bulk_create(entries)
    MediaGridChange.objects.create(grid=grid, action=MediaGridAction.COMPOSED, actor=by)
    return grid


@transaction.atomic
def media_grid_set_entries(
    *, grid: MediaGrid, event_ids, main_news: Mapping | None = None, by
) -> MediaGrid:
    """Show exactly `event_ids` in the grid, and as each day's main news the events
    `main_news` lists for it, in that order ({day: [event id, …]}; a day is a date, a
    column key or its index; Saturday and Sunday are one day). Each event must start in the
    grid's week and not be a draft; one that is postponed or cancelled stays if it was
    there already (the media see it so) but is not added. A main news pick must be among
    the events shown, on its day. Published versions stay as they are until the next
    `media_grid_publish`."""
    _may_compose(by)
    grid = _locked_grid(grid)
    event_ids = list(dict.fromkeys(int(pk) for pk in event_ids))
    current = {entry.event_id: entry for entry in grid.entries.all()}
    start, end = week_bounds(grid.week_start)
    events = Event.objects.in_bulk(event_ids)
    problems = []
    for pk in event_ids:
        event = events.get(pk)
        if event is None or not start <= event.starts_at < end:
            problems.append(_("Event #%(id)s does not start in this week.") % {"id": pk})
        elif event.state == EventState.DRAFT:
            problems.append(
                _("“%(title)s” is a draft of its agency: it cannot be in the media-grid.")
                % {"title": event.title or f"#{pk}"}
            )
        elif pk not in current and event.state in NOT_HELD_STATES:
            problems.append(
                _("“%(title)s” is “%(state)s”: it cannot be added to the media-grid.")
                % {"title": event.title or f"#{pk}", "state": event.get_state_display()}
            )
    ranks: dict[int, int] = {}
    columns_given: set[int] = set()
    for day, picks in (main_news or {}).items():
        column = _column_of(day)
        if column in columns_given:
            problems.append(_("Saturday and Sunday share one list of main news: give it once."))
            continue
        columns_given.add(column)
        for rank, pk in enumerate(dict.fromkeys(int(pk) for pk in picks), start=1):
            event = events.get(pk)
            if pk not in event_ids or event is None:
                problems.append(
                    _("Event #%(id)s is among the main news but not in the media-grid.")
                    % {"id": pk}
                )
            elif grids.event_column(event) != column:
                problems.append(
                    _("“%(title)s” is among the main news of %(day)s, but it is on %(other)s.")
                    % {
                        "title": event.title or f"#{pk}",
                        "day": grids.day_label(column),
                        "other": grids.day_label(grids.event_column(event)),
                    }
                )
            else:
                ranks[pk] = rank
    if problems:
        raise ValidationError(problems, code="entries")
    before = {pk: entry.main_news_rank for pk, entry in current.items()}
    after = {pk: ranks.get(pk) for pk in event_ids}
    if before == after:
        return grid  # nothing to change, nothing to record
    grid.entries.exclude(event_id__in=event_ids).delete()
    for pk, rank in after.items():
        entry = current.get(pk)
        if entry is None:
            entry = MediaGridEntry(grid=grid, event_id=pk, main_news_rank=rank)
        elif entry.main_news_rank == rank:
            continue
        entry.main_news_rank = rank
        entry.full_clean(validate_unique=False)
        entry.save()
    MediaGridChange.objects.create(grid=grid, action=MediaGridAction.CHANGED, actor=by)
    return grid


def authorized_body() -> Agency | None:
    """The authorized body in mass media, whose deadline the media-grid is."""
    return (
        Agency.objects.filter(kind=AgencyKind.AUTHORIZED_BODY, status=AgencyStatus.ACTIVE)
        .order_by("pk")
        .first()
    )


def _titles_missing(event: Event) -> list[str]:
    return [
        _("title in %(language)s") % {"language": _language_name(code)}
        for code in APPENDIX_TITLE_LANGUAGES
        if not (getattr(event, f"title_{code}") or "").strip()
    ]


@transaction.atomic
def media_grid_publish(*, grid: MediaGrid, by, at: dt.datetime | None = None) -> MediaGridVersion:
    """Send the week's media-grid to the media (004 §11): refused, naming them, while an
    event in it lacks its Kazakh or Russian title. The planned events in it are published
    (`event_publish`); the grid is frozen as version N+1 with what changed since version N
    (nothing for the first). Publishing with nothing changed since the latest version
    publishes nothing new and returns that version. The first publication completes the
    week's `media-grid` deadline of the authorized body; the PDFs of the version in kk, ru
    and en are queued for building."""
    _may_compose(by)
    at = at or timezone.now()
    grid = _locked_grid(grid)
    entries = queries.media_grid_entries(grid)
    if not entries:
        raise ValidationError(
            _("The media-grid has no event: include at least one before publishing."),
            code="empty",
        )
    problems = [
        _incomplete(entry.event, missing)
        for entry in entries
        if (missing := _titles_missing(entry.event))
    ]
    if problems:
        raise ValidationError(problems, code="titles")
    planned = [entry.event for entry in entries if entry.event.state == EventState.PLANNED]
    for event in planned:
        event_publish(event=event, by=by)
    if planned:
        entries = queries.media_grid_entries(grid)
    snapshot = grids.grid_snapshot(
        week_start=grid.week_start,
        entries=[(entry.event, entry.main_news_rank) for entry in entries],
    )
    latest = queries.media_grid_version(grid)
    if latest is not None and latest.snapshot == snapshot:
        _complete_grid_deadline(grid)
        return latest
    version = MediaGridVersion(
        grid=grid,
        number=latest.number + 1 if latest is not None else 1,
        published_at=at,
        published_by=by,
        snapshot=snapshot,
        changelog=grids.grid_changelog(latest.snapshot if latest else None, snapshot),
    )
    version.full_clean()
    version.save()
    MediaGridChange.objects.create(
        grid=grid, action=MediaGridAction.PUBLISHED, actor=by, at=at, version=version.number
    )
    # Encoded as the database gives the version back (PostgreSQL's jsonb orders an object's
    # keys its own way), so that a body encoded again later is the same bytes.
    stored = MediaGridVersion.objects.get(pk=version.pk)
    for code, _name in settings.LANGUAGES:
        media_grid_answer_store(version=stored, language=code)
    _complete_grid_deadline(grid)
    publication_bump(PUBLICATION)
    publication_bump(MEDIA_GRID_PUBLICATION)
    media_grid_documents_request(week_start=grid.week_start, number=version.number)
    announcements.media_grid_published(version)  # webhooks now, e-mails after the commit
    return version


def media_grid_answer_store(*, version: MediaGridVersion, language: str) -> bytes:
    """Encode the version's answer in the API in `language` once and keep it
    (`MediaGridAnswer`): for every language in the publication's transaction, and again by
    a read that finds it missing or of an older layout (a version published before answers
    were kept, a new translation). Returns the body."""
    body = exports.media_grid_answer_body(version=version, language=language)
    MediaGridAnswer.objects.update_or_create(
        version=version,
        language=language,
        defaults={"layout": exports.media_grid_answer_layout(language), "body": body},
    )
    return body


def _complete_grid_deadline(grid: MediaGrid) -> None:
    """The week's deadline is met by the first publication (its moment and author), also
    when beat opened it only afterwards; corrections change nothing in it."""
    agency = authorized_body()
    first = grid.versions.select_related("published_by").order_by("number").first()
    if agency is None or first is None:
        return
    deadline_complete_for(
        rule_code=queries.GRID_RULE,
        agency=agency,
        period_key=due_anchor(grid.week_start).isoformat(),
        by=first.published_by,
        at=first.published_at,
    )


# --- Event series (000 §3.1–3.4) -----------------------------------------------------------


def _locked_series(*, agency, period):
    series, _created = EventSeries.objects.get_or_create(
        agency=agency, period=period.kind, starts_on=period.starts_on
    )
    return EventSeries.objects.select_for_update().get(pk=series.pk)


def _series_record(series, action: str, *, by, at, events: int) -> None:
    EventSeriesChange.objects.create(series=series, action=action, actor=by, at=at, events=events)


@transaction.atomic
def series_submit(*, agency, period, by, at: dt.datetime | None = None, no_events: bool = False):
    """Send the agency's event series for `period` (`series.Period`) to the central service
    for the network schedule (000 §3.3–3.4): the table of its planned, published and
    rescheduled events starting in the period (`queries.SERIES_STATES`), each with its
    Kazakh and Russian names, place, key theses and a speaker, or the submission is refused
    with what each lacks. A period without events is submitted by saying so (`no_events`).

    The table is frozen in `snapshot`. As for the weekly information, the first submission
    completes the period's deadline (keyed by its anchor, `series.due_anchor`) and is `late`
    after its due moment; submitting a correction later is a resubmission, recorded with its
    own moment, and keeps the first one's; submitting the same again changes nothing."""
    at = at or timezone.now()
    stored = _locked_series(agency=agency, period=period)
    events = queries.series_events(agency=agency, period=period)
    if no_events and events:
        raise ValidationError(
            ngettext(
                "This period has %(count)d event: submit it, or cancel or move it before "
                "saying there are none.",
                "This period has %(count)d events: submit them, or cancel or move them "
                "before saying there are none.",
                len(events),
            ),
            code="has_events",
            params={"count": len(events)},
        )
    if not no_events and not events:
        raise ValidationError(
            _(
                "There is no planned or published event in this period. Add the period's "
                "events, or submit that there are none."
            ),
            code="no_events",
        )
    snapshot = queries.weekly_snapshot(events)
    problems = [
        _incomplete(event, gaps)
        for event, entry in zip(events, snapshot, strict=True)
        if (gaps := event_series.series_gaps(entry))
    ]
    if problems:
        raise ValidationError(problems, code="incomplete")
    if stored.state == SeriesState.SUBMITTED and stored.snapshot == snapshot:
        _complete_series_deadline(stored, period)
        return stored
    first = stored.submitted_at is None
    if first:
        deadline = queries.series_deadline(agency=agency, period=period)
        stored.submitted_at = at
        stored.submitted_by = by
        stored.late = deadline is not None and at > deadline.due_at
    stored.state = SeriesState.SUBMITTED
    stored.snapshot = snapshot
    stored.full_clean()
    stored.save()
    action = SeriesAction.SUBMITTED if first else SeriesAction.RESUBMITTED
    _series_record(stored, action, by=by, at=at, events=len(snapshot))
    _complete_series_deadline(stored, period)
    publication_bump(PUBLICATION)
    return stored


def _complete_series_deadline(stored, period) -> None:
    """The period's deadline is met by the first submission (its moment and author), also
    when beat opened it only afterwards."""
    deadline_complete_for(
        rule_code=period.rule_code,
        agency=stored.agency,
        period_key=event_series.due_anchor(period).isoformat(),
        by=stored.submitted_by,
        at=stored.submitted_at,
    )


def series_reopenable(stored, *, at: dt.datetime | None = None) -> bool:
    """May the agency take its series back to draft? As the weekly information: while it is
    submitted and its period has not begun."""
    at = at or timezone.now()
    period = event_series.Period(stored.period, stored.starts_on)
    return stored.state == SeriesState.SUBMITTED and at < period.bounds()[0]


@transaction.atomic
def series_reopen(*, series, by, at: dt.datetime | None = None):
    """Return a submitted series to draft, to correct and submit it again; the snapshot
    stays until then and the deadline stays met by the first submission."""
    at = at or timezone.now()
    stored = EventSeries.objects.select_for_update().get(pk=series.pk)
    if stored.state != SeriesState.SUBMITTED:
        raise ValidationError(_("Only a submitted series can be returned to draft."), code="state")
    if not series_reopenable(stored, at=at):
        raise ValidationError(
            _(
                "The period has begun: the series can no longer return to draft. Submit the "
                "correction instead."
            ),
            code="too_late",
        )
    stored.state = SeriesState.DRAFT
    stored.full_clean()
    stored.save()
    _series_record(stored, SeriesAction.REOPENED, by=by, at=at, events=len(stored.snapshot))
    publication_bump(PUBLICATION)
    return stored


# What an import would do with each row (`series_import_check`).
IMPORT_ADD, IMPORT_CHANGE, IMPORT_SAME = "add", "change", "same"


def _texts_of(obj, name: str) -> dict:
    return {code: getattr(obj, f"{name}_{code}") or "" for code, _label in settings.LANGUAGES}


def _import_speakers(row, event: Event | None = None) -> list[dict]:
    """The row's speakers as the services take them: a speaker the event has already, as the
    template showed it (its name and position in the reader's language, else the first
    given), keeps every language of its name and position; a new one is written in the
    importer's language."""
    language = get_language()
    known = {}
    for speaker in event.speakers.all() if event is not None else []:
        fields = {
            **{f"name_{code}": text for code, text in _texts_of(speaker, "name").items()},
            **{f"position_{code}": text for code, text in _texts_of(speaker, "position").items()},
            "contacts": speaker.contacts,
        }
        shown = (
            grids.in_language(_texts_of(speaker, "name"), language),
            grids.in_language(_texts_of(speaker, "position"), language),
        )
        known.setdefault(shown, fields)
    speakers = []
    for speaker in row.speakers:
        fields = known.get((speaker["name"], speaker["position"])) or {
            f"name_{language}": speaker["name"],
            f"position_{language}": speaker["position"],
        }
        speakers.append({**fields, "language": speaker["language"]})
    return speakers


def _import_fields(row, event: Event | None = None) -> dict:
    """The row's fields for the services. The place and the theses are written in the
    importer's language, unless they read as the template showed them (a text in another
    language, by the content's fallback): then the event keeps them as they are."""
    language = get_language()
    fields = row.fields(language)
    if event is not None:
        for name in ("place", "key_messages"):
            if grids.in_language(_texts_of(event, name), language) == getattr(row, name):
                del fields[f"{name}_{language}"]
    return fields


def _differs(event: Event, row) -> bool:
    for name, value in _import_fields(row, event).items():
        current = getattr(event, name)
        if (current or "") != (value or "") if isinstance(value, str) else current != value:
            return True
    language = get_language()
    now = [
        (
            grids.in_language(_texts_of(s, "name"), language),
            grids.in_language(_texts_of(s, "position"), language),
            s.language,
        )
        for s in event.speakers.all()
    ]
    wanted = [(s["name"], s["position"], s["language"]) for s in row.speakers]
    return now != wanted


def series_import_check(*, agency, period, content: bytes):
    """What importing the template `content` into the agency's period would do, changing
    nothing: (plan, errors). The plan is [(action, row, event)] — add a new event, change
    the agency's event of the row's id, or leave one that is the same already; a row without
    an id whose event exists already (same start and Kazakh or Russian name) is the same,
    so importing a file twice adds nothing. The errors name their row and column, in the
    active language: the file's own (`series.read_import`), then an id that is not one of
    the agency's events, a cancelled event, a public event whose dates would move."""
    rows, errors = event_series.read_import(content, period=period)
    letter, header = event_series.error_column("id")
    ids = [row.id for row in rows if row.id]
    events = Event.objects.filter(pk__in=ids).prefetch_related("speakers").in_bulk() if ids else {}
    new_rows = [row for row in rows if not row.id]
    existing = {}
    if new_rows:
        start, end = period.bounds()
        for event in Event.objects.filter(
            agency=agency, starts_at__gte=start, starts_at__lt=end
        ).prefetch_related("speakers"):
            for code in event_series.SERIES_TITLE_LANGUAGES:
                key = (event.starts_at, (getattr(event, f"title_{code}") or "").strip())
                existing.setdefault(key, event)
    plan = []
    for row in rows:
        if row.id:
            event = events.get(row.id)
            if event is None or event.agency_id != agency.pk:
                errors.append(
                    event_series.ImportError_(
                        row.row,
                        letter,
                        header,
                        _("There is no event #%(id)s of this agency.") % {"id": row.id},
                    )
                )
                continue
            if event.state == EventState.CANCELLED:
                errors.append(
                    event_series.ImportError_(
                        row.row, letter, header, _("A cancelled event cannot be changed.")
                    )
                )
                continue
            if event.state in PUBLIC_STATES and (
                event.starts_at != row.starts_at or event.ends_at != row.ends_at
            ):
                column, name = event_series.error_column("starts_at")
                errors.append(
                    event_series.ImportError_(
                        row.row,
                        column,
                        name,
                        _(
                            "A published event moves by rescheduling it, with a reason that "
                            "journalists see."
                        ),
                    )
                )
                continue
            action = IMPORT_CHANGE if _differs(event, row) else IMPORT_SAME
            plan.append((action, row, event))
        else:
            event = next(
                (
                    existing[key]
                    for code in event_series.SERIES_TITLE_LANGUAGES
                    if (key := (row.starts_at, row.titles[code])) in existing
                ),
                None,
            )
            plan.append((IMPORT_SAME if event else IMPORT_ADD, row, event))
    errors.sort(key=lambda error: (error.row, error.column))
    return plan, errors


@transaction.atomic
def series_import(*, agency, period, content: bytes, by, at: dt.datetime | None = None) -> dict:
    """Import the template `content` into the agency's period (000 §3.3): all of it or, on
    any error, nothing (ValidationError with every error, each naming its row and column).
    New rows become planned events of the agency (a series lists no drafts); rows with an
    id change that event; rows that are the same already change nothing, so importing the
    same file again — a task run twice — changes nothing more. Recorded in the series'
    history when something changed. Returns the counts {"added": n, "changed": n,
    "same": n}."""
    at = at or timezone.now()
    stored = _locked_series(agency=agency, period=period)
    plan, errors = series_import_check(agency=agency, period=period, content=content)
    if errors:
        raise event_series.invalid(errors)
    counts = {IMPORT_ADD: 0, IMPORT_CHANGE: 0, IMPORT_SAME: 0}
    for action, row, event in plan:
        counts[action] += 1
        known = event if action == IMPORT_CHANGE else None
        fields = _import_fields(row, known)
        speakers = _import_speakers(row, known)
        try:
            if action == IMPORT_ADD:
                created = event_create(agency=agency, by=by, speakers=speakers, **fields)
                event_plan(event=created, by=by)
            elif action == IMPORT_CHANGE:
                if event.state in PUBLIC_STATES:
                    fields = {k: v for k, v in fields.items() if k not in DATE_FIELDS}
                event_update(event=event, by=by, speakers=speakers, **fields)
        except ValidationError as error:
            raise ValidationError(
                [
                    _("Row %(row)s: %(message)s") % {"row": row.row, "message": message}
                    for message in error.messages
                ],
                code="import",
            ) from error
    changed = counts[IMPORT_ADD] + counts[IMPORT_CHANGE]
    if changed:
        _series_record(stored, SeriesAction.IMPORTED, by=by, at=at, events=changed)
    return {
        "added": counts[IMPORT_ADD],
        "changed": counts[IMPORT_CHANGE],
        "same": counts[IMPORT_SAME],
    }


# --- The import's jobs: upload, dry run, confirmation, application (000 §3.3) --------------
#
# One token per upload: its file in the default storage (`exports.series_upload_name`), its
# dry run the stored document EVENT_SERIES_IMPORT_CHECK (built by documents.build), and its
# application, once confirmed, the row EVENT_SERIES_IMPORT, unique per token, claimed,
# applied and marked done in one transaction by the task eventgrid.series_import_apply.
# The upload is deleted once the file is rejected (by its dry run or at its application) or
# applied, and when a newer upload for the same agency and period supersedes it unconfirmed.

UPLOAD_GONE = gettext_lazy("The uploaded file is gone: upload it again.")


def _upload_read(token: str) -> bytes | None:
    name = exports.series_upload_name(token)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file:
        return file.read()


def _superseded_uploads_delete(*, agency, period) -> None:
    """Delete the agency's earlier uploads for the period but those whose application is
    under way: unconfirmed, they are superseded; applied or rejected, they should be gone
    already (a worker may have died before deleting one)."""
    filters = {"filters__agency": agency.slug, "filters__period": period.label}
    pending = set(
        StoredDocument.objects.filter(kind=exports.EVENT_SERIES_IMPORT, **filters)
        .exclude(status=DocumentStatus.DONE)
        .values_list("filters__token", flat=True)
    )
    for token in StoredDocument.objects.filter(
        kind=exports.EVENT_SERIES_IMPORT_CHECK, **filters
    ).values_list("filters__token", flat=True):
        if token not in pending:
            default_storage.delete(exports.series_upload_name(token))


def series_import_upload(*, agency, period, file, language: str) -> StoredDocument:
    """Store an uploaded template (checked for its size and type only, by the form) under a
    new token and queue its dry run in Celery, in the uploader's language; the agency's
    earlier unconfirmed uploads for the period are deleted. Returns the dry run's row."""
    token = uuid.uuid4().hex
    _superseded_uploads_delete(agency=agency, period=period)
    default_storage.save(exports.series_upload_name(token), file)
    return document_request(
        kind=exports.EVENT_SERIES_IMPORT_CHECK,
        language=language,
        filters=exports.series_import_filters(agency=agency, period=period, token=token),
    )


def series_import_dry_run(*, agency, period, token: str) -> dict:
    """The dry run of an upload (the build of EVENT_SERIES_IMPORT_CHECK, in Celery, in the
    active language): what the import would do — {"counts": {"add", "change", "same"},
    "rows": [{"row", "action", "event", "titles", "starts_at", "ends_at"}]} — or
    {"errors": [...]}, each naming its row and column (`series_import_check`). Changes no
    event; a rejected file's upload is deleted, since nothing may confirm it."""
    content = _upload_read(token)
    if content is None:
        return {"errors": [str(UPLOAD_GONE)]}
    plan, errors = series_import_check(agency=agency, period=period, content=content)
    if errors:
        default_storage.delete(exports.series_upload_name(token))
        return {"errors": [str(error) for error in errors]}
    return {
        "counts": {
            action: sum(1 for step in plan if step[0] == action)
            for action in (IMPORT_ADD, IMPORT_CHANGE, IMPORT_SAME)
        },
        "rows": [
            {
                "row": row.row,
                "action": action,
                "event": event.pk if event else None,
                "titles": {code: row.titles[code] for code in event_series.SERIES_TITLE_LANGUAGES},
                "starts_at": row.starts_at.isoformat(),
                "ends_at": row.ends_at.isoformat(),
            }
            for action, row, event in plan
        ],
    }


def series_import_job(check: StoredDocument) -> StoredDocument | None:
    """The application of a dry run, once confirmed (one query)."""
    return StoredDocument.objects.filter(
        kind=exports.EVENT_SERIES_IMPORT,
        language=check.language,
        version=0,
        filter_key=check.filter_key,
    ).first()


def series_import_confirm(*, check: StoredDocument, by) -> StoredDocument:
    """Queue the application of a dry run that passed, in Celery: one job per dry run, its
    row unique by (kind, language, version, the dry run's filter key), however often it is
    confirmed and by whom; the task is queued by the call that made the row (or that finds
    its task lost, `series_import_resume`). Refused while the dry run has not passed, and
    once its upload is gone."""
    result = exports.import_result(check) if check.is_done else None
    if not result or "counts" not in result:
        raise ValidationError(
            _("Only a file whose check has passed can be imported."), code="not_checked"
        )
    if not default_storage.exists(exports.series_upload_name(check.filters["token"])):
        raise ValidationError(UPLOAD_GONE, code="gone")
    job, created = StoredDocument.objects.get_or_create(
        kind=exports.EVENT_SERIES_IMPORT,
        language=check.language,
        version=0,
        filter_key=check.filter_key,
        defaults={"filters": {**check.filters, "by": str(by.pk)}, "queued_at": timezone.now()},
    )
    if created:
        _series_import_queue(job.pk)
    else:
        series_import_resume(job=job)
    return job


def series_import_resume(*, job: StoredDocument) -> None:
    """Queue a confirmed import again when its task is lost: queued or claimed longer than
    documents' STALE_CLAIM ago, or failed a while ago (`document_needs_build`). The UPDATE
    that restarts it must find the row as it was read, so two requests queue it once."""
    if not document_needs_build(job):
        return
    restarted = StoredDocument.objects.filter(
        pk=job.pk,
        status=job.status,
        queued_at=job.queued_at,
        claimed_at=job.claimed_at,
        finished_at=job.finished_at,
    ).update(
        status=DocumentStatus.QUEUED,
        progress=0,
        error="",
        claim="",
        claimed_at=None,
        queued_at=timezone.now(),
        finished_at=None,
    )
    if restarted:
        _series_import_queue(job.pk)


def _series_import_queue(job_id: int) -> None:
    from .tasks import series_import_apply as task

    transaction.on_commit(lambda: task.delay(job_id=job_id))


def series_import_apply(*, job_id: int) -> str:
    """Apply a confirmed import (the task eventgrid.series_import_apply): claimed, applied
    (`series_import`: all or nothing) and marked done in one transaction, so the events and
    the job's "done" commit together or not at all. A task delivered twice waits on the
    first one's claim, then finds the job done; a worker killed mid-task leaves nothing
    applied and its task, acknowledged late, is delivered again and applies it once. The
    job's file is the JSON of what it did; the upload is deleted after the commit. Returns
    "done", "failed" or "not claimed"."""
    started = timezone.now()
    # Seen by the progress page at once; the claim itself is taken inside the transaction.
    StoredDocument.objects.filter(
        pk=job_id, kind=exports.EVENT_SERIES_IMPORT, status=DocumentStatus.QUEUED
    ).update(status=DocumentStatus.RUNNING, progress=10, claimed_at=started)
    try:
        with transaction.atomic():
            claimed = (
                StoredDocument.objects.filter(pk=job_id, kind=exports.EVENT_SERIES_IMPORT)
                .exclude(status=DocumentStatus.DONE)
                .update(status=DocumentStatus.RUNNING, claim=uuid.uuid4().hex)
            )
            if not claimed:
                logger.info("Series import %s is gone or done: nothing to do", job_id)
                return "not claimed"
            job = StoredDocument.objects.get(pk=job_id)
            with translation.override(job.language):
                result = _series_import_result(job.filters)
            content = json.dumps(result, ensure_ascii=False).encode()
            name = f"documents/{job.kind}/{job.language}/{job.version}-{job.filter_key}.json"
            default_storage.delete(name)  # a file a killed worker left at the row's name
            saved = default_storage.save(name, ContentFile(content))
            job.status, job.progress, job.file, job.finished_at = (
                DocumentStatus.DONE,
                100,
                saved,
                timezone.now(),
            )
            job.size, job.sha256 = len(content), hashlib.sha256(content).hexdigest()
            job.save(update_fields=["status", "progress", "file", "size", "sha256", "finished_at"])
    except Exception as error:
        logger.exception("Series import %s failed", job_id)
        StoredDocument.objects.filter(pk=job_id).exclude(status=DocumentStatus.DONE).update(
            status=DocumentStatus.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        return "failed"
    default_storage.delete(exports.series_upload_name(job.filters["token"]))
    return "done"


def _series_import_result(filters: dict) -> dict:
    """What applying the job's upload did: {"counts": …} or {"errors": […]} (nothing)."""
    content = _upload_read(filters["token"])
    if content is None:
        return {"errors": [str(UPLOAD_GONE)]}
    try:
        counts = series_import(
            agency=Agency.objects.get(slug=filters["agency"]),
            period=event_series.parse_period(filters["period"]),
            content=content,
            by=User.objects.filter(pk=filters["by"]).first(),
        )
    except ValidationError as error:
        return {"errors": error.messages}
    return {"counts": counts}


# --- Attachments (000 §3.5) ----------------------------------------------------------------

# A text in the active language, or per language code ({"kk": ..., "ru": ...}).
Texts = str | Mapping[str, str]
LANGUAGE_CODES = tuple(code for code, _label in settings.LANGUAGES)


def _set_texts(obj, name: str, texts: Texts) -> None:
    """Fill `name`'s translation columns: a mapping replaces every language's text, a string
    is the active language's."""
    if isinstance(texts, Mapping):
        for code in LANGUAGE_CODES:
            setattr(obj, f"{name}_{code}", (texts.get(code) or "").strip() or None)
    else:
        setattr(obj, name, (texts or "").strip() or None)


def _has_text(obj, name: str) -> bool:
    return any((getattr(obj, f"{name}_{code}") or "").strip() for code in LANGUAGE_CODES)


def _changeable(event: Event) -> Event:
    stored = _locked(event)
    if stored.state == EventState.CANCELLED:
        raise ValidationError(_("A cancelled event cannot be changed."))
    return stored


def _attachment_checked(attachment: EventAttachment) -> None:
    if not _has_text(attachment, "title"):
        raise ValidationError({"title": _("Give the document's title in at least one language.")})
    attachment.full_clean(exclude=["file", *(f"title_{code}" for code in LANGUAGE_CODES)])


@transaction.atomic
def attachment_add(
    *, event: Event, kind: str, title: Texts, file, language: str = "", by=None
) -> EventAttachment:
    """Attach a document the media receive with the event (000 §3.5): the resolutive part's
    text or an accompanying document, public exactly when the event is. The file must be one
    of `attachments.TYPES` by its name and its first bytes, within EVENT_ATTACHMENT_MAX_MB;
    it is stored under a name of the portal's (default storage, so S3 by configuration).
    Refused with nothing stored."""
    stored = _changeable(event)
    kind_of_file = attachments.file_type(file)
    attachment = EventAttachment(event=stored, kind=kind, language=language or "", uploaded_by=by)
    _set_texts(attachment, "title", title)
    _attachment_checked(attachment)
    attachment.file.save(
        attachments.stored_name(kind=kind_of_file, size=file.size), file, save=False
    )
    name, storage = attachment.file.name, attachment.file.storage
    try:
        attachment.save()
    except BaseException:
        storage.delete(name)
        raise
    _log(stored, EventAction.CHANGED, by=by)
    publication_bump(PUBLICATION)
    return attachment


@transaction.atomic
def attachment_update(
    *, attachment: EventAttachment, by=None, title: Texts | None = None, **fields
) -> EventAttachment:
    """Correct an attachment's title, kind or language (its file is replaced by removing it
    and attaching the new one)."""
    _changeable(attachment.event)
    stored = EventAttachment.objects.select_for_update().get(pk=attachment.pk)
    refused = sorted(set(fields) - {"kind", "language"})
    if refused:
        raise ValidationError({name: _("This cannot be changed here.") for name in refused})
    for name, value in fields.items():
        setattr(stored, name, value)
    if title is not None:
        _set_texts(stored, "title", title)
    _attachment_checked(stored)
    stored.save()
    _log(stored.event, EventAction.CHANGED, by=by)
    publication_bump(PUBLICATION)
    return stored


@transaction.atomic
def attachment_remove(*, attachment: EventAttachment, by=None) -> None:
    """Take the document off the event; its file is deleted once the removal is committed."""
    event = _changeable(attachment.event)
    name, storage = attachment.file.name, attachment.file.storage
    EventAttachment.objects.filter(pk=attachment.pk).delete()
    transaction.on_commit(lambda: storage.delete(name))
    _log(event, EventAction.CHANGED, by=by)
    publication_bump(PUBLICATION)


# --- Co-organisers' input (004 §10) ----------------------------------------------------------

# An event whose co-organisers are asked for their input: planned or public, not cancelled.
ASKING_STATES = (
    EventState.PLANNED,
    EventState.PUBLISHED,
    EventState.POSTPONED,
    EventState.RESCHEDULED,
)


def contribution_deadline(contribution: EventContribution) -> Deadline | None:
    return (
        Deadline.objects.filter(
            rule__code=queries.CONTRIBUTION_RULE,
            agency_id=contribution.agency_id,
            period_key=subject_key(contribution),
        )
        .select_related("rule__counts_from")
        .first()
    )


def contribution_withdrawn(contribution: EventContribution, event: Event) -> bool:
    """Asked, then no longer: its agency left the co-organisers, or the event was cancelled
    (before it submitted). `event.co_organisers` prefetched saves a query per row."""
    if contribution.state != ContributionState.REQUESTED:
        return False
    return event.state == EventState.CANCELLED or contribution.agency_id not in {
        agency.pk for agency in event.co_organisers.all()
    }


def _withdraw(contribution: EventContribution, *, by, reason: str) -> None:
    deadline = contribution_deadline(contribution)
    if deadline is not None and deadline.is_pending:
        deadline_waive(deadline=deadline, by=by, reason=reason)


def _tell_co_organiser(contribution: EventContribution, deadline: Deadline | None) -> None:
    """The co-organiser's press secretaries learn what is asked and by when, each in their
    language, once (the notification's key is the request's)."""
    notifications_save(
        notifications_each(
            recipients=active_members(Role.PRESS_SECRETARY, agency_id=contribution.agency_id),
            event_key=f"contribution-requested:{contribution.pk}",
            template="contribution_requested",
            context={
                "event": contribution.event,
                "lead": contribution.event.agency,
                "agency": contribution.agency,
                "due_at": deadline.due_at if deadline is not None else None,
            },
            path=lambda: reverse("eventgrid:contribution_detail", kwargs={"pk": contribution.pk}),
        )
    )


def contributions_sync(*, event: Event, by=None, at: dt.datetime | None = None) -> list:
    """Ask each co-organising agency of a planned or public event for its input, once per
    event and agency (004 §10: within one working day, rule `cross-agency-input`): a
    `requested` EventContribution, its deadline counted from the request, and a notification
    to the agency's press secretaries. A co-organiser removed before it submitted, or every
    one of a cancelled event, has its request withdrawn: the row stays (shown as withdrawn)
    and its deadline is waived with the reason. One added again is asked anew. Returns the
    new requests."""
    at = at or timezone.now()
    stored = Event.objects.select_related("agency").get(pk=event.pk)
    wanted = set()
    if stored.state in ASKING_STATES:
        wanted = set(stored.co_organisers.values_list("pk", flat=True)) - {stored.agency_id}
    existing = {
        contribution.agency_id: contribution
        for contribution in EventContribution.objects.select_for_update().filter(event=stored)
    }
    reason = (
        _("The event was cancelled.")
        if stored.state == EventState.CANCELLED
        else _("The agency is no longer a co-organiser of the event.")
    )
    for agency_id, contribution in existing.items():
        if agency_id not in wanted and contribution.state == ContributionState.REQUESTED:
            _withdraw(contribution, by=by, reason=reason)
    created = []
    for agency in Agency.objects.filter(pk__in=wanted).order_by("pk"):
        previous = existing.get(agency.pk)
        if previous is not None:
            deadline = contribution_deadline(previous)
            asked_again = (
                previous.state == ContributionState.REQUESTED
                and deadline is not None
                and deadline.state == DeadlineState.WAIVED
            )
            if not asked_again:
                continue  # asked already (or answered): once per event and agency
            previous.delete()  # withdrawn; its waived deadline keeps the record
        contribution = EventContribution(
            event=stored, agency=agency, state=ContributionState.REQUESTED, requested_at=at
        )
        contribution.full_clean()
        contribution.save()
        deadline = deadline_open_for_event(
            rule_code=queries.CONTRIBUTION_RULE, agency=agency, subject=contribution, start=at
        )
        _tell_co_organiser(contribution, deadline)
        created.append(contribution)
    return created


@transaction.atomic
def contribution_submit(
    *, contribution: EventContribution, text: Texts, by, at: dt.datetime | None = None
) -> EventContribution:
    """Send the co-organiser's input, what is within its competence, for the lead agency's
    one agenda (004 §10), in at least one language. The first submission completes the
    request's deadline with its moment and author and is `late` after its due moment; a
    correction afterwards replaces the text and changes neither."""
    at = at or timezone.now()
    stored = (
        EventContribution.objects.select_for_update()
        .select_related("event", "agency")
        .get(pk=contribution.pk)
    )
    if contribution_withdrawn(stored, stored.event):
        raise ValidationError(
            _("Your agency's input for this event is no longer asked for."), code="withdrawn"
        )
    _set_texts(stored, "text", text)
    if not _has_text(stored, "text"):
        raise ValidationError(
            {"text": _("Write the input in at least one language.")}, code="required"
        )
    if stored.submitted_at is None:
        deadline = contribution_deadline(stored)
        stored.state = ContributionState.SUBMITTED
        stored.submitted_at = at
        stored.submitted_by = by
        stored.late = deadline is not None and at > deadline.due_at
    stored.full_clean()
    stored.save()
    deadline_complete_for(
        rule_code=queries.CONTRIBUTION_RULE,
        agency=stored.agency,
        subject=stored,
        by=stored.submitted_by,
        at=stored.submitted_at,
    )
    return stored


# --- Repeating events (issue 8, item 1) ----------------------------------------------------
#
# A repeating event is stored as its occurrences: one Event per start its rule gives
# (recurrence.py), linked to its EventRecurrence with `recurrence_start`, each made, changed
# and moved by the services above with its own history. An edit of one occurrence changes
# "this" one (it stays in the series), "following" ones (the series is split there: the old
# rule ends before it, a new rule goes on from it) or "all" of them. Events already begun
# (`starts_at` before now) and cancelled ones are never rewritten, moved or removed; the
# edited one is always changed. A new rule or new excluded dates regenerate the rest: the
# occurrences whose start the new rule still gives are kept (matched by `recurrence_start`,
# moved with the series when its time moves), the missing ones are created, the drafts and
# planned ones it no longer gives are deleted, and the public ones are cancelled with the
# reason journalists read (without a reason the change is refused, naming them), never
# silently removed. The same edit twice changes nothing the second time.

# An occurrence's own columns; the others are copied from the event it repeats.
OCCURRENCE_OWN = frozenset(
    {
        "id",
        "created_at",
        "updated_at",
        "recurrence",
        "recurrence_start",
        *DATE_FIELDS,
        *STATE_FIELDS,
    }
)


def _columns(model) -> list[str]:
    """The model's columns, a translated field by its language columns (`title_kk` …)."""
    names = [field.name for field in model._meta.concrete_fields]
    first = settings.LANGUAGES[0][0]
    return [name for name in names if f"{name}_{first}" not in names]


def _copied_fields(event: Event) -> dict:
    return {name: getattr(event, name) for name in _columns(Event) if name not in OCCURRENCE_OWN}


def _speakers_of(event: Event) -> list[dict]:
    names = [name for name in _columns(EventSpeaker) if name not in ("id", "event")]
    return [{name: getattr(speaker, name) for name in names} for speaker in event.speakers.all()]


def _same(value, other) -> bool:
    """Equal, an empty text and a missing one alike (translation columns may be NULL)."""
    if isinstance(value, str | None) and isinstance(other, str | None):
        return (value or "") == (other or "")
    return value == other


def _same_speakers(event: Event, speakers) -> bool:
    current = _speakers_of(event)
    given = list(speakers)
    return len(current) == len(given) and all(
        all(_same(row.get(name), wanted.get(name)) for name in {*row, *wanted})
        for row, wanted in zip(current, given, strict=True)
    )


def _occurrence_label(event: Event) -> str:
    return _("“%(title)s” (%(start)s)") % {
        "title": event.title or f"#{event.pk}",
        "start": date_format(timezone.localtime(event.starts_at), "d.m.Y H:i"),
    }


def _new_recurrence(*, agency, rule: str, first_starts_at, duration, excluded_dates, by):
    """The validated rule row and the starts it gives (recurrence.occurrences refuses a
    rule without events, with too many or too far, by the field at fault)."""
    starts = recurrence.occurrences(
        rule=rule, first_starts_at=first_starts_at, duration=duration, excluded_dates=excluded_dates
    )
    row = EventRecurrence(
        agency=agency,
        rule=rule,
        first_starts_at=first_starts_at,
        duration=duration,
        excluded_dates=recurrence.dates_as_json(excluded_dates),
        created_by=by,
    )
    row.full_clean()
    row.save()
    return row, starts


def _record_occurrences(*, template: Event, row, starts, by, co_organisers, speakers) -> list:
    """One draft per start, with the template's data, through `event_record`."""
    fields = _copied_fields(template)
    return [
        event_record(
            event=Event(
                agency=row.agency,
                **fields,
                starts_at=start,
                ends_at=start + row.duration,
                recurrence=row,
                recurrence_start=start,
            ),
            by=by,
            co_organisers=co_organisers,
            speakers=speakers,
        )
        for start in starts
    ]


@transaction.atomic
def event_record_recurring(
    *, event: Event, rule: str, excluded_dates=(), by=None, co_organisers=None, speakers=None
) -> Event:
    """A new event built elsewhere (the page's form), repeated by `rule` (an RRULE body)
    from its start: the rule's row and one draft per occurrence, each with the event's
    data, co-organisers and speakers and its own "created" history. Returns the first."""
    if event.starts_at is None or event.ends_at is None:
        event.full_clean()  # says which date is missing
    row, starts = _new_recurrence(
        agency=event.agency,
        rule=rule,
        first_starts_at=event.starts_at,
        duration=event.ends_at - event.starts_at,
        excluded_dates=excluded_dates,
        by=by,
    )
    return _record_occurrences(
        template=event,
        row=row,
        starts=starts,
        by=by,
        co_organisers=co_organisers,
        speakers=speakers,
    )[0]


def event_create_recurring(
    *, agency, rule: str, excluded_dates=(), by=None, co_organisers=None, speakers=None, **fields
) -> Event:
    """`event_create` repeated by `rule`: the first of the new drafts."""
    return event_record_recurring(
        event=Event(agency=agency, **fields),
        rule=rule,
        excluded_dates=excluded_dates,
        by=by,
        co_organisers=co_organisers,
        speakers=speakers,
    )


def _repeat_single(event: Event, *, rule: str, excluded_dates, by) -> None:
    """A single event becomes the first occurrence of `rule`; the others are new drafts."""
    row, starts = _new_recurrence(
        agency=event.agency,
        rule=rule,
        first_starts_at=event.starts_at,
        duration=event.ends_at - event.starts_at,
        excluded_dates=excluded_dates,
        by=by,
    )
    if recurrence.local(starts[0]).date() != recurrence.local(event.starts_at).date():
        raise ValidationError(
            {"excluded_dates": _("The event's own day cannot be excluded from its series.")}
        )
    Event.objects.filter(pk=event.pk).update(recurrence=row, recurrence_start=starts[0])
    _record_occurrences(
        template=event,
        row=row,
        starts=starts[1:],
        by=by,
        co_organisers=list(event.co_organisers.all()),
        speakers=_speakers_of(event),
    )


@transaction.atomic
def event_update_recurring(
    *,
    event: Event,
    scope: str = RepeatScope.THIS,
    by=None,
    rule: str | None = None,
    excluded_dates=None,
    reason: str = "",
    co_organisers=None,
    speakers=None,
    **fields,
) -> Event | None:
    """Change an occurrence and, by `scope`, the others of its series (see above); `rule`
    and `excluded_dates` (None: as they are) are the series' new ones, for "following"
    and "all" only. A single event given a `rule` becomes the first of its series.
    `reason` is what journalists read when public occurrences are moved or cancelled.

    Returns the edited event, or when the new rule no longer gives it, the series' next
    event (None when none is left)."""
    stored = _locked(event)
    if stored.recurrence_id is None:
        updated = event_update(
            event=stored, by=by, co_organisers=co_organisers, speakers=speakers, **fields
        )
        if rule:
            _repeat_single(updated, rule=rule, excluded_dates=excluded_dates or (), by=by)
        return updated
    row = EventRecurrence.objects.select_for_update().get(pk=stored.recurrence_id)
    rule = rule or row.rule
    excluded = (
        recurrence.dates_of_json(row.excluded_dates)
        if excluded_dates is None
        else sorted(set(excluded_dates))
    )
    if scope == RepeatScope.THIS:
        if (rule, recurrence.dates_as_json(excluded)) != (row.rule, row.excluded_dates):
            raise ValidationError(
                {
                    "scope": _(
                        "The repeat rule changes for this and the following events or for "
                        "all events of the series, not for one of them."
                    )
                }
            )
        return event_update(
            event=stored, by=by, co_organisers=co_organisers, speakers=speakers, **fields
        )
    if scope not in (RepeatScope.FOLLOWING, RepeatScope.ALL):
        raise ValidationError({"scope": _("Choose which events of the series change.")})
    return _series_update(
        stored,
        row,
        split=scope == RepeatScope.FOLLOWING and stored.recurrence_start > row.first_starts_at,
        rule=rule,
        excluded=excluded,
        reason=(reason or "").strip(),
        by=by,
        co_organisers=co_organisers,
        speakers=speakers,
        fields=fields,
    )


def _series_update(
    pivot: Event, row, *, split, rule, excluded, reason, by, co_organisers, speakers, fields
) -> Event | None:
    now = timezone.now()
    new_start = fields.get("starts_at", pivot.starts_at)
    new_end = fields.get("ends_at", pivot.ends_at)
    for name, value in (("starts_at", new_start), ("ends_at", new_end)):
        if value is None:
            raise ValidationError({name: _("This field is required.")})
    shift = recurrence.local(new_start) - recurrence.local(pivot.starts_at)
    duration = new_end - new_start
    occurrences = row.occurrences.select_for_update().order_by("recurrence_start", "pk")
    if split:
        anchor = pivot.recurrence_start
        members = list(occurrences.filter(recurrence_start__gte=anchor))
        first_start = recurrence.shifted(anchor, shift)
        count = recurrence.rule_count(rule)
        if count is not None:  # the count is the whole series' (as the page shows it)
            before = recurrence.instances_before(
                rule=row.rule, first_starts_at=row.first_starts_at, moment=anchor
            )
            if count <= before:
                raise ValidationError(
                    {
                        "rule": _(
                            "The series has %(count)d events before this one: end it after "
                            "more events than that, or on a date."
                        )
                        % {"count": before}
                    }
                )
            rule = recurrence.rule_with_count(rule, count - before)
        # Excluded days before the split stay the old rule's, as they were.
        first_day = recurrence.local(first_start).date()
        excluded = [day for day in excluded if day >= first_day]
    else:
        members = list(occurrences)
        first_start = recurrence.shifted(row.first_starts_at, shift)
    wanted = set(
        recurrence.occurrences(
            rule=rule, first_starts_at=first_start, duration=duration, excluded_dates=excluded
        )
    )
    keys = {member.pk: recurrence.shifted(member.recurrence_start, shift) for member in members}
    keep, drop = [], []
    for member in members:
        held = member.pk != pivot.pk and member.starts_at < now
        if held or member.state == EventState.CANCELLED:
            continue  # never rewritten
        (keep if keys[member.pk] in wanted else drop).append(member)
    moves = {}
    if shift or duration != pivot.ends_at - pivot.starts_at:
        for member in keep:
            if member.state != EventState.POSTPONED:  # its new date is not yet known
                start = recurrence.shifted(member.starts_at, shift)
                if member.pk == pivot.pk:
                    start = new_start
                if (start, start + duration) != (member.starts_at, member.ends_at):
                    moves[member.pk] = (start, start + duration)
    announced = [m for m in drop if m.is_public] + [
        m for m in keep if m.is_public and m.pk in moves
    ]
    if announced and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "These published events would be moved or cancelled: %(events)s. Give "
                    "the reason journalists read."
                )
                % {"events": ", ".join(_occurrence_label(m) for m in announced)}
            }
        )
    in_grid = MediaGridEntry.objects.filter(
        event__in=[m for m in drop if not m.is_public]
    ).select_related("event")
    if in_grid:
        raise ValidationError(
            {
                "rule": _(
                    "The authorized body's media-grid shows %(events)s: the new rule cannot "
                    "remove it. Keep its day in the rule, or publish it and then change the rule."
                )
                % {"events": ", ".join(_occurrence_label(entry.event) for entry in in_grid)}
            }
        )
    # The rule rows: the series' own, or the old one cut before the split and a new one.
    if split:
        row.rule = recurrence.rule_ending_before(row.rule, pivot.recurrence_start)
        cut_day = recurrence.local(pivot.recurrence_start).date()
        row.excluded_dates = [day for day in row.excluded_dates if day < cut_day.isoformat()]
        row.full_clean()
        row.save()
        target = EventRecurrence(agency=row.agency, created_by=by)
    else:
        target = row
    target.rule = rule
    target.first_starts_at = first_start
    target.duration = duration
    target.excluded_dates = recurrence.dates_as_json(excluded)
    target.full_clean()
    target.save()
    if split or shift:
        ids = [member.pk for member in members]
        Event.objects.filter(pk__in=ids).update(recurrence_start=None)  # no clash meanwhile
        for member in members:
            Event.objects.filter(pk=member.pk).update(
                recurrence=target, recurrence_start=keys[member.pk]
            )
            member.recurrence, member.recurrence_start = target, keys[member.pk]
    # The template of new occurrences: the edited event with its changes.
    template = copy.copy(pivot)
    for name, value in fields.items():
        setattr(template, name, value)
    template_co = list(co_organisers) if co_organisers is not None else None
    if template_co is None:
        template_co = list(pivot.co_organisers.all())
    template_speakers = list(speakers) if speakers is not None else _speakers_of(pivot)
    texts = {name: value for name, value in fields.items() if name not in DATE_FIELDS}
    for member in sorted(keep, key=lambda m: m.pk != pivot.pk):  # the edited one first
        _occurrence_update(
            member,
            texts=texts,
            move=moves.get(member.pk),
            reason=reason,
            by=by,
            co_organisers=co_organisers,
            speakers=speakers,
        )
    for member in drop:
        if member.is_public:
            event_cancel(event=member, reason=reason, by=by)
        else:
            member.delete()
    taken = set(keys.values())
    _record_occurrences(
        template=template,
        row=target,
        starts=sorted(start for start in wanted - taken if start >= now),
        by=by,
        co_organisers=template_co,
        speakers=template_speakers,
    )
    publication_bump(PUBLICATION)
    return (
        Event.objects.filter(pk=pivot.pk).first()
        or target.occurrences.filter(starts_at__gte=min(now, new_start))
        .order_by("starts_at", "pk")
        .first()
    )


def _occurrence_update(member: Event, *, texts, move, reason, by, co_organisers, speakers):
    """One kept occurrence brought to the series' change: its texts (those that differ),
    its new dates (a public one rescheduled with the reason), co-organisers and speakers."""
    changes = {
        name: value for name, value in texts.items() if not _same(getattr(member, name), value)
    }
    if move is not None and not member.is_public:
        changes["starts_at"], changes["ends_at"] = move
    new_co = None
    if co_organisers is not None and {a.pk for a in co_organisers} != {
        a.pk for a in member.co_organisers.all()
    }:
        new_co = co_organisers
    new_speakers = None
    if speakers is not None and not _same_speakers(member, speakers):
        new_speakers = speakers
    if changes or new_co is not None or new_speakers is not None:
        member = event_update(
            event=member, by=by, co_organisers=new_co, speakers=new_speakers, **changes
        )
    if move is not None and member.is_public:
        event_reschedule(event=member, starts_at=move[0], ends_at=move[1], reason=reason, by=by)
