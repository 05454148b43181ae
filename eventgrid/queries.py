"""Reads of events and of the weekly information; each list starts from what the user may see."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import CharField, Exists, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from portal.calendar import working_calendar
from portal.deadlines.choices import DeadlineState
from portal.deadlines.computation import compute_due_for_anchor
from portal.deadlines.models import Deadline, DeadlineRule
from portal.directory.choices import AgencyKind, AgencyStatus, Language
from portal.directory.models import Agency

from . import rules
from .choices import (
    NOT_HELD_STATES,
    ContributionState,
    EventFormat,
    EventState,
    WeeklyInformationState,
)
from .models import (
    MAX_DURATION,
    Event,
    EventContribution,
    MediaGrid,
    MediaGridEntry,
    MediaGridVersion,
    WeeklyInformation,
)
from .weeks import due_anchor, week_bounds

# The deadline rules of the week (portal/deadlines/migrations/0002_default_rules.py).
WEEKLY_RULE = "weekly-information"
GRID_RULE = "media-grid"
CONTRIBUTION_RULE = "cross-agency-input"  # 004 §10: a co-organiser's input
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def events_for_user(user) -> QuerySet[Event]:
    """Public events for everyone, plus every event of the user's own agencies; with what a
    list shows (agency, repeat rule, co-organisers, speakers, attachments) in a constant
    number of queries."""
    return rules.scope_events(
        Event.objects.select_related("agency", "recurrence").prefetch_related(
            "co_organisers", "speakers", "attachments"
        ),
        user,
    )


def events_of_own_agencies(user) -> QuerySet[Event]:
    """The events a member works on: those of the user's agencies (every agency's for the
    authorized body), drafts included, not other agencies' public ones."""
    return rules.scope_events_of_own_agencies(
        Event.objects.select_related("agency").prefetch_related("speakers"), user
    )


def event_search(queryset: QuerySet[Event], words: list[str]) -> QuerySet[Event]:
    """Events whose title or place contains every word, in any of the three languages."""
    for word in words:
        match = Q()
        for code in LANGUAGE_CODES:
            match |= Q(**{f"title_{code}__icontains": word})
            match |= Q(**{f"place_{code}__icontains": word})
        queryset = queryset.filter(match)
    return queryset


def week_events(*, agency: Agency, week_start: dt.date) -> list[Event]:
    """The agency's events that start in the week and are held (not postponed to an unknown
    date, not cancelled), with their speakers and co-organisers: what its weekly information
    lists (004 §10). Three queries."""
    start, end = week_bounds(week_start)
    return list(
        Event.objects.filter(agency=agency, starts_at__gte=start, starts_at__lt=end)
        .exclude(state__in=NOT_HELD_STATES)
        .prefetch_related("speakers", "co_organisers")
        .order_by("starts_at", "pk")
    )


# --- The frozen form of the weekly information -------------------------------------------

TEXT_FIELDS = (
    "title",
    "place",
    "organisers",
    "goal",
    "key_messages",
    "expected_result",
    "participants",
)


def _texts(obj, name: str) -> dict[str, str]:
    return {code: getattr(obj, f"{name}_{code}") or "" for code in LANGUAGE_CODES}


def weekly_snapshot(events: list[Event]) -> list[dict]:
    """The events as plain JSON, every text in every language: what a submission freezes
    (`WeeklyInformation.snapshot`). The same events give the same value."""
    return [
        {
            "id": event.pk,
            "state": event.state,
            "format": event.format,
            "starts_at": event.starts_at.isoformat(),
            "ends_at": event.ends_at.isoformat(),
            "main_news_candidate": event.main_news_candidate,
            **{name: _texts(event, name) for name in TEXT_FIELDS},
            "contacts": event.contacts,
            "co_organisers": [
                {"slug": agency.slug, "name": _texts(agency, "name")}
                for agency in sorted(event.co_organisers.all(), key=lambda agency: agency.pk)
            ],
            "speakers": [
                {
                    "name": _texts(speaker, "name"),
                    "position": _texts(speaker, "position"),
                    "contacts": speaker.contacts,
                    "language": speaker.language,
                }
                for speaker in event.speakers.all()
            ],
        }
        for event in events
    ]


def _in_language(texts: dict[str, str], language: str) -> str:
    """The text in `language`, else in Kazakh, Russian, English (the content's fallback)."""
    for code in (language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES["default"]):
        if texts.get(code):
            return texts[code]
    return ""


@dataclass
class AppendixSpeaker:
    name: str
    position: str
    contacts: str
    language: str


