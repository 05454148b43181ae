"""Who may do what with emergencies (000 §5): the coordinating ministry's staff open, update
and close an incident and add the agencies involved (000 §5.1); each involved agency's press
secretary and head draft and publish its own statements; the coordinating ministry's staff
its own. A draft stays inside its agency and the ministry; a published statement is public."""

from django.db.models import Q, QuerySet

from portal.directory.choices import AgencyKind, Role
from portal.directory.models import Agency
from portal.directory.rules import (
    has_role_in,
    member_agency_ids,
    scope_for_user,
    sees_every_agency,
)

from .choices import StatementState
from .models import Incident, OfficialStatement

PUBLISHED = Q(state=StatementState.PUBLISHED)


def works_with_emergencies(user) -> bool:
    """The staff pages are for agencies' members and the authorized body."""
    return bool(member_agency_ids(user)) or sees_every_agency(user)


def coordinator_choices(user) -> QuerySet[Agency]:
    """The authorized bodies in whose name the user coordinates an emergency (000 §5.1)."""
    bodies = Agency.objects.filter(kind=AgencyKind.AUTHORIZED_BODY)
    if user.is_superuser:
        return bodies
    return bodies.filter(memberships__user=user, memberships__role=Role.AUTHORIZED_STAFF).distinct()


def can_open_incident(user) -> bool:
    return sees_every_agency(user) and coordinator_choices(user).exists()


def can_coordinate(user, incident: Incident) -> bool:
    """Update, involve agencies and close: the coordinating body's staff, while open."""
    return incident.is_open and (
        user.is_superuser or has_role_in(user, Role.AUTHORIZED_STAFF, incident.coordinator)
    )


def _speaks_for(user, agency: Agency) -> bool:
    return (
        user.is_superuser
        or has_role_in(user, Role.PRESS_SECRETARY, agency)
        or has_role_in(user, Role.AGENCY_HEAD, agency)
        or has_role_in(user, Role.AUTHORIZED_STAFF, agency)
    )


def statement_agencies(user, incident: Incident, involved: list[Agency]) -> list[Agency]:
    """The agencies of the incident (`involved` and the coordinator) for which the user
    drafts and publishes statements, while it is open."""
    if not incident.is_open:
        return []
    candidates = [incident.coordinator, *(a for a in involved if a.pk != incident.coordinator_id)]
    return [agency for agency in candidates if _speaks_for(user, agency)]


def can_work_on_statement(user, statement: OfficialStatement) -> bool:
    """Edit or publish a draft: its agency's speakers, while the incident is open."""
    return (
        not statement.is_published
        and statement.incident.is_open
        and _speaks_for(user, statement.agency)
    )


def scope_statements(queryset: QuerySet, user) -> QuerySet:
    """Published statements for everyone; drafts of the user's agencies (all for the
    ministry)."""
    return scope_for_user(queryset, user, public=PUBLISHED)


def can_view_statement(user, statement: OfficialStatement) -> bool:
    return (
        statement.is_published
        or sees_every_agency(user)
        or statement.agency_id in member_agency_ids(user)
    )
