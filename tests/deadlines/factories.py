"""Deadlines built directly, with the rules the data migration loads, and the small world the
compliance tests count."""

import datetime as dt

import factory
from django.utils import timezone

from portal.deadlines.models import Deadline, DeadlineRule
from tests.factories import AgencyFactory

ALMATY = dt.timezone(dt.timedelta(hours=5))
# The moment the compliance and feed tests run at: a Friday, so the default period of the
# compliance table is 14 February to 15 May 2026.
NOW = dt.datetime(2026, 5, 15, 12, 0, tzinfo=ALMATY)


def almaty(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ALMATY)


def rule(code: str) -> DeadlineRule:
    return DeadlineRule.objects.get(code=code)


class DeadlineFactory(factory.django.DjangoModelFactory):
    """An open monthly report due on 24 April 2026 at 18:00 unless told otherwise."""

    class Meta:
        model = Deadline

    rule = factory.LazyFunction(lambda: rule("monthly-report"))
    agency = factory.SubFactory(AgencyFactory)
    period_key = factory.Sequence(lambda n: f"period-{n}")
    due_at = almaty(2026, 4, 24, 18, 0)
    starts_on = factory.LazyAttribute(lambda deadline: timezone.localtime(deadline.due_at).date())
    computation = factory.LazyFunction(
        lambda: {"amount": 0, "unit": "calendar_days", "skipped": [], "moved_from": None}
    )
    state = "open"


def compliance_world() -> dict:
    """Two agencies with deadlines due in the default period, one with none.

    In the period (14 February – 15 May 2026):
    - health, monthly report: 2 on time, 1 late → 3 due, 66.7 %;
    - health, weekly information: 1 on time, 1 overdue (and 1 waived, not counted) → 2 due, 50 %;
    - Shymkent akimat, monthly report: 1 overdue → 1 due, 0 %.
    Outside it: Shymkent's report of January and the one due on 25 May, and the quiet
    agency's media-plan of December.
    """
    health = AgencyFactory(
        slug="health",
        kind="central",
        region="astana",
        name_en="Ministry of Health",
        name_ru="Министерство здравоохранения",
        short_name_en="MoH",
    )
    akimat = AgencyFactory(
        slug="akimat-shymkent",
        kind="local",
        region="shymkent",
        name_en="Akimat of Shymkent",
        name_ru="Акимат города Шымкент",
    )
    quiet = AgencyFactory(slug="quiet", name_en="Quiet Committee")
    monthly, weekly = rule("monthly-report"), rule("weekly-information")
    for due, state in [
        (almaty(2026, 2, 25, 18), "done_on_time"),
        (almaty(2026, 3, 25, 18), "done_on_time"),
        (almaty(2026, 4, 24, 18), "done_late"),
    ]:
        DeadlineFactory(rule=monthly, agency=health, due_at=due, state=state)
    DeadlineFactory(rule=weekly, agency=health, due_at=almaty(2026, 5, 7, 18), state="done_on_time")
    DeadlineFactory(rule=weekly, agency=health, due_at=almaty(2026, 5, 14, 18), state="overdue")
    DeadlineFactory(
        rule=weekly,
        agency=health,
        due_at=almaty(2026, 4, 30, 18),
        state="waived",
        waived_reason="Excused by the ministry",
    )
    DeadlineFactory(rule=monthly, agency=akimat, due_at=almaty(2026, 4, 24, 18), state="overdue")
    DeadlineFactory(rule=monthly, agency=akimat, due_at=almaty(2026, 5, 25, 18), state="open")
    DeadlineFactory(rule=monthly, agency=akimat, due_at=almaty(2026, 1, 23, 18), state="done_late")
    DeadlineFactory(
        rule=rule("mediaplan-submission"),
        agency=quiet,
        due_at=almaty(2025, 12, 1, 18),
        state="done_on_time",
    )
    return {"health": health, "akimat": akimat, "quiet": quiet}
