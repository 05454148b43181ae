"""The Atom feed of published media-grids, `/feeds/media-grids.atom` (issue 8 §5), read with
feedparser as a journalist's reader would: one entry per published version, a correction
saying what it changed, links to the week's page in the language asked for."""

import feedparser
import pytest

from eventgrid import services

from .conftest import WEEK

pytestmark = pytest.mark.django_db

FEED = "/feeds/media-grids.atom"


@pytest.fixture
def corrected(grid_week, ministry_staff, django_capture_on_commit_callbacks):
    """Version 1 of 2026-W50, then version 2 with the forum cancelled."""
    with django_capture_on_commit_callbacks(execute=True):
        grid = services.media_grid_compose(week_start=WEEK, by=ministry_staff)
        services.media_grid_publish(grid=grid, by=ministry_staff)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(
            event=grid_week["forum"],
            reason={"en": "Bad weather", "kk": "Ауа райы"},
            by=ministry_staff,
        )
        services.media_grid_publish(grid=grid, by=ministry_staff)
    return grid


def read(client, **query):
    response = client.get(FEED, query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_each_publication_and_correction_is_an_entry_newest_first(client, corrected, grid_week):
    parsed = read(client, language="en")
    assert parsed.feed.title == "Weekly media-grid · Press Office Portal"
    first, second = parsed.entries
    assert first.title == "Media-grid for 07.12.2026 – 13.12.2026, correction (version 2)"
    assert second.title == "Media-grid for 07.12.2026 – 13.12.2026"
    assert first.id == "media-grid-2026-W50-v2" and second.id == "media-grid-2026-W50-v1"
    assert f"Cancelled: {grid_week['forum'].title_en}" in first.summary
    assert "Bad weather" in first.summary
    assert first.link == "http://testserver/en/media-grid/2026-W50/?version=2"


def test_the_feed_speaks_the_language_asked_for(client, corrected):
    parsed = read(client, language="kk")
    assert parsed.entries[0].link.startswith("http://testserver/kk/media-grid/2026-W50/")
    assert "Ауа райы" in parsed.entries[0].summary
    assert parsed.feed.title.startswith("Апталық медиа-грид")


def test_an_empty_feed_is_a_valid_feed(client, grid_week):
    assert read(client).entries == []


@pytest.mark.parametrize("query", [{"language": "fr"}, {"week": "2026-W50"}])
def test_an_unknown_parameter_or_language_is_a_400(client, query):
    assert client.get(FEED, query).status_code == 400


def test_an_unchanged_feed_answers_304(client, corrected):
    first = client.get(FEED)
    assert client.get(FEED, headers={"if-none-match": first["ETag"]}).status_code == 304
