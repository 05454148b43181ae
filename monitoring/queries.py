"""Reads used by pages, API and services; lists start from what the user may see and run
a fixed number of queries whatever the number of rows."""

import datetime as dt

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.deadlines.models import Deadline
from portal.deadlines.services import subject_key
from portal.directory.queries import search_words

from .choices import CaseState, Flagged
from .models import Feed, Publication, PublicationMatch, ResonanceCase
from .rules import scope_cases
from .services import RESPONSE_RULE


def visible_cases(user) -> QuerySet[ResonanceCase]:
    return scope_cases(ResonanceCase.objects.all(), user)


def publications_list(user) -> QuerySet[Publication]:
    """Every publication (public media), with its outlet, and its matched agencies and the
    user's visible cases prefetched: three queries for the page."""
    return Publication.objects.select_related("outlet").prefetch_related(
        Prefetch(
            "matches",
            queryset=PublicationMatch.objects.select_related("agency").order_by("agency_id"),
        ),
        Prefetch("cases", queryset=visible_cases(user).order_by("-flagged_at")),
    )


def publications_filter(queryset: QuerySet, data: dict, user) -> QuerySet:
    """The list's filters: words in the title or text, agency, outlet, tone, language,
    flagged (by the cases the user may see), dates (inclusive, Astana's days)."""
    for word in search_words(data.get("q") or ""):
        queryset = queryset.filter(
            Q(title__icontains=word) | Q(summary__icontains=word) | Q(text__icontains=word)
        )
    if data.get("agency"):
        queryset = queryset.filter(matches__agency=data["agency"])
    if data.get("outlet"):
        queryset = queryset.filter(outlet=data["outlet"])
    if data.get("tone"):
        queryset = queryset.filter(tone=data["tone"])
    if data.get("language"):
        queryset = queryset.filter(language=data["language"])
    if data.get("flagged"):
        flagged = Exists(visible_cases(user).filter(publication__story=OuterRef("story")))
        queryset = queryset.filter(flagged if data["flagged"] == Flagged.YES else ~flagged)
    if data.get("date_from"):
        queryset = queryset.filter(published_at__gte=_day_start(data["date_from"]))
    if data.get("date_to"):
        queryset = queryset.filter(
            published_at__lt=_day_start(data["date_to"] + dt.timedelta(days=1))
        )
    return queryset


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def cases_list(user) -> QuerySet[ResonanceCase]:
    return visible_cases(user).select_related("agency", "publication", "publication__outlet")


def cases_filter(queryset: QuerySet, data: dict) -> QuerySet:
    if data.get("state"):
        queryset = queryset.filter(state=data["state"])
    if data.get("agency"):
        queryset = queryset.filter(agency=data["agency"])
    if data.get("overdue"):
        queryset = queryset.filter(state=CaseState.OPEN, due_at__lt=timezone.now())
    return queryset


def case_deadline(case: ResonanceCase) -> Deadline | None:
    """The engine's deadline of the case's response: open, overdue or done."""
    return Deadline.objects.filter(
        rule__code=RESPONSE_RULE, agency_id=case.agency_id, period_key=subject_key(case)
    ).first()


def feeds_list() -> QuerySet[Feed]:
    return Feed.objects.select_related("outlet").order_by("state", "outlet__name", "pk")
