"""Events' constraints and state changes (000 §3.3; 004 §10): one service per change, each
recorded with who and when; a change not allowed from the current state is refused by name."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from eventgrid import services
from eventgrid.choices import EventAction, EventState
from eventgrid.models import Event

from .factories import MONDAY_TEN, EventFactory

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def new_event(agency, user=None, **fields):
    values = {
        "title_kk": "Брифинг",
        "format": "briefing",
        "starts_at": MONDAY_TEN,
        "ends_at": MONDAY_TEN + HOUR,
        **fields,
    }
    return services.event_create(agency=agency, by=user, **values)


def messages(error) -> list[str]:
    return error.value.messages


def test_a_new_event_is_a_draft_with_its_history(agency, press_secretary):
    event = new_event(agency, press_secretary, co_organisers=[agency])
    assert (event.state, event.title_kk) == (EventState.DRAFT, "Брифинг")
    assert list(event.co_organisers.all()) == [agency]
    assert list(event.changes.values_list("action", "actor")) == [
        (EventAction.CREATED, press_secretary.pk)
    ]


def test_an_end_before_the_start_is_refused(agency):
    with pytest.raises(ValidationError) as error:
        new_event(agency, ends_at=MONDAY_TEN - HOUR)
    assert messages(error) == ["The event must end after it starts."]


def test_an_end_equal_to_the_start_is_refused_by_the_database(agency):
    event = EventFactory(agency=agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(ends_at=event.starts_at)


def test_the_end_is_required(agency):
    with pytest.raises(ValidationError) as error:
        new_event(agency, ends_at=None)
    assert list(error.value.message_dict) == ["ends_at"]


def test_the_database_refuses_a_cancellation_without_a_reason(agency):
    event = EventFactory(agency=agency)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(state=EventState.CANCELLED)


@pytest.mark.parametrize("reason", ["", "   "])
def test_cancelling_needs_a_reason(agency, reason):
    event = EventFactory(agency=agency)
    with pytest.raises(ValidationError) as error:
        services.event_cancel(event=event, reason=reason)
    assert messages(error) == [
        "Give the reason for postponing, rescheduling or cancelling the event: journalists see it."
    ]
    event.refresh_from_db()
    assert event.state == EventState.PUBLISHED


def test_draft_planned_published(agency, press_secretary):
    event = new_event(agency, press_secretary)
    event = services.event_plan(event=event, by=press_secretary)
    assert event.state == EventState.PLANNED
    event = services.event_publish(event=event, by=press_secretary)
    assert event.state == EventState.PUBLISHED
    assert list(event.changes.values_list("action", flat=True)) == [
        EventAction.CREATED,
        EventAction.PLANNED,
        EventAction.PUBLISHED,
    ]


def test_a_draft_is_published_directly(agency):
    event = services.event_publish(event=new_event(agency))
    assert event.state == EventState.PUBLISHED


def test_postpone_then_reschedule_then_cancel(agency, press_secretary):
    event = EventFactory(agency=agency)
    with translation.override("kk"):
        event = services.event_postpone(event=event, reason="Министр іссапарда", by=press_secretary)
    assert (event.state, event.state_reason_kk) == (EventState.POSTPONED, "Министр іссапарда")
    with translation.override("ru"):
        event = services.event_reschedule(
            event=event,
            starts_at=MONDAY_TEN + dt.timedelta(days=2),
            ends_at=MONDAY_TEN + dt.timedelta(days=2) + HOUR,
            reason="Перенесено на среду",
            by=press_secretary,
        )
    # The new reason replaces the old one in every language.
    assert (event.state, event.state_reason_kk, event.state_reason_ru) == (
        EventState.RESCHEDULED,
        None,
        "Перенесено на среду",
    )
    assert event.starts_at == MONDAY_TEN + dt.timedelta(days=2)
    event = services.event_cancel(event=event, reason="Отменено", by=press_secretary)
    assert event.state == EventState.CANCELLED
    assert list(event.changes.values_list("action", "reason", "actor")) == [
        (EventAction.POSTPONED, "Министр іссапарда", press_secretary.pk),
        (EventAction.RESCHEDULED, "Перенесено на среду", press_secretary.pk),
        (EventAction.CANCELLED, "Отменено", press_secretary.pk),
    ]


def test_a_reschedule_to_an_end_before_its_start_is_refused(agency):
    event = EventFactory(agency=agency)
    with pytest.raises(ValidationError) as error:
        services.event_reschedule(
            event=event, starts_at=MONDAY_TEN, ends_at=MONDAY_TEN - HOUR, reason="Жаңа уақыт"
        )
    assert messages(error) == ["The event must end after it starts."]


@pytest.mark.parametrize(
    "state, service, kwargs, message",
    [
        (
            "planned",
            services.event_plan,
            {},
            "Only a draft can be planned; this event is “Planned”.",
        ),
        (
            "published",
            services.event_publish,
            {},
            "Only a draft or a planned event can be published; this event is “Published”.",
        ),
        (
            "draft",
            services.event_postpone,
            {"reason": "x"},
            "Only a published or rescheduled event can be postponed; this event is “Draft”.",
        ),
        (
            "planned",
            services.event_cancel,
            {"reason": "x"},
            "Only a published, postponed or rescheduled event can be cancelled; this event is "
            "“Planned”.",
        ),
        (
            "draft",
            services.event_reschedule,
            {"reason": "x", "starts_at": MONDAY_TEN, "ends_at": MONDAY_TEN + HOUR},
            "Only a published, postponed or rescheduled event can be rescheduled; this event "
            "is “Draft”.",
        ),
    ],
)
def test_a_change_not_allowed_from_the_state_is_refused_naming_it(
    agency, state, service, kwargs, message
):
    reason = {"state_reason_kk": "себеп"} if state in ("postponed", "cancelled") else {}
    event = EventFactory(agency=agency, state=state, **reason)
    with pytest.raises(ValidationError) as error:
        service(event=event, **kwargs)
    assert messages(error) == [message]
    event.refresh_from_db()
    assert event.state == state
    assert not event.changes.exists()


@pytest.mark.parametrize("service", [services.event_publish, services.event_postpone])
def test_a_cancelled_event_stays_cancelled(agency, service):
    event = EventFactory(agency=agency, state="cancelled", state_reason_kk="Тоқтатылды")
    kwargs = {"reason": "x"} if service is services.event_postpone else {}
    with pytest.raises(ValidationError):
        service(event=event, **kwargs)


def test_a_cancelled_event_cannot_be_edited(agency):
    event = EventFactory(agency=agency, state="cancelled", state_reason_kk="Тоқтатылды")
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, place="Алматы")
    assert messages(error) == ["A cancelled event cannot be changed."]


def test_an_edit_changes_the_details_and_is_recorded(agency, press_secretary):
    event = new_event(agency)
    event = services.event_update(
        event=event, by=press_secretary, place_ru="Астана", title_en="Briefing"
    )
    event.refresh_from_db()
    assert (event.place_ru, event.title_en) == ("Астана", "Briefing")
    assert event.changes.last().action == EventAction.CHANGED


def test_a_published_event_moves_only_by_rescheduling(agency):
    event = EventFactory(agency=agency)
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, starts_at=MONDAY_TEN + HOUR / 2)
    assert error.value.message_dict == {
        "starts_at": [
            "A published event moves by rescheduling it, with a reason that journalists see."
        ]
    }


def test_a_draft_moves_by_an_edit(agency):
    event = new_event(agency)
    event = services.event_update(event=event, starts_at=MONDAY_TEN + HOUR / 2)
    assert event.starts_at == MONDAY_TEN + HOUR / 2


def test_an_edit_cannot_set_the_state(agency):
    event = new_event(agency)
    with pytest.raises(ValidationError) as error:
        services.event_update(event=event, state="published")
    assert list(error.value.message_dict) == ["state"]
