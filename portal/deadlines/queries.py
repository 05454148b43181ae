import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..directory import rules as directory_rules
from ..directory.models import Agency
from ..directory.queries import by_name
from .choices import DeadlineState
from .computation import day_start
from .models import Deadline, DeadlineRule

# The compliance table covers this many days up to today unless asked otherwise.
COMPLIANCE_DEFAULT_DAYS = 90
# A calendar feed lists the pending deadlines due from this long ago to this far ahead.
FEED_PAST = dt.timedelta(days=30)
FEED_AHEAD = dt.timedelta(days=400)


def deadlines_for_user(user) -> QuerySet[Deadline]:
    return directory_rules.scope_for_user(Deadline.objects.select_related("rule", "agency"), user)


def due_between(
    deadlines: QuerySet[Deadline], *, first: dt.date | None = None, last: dt.date | None = None
) -> QuerySet[Deadline]:
    """Deadlines due on the local dates from `first` to `last`, both included."""
    if first is not None:
        deadlines = deadlines.filter(due_at__gte=day_start(first))
    if last is not None:
        deadlines = deadlines.filter(due_at__lt=day_start(last + dt.timedelta(days=1)))
    return deadlines


def deadlines_for_feed(user, *, now: dt.datetime | None = None) -> QuerySet[Deadline]:
    """The pending deadlines of a user's calendar feed, due in a window around now."""
    now = now or timezone.now()
    return (
        deadlines_for_user(user)
        .pending()
        .filter(due_at__gte=now - FEED_PAST, due_at__lte=now + FEED_AHEAD)
        .order_by("due_at", "pk")
    )


# The dashboard sets apart the deadlines overdue for longer than this.
LONG_OVERDUE = dt.timedelta(days=7)


def deadlines_due_soon(user, *, now: dt.datetime | None = None) -> QuerySet[Deadline]:
    """The user's pending deadlines that are not long overdue, by due date: what is coming,
    after what was missed in the last days."""
    since = (now or timezone.now()) - LONG_OVERDUE
    return deadlines_for_user(user).pending().filter(due_at__gte=since).order_by("due_at", "pk")


def deadlines_long_overdue(user, *, now: dt.datetime | None = None) -> QuerySet[Deadline]:
    """The user's deadlines overdue for longer than LONG_OVERDUE, the oldest first."""
    since = (now or timezone.now()) - LONG_OVERDUE
    return (
        deadlines_for_user(user)
        .filter(state=DeadlineState.OVERDUE, due_at__lt=since)
        .order_by("due_at", "pk")
    )


def compliance_default_period(*, today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=COMPLIANCE_DEFAULT_DAYS), today


@dataclass(frozen=True)
class ComplianceCounts:
    """How one agency kept one rule's deadlines that fell due in a period.

    Waived deadlines are left out: the authorized body excused them, so they were not due.
    """

    due: int = 0
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """Per cent done on time of those done or missed; None while none is judged yet."""
        judged = self.done_on_time + self.done_late + self.overdue
        if not judged:
            return None
        return round(100 * self.done_on_time / judged, 1)


@dataclass(frozen=True)
class ComplianceRow:
    agency: Agency
    cells: list[tuple[DeadlineRule, ComplianceCounts | None]]
    """One per rule of the report, in its order; None where nothing of the rule was due."""


@dataclass(frozen=True)
class ComplianceReport:
    first: dt.date
    last: dt.date
    rules: list[DeadlineRule]
    rows: list[ComplianceRow]


def deadline_compliance(
    *, first: dt.date, last: dt.date, region: str = "", kind: str = ""
) -> ComplianceReport:
    """Agencies × rules: what fell due from `first` to `last` and how it was kept.

    Three queries whatever the number of agencies: the counts, the agencies, the rules.
    Only agencies and rules with something due in the period appear.
    """
    deadlines = due_between(
        Deadline.objects.exclude(state=DeadlineState.WAIVED), first=first, last=last
    )
    if region:
        deadlines = deadlines.filter(agency__region=region)
    if kind:
        deadlines = deadlines.filter(agency__kind=kind)
    counts = {
        (row["agency"], row["rule"]): ComplianceCounts(
            due=row["due"],
            done_on_time=row["done_on_time"],
            done_late=row["done_late"],
            overdue=row["overdue"],
        )
        for row in deadlines.values("agency", "rule")
        .annotate(
            due=Count("pk"),
            done_on_time=Count("pk", filter=Q(state=DeadlineState.DONE_ON_TIME)),
            done_late=Count("pk", filter=Q(state=DeadlineState.DONE_LATE)),
            overdue=Count("pk", filter=Q(state=DeadlineState.OVERDUE)),
        )
        .order_by()
    }
    if not counts:
        return ComplianceReport(first=first, last=last, rules=[], rows=[])
    agencies = by_name(Agency.objects.filter(pk__in={agency for agency, _ in counts}))
    rules = list(DeadlineRule.objects.filter(pk__in={rule for _, rule in counts}))
    rows = [
        ComplianceRow(
            agency=agency, cells=[(rule, counts.get((agency.pk, rule.pk))) for rule in rules]
        )
        for agency in agencies
    ]
    return ComplianceReport(first=first, last=last, rules=rules, rows=rows)