@dataclass
class AppendixRow:
    """One event as the appendix form of 004 shows it, in one language."""

    title: str
    format: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str
    organisers: str
    co_organisers: list[str]
    contacts: str
    goal: str
    key_messages: str
    expected_result: str
    participants: str
    main_news_candidate: bool
    speakers: list[AppendixSpeaker] = field(default_factory=list)

    @property
    def same_day(self) -> bool:
        return timezone.localtime(self.starts_at).date() == timezone.localtime(self.ends_at).date()


def _label(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:  # a value no longer among the choices
        return value


def appendix_rows(snapshot: list[dict], language: str) -> list[AppendixRow]:
    """The rows of the appendix form from a snapshot, in `language` (labels in the active
    language: call it under `translation.override(language)`)."""
    rows = []
    for entry in snapshot:
        texts = {name: _in_language(entry.get(name, {}), language) for name in TEXT_FIELDS}
        rows.append(
            AppendixRow(
                **texts,
                format=_label(EventFormat, entry["format"]),
                starts_at=timezone.localtime(parse_datetime(entry["starts_at"])),
                ends_at=timezone.localtime(parse_datetime(entry["ends_at"])),
                co_organisers=[
                    _in_language(agency["name"], language) or agency["slug"]
                    for agency in entry.get("co_organisers", [])
                ],
                contacts=entry.get("contacts", ""),
                main_news_candidate=entry.get("main_news_candidate", False),
                speakers=[
                    AppendixSpeaker(
                        name=_in_language(speaker["name"], language),
                        position=_in_language(speaker["position"], language),
                        contacts=speaker.get("contacts", ""),
                        language=_label(Language, speaker.get("language", "")),
                    )
                    for speaker in entry.get("speakers", [])
                ],
            )
        )
    return rows


# --- Deadlines of the week -----------------------------------------------------------------


def weekly_rule() -> DeadlineRule | None:
    return DeadlineRule.objects.filter(code=WEEKLY_RULE).select_related("counts_from").first()


def weekly_deadline(
    *, agency: Agency, week_start: dt.date, rule: DeadlineRule | None = None
) -> Deadline | None:
    """The week's `weekly-information` deadline of the agency: the stored one once opened
    (`deadlines_open_recurring`, a week ahead), else the one the rule would open, unsaved,
    so that its due moment and explanation read the same. None without the rule."""
    anchor = due_anchor(week_start)
    deadline = (
        Deadline.objects.filter(
            rule__code=WEEKLY_RULE, agency=agency, period_key=anchor.isoformat()
        )
        .select_related("rule__counts_from")
        .first()
    )
    if deadline is not None:
        return deadline
    rule = rule or weekly_rule()
    return computed_deadline(rule, week_start=week_start, agency=agency) if rule else None


def computed_deadline(
    rule: DeadlineRule, *, week_start: dt.date, agency=None, calendar=None
) -> Deadline:
    """The unsaved deadline `rule` gives the week (the calculator's way)."""
    anchor = due_anchor(week_start)
    calendar = calendar or working_calendar()
    due = compute_due_for_anchor(rule, anchor=anchor, calendar=calendar)
    return Deadline(
        rule=rule,
        agency=agency,
        period_key=anchor.isoformat(),
        starts_on=due.starts_on,
        due_at=due.due_at,
        computation=due.computation,
    )


def weekly_deadlines(*, agency: Agency, week_starts: list[dt.date]) -> dict[dt.date, Deadline]:
    """The weeks' deadlines of the agency, stored or computed: one query for the stored ones
    and one for the rule, whatever the number of weeks."""
    keys = {due_anchor(monday).isoformat(): monday for monday in week_starts}
    stored = Deadline.objects.filter(
        rule__code=WEEKLY_RULE, agency=agency, period_key__in=list(keys)
    ).select_related("rule__counts_from")
    found = {keys[deadline.period_key]: deadline for deadline in stored}
    missing = [monday for monday in week_starts if monday not in found]
    rule = weekly_rule() if missing else None
    if rule is not None:
        calendar = working_calendar()
        for monday in missing:
            found[monday] = computed_deadline(
                rule, week_start=monday, agency=agency, calendar=calendar
            )
    return found


def grid_composed(week_start: dt.date) -> bool:
    """Has the authorized body marked the week's media-grid done (004 §11)?"""
    return Deadline.objects.filter(
        rule__code=GRID_RULE,
        period_key=due_anchor(week_start).isoformat(),
        state__in=(DeadlineState.DONE_ON_TIME, DeadlineState.DONE_LATE),
    ).exists()


# --- The authorized body's overview of a week ----------------------------------------------


def agencies_owing_weekly_information(rule: DeadlineRule | None) -> QuerySet[Agency]:
    """The active agencies the `weekly-information` rule applies to (every press office)."""
    agencies = Agency.objects.filter(status=AgencyStatus.ACTIVE)
    if rule is not None:
        return agencies.filter(kind__in=rule.agency_kinds)
    return agencies.exclude(kind=AgencyKind.AUTHORIZED_BODY)


def weekly_overview(*, week_start: dt.date, rule: DeadlineRule | None) -> QuerySet[Agency]:
    """Every agency that owes the week's information, with its row's state, submission moment
    and lateness as `week_state`, `week_submitted_at`, `week_late` (None: nothing yet). One
    query for a page, whatever the number of agencies."""
    row = WeeklyInformation.objects.filter(agency=OuterRef("pk"), week_start=week_start)
    return agencies_owing_weekly_information(rule).annotate(
        week_state=Subquery(row.values("state")[:1]),
        week_submitted_at=Subquery(row.values("submitted_at")[:1]),
        week_late=Subquery(row.values("late")[:1]),
        week_no_events=Subquery(row.values("no_events")[:1]),
    )


def weekly_information_snapshot(
    *, agency: Agency, week_start: dt.date
) -> tuple[WeeklyInformation | None, list[dict]]:
    """The week's information and the events it shows: as submitted (the frozen snapshot),
    or, before it is submitted, the week's events as they are now."""
    information = (
        WeeklyInformation.objects.filter(agency=agency, week_start=week_start)
        .select_related("submitted_by")
        .first()
    )
    if information is not None and information.is_submitted:
        return information, information.snapshot
    return information, weekly_snapshot(week_events(agency=agency, week_start=week_start))


def ending_after(events: QuerySet[Event], moment: dt.datetime) -> QuerySet[Event]:
    """The events still going on or to come at `moment`: those that end after it. An event
    lasts at most MAX_DURATION, so its start is at most that long before: bounding the
    start too lets PostgreSQL read one week out of ten years on the start's index."""
    return events.filter(ends_at__gt=moment, starts_at__gt=moment - MAX_DURATION)


# --- The weekly media-grid (004 §11) -------------------------------------------------------


def media_grid_candidates(week_start: dt.date) -> QuerySet[Event]:
    """The week's events the authorized body may put in its media-grid: those that start in
    the week and are held — planned or public, not drafts, not postponed or cancelled —
    with their agency and speakers (three queries)."""
    start, end = week_bounds(week_start)
    return (
        Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(state__in=(EventState.DRAFT, *NOT_HELD_STATES))
        .select_related("agency")
        .prefetch_related("speakers")
        .order_by("starts_at", "pk")
    )


def submitted_event_ids(week_start: dt.date) -> set[int]:
    """The events the agencies' submitted weekly information for the week lists (004 §10)."""
    snapshots = WeeklyInformation.objects.filter(
        week_start=week_start, state=WeeklyInformationState.SUBMITTED
    ).values_list("snapshot", flat=True)
    return {entry["id"] for snapshot in snapshots for entry in snapshot}


def media_grid_entries(grid: MediaGrid) -> list[MediaGridEntry]:
    """The grid's entries with their events, agencies and speakers (two queries)."""
    return list(
        grid.entries.select_related("event__agency")
        .prefetch_related("event__speakers")
        .order_by("event__starts_at", "event__pk")
    )


def published_media_grids() -> QuerySet[MediaGrid]:
    """The weeks whose media-grid is published, the latest week first, with the number and
    moment of their latest version as `latest_number` and `latest_published_at`."""
    latest = MediaGridVersion.objects.filter(grid=OuterRef("pk")).order_by("-number")
    return (
        MediaGrid.objects.annotate(latest_number=Max("versions__number"))
        .filter(latest_number__isnull=False)
        .annotate(latest_published_at=Subquery(latest.values("published_at")[:1]))
        .order_by("-week_start")
    )


def media_grid_version(grid: MediaGrid, number: int | None = None) -> MediaGridVersion | None:
    """The grid's version `number`, or its latest; None when there is no such version."""
    versions = grid.versions.select_related("published_by")
    if number is not None:
        return versions.filter(number=number).first()
    return versions.order_by("-number").first()


# --- Event series (000 §3.1–3.4) -----------------------------------------------------------

# The states an event series lists: the agency's plan (planned) and what journalists see of
# it that is held (published, rescheduled). Drafts are not yet the agency's plan; postponed
# (no date) and cancelled events are not held in the period.
SERIES_STATES = (EventState.PLANNED, EventState.PUBLISHED, EventState.RESCHEDULED)


def series_events(*, agency: Agency, period) -> list[Event]:
    """The agency's events that start in the period (`series.Period`) and are in
    SERIES_STATES, with their speakers and co-organisers: the table of 000 §3.3 (three
    queries)."""
    start, end = period.bounds()
    return list(
        Event.objects.filter(
            agency=agency, starts_at__gte=start, starts_at__lt=end, state__in=SERIES_STATES
        )
        .prefetch_related("speakers", "co_organisers")
        .order_by("starts_at", "pk")
    )


def event_series(*, agency: Agency, period):
    from .models import EventSeries

    return (
        EventSeries.objects.filter(agency=agency, period=period.kind, starts_on=period.starts_on)
        .select_related("submitted_by")
        .first()
    )


def series_snapshot(*, agency: Agency, period):
    """The series and the events it shows: as submitted (frozen), or as they are now."""
    from .choices import SeriesState

    stored = event_series(agency=agency, period=period)
    if stored is not None and stored.state == SeriesState.SUBMITTED:
        return stored, stored.snapshot
    return stored, weekly_snapshot(series_events(agency=agency, period=period))


def series_deadline(*, agency: Agency, period) -> Deadline | None:
    """The period's deadline of the agency: the stored one, else the rule's, unsaved (its due
    moment and explanation read the same). None without the rule."""
    from .series import due_anchor

    anchor = due_anchor(period)
    deadline = (
        Deadline.objects.filter(
            rule__code=period.rule_code, agency=agency, period_key=anchor.isoformat()
        )
        .select_related("rule__counts_from")
        .first()
    )
    if deadline is not None:
        return deadline
    rule = DeadlineRule.objects.filter(code=period.rule_code).select_related("counts_from").first()
    if rule is None:
        return None
    due = compute_due_for_anchor(rule, anchor=anchor, calendar=working_calendar())
    return Deadline(
        rule=rule,
        agency=agency,
        period_key=anchor.isoformat(),
        starts_on=due.starts_on,
        due_at=due.due_at,
        computation=due.computation,
    )


def series_for_user(user) -> QuerySet:
    """The event series the user may read: their agencies' (every agency's for the
    authorized body), with what the list shows in one query."""
    from .models import EventSeries

    return rules.scope_events_of_own_agencies(
        EventSeries.objects.select_related("agency", "submitted_by").defer("snapshot"), user
    )


def submitted_series(period):
    """Every agency's submitted series for the period, the agencies by name: what the network
    schedule consolidates (000 §3.4). One query."""
    from portal.directory.queries import by_name

    from .choices import SeriesState
    from .models import EventSeries

    return by_name(
        EventSeries.objects.filter(
            period=period.kind, starts_on=period.starts_on, state=SeriesState.SUBMITTED
        ).select_related("agency"),
        "agency__",
    )


# --- Co-organisers' input (004 §10) ----------------------------------------------------------


def with_contribution_deadlines(queryset):
    """Each input with its `cross-agency-input` deadline's due moment, state and id
    (`due_at`, `deadline_state`, `deadline_id`; None without one) and `withdrawn` (asked,
    then its agency left the co-organisers or the event was cancelled): one query."""
    deadline = Deadline.objects.filter(
        rule__code=CONTRIBUTION_RULE,
        agency_id=OuterRef("agency_id"),
        period_key=Concat(
            Value(f"{EventContribution._meta.label_lower}:"),
            Cast(OuterRef("pk"), CharField()),
        ),
    )
    still_co_organiser = Event.co_organisers.through.objects.filter(
        event_id=OuterRef("event_id"), agency_id=OuterRef("agency_id")
    )
    return queryset.annotate(
        due_at=Subquery(deadline.values("due_at")[:1]),
        deadline_state=Subquery(deadline.values("state")[:1]),
        deadline_id=Subquery(deadline.values("pk")[:1]),
        withdrawn=Q(state=ContributionState.REQUESTED)
        & (Q(event__state=EventState.CANCELLED) | ~Exists(still_co_organiser)),
    )


def contributions_for_user(user):
    """The input asked of the user's agencies as co-organisers (every agency's for the
    authorized body), with the event, its lead agency and the deadline: one query."""
    return with_contribution_deadlines(
        rules.scope_contributions(
            EventContribution.objects.select_related("event__agency", "agency"), user
        )
    )


def event_contributions(event: Event) -> list:
    """An event's co-organisers' input for its lead agency's page: one query."""
    return list(
        with_contribution_deadlines(
            EventContribution.objects.filter(event=event).select_related("agency", "submitted_by")
        ).order_by("agency__pk")
    )
