import datetime as dt

import pytest
from django.utils import translation

from tests.deadlines.factories import almaty

from .factories import MONDAY_TEN, EventFactory, EventSpeakerFactory, submit_week

# The media-grid's week: Monday 7 – Sunday 13 December 2026 (2026-W50).
WEEK = dt.date(2026, 12, 7)
FRIDAY_NOON = almaty(2026, 12, 4, 12, 0)
TUESDAY = MONDAY_TEN + dt.timedelta(days=1)
SATURDAY = MONDAY_TEN + dt.timedelta(days=5)


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the lead's catalogues translate them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def grid_week(agency, other_agency):
    """Agency A submitted a planned briefing on Monday (a main news candidate), a published
    press conference on Tuesday and a draft; agency B a published Saturday forum. An event
    of a third agency that submitted nothing, and one of the week after."""
    events = {
        "briefing": EventFactory(agency=agency, state="planned", main_news_candidate=True),
        "conference": EventFactory(agency=agency, format="press_conference", starts_at=TUESDAY),
        "draft": EventFactory(agency=agency, state="draft", starts_at=TUESDAY),
        "forum": EventFactory(agency=other_agency, format="forum", starts_at=SATURDAY),
        "unsent": EventFactory(starts_at=TUESDAY),
        "next_week": EventFactory(agency=agency, starts_at=MONDAY_TEN + dt.timedelta(days=7)),
    }
    EventSpeakerFactory(event=events["forum"], language="ru", name_ru="Иван Петров")
    submit_week(agency, [events["briefing"], events["conference"], events["draft"]])
    submit_week(other_agency, [events["forum"]])
    return events
