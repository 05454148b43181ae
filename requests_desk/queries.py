"""Reads used by pages, API and services; lists start from what the user may see."""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.calendar import working_calendar
from portal.deadlines.models import DeadlineRule
from portal.directory.models import Agency
from portal.directory.queries import by_name
from portal.directory.rules import member_agency_ids

from . import clock
from .choices import ANSWER_OUTCOMES, OPEN_STATES, DueFilter, Outcome, RequestState
from .models import (
    AnswerTemplate,
    InformationRequest,
    ReferenceAnswer,
    ReferenceRequest,
    token_hash,
)
from .rules import scope_requests, sees_every_reference_answer

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


def reference_answers_for_user(user) -> QuerySet[ReferenceAnswer]:
    """The answers the user reads: every one for the authorized body, else their agencies'."""
    answers = ReferenceAnswer.objects.all()
    if not sees_every_reference_answer(user):
        answers = answers.filter(agency_id__in=member_agency_ids(user))
    return answers


def references_for_user(user, *, now: dt.datetime | None = None) -> QuerySet[ReferenceRequest]:
    """The reference requests addressed to the user's agencies (all for the authorized
    body), each with the counts of the answers the user may read: addressed, answered and
    overdue (one query for a page of them)."""
    now = now or timezone.now()
    visible = reference_answers_for_user(user)
    references = ReferenceRequest.objects.all()
    if not sees_every_reference_answer(user):
        references = references.filter(pk__in=visible.values("request_id"))
    mine = Q(answers__in=visible)
    return references.order_by("-sent_at", "-pk").annotate(
        addressed=Count("answers", filter=mine),
        answered=Count("answers", filter=mine & Q(answers__answered_at__isnull=False)),
        overdue=Count(
            "answers",
            filter=mine & Q(answers__answered_at__isnull=True, answers__due_at__lt=now),
        ),
    )


def reference_with_answers(user, pk: int) -> ReferenceRequest | None:
    """One request with the answers the user may read, their agencies and files."""
    answers = (
        reference_answers_for_user(user)
        .select_related("agency", "answered_by")
        .prefetch_related("files")
        .order_by("pk")
    )
    return (
        references_for_user(user)
        .prefetch_related(Prefetch("answers", queryset=answers, to_attr="visible_answers"))
        .filter(pk=pk)
        .first()
    )


def templates_for(case: InformationRequest) -> QuerySet[AnswerTemplate]:
    """The templates an answer to `case` may start from: its agency's and the global ones
    that have a text in the request's language (002 §40)."""
    return AnswerTemplate.objects.filter(
        Q(agency__isnull=True) | Q(agency_id=case.agency_id)
    ).exclude(**{f"body_{case.language}": ""})


# The monthly statistics' columns (issue 10 item 6), in their order.
STATISTICS = ("received", "on_time", "extended", "redirected", "overdue")


def _statistics_counters(now: dt.datetime) -> dict:
    """One COUNT per column, over the requests received in the month: answered on time
    (in full or in part, by the due date), extended, redirected (whole, or a part), and
    overdue (still open past the due date, or closed after it other than by redirection)."""
    redirected_part = Exists(InformationRequest.objects.filter(redirected_from=OuterRef("pk")))
    late = Q(state__in=OPEN_STATES, due_at__lt=now) | (
        Q(state=RequestState.CLOSED, closed_at__gt=F("due_at")) & ~Q(outcome=Outcome.REDIRECTED)
    )
    return {
        "received": Count("pk"),
        "on_time": Count("pk", filter=Q(outcome__in=ANSWER_OUTCOMES, closed_at__lte=F("due_at"))),
        "extended": Count("pk", filter=Q(extended_days__isnull=False)),
        "redirected": Count("pk", filter=Q(outcome=Outcome.REDIRECTED) | Q(redirected_part)),
        "overdue": Count("pk", filter=late),
    }


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = timezone.make_aware(dt.datetime(month.year, month.month, 1))
    return start, start + relativedelta(months=1)


def request_statistics(
    month: dt.date, *, agency_ids=None, now: dt.datetime | None = None
) -> tuple[list[dict], dict]:
    """The month's counts per agency (those of `agency_ids`; every agency's when None) and
    across them, aggregated in SQL: three queries whatever the number of requests."""
    start, end = month_bounds(month)
    cases = InformationRequest.objects.filter(received_at__gte=start, received_at__lt=end)
    if agency_ids is not None:
        cases = cases.filter(agency_id__in=agency_ids)
    counters = _statistics_counters(now or timezone.now())
    rows = list(cases.order_by().values("agency_id").annotate(**counters))
    by_id = {row["agency_id"]: row for row in rows}
    agencies = by_name(Agency.objects.filter(pk__in=by_id))
    ordered = [{**by_id[agency.pk], "agency": agency} for agency in agencies]
    return ordered, cases.order_by().aggregate(**counters)
