"""The events' back office: each agency's members reach their own agency's events, the
authorized body every event; saves and the actions go through the services."""

import pytest
from django.test import Client
from django.urls import reverse

from eventgrid.choices import EventAction, EventState
from eventgrid.models import Event

from .factories import EventFactory

pytestmark = pytest.mark.django_db


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def changelist_titles(client) -> set[str]:
    response = client.get(reverse("admin:eventgrid_event_changelist"))
    assert response.status_code == 200
    return {event.title_en for event in response.context["cl"].result_list}


@pytest.fixture
def drafts(agency, other_agency):
    return {
        "own": EventFactory(agency=agency, state="draft", title_en="Own draft"),
        "other": EventFactory(agency=other_agency, state="draft", title_en="Other draft"),
        "other_published": EventFactory(agency=other_agency, title_en="Other published"),
    }


def test_members_see_their_own_agencys_events_only(drafts, press_secretary):
    assert changelist_titles(admin_client(press_secretary)) == {"Own draft"}
    other = drafts["other_published"]
    response = admin_client(press_secretary).get(
        reverse("admin:eventgrid_event_change", args=[other.pk])
    )
    assert response.status_code == 302  # "no such object", to the admin's index


def test_the_authorized_body_sees_every_event(drafts, ministry_staff):
    assert changelist_titles(admin_client(ministry_staff)) == {
        "Own draft",
        "Other draft",
        "Other published",
    }


def test_journalists_have_no_back_office(drafts, journalist):
    response = admin_client(journalist).get(reverse("admin:eventgrid_event_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def _form(agency, **fields):
    return {
        "agency": agency.pk,
        "format": "briefing",
        "starts_at_0": "2026-12-07",
        "starts_at_1": "10:00",
        "ends_at_0": "2026-12-07",
        "ends_at_1": "11:00",
        "title_kk": "Брифинг",
        "title_ru": "Брифинг",
        "title_en": "Briefing",
        "speakers-TOTAL_FORMS": "1",
        "speakers-INITIAL_FORMS": "0",
        "speakers-0-name_kk": "Айгүл Серікова",
        "speakers-0-language": "ru",
        "changes-TOTAL_FORMS": "0",
        "changes-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        **fields,
    }


def test_an_event_added_in_the_admin_is_a_draft_recorded_by_its_author(agency, press_secretary):
    response = admin_client(press_secretary).post(
        reverse("admin:eventgrid_event_add"), _form(agency)
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get()
    assert (event.state, event.title_kk, event.speakers.get().language) == (
        EventState.DRAFT,
        "Брифинг",
        "ru",
    )
    assert list(event.changes.values_list("action", "actor")) == [
        (EventAction.CREATED, press_secretary.pk)
    ]


def test_an_end_before_the_start_is_a_form_error(agency, press_secretary):
    response = admin_client(press_secretary).post(
        reverse("admin:eventgrid_event_add"), _form(agency, ends_at_1="09:00")
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "The event must end after it starts."
    ]
    assert not Event.objects.exists()


def test_members_add_no_event_of_another_agency(other_agency, press_secretary):
    response = admin_client(press_secretary).post(
        reverse("admin:eventgrid_event_add"), _form(other_agency)
    )
    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["agency"]


def test_an_edit_goes_through_the_service(agency, press_secretary):
    event = EventFactory(agency=agency, state="draft")
    response = admin_client(press_secretary).post(
        reverse("admin:eventgrid_event_change", args=[event.pk]),
        _form(agency, place_ru="Алматы", **{"speakers-TOTAL_FORMS": "0"}),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    event.refresh_from_db()
    assert event.place_ru == "Алматы"
    assert event.changes.get().action == EventAction.CHANGED


def test_a_cancelled_event_is_read_only(agency, press_secretary):
    event = EventFactory(agency=agency, state="cancelled", state_reason_kk="Тоқтатылды")
    url = reverse("admin:eventgrid_event_change", args=[event.pk])
    client = admin_client(press_secretary)
    assert client.get(url).context["has_change_permission"] is False
    assert client.post(url, _form(agency, place_ru="Алматы")).status_code == 403


def test_the_publish_action_publishes_what_it_may(agency, press_secretary):
    draft = EventFactory(agency=agency, state="draft")
    published = EventFactory(agency=agency)
    response = admin_client(press_secretary).post(
        reverse("admin:eventgrid_event_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, published.pk]},
        follow=True,
    )
    draft.refresh_from_db()
    assert draft.state == EventState.PUBLISHED
    assert [str(message) for message in response.context["messages"]] == [
        f"{published}: Only a draft or a planned event can be published; this event is "
        "“Published”.",
        "1 event published.",
    ]
