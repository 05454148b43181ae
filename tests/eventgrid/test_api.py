"""/api/v1/events/: who sees which events, the filters, and writes through the services."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from eventgrid.choices import EventState
from eventgrid.models import Event
from portal.directory.models import User

from .factories import MONDAY_TEN, EventFactory, EventSpeakerFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/events/"
PUBLIC = ["published", "postponed", "rescheduled", "cancelled"]


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def one_per_state(agency) -> dict[str, Event]:
    return {
        state: EventFactory(
            agency=agency,
            state=state,
            state_reason_en="Reason" if state in PUBLIC[1:] else None,
        )
        for state in EventState.values
    }


@pytest.fixture
def events(agency, other_agency):
    return {"own": one_per_state(agency), "other": one_per_state(other_agency)}


def pks(events, target, states=EventState.values):
    return {events[target][state].pk for state in states}


@pytest.mark.parametrize("persona", [None, "journalist"])
def test_anonymous_users_and_journalists_see_the_public_states_only(request, events, persona):
    user = request.getfixturevalue(persona) if persona else None
    assert ids(client_for(user).get(LIST)) == pks(events, "own", PUBLIC) | pks(
        events, "other", PUBLIC
    )


@pytest.mark.parametrize("persona", ["press_secretary", "agency_head"])
def test_members_also_see_their_own_agencys_drafts_and_plans(request, events, persona):
    user = request.getfixturevalue(persona)
    assert ids(client_for(user).get(LIST)) == pks(events, "own") | pks(events, "other", PUBLIC)


def test_a_co_organiser_does_not_see_the_owners_drafts(
    events, agency, other_agency, press_secretary
):
    draft = EventFactory(agency=other_agency, state="draft")
    draft.co_organisers.add(agency)
    assert draft.pk not in ids(client_for(press_secretary).get(LIST))


def test_the_authorized_body_sees_every_event(events, ministry_staff):
    assert ids(client_for(ministry_staff).get(LIST)) == pks(events, "own") | pks(events, "other")


@pytest.mark.parametrize("state", ["draft", "planned"])
def test_a_draft_is_not_found_by_others(events, journalist, state):
    url = f"{LIST}{events['own'][state].pk}/"
    assert client_for().get(url).status_code == 404
    assert client_for(journalist).get(url).status_code == 404


def test_journalists_read_the_reason_of_a_cancellation(events):
    cancelled = events["own"]["cancelled"]
    body = client_for().get(f"{LIST}{cancelled.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["state"], body["state_display"], body["state_reason"]) == (
        "cancelled",
        "Cancelled",
        "Reason",
    )


def test_an_event_reads_in_the_requests_language(agency):
    event = EventFactory(agency=agency, title_kk="Брифинг", title_ru="Брифинг-ру", title_en="")
    EventSpeakerFactory(event=event, language="ru")
    body = client_for().get(f"{LIST}{event.pk}/", HTTP_ACCEPT_LANGUAGE="ru").json()
    assert (body["title"], body["agency"], body["agency_name"]) == (
        "Брифинг-ру",
        agency.slug,
        agency.name_ru,
    )
    assert body["speakers"] == [
        {
            "name": "Айгуль Серикова",
            "position": "Вице-министр",  # no Russian: the Kazakh text
            "contacts": "",
            "language": "ru",
            "language_display": "Русский",
        }
    ]


# --- Filters -------------------------------------------------------------------------------


def test_filter_by_days(agency):
    monday = EventFactory(agency=agency)
    tuesday = EventFactory(agency=agency, starts_at=MONDAY_TEN + dt.timedelta(days=1))
    # Ends at 00:30 on Wednesday: an event of Tuesday and of Wednesday.
    overnight = EventFactory(
        agency=agency,
        starts_at=MONDAY_TEN + dt.timedelta(days=1, hours=13),
        ends_at=MONDAY_TEN + dt.timedelta(days=1, hours=14, minutes=30),
    )
    client = client_for()
    assert ids(client.get(LIST, {"from": "2026-12-08", "to": "2026-12-08"})) == {
        tuesday.pk,
        overnight.pk,
    }
    assert ids(client.get(LIST, {"from": "2026-12-09"})) == {overnight.pk}
    assert ids(client.get(LIST, {"to": "2026-12-07"})) == {monday.pk}


def test_filter_by_agency_region_format_language_and_state(agency, other_agency):
    other_agency.region = "almaty_city"
    other_agency.save()
    briefing = EventFactory(agency=agency)
    forum = EventFactory(agency=other_agency, format="forum")
    cancelled = EventFactory(agency=agency, state="cancelled", state_reason_ru="Отменено")
    EventSpeakerFactory(event=forum, language="en")
    EventSpeakerFactory(event=forum, language="en")  # counted once
    client = client_for()
    assert ids(client.get(LIST, {"agency": agency.slug})) == {briefing.pk, cancelled.pk}
    assert ids(client.get(LIST, {"region": "almaty_city"})) == {forum.pk}
    assert ids(client.get(LIST, {"format": "forum"})) == {forum.pk}
    assert [row["id"] for row in client.get(LIST, {"language": "en"}).json()["results"]] == [
        forum.pk
    ]
    assert ids(client.get(LIST, {"state": "cancelled"})) == {cancelled.pk}


def test_a_draft_is_not_found_by_its_state_either(agency):
    EventFactory(agency=agency, state="draft")
    assert ids(client_for().get(LIST, {"state": "draft"})) == set()


@pytest.mark.parametrize(
    "query, errors",
    [
        ({"agency": "no-such-agency"}, {"agency"}),
        ({"from": "2026-13-01"}, {"from"}),
        ({"from": "1900-01-01"}, {"from"}),
        ({"to": "2026-12-01", "from": "2026-12-07"}, {"to"}),
        ({"format": "party"}, {"format"}),
        ({"language": "de"}, {"language"}),
        ({"region": "mars"}, {"region"}),
        ({"state": "secret"}, {"state"}),
        ({"when": "2026-12-07"}, {"when"}),
        ({"from": ""}, {"from"}),
    ],
)
def test_a_bad_filter_answers_400_naming_the_parameter(query, errors):
    response = client_for().get(LIST, query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert set(response.json()) == errors


def test_the_period_message(agency):
    response = client_for().get(
        LIST, {"from": "2026-12-07", "to": "2026-12-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json() == {"to": ["The end of the period cannot precede its start."]}
    response = client_for().get(LIST, {"from": "1900-01-01"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json() == {"from": ["Enter a date in the years 1995 to 2100."]}


@pytest.mark.parametrize("persona, queries", [(None, 6), ("press_secretary", 6)])
@pytest.mark.parametrize("size", [3, 20])
def test_the_list_runs_the_same_queries_for_3_and_20_events(
    request, agency, other_agency, django_assert_num_queries, persona, queries, size
):
    """Count, events with their agencies, co-organisers, speakers, attachments (and a member's
    memberships, or for an anonymous reader the published version that keys the public
    cache), whatever the number of events."""
    user = request.getfixturevalue(persona) if persona else None
    for n in range(size):
        event = EventFactory(agency=agency if n % 2 else other_agency)
        event.co_organisers.add(other_agency)
        EventSpeakerFactory(event=event)
    client = client_for(User.objects.get(pk=user.pk) if user else None)
    with django_assert_num_queries(queries):
        assert len(ids(client.get(LIST))) == size


# --- Writes --------------------------------------------------------------------------------

NEW_EVENT = {
    "title": "Брифинг",
    "format": "briefing",
    "starts_at": "2026-12-07T10:00:00+05:00",
    "ends_at": "2026-12-07T11:00:00+05:00",
    "place": "Астана",
}


def test_a_member_adds_a_draft(agency, other_agency, press_secretary):
    response = client_for(press_secretary).post(
        LIST,
        {**NEW_EVENT, "agency": agency.slug, "co_organisers": [other_agency.slug]},
        format="json",
    )
    assert response.status_code == 201, response.content
    event = Event.objects.get(pk=response.json()["id"])
    assert (event.state, event.agency, event.title_kk, list(event.co_organisers.all())) == (
        EventState.DRAFT,
        agency,
        "Брифинг",
        [other_agency],
    )
    assert event.changes.get().actor == press_secretary


@pytest.mark.parametrize("persona", ["press_secretary", "journalist"])
def test_no_one_adds_events_of_another_agency(request, other_agency, persona):
    user = request.getfixturevalue(persona)
    response = client_for(user).post(
        LIST, {**NEW_EVENT, "agency": other_agency.slug}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"agency": ["You may not add events of this agency."]}
    assert not Event.objects.exists()


def test_anonymous_users_add_nothing(agency):
    assert (
        client_for().post(LIST, {**NEW_EVENT, "agency": agency.slug}, format="json").status_code
        == 401
    )


@pytest.mark.parametrize(
    "body, errors",
    [
        ({"ends_at": "2026-12-07T09:00:00+05:00"}, {"__all__"}),
        ({"state": "published"}, {"state"}),
        ({"ends_at": "1900-01-01T09:00:00+05:00"}, {"ends_at"}),
        ({"title_kk": "Брифинг"}, {"title_kk"}),
    ],
)
def test_bad_input_answers_400(agency, press_secretary, body, errors):
    response = client_for(press_secretary).post(
        LIST, {**NEW_EVENT, "agency": agency.slug, **body}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == errors


def test_a_member_edits_a_draft(agency, press_secretary):
    event = EventFactory(agency=agency, state="draft")
    response = client_for(press_secretary).patch(
        f"{LIST}{event.pk}/", {"place": "Алматы"}, format="json", HTTP_ACCEPT_LANGUAGE="ru"
    )
    assert response.status_code == 200, response.content
    event.refresh_from_db()
    assert event.place_ru == "Алматы"


def test_edits_refused_by_the_services_answer_400(agency, press_secretary):
    cancelled = EventFactory(agency=agency, state="cancelled", state_reason_kk="Тоқтатылды")
    published = EventFactory(agency=agency)
    client = client_for(press_secretary)
    response = client.patch(
        f"{LIST}{cancelled.pk}/", {"place": "Алматы"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code, response.json()) == (
        400,
        ["A cancelled event cannot be changed."],
    )
    response = client.patch(
        f"{LIST}{published.pk}/",
        {"starts_at": "2026-12-07T10:30:00+05:00"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["starts_at"]


def test_another_agencys_public_event_is_not_theirs_to_edit(other_agency, press_secretary):
    event = EventFactory(agency=other_agency)
    response = client_for(press_secretary).patch(
        f"{LIST}{event.pk}/", {"place": "x"}, format="json"
    )
    assert response.status_code == 403


def test_an_event_cannot_change_agency(agency, other_agency, ministry_staff):
    event = EventFactory(agency=agency, state="draft")
    response = client_for(ministry_staff).patch(
        f"{LIST}{event.pk}/",
        {"agency": other_agency.slug},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"agency": ["An event cannot change agency."]},
    )
