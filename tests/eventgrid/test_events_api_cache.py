"""Anonymous reads of /api/v1/events/ are cached by the version of the published events
(issue 8 §6): ETag and 304, and a published change gives a new answer at once."""

import pytest

from eventgrid import services

from .factories import EventFactory

pytestmark = pytest.mark.django_db

EVENTS = "/api/v1/events/"


def test_an_unchanged_list_answers_304_and_a_published_change_a_new_list(
    client, django_capture_on_commit_callbacks, django_assert_num_queries
):
    event = EventFactory(title_en="Budget briefing")
    first = client.get(EVENTS, HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 200 and first["ETag"]
    with django_assert_num_queries(0):  # the version is cached, the answer too
        assert (
            client.get(
                EVENTS, HTTP_ACCEPT_LANGUAGE="en", headers={"if-none-match": first["ETag"]}
            ).status_code
            == 304
        )

    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(event=event, reason="Болмайды")
    again = client.get(EVENTS, HTTP_ACCEPT_LANGUAGE="en", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 200
    assert again.json()["results"][0]["state"] == "cancelled"


def test_members_are_never_answered_from_the_public_cache(client, press_secretary, agency):
    EventFactory(agency=agency, state="draft", title_en="Internal draft")
    client.get(EVENTS, HTTP_ACCEPT_LANGUAGE="en")  # an anonymous answer, cached
    client.force_login(press_secretary)
    titles = [e["title"] for e in client.get(EVENTS, HTTP_ACCEPT_LANGUAGE="en").json()["results"]]
    assert "Internal draft" in titles
