"""Reads of emergencies used by pages, API, services and other apps; lists start from what
the user may see and run a fixed number of queries."""

import datetime as dt

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.directory.models import Agency

from .choices import IncidentState, StatementState
from .models import Incident, IncidentChange, OfficialStatement
from .rules import scope_statements

PUBLISHED_COUNT = Count("statements", filter=Q(statements__state=StatementState.PUBLISHED))


def incidents_for_staff() -> QuerySet[Incident]:
    """Every incident for the staff list (incidents themselves are not secret, drafts are),
    with its coordinator and the number of published statements: one query per page."""
    return Incident.objects.select_related("coordinator").annotate(published_count=PUBLISHED_COUNT)


def public_incidents() -> QuerySet[Incident]:
    """What the public page lists: incidents with at least one published statement."""
    published = OfficialStatement.objects.filter(
        incident=OuterRef("pk"), state=StatementState.PUBLISHED
    )
    return incidents_for_staff().filter(Exists(published))


def statements_for_user(incident: Incident, user) -> QuerySet[OfficialStatement]:
    """The incident's timeline as `user` may read it, oldest published first (drafts last)."""
    return scope_statements(incident.statements.select_related("agency", "by"), user).order_by(
        *OfficialStatement._meta.ordering
    )


def public_statements(incident: Incident) -> QuerySet[OfficialStatement]:
    return (
        incident.statements.filter(state=StatementState.PUBLISHED)
        .select_related("agency")
        .order_by("published_at", "pk")
    )


def incident_history(incident: Incident) -> QuerySet[IncidentChange]:
    return incident.changes.select_related("actor").order_by("at", "pk")


def involved_agencies(incident: Incident) -> list[Agency]:
    return list(incident.agencies.order_by("pk"))


def incidents_with_statements(queryset: QuerySet, user) -> QuerySet[Incident]:
    """Incidents with their agencies and the statements `user` may read, prefetched (the
    API's list: a fixed number of queries)."""
    statements = scope_statements(
        OfficialStatement.objects.select_related("agency"), user
    ).order_by(*OfficialStatement._meta.ordering)
    return queryset.prefetch_related(
        "agencies", Prefetch("statements", queryset=statements, to_attr="visible_statements")
    )


def response_hours_for(agency: Agency, at: dt.datetime | None = None) -> int | None:
    """The shortened response period in hours for `agency` at `at` (now by default) when it
    is involved in, or coordinates, an incident open at that moment; None otherwise, and the
    usual rule applies. The information response to an emergency is operative (000 §5,
    §6.5), but the seed sets no number of hours: `EMERGENCY_RESPONSE_HOURS` (default 2) is
    the portal's, set by the operator. One query.

    For other apps (the monitoring's response cases): call it when a case opens and use the
    hours it returns instead of the rule's period."""
    at = at or timezone.now()
    open_then = Q(started_at__lte=at) & (Q(state=IncidentState.OPEN) | Q(closed_at__gt=at))
    involved = Incident.objects.filter(open_then).filter(Q(coordinator=agency) | Q(agencies=agency))
    return settings.EMERGENCY_RESPONSE_HOURS if involved.exists() else None
