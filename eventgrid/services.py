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
`MediaGridVersion` with its changelog (a correction is simply the next publication); each
step is recorded in `MediaGridChange`.

The weekly information (004 §10) has two changes: `weekly_information_submit` (also a
resubmission after a correction) and `weekly_information_reopen`, recorded in
`WeeklyInformationChange`. Every change of an event or a submission bumps the publication
"eventgrid" after its commit, so the stored PDFs of the weekly information (exports.py) are
built again on their next request.
"""

import datetime as dt
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from portal.deadlines.services import deadline_complete_for
from portal.directory.choices import AgencyKind, AgencyStatus
from portal.directory.models import Agency
from portal.documents.services import publication_bump

from . import grids, queries, rules
from .choices import (
    NOT_HELD_STATES,
    PUBLIC_STATES,
    EventAction,
    EventState,
    MediaGridAction,
    WeeklyInformationAction,
    WeeklyInformationState,
)
from .exports import PUBLICATION, media_grid_documents_request
from .models import (
    APPENDIX_TITLE_LANGUAGES,
    Event,
    EventChange,
    EventSpeaker,
    MediaGrid,
    MediaGridChange,
    MediaGridEntry,
    MediaGridVersion,
    WeeklyInformation,
    WeeklyInformationChange,
    _language_name,
)
from .weeks import due_anchor, validate_week_start, week_bounds

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


def event_cancel(*, event: Event, reason: Reason, by=None) -> Event:
    """Cancelled for good: journalists see it with the reason, and it can no longer change."""
    return _transition(event, EventState.CANCELLED, by=by, reason=reason)


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
    _complete_grid_deadline(grid)
    publication_bump(PUBLICATION)
    media_grid_documents_request(week_start=grid.week_start, number=version.number)
    return version


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
