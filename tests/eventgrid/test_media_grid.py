"""The weekly media-grid (004 §11 and the appendix form): from the agencies' submitted
weekly information the authorized body forms the media-grid of the coming week — rows the
state bodies, columns Monday … Friday and Saturday/Sunday, first row "Main news" — and sends
it to the media within one working day. Every publication is a version that never changes;
a correction is the next version, with what changed.

The week of these tests: Monday 7 – Sunday 13 December 2026 (2026-W50); its weekly
information is due on Thursday 3 December, which is the `media-grid` deadline's period."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from eventgrid import services
from eventgrid.choices import MediaGridAction
from eventgrid.models import MediaGrid, MediaGridVersion
from portal.deadlines.models import Deadline

from .conftest import FRIDAY_NOON, SATURDAY, TUESDAY, WEEK
from .factories import MONDAY_TEN, EventFactory

pytestmark = pytest.mark.django_db


def iso(moment: dt.datetime) -> str:
    """A moment as the snapshot stores it (read from the database: UTC)."""
    return moment.astimezone(dt.UTC).isoformat()


def entries(grid):
    return {entry.event_id: entry.main_news_rank for entry in grid.entries.all()}


def test_composed_from_the_submitted_information_of_held_events(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)

    assert entries(grid) == {
        grid_week["briefing"].pk: 1,  # the agency's candidate for the main news of Monday
        grid_week["conference"].pk: None,
        grid_week["forum"].pk: None,
    }
    assert grid.composed_by == ministry_staff
    assert [change.action for change in grid.changes.all()] == [MediaGridAction.COMPOSED]


def test_composing_again_returns_the_same_grid_unchanged(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    services.media_grid_set_entries(
        grid=grid, event_ids=[grid_week["forum"].pk], main_news={}, by=ministry_staff
    )

    again = services.media_grid_compose(week_start=WEEK, by=ministry_staff)

    assert again.pk == grid.pk
    assert entries(again) == {grid_week["forum"].pk: None}
    assert MediaGrid.objects.count() == 1


def test_a_week_starts_on_a_monday(ministry_staff):
    with pytest.raises(ValidationError) as refused:
        services.media_grid_compose(week_start=WEEK + dt.timedelta(days=1), by=ministry_staff)
    assert refused.value.messages == ["A week starts on a Monday."]


def test_the_main_news_are_ordered_per_day(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    extra = EventFactory(
        agency=grid_week["forum"].agency, starts_at=TUESDAY + dt.timedelta(hours=3)
    )
    ids = [grid_week["briefing"].pk, grid_week["conference"].pk, grid_week["forum"].pk, extra.pk]

    services.media_grid_set_entries(
        grid=grid,
        event_ids=ids,
        main_news={
            "tue": [extra.pk, grid_week["conference"].pk],
            dt.date(2026, 12, 13): [grid_week["forum"].pk],
        },
        by=ministry_staff,
    )

    assert entries(grid) == {
        grid_week["briefing"].pk: None,
        grid_week["conference"].pk: 2,
        grid_week["forum"].pk: 1,  # Sunday's list is the Saturday/Sunday column's
        extra.pk: 1,
    }
    assert [change.action for change in grid.changes.all()] == [
        MediaGridAction.COMPOSED,
        MediaGridAction.CHANGED,
    ]


def test_entries_refused_with_what_is_wrong(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    cancelled = EventFactory(
        agency=grid_week["forum"].agency,
        state="cancelled",
        state_reason_en="Illness",
        title_en="Gone",
    )

    with pytest.raises(ValidationError) as refused:
        services.media_grid_set_entries(
            grid=grid,
            event_ids=[
                grid_week["draft"].pk,
                grid_week["next_week"].pk,
                cancelled.pk,
                grid_week["forum"].pk,
            ],
            main_news={"mon": [grid_week["forum"].pk, grid_week["conference"].pk]},
            by=ministry_staff,
        )

    assert refused.value.messages == [
        f"“{grid_week['draft'].title_en}” is a draft of its agency: it cannot be in the media-grid.",
        f"Event #{grid_week['next_week'].pk} does not start in this week.",
        "“Gone” is “Cancelled”: it cannot be added to the media-grid.",
        f"“{grid_week['forum'].title_en}” is among the main news of Monday, but it is on "
        "Saturday/Sunday.",
        f"Event #{grid_week['conference'].pk} is among the main news but not in the media-grid.",
    ]
    assert len(entries(grid)) == 3  # unchanged


def test_publishing_is_refused_while_an_event_lacks_its_kazakh_or_russian_title(
    grid_week, ministry_staff
):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    grid_week["conference"].title_ru = ""
    grid_week["conference"].save()

    with pytest.raises(ValidationError) as refused:
        services.media_grid_publish(grid=grid, by=ministry_staff)

    assert refused.value.messages == [
        f"“{grid_week['conference'].title_en}” (08.12.2026 10:00) lacks: title in Russian."
    ]
    assert not MediaGridVersion.objects.exists()
    grid_week["briefing"].refresh_from_db()
    assert grid_week["briefing"].state == "planned"  # nothing published


def test_an_empty_grid_is_not_published(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    services.media_grid_set_entries(grid=grid, event_ids=[], main_news={}, by=ministry_staff)

    with pytest.raises(ValidationError) as refused:
        services.media_grid_publish(grid=grid, by=ministry_staff)
    assert refused.value.messages == [
        "The media-grid has no event: include at least one before publishing."
    ]


def test_the_first_publication_is_version_1_and_meets_the_deadline(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)

    version = services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)

    assert (version.number, version.published_at, version.published_by) == (
        1,
        FRIDAY_NOON,
        ministry_staff,
    )
    assert version.changelog == {}
    grid_week["briefing"].refresh_from_db()
    assert grid_week["briefing"].state == "published"  # the planned event goes public with it
    snapshot = version.snapshot
    slug_a, slug_b = grid_week["briefing"].agency.slug, grid_week["forum"].agency.slug
    assert {row["agency"] for row in snapshot["rows"]} == {slug_a, slug_b}
    assert [
        (cell["agency"], cell["day"], [event["id"] for event in cell["events"]])
        for cell in snapshot["cells"]
        if cell["agency"] == slug_a
    ] == [
        (slug_a, "mon", [grid_week["briefing"].pk]),
        (slug_a, "tue", [grid_week["conference"].pk]),
    ]
    assert [cell for cell in snapshot["cells"] if cell["agency"] == slug_b][0]["day"] == "weekend"
    assert snapshot["main_news"] == [
        {"day": "mon", "events": [grid_week["briefing"].pk]},
        {"day": "tue", "events": []},
        {"day": "wed", "events": []},
        {"day": "thu", "events": []},
        {"day": "fri", "events": []},
        {"day": "weekend", "events": []},
    ]
    forum = next(c for c in snapshot["cells"] if c["day"] == "weekend")["events"][0]
    assert forum["speakers"] == [
        {
            "name": {"kk": "Айгүл Серікова", "ru": "Иван Петров", "en": "Aigul Serikova"},
            "position": {"kk": "Вице-министр", "ru": "", "en": ""},
            "language": "ru",
        }
    ]
    deadline = Deadline.objects.get(rule__code="media-grid", period_key="2026-12-03")
    assert deadline.agency == ministry_staff.memberships.get().agency
    assert (deadline.state, deadline.completed_at) == ("done_on_time", FRIDAY_NOON)


def test_publishing_again_with_nothing_changed_publishes_nothing_new(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    first = services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)

    again = services.media_grid_publish(grid=grid, by=ministry_staff)

    assert again.pk == first.pk
    assert MediaGridVersion.objects.count() == 1
    assert [change.action for change in grid.changes.all()] == [
        MediaGridAction.COMPOSED,
        MediaGridAction.PUBLISHED,
    ]


def test_a_correction_is_version_2_with_what_changed(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)
    added = EventFactory(agency=grid_week["forum"].agency, starts_at=TUESDAY, title_en="Added one")
    briefing, conference, forum = grid_week["briefing"], grid_week["conference"], grid_week["forum"]
    briefing.refresh_from_db()
    new_start = MONDAY_TEN + dt.timedelta(days=2)
    services.event_reschedule(
        event=briefing,
        starts_at=new_start,
        ends_at=new_start + dt.timedelta(hours=1),
        reason={"en": "The minister's trip"},
        by=ministry_staff,
    )
    services.event_cancel(event=forum, reason={"en": "Weather"}, by=ministry_staff)
    services.event_update(event=conference, title_en="The new title", by=ministry_staff)
    services.media_grid_set_entries(
        grid=grid,
        event_ids=[briefing.pk, conference.pk, forum.pk, added.pk],
        main_news={"wed": [briefing.pk]},
        by=ministry_staff,
    )

    version = services.media_grid_publish(grid=grid, by=ministry_staff)

    slug_a, slug_b = briefing.agency.slug, forum.agency.slug
    assert version.number == 2
    assert version.changelog == {
        "added": [
            {
                "event": added.pk,
                "agency": slug_b,
                "title": {"kk": added.title_kk, "ru": added.title_ru, "en": "Added one"},
                "starts_at": iso(TUESDAY),
            }
        ],
        "removed": [],
        "moved": [
            {
                "event": briefing.pk,
                "agency": slug_a,
                "title": {
                    "kk": briefing.title_kk,
                    "ru": briefing.title_ru,
                    "en": briefing.title_en,
                },
                "starts_at": iso(new_start),
                "from": iso(MONDAY_TEN),
                "to": iso(new_start),
                "reason": {"kk": "", "ru": "", "en": "The minister's trip"},
            }
        ],
        "cancelled": [
            {
                "event": forum.pk,
                "agency": slug_b,
                "title": {"kk": forum.title_kk, "ru": forum.title_ru, "en": forum.title_en},
                "starts_at": iso(SATURDAY),
                "reason": {"kk": "", "ru": "", "en": "Weather"},
            }
        ],
        "changed": [
            {
                "event": conference.pk,
                "agency": slug_a,
                "title": {
                    "kk": conference.title_kk,
                    "ru": conference.title_ru,
                    "en": "The new title",
                },
                "starts_at": iso(TUESDAY),
                "fields": ["title"],
            }
        ],
        "main_news": ["mon", "wed"],
    }
    assert list(grid.versions.order_by("number").values_list("number", flat=True)) == [1, 2]
    deadline = Deadline.objects.get(rule__code="media-grid", period_key="2026-12-03")
    assert deadline.completed_at == FRIDAY_NOON  # met by the first publication


def test_a_removed_event_is_in_the_changelog(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)
    services.media_grid_set_entries(
        grid=grid,
        event_ids=[grid_week["briefing"].pk, grid_week["conference"].pk],
        main_news={"mon": [grid_week["briefing"].pk]},
        by=ministry_staff,
    )

    version = services.media_grid_publish(grid=grid, by=ministry_staff)

    assert [entry["event"] for entry in version.changelog["removed"]] == [grid_week["forum"].pk]
    assert version.changelog["main_news"] == []


def test_versions_never_change(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    version = services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)

    version.snapshot = {}
    with pytest.raises(ValidationError):
        version.save()
    with pytest.raises(ValidationError):
        version.delete()
    version.refresh_from_db()
    assert version.snapshot["week"] == "2026-W50"


@pytest.mark.parametrize("persona", ["press_secretary", "agency_head", "journalist"])
def test_only_the_authorized_body_composes_and_publishes(
    grid_week, ministry_staff, persona, request
):
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        services.media_grid_compose(week_start=WEEK, by=user)
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    with pytest.raises(PermissionDenied):
        services.media_grid_set_entries(grid=grid, event_ids=[], main_news={}, by=user)
    with pytest.raises(PermissionDenied):
        services.media_grid_publish(grid=grid, by=user)
    assert not MediaGridVersion.objects.exists()


def test_the_superuser_may(grid_week):
    from tests.factories import UserFactory

    grid = services.media_grid_compose(
        week_start=WEEK, by=UserFactory(is_superuser=True, is_staff=True)
    )
    assert grid.entries.count() == 3


def test_published_at_defaults_to_now(grid_week, ministry_staff):
    grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    before = timezone.now()
    version = services.media_grid_publish(grid=grid, by=ministry_staff)
    assert version.published_at >= before
