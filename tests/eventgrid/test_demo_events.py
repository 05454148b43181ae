"""The demo shows a realistic quarter right after `make run`: every demo agency's events for
13 weeks around today in Kazakh, Russian and English, of every format, mostly published,
some planned or drafts, a few postponed, rescheduled or cancelled with their reasons; most
agencies' weekly information for the coming week (004 §10), the demo press secretary's
agency left to submit by hand; published media-grids for this week (with a correction) and
the coming week (004 §11), and the week after next's grid composed for the ministry."""

import datetime as dt
import re
from collections import Counter
from types import SimpleNamespace

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from eventgrid import demo_data
from eventgrid.choices import PUBLIC_STATES, EventFormat, EventState
from eventgrid.models import (
    Event,
    EventChange,
    EventSpeaker,
    MediaGrid,
    MediaGridVersion,
    WeeklyInformation,
)
from eventgrid.queries import agencies_owing_weekly_information, media_grid_candidates, weekly_rule
from eventgrid.weeks import coming_week, monday_of, week_bounds
from portal.directory.models import Agency
from tests.demo import seed, shared_data

pytestmark = pytest.mark.django_db

KAZAKH = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
TEXTS = ("title", "place", "organisers", "goal", "key_messages", "expected_result")
LANGUAGES = ("kk", "ru", "en")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo as `make run` seeds it, seeded once for the module (tests/demo.py) with the
    events seeded twice (the second run adds nothing); the counts after the first run."""
    with shared_data(django_db_blocker, tmp_path_factory, DEBUG=True):
        with django_db_blocker.unblock():
            seed("seed_demo", "seed_demo_events")
            counts = (
                Event.objects.count(),
                EventSpeaker.objects.count(),
                EventChange.objects.count(),
                WeeklyInformation.objects.count(),
                MediaGridVersion.objects.count(),
                MediaGrid.objects.count(),
            )
            seed("seed_demo_events")
        yield counts


def test_the_demo_is_a_quarter_of_events_added_once(demo):
    """Seeded twice, added once; every check of the quarter's content on the same seed."""
    assert (
        Event.objects.count(),
        EventSpeaker.objects.count(),
        EventChange.objects.count(),
        WeeklyInformation.objects.count(),
        MediaGridVersion.objects.count(),
        MediaGrid.objects.count(),
    ) == demo
    every_demo_agency_has_a_handful_of_events_a_month_for_a_quarter()
    every_text_is_in_three_languages_and_the_kazakh_is_kazakh()
    mostly_published_some_planned_and_a_few_announced_with_their_reasons()


def every_demo_agency_has_a_handful_of_events_a_month_for_a_quarter():
    monday = monday_of(timezone.localdate())
    weeks = Counter(
        (timezone.localtime(start).date() - monday).days // 7
        for start in Event.objects.values_list("starts_at", flat=True)
    )
    assert sorted(weeks) == list(range(-6, 7))  # six weeks past, this week, six to come
    per_agency = Counter(Event.objects.values_list("agency__slug", flat=True))
    active = set(Agency.objects.filter(status="active").values_list("slug", flat=True))
    assert set(per_agency) == active
    assert 8 <= min(per_agency.values()) and max(per_agency.values()) <= 16  # 13 weeks
    assert set(Event.objects.values_list("format", flat=True)) == set(EventFormat.values) - {
        EventFormat.OTHER
    }


def every_text_is_in_three_languages_and_the_kazakh_is_kazakh():
    for name in TEXTS:
        for code in LANGUAGES:
            assert not Event.objects.filter(**{f"{name}_{code}__in": ["", None]}).exists()
    for name in ("name", "position"):
        for code in LANGUAGES:
            assert not EventSpeaker.objects.filter(**{f"{name}_{code}__in": ["", None]}).exists()
    assert not EventSpeaker.objects.filter(contacts="").exists()
    assert set(EventSpeaker.objects.values_list("language", flat=True)) == set(LANGUAGES)
    titles = list(Event.objects.values_list("title_kk", "title_ru"))
    assert sum(bool(KAZAKH.search(kk)) for kk, _ru in titles) > 0.9 * len(titles)
    assert not any(KAZAKH.search(ru) for _kk, ru in titles)
    places = " ".join(Event.objects.values_list("place_kk", flat=True))
    for city in ("Астана", "Алматы", "Қарағанды", "Өскемен", "Түркістан", "Ақтау"):
        assert city in places


