"""Reads used by pages, API and services; lists start from what the user may see."""

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from portal.calendar import working_calendar
from portal.deadlines.models import DeadlineRule

from . import clock
from .choices import OPEN_STATES, DueFilter
from .models import InformationRequest, token_hash
from .rules import scope_requests

# "Due soon" in the inbox: due within this many days.
DUE_SOON = dt.timedelta(days=3)


def requests_for_user(user) -> QuerySet[InformationRequest]:
    return scope_requests(InformationRequest.objects.select_related("agency"), user)


def requests_due(queryset: QuerySet, due: str, *, now: dt.datetime | None = None) -> QuerySet:
    """Open requests due within DUE_SOON, or past their due moment (the indexed column)."""
    now = now or timezone.now()
    open_ = queryset.filter(state__in=OPEN_STATES)
    if due == DueFilter.OVERDUE:
        return open_.filter(due_at__lt=now)
    return open_.filter(due_at__gte=now, due_at__lt=now + DUE_SOON)


def clock_periods() -> dict[str, clock.Period]:
    """The rules' current values (one query): an administrator's change applies to the
    requests whose clock moves next."""
    rules = DeadlineRule.objects.filter(code__in=clock.RULE_CODES)
    return {rule.code: clock.Period.of(rule) for rule in rules}


def request_clock(case: InformationRequest, *, periods=None, calendar=None) -> clock.Clock:
    """The clock of `case` from its recorded events (two queries, or none when given)."""
    return clock.case_clock(
        channel=case.channel,
        received_at=case.received_at,
        events=case.events.order_by("at", "pk"),
        periods=periods or clock_periods(),
        calendar=calendar or working_calendar(),
    )


def request_for_token(token: str) -> InformationRequest | None:
    """The request a tracking link names; None for any other string."""
    if not token or len(token) > 100:
        return None
    return (
        InformationRequest.objects.select_related("agency")
        .filter(tracking_token_hash=token_hash(token))
        .first()
    )


def request_timeline(case: InformationRequest, *, public_only: bool = False) -> QuerySet:
    events = case.events.select_related("actor").order_by("at", "pk")
    return events.filter(public=True) if public_only else events
