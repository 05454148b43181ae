"""Who may apply, decide and see (003 §8.3–8.4): the directory's rules applied to
accreditation. A journalist applies and sees their own applications; the agency's press
secretary and head, and the authorized body, decide; the agency's members read them."""

from django.db.models import Q, QuerySet

from portal.directory.choices import Role
from portal.directory.rules import (
    can_change_agency,
    has_role,
    has_role_in,
    member_agency_ids,
    scope_for_user,
    sees_every_agency,
)

from .choices import AccreditationState
from .models import Accreditation


def can_apply(user) -> bool:
    return user.is_authenticated and has_role(user, Role.JOURNALIST)


def works_with_accreditation(user) -> bool:
    """The queue is for agencies' members and the authorized body."""
    return bool(member_agency_ids(user)) or sees_every_agency(user)


def scope_accreditations(queryset: QuerySet, user) -> QuerySet:
    """The user's own applications, and every one of the agencies they work for."""
    if not user.is_authenticated:
        return queryset.none()
    return scope_for_user(queryset, user, public=Q(journalist=user))


def can_view(user, accreditation: Accreditation) -> bool:
    return accreditation.journalist_id == user.pk or can_change_agency(user, accreditation.agency)


def can_decide(user, agency) -> bool:
    """The agency's press secretary or head, or the authorized body (003 §8.3)."""
    return (
        sees_every_agency(user)
        or has_role_in(user, Role.PRESS_SECRETARY, agency)
        or has_role_in(user, Role.AGENCY_HEAD, agency)
    )


def can_approve(user, accreditation: Accreditation) -> bool:
    return accreditation.state == AccreditationState.APPLIED and can_decide(
        user, accreditation.agency
    )


can_refuse = can_approve


def can_revoke(user, accreditation: Accreditation) -> bool:
    return accreditation.state == AccreditationState.APPROVED and can_decide(
        user, accreditation.agency
    )


def can_download_card(user, accreditation: Accreditation) -> bool:
    return accreditation.is_valid and can_view(user, accreditation)


def can_see_press_event(user, event) -> bool:
    """The registrations and questions of an event: its agency's and the authorized body's."""
    return can_change_agency(user, event.agency)


def can_record_question(user, event) -> bool:
    return can_decide(user, event.agency)
