"""Reads of publication requests; lists start from what the user may see."""

import datetime as dt
import re

from django.db.models import OuterRef, QuerySet, Subquery

from portal.calendar import FIRST_YEAR, LAST_YEAR
from portal.deadlines.models import Deadline
from portal.directory.rules import scope_for_user

from .models import PublicationRequest

# An ISO week, "2026-W50", in ASCII digits.
_WEEK = re.compile(r"^([0-9]{4})-W([0-9]{2})$")


def parse_week(text: str) -> dt.date:
    """The Monday of the ISO week "YYYY-Www"; ValueError when malformed, a week the year
    lacks, or outside the calendar's years."""
    match = _WEEK.match(text or "")
    if match is None:
        raise ValueError(f"not an ISO week: {text!r}")
    year, week = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"outside {FIRST_YEAR}–{LAST_YEAR}: {text!r}")
    return dt.date.fromisocalendar(year, week, 1)


def week_label(monday: dt.date) -> str:
    year, week, _day = monday.isocalendar()
    return f"{year}-W{week:02d}"


def publications_for_user(user) -> QuerySet[PublicationRequest]:
    """The requests of the user's agencies (every agency's for the authorized body), each
    with the due moment of its stage's pending deadline as `stage_due_at` (one query)."""
    pending = _of_publications(Deadline.objects.pending()).filter(subject_id=OuterRef("pk"))
    return scope_for_user(
        PublicationRequest.objects.select_related("agency").annotate(
            stage_due_at=Subquery(pending.order_by("due_at").values("due_at")[:1])
        ),
        user,
    )


def in_week(queryset: QuerySet, monday: dt.date) -> QuerySet:
    return queryset.filter(
        publication_date__gte=monday, publication_date__lt=monday + dt.timedelta(days=7)
    )


def publication_deadlines(publication: PublicationRequest) -> QuerySet[Deadline]:
    """Every stage deadline of the request, in order, with its rule for the explanation."""
    return (
        _of_publications(Deadline.objects.all())
        .filter(subject_id=publication.pk)
        .select_related("rule__counts_from")
    )


def _of_publications(deadlines: QuerySet) -> QuerySet:
    """Deadlines whose subject is a publication request, by a join, not a lookup first (a
    lazy queryset, so the API schema is built without the database)."""
    opts = PublicationRequest._meta
    return deadlines.filter(
        subject_type__app_label=opts.app_label, subject_type__model=opts.model_name
    )
