"""The public events calendar `/feeds/events.ics` (issue 8 §5), read back with icalendar:
published events only, stable UIDs, SEQUENCE rising with each correction, a cancelled event
kept with STATUS:CANCELLED, filters by agency, region and format, strict parameters, the
language a calendar program asks for, and ETag/304 by the version of the published events."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from eventgrid import services
from eventgrid.choices import EventState
from tests.factories import AgencyFactory

from .factories import EventFactory

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(dt.datetime(2026, 12, 2, 9))]

FEED = "/feeds/events.ics"


def events_in(response) -> dict[str, icalendar.Event]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(item["uid"]): item for item in calendar.walk("VEVENT")}


def test_journalists_see_the_public_events_and_never_a_draft_or_a_planned_one(client):
    published = EventFactory(title_en="Budget briefing")
    EventFactory(state=EventState.DRAFT, title_en="Secret draft")
    EventFactory(state=EventState.PLANNED, title_en="Not yet announced")
    events = events_in(client.get(FEED, {"language": "en"}))
    [item] = events.values()
    assert str(item["summary"]).startswith("Budget briefing — ")
    assert str(item["uid"]).startswith(f"event-{published.pk}@")
    assert item.decoded("dtstart") == published.starts_at
    assert item.decoded("dtend") == published.ends_at
    assert str(item["status"]) == "CONFIRMED"
    assert b"Secret draft" not in client.get(FEED).content


def test_a_correction_raises_the_sequence_and_a_cancelled_event_stays_cancelled(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory()
    [before] = events_in(client.get(FEED)).values()
    starts = event.starts_at + dt.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):  # publishes the change
        services.event_reschedule(
            event=event, starts_at=starts, ends_at=starts + dt.timedelta(hours=1), reason="Сессия"
        )
    [moved] = events_in(client.get(FEED)).values()
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, reason={"kk": "Болмайды", "ru": "Отменено", "en": "Off"})
    [cancelled] = events_in(client.get(FEED, {"language": "en"})).values()

    assert before["uid"] == moved["uid"] == cancelled["uid"]
    assert before["sequence"] < moved["sequence"] < cancelled["sequence"]
    assert moved.decoded("dtstart") == starts
    assert str(cancelled["status"]) == "CANCELLED"
    assert "Off" in str(cancelled["description"])


def test_the_feed_filters_by_agency_region_and_format(client):
    health = AgencyFactory(slug="health", region="astana")
    EventFactory(agency=health, format="briefing", title_en="Health briefing")
    EventFactory(agency=health, format="forum", title_en="Health forum")
    EventFactory(agency=AgencyFactory(region="shymkent"), title_en="Shymkent briefing")

    def titles(**filters):
        items = events_in(client.get(FEED, {"language": "en", **filters})).values()
        return sorted(str(item["summary"]).split(" — ")[0] for item in items)

    assert titles(agency="health") == ["Health briefing", "Health forum"]
    assert titles(region="shymkent") == ["Shymkent briefing"]
    assert titles(agency="health", format="forum") == ["Health forum"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ({"agency": "nope"}, "agency"),
        ({"format": "party"}, "format"),
        ({"region": "mars"}, "region"),
        ({"since": "2026-01-01"}, "since"),
    ],
)
def test_a_bad_parameter_answers_400_naming_it(client, query, word):
    response = client.get(FEED, query)
    assert response.status_code == 400
    assert word in response.content.decode()


def test_the_error_is_in_the_language_asked_for(client):
    response = client.get(FEED, {"agency": "nope", "language": "ru"})
    assert response.status_code == 400
    assert "Выберите" in response.content.decode()


def test_the_feed_speaks_the_language_asked_for(client):
    EventFactory(title_kk="Бюджет брифингі", title_en="Budget briefing", format="briefing")
    [kazakh] = events_in(client.get(FEED, {"language": "kk"})).values()
    assert str(kazakh["summary"]).startswith("Бюджет брифингі")
    [english] = events_in(client.get(FEED, HTTP_ACCEPT_LANGUAGE="en")).values()
    assert str(english["summary"]).startswith("Budget briefing")


def test_old_and_far_future_events_are_left_out(client):
    now = timezone.now()
    EventFactory(starts_at=now - dt.timedelta(days=200), title_en="Long ago")
    EventFactory(starts_at=now + dt.timedelta(days=400), title_en="Far ahead")
    EventFactory(starts_at=now + dt.timedelta(days=3), title_en="Next week")
    items = events_in(client.get(FEED, {"language": "en"})).values()
    assert [str(item["summary"]).split(" — ")[0] for item in items] == ["Next week"]


def test_an_unchanged_feed_answers_304(client):
    EventFactory()
    first = client.get(FEED)
    assert first["ETag"]
    assert client.get(FEED, headers={"if-none-match": first["ETag"]}).status_code == 304


def test_the_feed_runs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(2):
        EventFactory()
    with django_assert_max_num_queries(3):
        client.get(FEED, {"language": "en"})
    for _ in range(8):
        EventFactory()
    with django_assert_max_num_queries(3):
        client.get(FEED, {"language": "kk"})
