"""The published media-grid for journalists (004 §11): /<lang>/media-grid/ shows the latest
published week and /<lang>/media-grid/2026-W50/ a given one, on the appendix form — rows the
state bodies, columns Monday … Friday and Saturday/Sunday, first row "Main news" — from the
frozen version, in the page's language, with search and filters, the version and its
changelog. No sign-in; anonymous answers are cached by the publication "eventgrid"."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from eventgrid import services
from tests.factories import AgencyFactory

from .conftest import FRIDAY_NOON, TUESDAY, WEEK
from .factories import EventFactory, EventSpeakerFactory

pytestmark = pytest.mark.django_db


def url(week=WEEK, language="en", **query):
    with translation.override(language):
        path = reverse("eventgrid:media_grid_detail", kwargs={"week": week})
    return path


def latest_url(language="en"):
    with translation.override(language):
        return reverse("eventgrid:media_grid_latest")


@pytest.fixture
def published(grid_week, ministry_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
        version = services.media_grid_publish(grid=grid, by=ministry_staff, at=FRIDAY_NOON)
    return version


def test_nothing_published_yet(client, grid_week):
    response = client.get(latest_url())

    assert response.status_code == 200
    assert b"No media-grid is published yet." in response.content
    assert client.get(url()).status_code == 404  # the week's grid is not published


def test_the_latest_week_on_the_appendix_form(client, published, grid_week):
    response = client.get(latest_url())

    assert response.status_code == 200
    text = response.content.decode()
    assert "Information for the coming week: 07.12.2026 – 13.12.2026" in text
    assert "Version 1, published on 04.12.2026 12:00 (Astana time)" in text
    columns = [
        "Name of the state body",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday/Sunday",
    ]
    positions = [text.index(f'<th scope="col">{column}') for column in columns]
    assert positions == sorted(positions)
    main_news = text.index('<th scope="row">Main news')
    assert main_news < text.index(f'<th scope="row">{grid_week["briefing"].agency.name_en}')
    for name in ("briefing", "conference", "forum"):
        assert grid_week[name].title_en in text
    assert grid_week["draft"].title_en not in text  # drafts are never in it
    assert grid_week["unsent"].title_en not in text
    assert "The first version: nothing changed before it." in text


def test_the_page_is_in_its_language(client, published, grid_week):
    text = client.get(url(language="ru")).content.decode()

    assert grid_week["forum"].agency.name_ru in text
    assert "Иван Петров" in text  # the speaker's name in Russian
    assert grid_week["forum"].agency.name_en not in text


def test_a_correction_shows_its_changelog_and_the_earlier_version(
    client, published, grid_week, ministry_staff
):
    forum = grid_week["forum"]
    services.event_cancel(event=forum, reason={"en": "Bad weather"}, by=ministry_staff)
    services.media_grid_publish(grid=published.grid, by=ministry_staff)

    text = client.get(url()).content.decode()
    assert "Version 2, published on" in text
    assert f"Cancelled:</span> {forum.title_en}" in text
    assert "Reason: Bad weather" in text
    assert f'href="{url()}?version=1"' in text

    earlier = client.get(url(), {"version": "1"}).content.decode()
    assert "An earlier version: the latest is version 2." in earlier
    assert "Bad weather" not in earlier  # as it was published then
    assert client.get(url(), {"version": "3"}).status_code == 404


def search(client, **query):
    response = client.get(url(), query)
    return response.status_code, response.content.decode()


def test_search_and_filters(client, published, grid_week):
    forum, conference, briefing = grid_week["forum"], grid_week["conference"], grid_week["briefing"]

    status, text = search(client, q="Петров")  # a speaker's name, in another language
    assert status == 200 and forum.title_en in text and conference.title_en not in text
    status, text = search(client, format="press_conference")
    assert conference.title_en in text and briefing.title_en not in text
    status, text = search(client, language="ru")
    assert forum.title_en in text and briefing.title_en not in text
    status, text = search(client, agency=briefing.agency.slug)
    assert briefing.title_en in text and forum.title_en not in text
    status, text = search(client, region="shymkent")
    assert "No event of this media-grid matches the filters." in text
    status, text = search(client, q=briefing.agency.name_kk.split()[0])  # the agency's name
    assert briefing.title_en in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"format": "party"}, "Select a valid choice. party is not one of the available choices."),
        ({"language": "de"}, "Select a valid choice. de is not one of the available choices."),
        ({"region": "mars"}, "Select a valid choice. mars is not one of the available choices."),
        ({"agency": "nope"}, "Select a valid choice. nope is not one of the available choices."),
        ({"version": "x"}, "Select a valid choice. x is not one of the available choices."),
        ({"q": "word " * 11}, "Search for at most 10 words."),
    ],
)
def test_a_bad_filter_is_a_bad_request(client, published, query, message):
    response = client.get(url(), query)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Correct the filters above to see the media-grid." in response.content.decode()


def test_anonymous_answers_are_cached_with_an_etag(client, published):
    first = client.get(url())
    assert first.status_code == 200 and first["ETag"]

    again = client.get(url(), HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304


def test_a_publication_changes_the_etag(client, published, ministry_staff, grid_week):
    first = client.get(url())
    services.event_cancel(event=grid_week["forum"], reason={"en": "Rain"}, by=ministry_staff)
    from portal.documents.services import _publication_bump_now

    _publication_bump_now("eventgrid")  # the on-commit bump, which a test transaction holds

    assert client.get(url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def _grid_of(size: int, ministry_staff) -> dt.date:
    """A published grid of `size` agencies with two events each (a speaker each), in a week
    of its own (W50 for the first, W51 for the next …); its Monday."""
    from eventgrid.models import MediaGrid

    weeks = dt.timedelta(days=7 * MediaGrid.objects.count())
    events = []
    for _index in range(size):
        agency = AgencyFactory()
        for hours in (0, 30):
            start = TUESDAY + weeks + dt.timedelta(hours=hours)
            event = EventFactory(agency=agency, starts_at=start)
            EventSpeakerFactory(event=event)
            events.append(event)
    grid = services.media_grid_compose(week_start=WEEK + weeks, by=ministry_staff)
    services.media_grid_set_entries(
        grid=grid,
        event_ids=[e.pk for e in events],
        main_news={"tue": [events[0].pk]},
        by=ministry_staff,
    )
    services.media_grid_publish(grid=grid, by=ministry_staff)
    return grid.week_start


@pytest.mark.parametrize("query", [{}, {"agency": "x", "q": "Briefing"}])
def test_the_page_reads_a_constant_number_of_queries(client, ministry_staff, query, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    counts = []
    for size in (1, 4):
        week = _grid_of(size, ministry_staff)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url(week), query)
        assert response.status_code in (200, 400)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 5
