"""Who may do what in monitoring: the directory's rules applied to it.

Publications are public media: every agency member and the ministry read them all.
Cases — flags, the head informed, responses — are internal: an agency's members see and
work on their own agency's, the ministry (authorized body) sees every case and flags by
hand (000 §4.2). The spokesperson and the head record the steps (003 §10.4; 000 §4.3).
Sources, the lexicon and manual entry are the ministry's: it monitors the whole space.
"""

from django.db.models import QuerySet

from portal.directory.choices import Role
from portal.directory.rules import (
    has_role_in,
    member_agency_ids,
    scope_for_user,
    sees_every_agency,
)

from .models import ResonanceCase


def works_with_monitoring(user) -> bool:
    """The monitoring pages are for agencies' members and the authorized body."""
    return bool(member_agency_ids(user)) or sees_every_agency(user)


def scope_cases(queryset: QuerySet, user) -> QuerySet:
    return scope_for_user(queryset, user)


def can_view_case(user, case: ResonanceCase) -> bool:
    return sees_every_agency(user) or case.agency_id in member_agency_ids(user)


def _acts_for(user, agency) -> bool:
    return (
        user.is_superuser
        or has_role_in(user, Role.PRESS_SECRETARY, agency)
        or has_role_in(user, Role.AGENCY_HEAD, agency)
    )


def can_work_on_case(user, case: ResonanceCase) -> bool:
    """Record the head informed, a response, the close: the agency's spokesperson or head,
    while the case is open."""
    return case.is_open and _acts_for(user, case.agency)


def can_flag(user) -> bool:
    """The ministry flags a publication for an agency by hand (000 §4.2)."""
    return sees_every_agency(user)


def can_override_tone(user) -> bool:
    return sees_every_agency(user)


def can_manage_sources(user) -> bool:
    """The sources page and manual entry by address: the ministry's monitoring."""
    return sees_every_agency(user)
