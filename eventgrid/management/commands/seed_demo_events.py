"""A quarter of events of the demo agencies (13 weeks around today, `eventgrid/demo_data.py`),
so the events pages, the API, the feeds and the admin show something right after `make run`;
the weekly information (004 §10) of most demo agencies for the coming week and of every third
one for the week after next; the published media-grids (004 §11) of this week (with a
correction) and the coming week, and the week after next's grid composed for the ministry to
finish. Runs after `seed_demo` (the agencies).

The events are added once, in bulk (a few hundred rows in a handful of queries, with their
speakers and history, as the services would have recorded them); the weekly information is
submitted and the grids published through the services on every run for what is still
missing, so a re-run adds nothing."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from portal.directory.choices import AgencyStatus, Role
from portal.directory.models import Agency, User
from portal.documents.services import publication_bump

from ... import demo_data, grids, queries, services
from ...choices import NOT_HELD_STATES, EventAction, EventState, WeeklyInformationState
from ...exports import PUBLICATION
from ...models import (
    Event,
    EventChange,
    EventSpeaker,
    MediaGrid,
    MediaGridVersion,
    WeeklyInformation,
)
from ...weeks import coming_week, monday_of, week_bounds

# The demo press secretary's agency submits its own week by hand; every fifth agency without
# events has not submitted yet (the authorized body's overview shows who is missing).
SUBMITS_BY_HAND = {"health"}
EVERY_NTH_MISSING = 5
# The week after next: every third agency has sent its information early, and its grid is
# composed but not published, for the ministry to finish.
EARLY_EVERY = 3
# How long before an event its agency entered it, and after that published it.
ENTERED_BEFORE = dt.timedelta(days=21)
PUBLISHED_AFTER = dt.timedelta(days=2)
ANNOUNCED = {
    EventState.POSTPONED: EventAction.POSTPONED,
    EventState.RESCHEDULED: EventAction.RESCHEDULED,
    EventState.CANCELLED: EventAction.CANCELLED,
}
BATCH = 500


class Command(BaseCommand):
    help = (
        "Add the demo agencies' events for a quarter around today (once), submit most "
        "agencies' weekly information for the coming week and publish the media-grids."
    )

    @transaction.atomic  # one commit: SQLite waits for the disk at each
    def handle(self, *args, **options):
        if Event.objects.exists():
            self.stdout.write("Demo events are there already.")
        else:
            self._add_events()
        coming = coming_week()
        self._submit_weekly_information(coming, self._submits_coming_week)
        after_next = coming + dt.timedelta(days=7)
        self._submit_weekly_information(after_next, self._submits_early)
        self._publish_media_grids()
        self._compose(after_next)

    def _add_events(self):
        """The events of `demo_data.demo_events`, their speakers and their history (entered,
        published, announced), in bulk: each is validated as the services would (its fields
        here, the database's constraints on insert)."""
        agencies = list(Agency.objects.filter(status=AgencyStatus.ACTIVE).order_by("pk"))
        by_slug = {agency.slug: agency for agency in agencies}
        now = timezone.now()
        planned = demo_data.demo_events(agencies, monday_of(timezone.localdate()))
        events = []
        for demo in planned:
            event = Event(agency=by_slug[demo.slug], state=demo.state, **demo.fields)
            for code, text in demo.reason.items():
                setattr(event, f"state_reason_{code}", text)
            event.clean_fields(exclude=["agency"])  # a row just read; the database checks it
            event.clean()
            events.append(event)
        Event.objects.bulk_create(events, batch_size=BATCH)
        speakers, history = [], []
        for demo, event in zip(planned, events, strict=True):
            speakers += [EventSpeaker(event=event, **fields) for fields in demo.speakers]
            history += self._history(event, demo, now)
        for speaker in speakers:
            speaker.clean_fields(exclude=["event"])
        EventSpeaker.objects.bulk_create(speakers, batch_size=BATCH)
        EventChange.objects.bulk_create(history, batch_size=BATCH)
        publication_bump(PUBLICATION)
        self.stdout.write(f"{len(events)} demo events added.")

    def _history(self, event, demo, now) -> list[EventChange]:
        """What `event_record`, `event_plan`/`_publish` and the announcement would have
        logged: entered three weeks ahead (or just now), moved on two days later."""
        entered = min(now - dt.timedelta(hours=1), event.starts_at - ENTERED_BEFORE)
        steps = [EventChange(event=event, action=EventAction.CREATED, at=entered)]
        if event.state == EventState.DRAFT:
            return steps
        moved = min(now, entered + PUBLISHED_AFTER)
        if event.state == EventState.PLANNED:
            return [*steps, EventChange(event=event, action=EventAction.PLANNED, at=moved)]
        steps.append(EventChange(event=event, action=EventAction.PUBLISHED, at=moved))
        if demo.reason:
            steps.append(
                EventChange(
                    event=event,
                    action=ANNOUNCED[event.state],
                    at=max(moved, min(now, event.starts_at - dt.timedelta(days=1))),
                    reason="\n".join(demo.reason.values()),
                )
            )
        return steps

    def _submits_coming_week(self, index, agency, has_events) -> bool:
        """Every agency but the demo press secretary's and every fifth one without events."""
        missing = not has_events and index % EVERY_NTH_MISSING == EVERY_NTH_MISSING - 1
        return agency.slug not in SUBMITS_BY_HAND and not missing

    def _submits_early(self, index, agency, has_events) -> bool:
        """Every third agency sends the week after next's information ahead of its Thursday."""
        return agency.slug not in SUBMITS_BY_HAND and index % EARLY_EVERY == 0

    def _submit_weekly_information(self, week, submits):
        """The week's information of the active agencies that `submits` says have sent it:
        their events of the week, or "no events this week"."""
        start, end = week_bounds(week)
        done = set(
            WeeklyInformation.objects.filter(
                week_start=week, state=WeeklyInformationState.SUBMITTED
            ).values_list("agency_id", flat=True)
        )
        with_events = set(
            Event.objects.filter(starts_at__gte=start, starts_at__lt=end)
            .exclude(state__in=NOT_HELD_STATES)
            .values_list("agency_id", flat=True)
        )
        owing = queries.agencies_owing_weekly_information(queries.weekly_rule()).order_by("slug")
        submitted = refused = 0
        for index, agency in enumerate(owing):
            has_events = agency.pk in with_events
            if agency.pk in done or not submits(index, agency, has_events):
                continue
            try:
                services.weekly_information_submit(
                    agency=agency, week_start=week, by=None, no_events=not has_events
                )
            except ValidationError:  # events of an older demo, without the appendix's fields
                refused += 1
            else:
                submitted += 1
        self.stdout.write(
            f"Weekly information for the week of {week:%d.%m.%Y}: {submitted} submitted now, "
            f"{len(done)} before, {refused} refused."
        )

    def _ministry(self):
        return (
            User.objects.filter(
                memberships__role=Role.AUTHORIZED_STAFF, memberships__agency__slug="mci"
            ).first()
            or User.objects.filter(is_superuser=True).first()
        )

    def _publish_media_grids(self):
        """Published grids for this week and the coming one, so that a journalist sees a grid,
        its PDF and the feeds at once: this week's with a correction (version 2: an event
        rescheduled), the coming week's from the submitted weekly information. Published
        once: a re-run finds the versions and adds nothing."""
        ministry = self._ministry()
        if ministry is None:
            return
        this_week = monday_of(timezone.localdate())
        for week in (this_week, coming_week()):
            if MediaGridVersion.objects.filter(grid__week_start=week).exists():
                continue
            grid = services.media_grid_compose(week_start=week, by=ministry)
            # Every held event of the demo's week, submitted or not (Health submits the
            # coming week by hand: its events are already in the published grid), with the
            # agencies' candidates as each day's main news.
            held = list(queries.media_grid_candidates(week))
            main_news = {}
            for event in held:
                if event.main_news_candidate:
                    main_news.setdefault(grids.event_column(event), []).append(event.pk)
            services.media_grid_set_entries(
                grid=grid, event_ids=[event.pk for event in held], main_news=main_news, by=ministry
            )
            try:
                services.media_grid_publish(grid=grid, by=ministry)
            except ValidationError as refused:  # an older demo's events, or none that week
                self.stdout.write(f"The grid of {week:%d.%m.%Y} was not published: {refused}")
                continue
            if week == this_week:
                self._correct(grid, ministry)
        self.stdout.write("Media-grids published for this week and the coming one.")

    def _correct(self, grid, ministry):
        """Version 2 of this week's grid: one of its published events moved by an hour."""
        moved = (
            Event.objects.filter(media_grid_entries__grid=grid, state=EventState.PUBLISHED)
            .order_by("starts_at")
            .first()
        )
        if moved is None:
            return
        services.event_reschedule(
            event=moved,
            starts_at=moved.starts_at + dt.timedelta(hours=1),
            ends_at=moved.ends_at + dt.timedelta(hours=1),
            reason=dict(zip(("kk", "ru", "en"), demo_data.RESCHEDULE_REASONS[0], strict=True)),
            by=ministry,
        )
        services.media_grid_publish(grid=grid, by=ministry)

    def _compose(self, week):
        """The week after next's grid, composed from the information sent early and left
        for the ministry to choose the main news and publish (the admin's Media-grids)."""
        ministry = self._ministry()
        if ministry is None or MediaGrid.objects.filter(week_start=week).exists():
            return
        grid = services.media_grid_compose(week_start=week, by=ministry)
        self.stdout.write(
            f"The media-grid of {week:%d.%m.%Y} is composed ({grid.entries.count()} events) "
            "for the ministry to publish."
        )