def mostly_published_some_planned_and_a_few_announced_with_their_reasons():
    states = Counter(Event.objects.values_list("state", flat=True))
    assert set(states) == set(EventState.values)
    assert states["published"] > sum(states.values()) / 2
    announced = Event.objects.filter(state__in=["postponed", "rescheduled", "cancelled"])
    assert 5 < announced.count() < 40
    for code in LANGUAGES:
        assert not announced.filter(**{f"state_reason_{code}__in": ["", None]}).exists()
    cancelled = Event.objects.filter(state="cancelled").order_by("starts_at").first()
    assert cancelled.changes.last().action == "cancelled"
    assert cancelled.state_reason_kk in [kk for kk, _ru, _en in demo_data.CANCEL_REASONS]
    # Nothing of the past weeks is still the agency's own.
    this_week = week_bounds(monday_of(timezone.localdate()))[0]
    assert not Event.objects.filter(starts_at__lt=this_week, state__in=["draft", "planned"])
    listed = APIClient().get("/api/v1/events/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert listed["count"] == Event.objects.filter(state__in=PUBLIC_STATES).count()


def test_most_demo_agencies_have_submitted_the_coming_weeks_information_once(demo):
    submitted = WeeklyInformation.objects.filter(week_start=coming_week(), state="submitted")
    first = sorted(submitted.values_list("agency__slug", "no_events"))
    owing = agencies_owing_weekly_information(weekly_rule()).count()
    assert owing / 2 < len(first) < owing
    assert "health" not in dict(first)  # the demo press secretary submits it
    assert ("edu", False) in first  # with its events of the coming week
    assert True in dict(first).values()  # an agency without events said so
    # The press secretary's week has events to submit, all complete.
    week_start, week_end = week_bounds(coming_week())
    health = Event.objects.filter(
        agency__slug="health", starts_at__gte=week_start, starts_at__lt=week_end
    )
    assert health.exists() and all(not event.appendix_gaps() for event in health)
    the_ministry_has_the_week_after_next_to_compose()


def test_the_demo_has_this_weeks_grid_with_a_correction_and_the_coming_weeks(client, demo):
    versions = sorted(MediaGridVersion.objects.values_list("grid__week_start", "number"))
    this_week = monday_of(timezone.localdate())
    assert versions == [(this_week, 1), (this_week, 2), (coming_week(), 1)]
    [moved] = MediaGridVersion.objects.get(number=2).changelog["moved"]
    assert moved["reason"] == {
        "kk": "Спикердің кестесі өзгерді.",
        "ru": "Изменился график спикера.",
        "en": "The speaker's schedule changed.",
    }
    # The coming week's grid shows every event held that week, main news first.
    coming = MediaGridVersion.objects.get(grid__week_start=coming_week())
    shown = {e["id"] for cell in coming.snapshot["cells"] for e in cell["events"]}
    assert shown == set(media_grid_candidates(coming_week()).values_list("pk", flat=True))
    assert any(day["events"] for day in coming.snapshot["main_news"])
    assert client.get("/kk/media-grid/").status_code == 200


def the_ministry_has_the_week_after_next_to_compose():
    after_next = coming_week() + dt.timedelta(days=7)
    grid = MediaGrid.objects.get(week_start=after_next)
    assert not grid.versions.exists()
    early = WeeklyInformation.objects.filter(week_start=after_next, state="submitted")
    assert early.exists() and not early.filter(agency__slug="health").exists()
    listed = {event["id"] for information in early for event in information.snapshot}
    assert set(grid.entries.values_list("event_id", flat=True)) == listed


def test_the_demo_events_are_the_same_for_the_same_agencies_and_week():
    agencies = [
        SimpleNamespace(
            slug=slug, kind=kind, region=region, email="", name_kk="А", name_ru="Б", name_en="C"
        )
        for slug, kind, region in (
            ("health", "central", "astana"),
            ("akimat-karaganda", "local", "karaganda"),
            ("kmg", "company", "astana"),
        )
    ]
    monday = dt.date(2026, 11, 30)
    first = demo_data.demo_events(agencies, monday)
    assert first == demo_data.demo_events(agencies, monday)
    assert {event.fields["starts_at"].weekday() for event in first} <= set(range(6))
    karaganda = [event for event in first if event.slug == "akimat-karaganda"]
    assert all(
        "Қарағанды" in event.fields["place_kk"] or event.fields["place_kk"].startswith("Онлайн")
        for event in karaganda
    )
