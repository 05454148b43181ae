"""Work done for a period before beat opened its deadline completes that deadline: the weekly
information for the week of 14 December 2026 sent on 1 December, before Thursday 10
December's deadline was opened a week ahead, is not left to fall overdue (004 §10)."""

import pytest

from portal.deadlines.models import Deadline
from portal.deadlines.services import deadline_complete_for, deadlines_open_recurring
from tests.factories import AgencyFactory

from .factories import almaty

pytestmark = pytest.mark.django_db


def test_an_early_submission_opens_and_completes_the_periods_deadline():
    agency = AgencyFactory(kind="central")
    assert deadline_complete_for(
        rule_code="weekly-information",
        agency=agency,
        period_key="2026-12-10",
        at=almaty(2026, 12, 1, 11),
    )
    deadline = Deadline.objects.get(rule__code="weekly-information", agency=agency)
    assert deadline.state == "done_on_time"
    assert deadline.due_at == almaty(2026, 12, 10, 18)
    deadlines_open_recurring(now=almaty(2026, 12, 3, 0, 5))  # beat opens it: no second one
    week = Deadline.objects.filter(rule__code="weekly-information", period_key="2026-12-10")
    assert list(week.values_list("state", flat=True)) == ["done_on_time"]


@pytest.mark.parametrize(
    ("rule_code", "period_key"),
    [
        ("weekly-information", "2026-12-09"),  # a Wednesday: not a period of the rule
        ("weekly-information", "not-a-date"),
        ("spokesperson-notice", "2026-12-10"),  # an event rule has no periods
    ],
)
def test_nothing_is_opened_for_a_key_that_is_not_a_period_of_the_rule(rule_code, period_key):
    agency = AgencyFactory(kind="central")
    assert not deadline_complete_for(rule_code=rule_code, agency=agency, period_key=period_key)
    assert not Deadline.objects.exists()


def test_a_period_already_done_is_not_done_twice():
    agency = AgencyFactory(kind="central")
    at = almaty(2026, 12, 1, 11)
    assert deadline_complete_for(
        rule_code="weekly-information", agency=agency, period_key="2026-12-10", at=at
    )
    assert not deadline_complete_for(
        rule_code="weekly-information", agency=agency, period_key="2026-12-10", at=at
    )
    assert Deadline.objects.count() == 1
