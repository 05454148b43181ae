"""An event lasts at most 31 days (`MAX_DURATION`): so a period's events are found by a start
at most that long before the period, on the start's index (issue 8 §9: one week out of ten
years), and an event that began three weeks earlier and still runs is found."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from eventgrid import services
from tests.factories import AgencyFactory

from .factories import MONDAY_TEN, EventFactory

pytestmark = pytest.mark.django_db


def test_an_event_longer_than_31_days_is_refused_with_a_translated_message():
    with translation.override("kk"), pytest.raises(ValidationError) as refused:
        services.event_create(
            agency=AgencyFactory(),
            title_kk="Көрме",
            title_ru="Выставка",
            format="other",
            starts_at=MONDAY_TEN,
            ends_at=MONDAY_TEN + dt.timedelta(days=32),
        )
    assert refused.value.message_dict == {"ends_at": ["Іс-шара ең көбі 31 күнге созылады."]}


def test_a_running_event_that_began_weeks_before_is_in_the_week(client):
    running = EventFactory(
        starts_at=MONDAY_TEN - dt.timedelta(days=20), ends_at=MONDAY_TEN + dt.timedelta(days=5)
    )
    EventFactory(
        starts_at=MONDAY_TEN - dt.timedelta(days=40), ends_at=MONDAY_TEN - dt.timedelta(days=35)
    )
    answer = client.get(
        "/api/v1/events/", {"from": "2026-12-07", "to": "2026-12-13"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert [event["id"] for event in answer.json()["results"]] == [running.pk]
