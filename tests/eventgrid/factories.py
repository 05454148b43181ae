import datetime as dt

import factory
from django.utils import timezone

from eventgrid.choices import EventFormat, EventState
from eventgrid.models import Event, EventSpeaker
from tests.factories import AgencyFactory

# Monday 7 December 2026, 10:00 in Astana.
MONDAY_TEN = timezone.make_aware(dt.datetime(2026, 12, 7, 10, 0))


class EventFactory(factory.django.DjangoModelFactory):
    """A published briefing on Monday 7 December 2026, 10:00–11:00, unless told otherwise."""

    class Meta:
        model = Event

    agency = factory.SubFactory(AgencyFactory)
    title_kk = factory.Sequence(lambda n: f"Брифинг {n}")
    title_ru = factory.Sequence(lambda n: f"Брифинг {n}")
    title_en = factory.Sequence(lambda n: f"Briefing {n}")
    format = EventFormat.BRIEFING
    starts_at = MONDAY_TEN
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + dt.timedelta(hours=1))
    place_kk = "Астана, Үкімет үйі"
    state = EventState.PUBLISHED


class EventSpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSpeaker

    event = factory.SubFactory(EventFactory)
    name_kk = "Айгүл Серікова"
    name_ru = "Айгуль Серикова"
    name_en = "Aigul Serikova"
    position_kk = "Вице-министр"
    language = "kk"


def submit_week(agency, events, week_start=None):
    """The agency's weekly information for the week, submitted with `events` frozen (as
    `weekly_information_submit` freezes them, without its checks)."""
    from eventgrid.models import WeeklyInformation
    from eventgrid.queries import weekly_snapshot

    return WeeklyInformation.objects.create(
        agency=agency,
        week_start=week_start or MONDAY_TEN.date(),
        state="submitted",
        submitted_at=MONDAY_TEN - dt.timedelta(days=4),
        snapshot=weekly_snapshot(events),
    )
