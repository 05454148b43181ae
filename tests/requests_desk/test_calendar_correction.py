"""A calendar correction reaches the open requests (issue 10 item 4): the due date each case
keeps moves with the engine's deadline, and a closed case keeps its own."""

import datetime as dt

import pytest
from django.utils import timezone

from portal.deadlines import tasks
from portal.directory.choices import CalendarCorrectionKind
from portal.directory.models import CalendarCorrection
from portal.directory.services import calendar_correction_save

from .conftest import at, receive

pytestmark = pytest.mark.django_db


def local(moment):
    return timezone.localtime(moment).replace(tzinfo=None)


@pytest.mark.time_machine(dt.datetime(2026, 5, 4, 5, tzinfo=dt.UTC), tick=False)
def test_a_new_day_off_moves_an_open_media_requests_due_date(
    agency, django_capture_on_commit_callbacks, monkeypatch
):
    # The recount runs where the commit happens, as the worker would just after.
    monkeypatch.setattr(tasks.recompute_for_correction, "delay", tasks.recompute_for_correction)
    case, _token = receive(agency, channel="media", when=at(2026, 5, 4))
    assert local(case.due_at) == dt.datetime(2026, 5, 13, 18, 0)  # 5 working days (002 §52)
    day_off = CalendarCorrection(
        date=dt.date(2026, 5, 6),
        kind=CalendarCorrectionKind.DAY_OFF,
        name_kk="Демалыс",
        name_ru="Выходной",
        name_en="Day off",
    )
    with django_capture_on_commit_callbacks(execute=True):
        calendar_correction_save(day_off)
    case.refresh_from_db()
    assert local(case.due_at) == dt.datetime(2026, 5, 14, 18, 0)
