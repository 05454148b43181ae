"""The admin's "Postpone, reschedule or cancel" page: an announcement to journalists, made
through the services with the reason they read, by whoever may change the event."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eventgrid.choices import EventAction, EventState
from portal.directory.choices import Role
from tests.factories import MembershipFactory, UserFactory

from .factories import MONDAY_TEN, EventFactory

pytestmark = pytest.mark.django_db


def admin_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def announce_url(event) -> str:
    return reverse("admin:eventgrid_event_announce", args=[event.pk])


def change_url(event) -> str:
    return reverse("admin:eventgrid_event_change", args=[event.pk])


def test_cancelling_a_published_event_records_the_reason_and_who_cancelled_it(
    agency, press_secretary
):
    event = EventFactory(agency=agency)
    client = admin_client(press_secretary)
    response = client.post(
        announce_url(event),
        {
            "action": "cancel",
            "reason_kk": "Министр іссапарда",
            "reason_ru": "Министр в командировке",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(event)
    event.refresh_from_db()
    assert (event.state, event.state_reason_kk, event.state_reason_ru, event.state_reason_en) == (
        EventState.CANCELLED,
        "Министр іссапарда",
        "Министр в командировке",
        None,
    )
    change = event.changes.get()
    assert (change.action, change.actor, change.reason) == (
        EventAction.CANCELLED,
        press_secretary,
        "Министр іссапарда\nМинистр в командировке",
    )
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "The event is “Cancelled”; journalists see it with the reason."
    ]


def test_rescheduling_moves_the_dates(agency, press_secretary):
    event = EventFactory(agency=agency, state="postponed", state_reason_en="Postponed")
    response = admin_client(press_secretary).post(
        announce_url(event),
        {
            "action": "reschedule",
            "reason_en": "The minister is back",
            "starts_at_0": "2026-12-09",
            "starts_at_1": "15:00",
            "ends_at_0": "2026-12-09",
            "ends_at_1": "16:30",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    new_start = timezone.make_aware(dt.datetime(2026, 12, 9, 15, 0))
    assert (event.state, event.starts_at, event.ends_at, event.state_reason_en) == (
        EventState.RESCHEDULED,
        new_start,
        new_start + dt.timedelta(minutes=90),
        "The minister is back",
    )
    assert event.changes.get().action == EventAction.RESCHEDULED


def test_the_page_offers_only_what_the_state_allows(agency, press_secretary):
    client = admin_client(press_secretary)
    published = EventFactory(agency=agency)
    postponed = EventFactory(agency=agency, state="postponed", state_reason_kk="Кейінге")
    for event, offered in (
        (published, ["postpone", "reschedule", "cancel"]),
        (postponed, ["reschedule", "cancel"]),
    ):
        form = client.get(announce_url(event)).context["form"]
        assert [value for value, _label in form.fields["action"].choices] == offered


def _unchanged(event):
    stored = type(event).objects.get(pk=event.pk)
    return (stored.state, stored.starts_at, stored.state_reason_kk, stored.changes.count()) == (
        event.state,
        event.starts_at,
        event.state_reason_kk,
        0,
    )


def test_a_missing_reason_is_a_form_error_that_changes_nothing(agency, press_secretary):
    event = EventFactory(agency=agency)
    response = admin_client(press_secretary).post(
        announce_url(event), {"action": "postpone", "reason_kk": "  ", "reason_ru": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Give the reason in at least one language: journalists read it."
    ]
    assert _unchanged(event)


def test_rescheduling_needs_the_new_dates(agency, press_secretary):
    event = EventFactory(agency=agency)
    response = admin_client(press_secretary).post(
        announce_url(event), {"action": "reschedule", "reason_kk": "Себеп"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"starts_at", "ends_at"}
    assert _unchanged(event)


def test_the_services_refusal_is_a_form_error(agency, press_secretary):
    event = EventFactory(agency=agency)
    response = admin_client(press_secretary).post(
        announce_url(event),
        {
            "action": "reschedule",
            "reason_kk": "Себеп",
            "starts_at_0": "2026-12-09",
            "starts_at_1": "15:00",
            "ends_at_0": "2026-12-09",
            "ends_at_1": "14:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["The event must end after it starts."]
    assert _unchanged(event)


def test_a_draft_is_not_announced(agency, press_secretary):
    event = EventFactory(agency=agency, state="draft")
    client = admin_client(press_secretary)
    assert client.get(change_url(event)).context["can_announce"] is False
    response = client.post(announce_url(event), {"action": "cancel", "reason_kk": "Себеп"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "This event is “Draft”: it can be neither postponed, rescheduled nor cancelled."
    ]
    assert _unchanged(event)


def test_the_change_form_links_to_the_page_when_an_announcement_is_allowed(agency, press_secretary):
    event = EventFactory(agency=agency)
    response = admin_client(press_secretary).get(change_url(event))
    assert response.context["can_announce"] is True
    assert announce_url(event) in response.content.decode()


def test_another_agencys_press_secretary_is_refused(agency, other_agency):
    event = EventFactory(agency=agency, starts_at=MONDAY_TEN)
    outsider = UserFactory()
    MembershipFactory(user=outsider, role=Role.PRESS_SECRETARY, agency=other_agency)
    client = admin_client(outsider)
    assert client.get(announce_url(event)).status_code == 403
    response = client.post(announce_url(event), {"action": "cancel", "reason_kk": "Себеп"})
    assert response.status_code == 403
    assert _unchanged(event)


def test_the_authorized_body_announces_any_agencys_event(agency, ministry_staff):
    event = EventFactory(agency=agency)
    response = admin_client(ministry_staff).post(
        announce_url(event), {"action": "postpone", "reason_en": "Postponed"}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.state, event.changes.get().actor) == (EventState.POSTPONED, ministry_staff)
