"""A deadline brought forward by another app (an open emergency shortens the response to a
publication, 000 §5) goes through the engine: the due moment, the stored computation and
the history say what it was and why; only pending deadlines move, and only earlier."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from portal.deadlines.models import DeadlineEvent
from portal.deadlines.services import deadline_shorten

from .factories import DeadlineFactory, almaty

pytestmark = pytest.mark.django_db

DUE = almaty(2026, 4, 24, 18, 0)
NOW = almaty(2026, 4, 24, 9, 0)


def test_a_shortened_deadline_records_what_it_was_and_why():
    deadline = DeadlineFactory(due_at=DUE)
    shortened = deadline_shorten(
        deadline=deadline, due_at=almaty(2026, 4, 24, 11, 0), reason="Emergency", now=NOW
    )
    shortened.refresh_from_db()
    assert (shortened.due_at, shortened.state) == (almaty(2026, 4, 24, 11, 0), "open")
    recorded = shortened.computation["shortened"]
    assert recorded["reason"] == "Emergency"
    assert dt.datetime.fromisoformat(recorded["previous_due_at"]) == DUE
    assert shortened.computation["unit"] == "calendar_days"  # the rest of it kept
    [event] = DeadlineEvent.objects.filter(deadline=deadline)
    assert (event.action, event.at) == ("shortened", NOW)
    # Written in the site's language (Kazakh), as every history comment is.
    assert event.comment == "Emergency: мерзімі 24.04.2026 18:00 → 24.04.2026 11:00."


def test_a_moment_already_past_makes_it_overdue():
    deadline = DeadlineFactory(due_at=DUE)
    shortened = deadline_shorten(
        deadline=deadline, due_at=almaty(2026, 4, 24, 8, 0), reason="Emergency", now=NOW
    )
    assert shortened.state == "overdue"


@pytest.mark.parametrize(
    "due_at, state",
    [(DUE, "open"), (DUE + dt.timedelta(hours=1), "open"), (almaty(2026, 4, 24, 11), "done")],
)
def test_a_later_moment_or_a_finished_deadline_is_left_as_it_is(due_at, state):
    deadline = DeadlineFactory(due_at=DUE, state=state)
    deadline_shorten(deadline=deadline, due_at=due_at, reason="Emergency", now=NOW)
    deadline.refresh_from_db()
    assert (deadline.due_at, "shortened" in deadline.computation) == (DUE, False)
    assert not DeadlineEvent.objects.filter(deadline=deadline).exists()


def test_a_reason_is_required():
    deadline = DeadlineFactory(due_at=DUE)
    with pytest.raises(ValidationError):
        deadline_shorten(deadline=deadline, due_at=almaty(2026, 4, 24, 11), reason=" ", now=NOW)
    deadline.refresh_from_db()
    assert deadline.due_at == DUE
