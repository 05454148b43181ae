"""Who may do what: the one place pages, admin querysets and API permissions ask.

A user's reach comes from their memberships. Authorized-body staff (and superusers) see every
agency; a press secretary, an agency head or a regional approver sees and changes only the
agencies they are members of. Published directory data is public to everyone.
"""

from django.db.models import Q, QuerySet

from .choices import Role
from .models import Agency, Membership, Spokesperson

_CACHE = "_portal_memberships"


def _memberships(user) -> list[tuple[str, int | None]]:
    """(role, agency id) pairs of the user, read once per request and cached on the user."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, _CACHE):
        setattr(
            user,
            _CACHE,
            list(Membership.objects.filter(user=user).values_list("role", "agency_id")),
        )
    return getattr(user, _CACHE)


def has_role(user, role: Role) -> bool:
    return any(member_role == role for member_role, _ in _memberships(user))


def has_role_in(user, role: Role, agency: Agency) -> bool:
    """The user holds `role` in that agency (a region's approver in its akimat, 000 §2.4)."""
    return (role, agency.pk) in _memberships(user)


def sees_every_agency(user) -> bool:
    """Superusers and the staff of the authorized body work with every agency's data."""
    return user.is_authenticated and (user.is_superuser or has_role(user, Role.AUTHORIZED_STAFF))


def member_agency_ids(user) -> frozenset[int]:
    """Agencies whose unpublished data the user may see and change."""
    return frozenset(
        agency_id
        for role, agency_id in _memberships(user)
        if agency_id is not None and role != Role.JOURNALIST
    )


def scope_for_user(
    queryset: QuerySet, user, *, agency_field: str = "agency", public: Q | None = None
) -> QuerySet:
    """The rows of `queryset` the user may see: all of them for the authorized body, their
    own agencies' rows for members, and for everyone the rows `public` selects (published
    ones). `agency_field` is the path from a row to its agency ("pk" for agencies).

    Pages, admin querysets and API viewsets of every app start their lists here.
    """
    if sees_every_agency(user):
        return queryset
    visible = Q(**{f"{agency_field}__in": member_agency_ids(user)})
    if public is not None:
        visible |= public
    return queryset.filter(visible)


def can_change_agency(user, agency: Agency) -> bool:
    return sees_every_agency(user) or agency.pk in member_agency_ids(user)


def can_view_agency_private_data(user, agency: Agency) -> bool:
    return can_change_agency(user, agency)


def can_view_spokesperson(user, spokesperson: Spokesperson) -> bool:
    return spokesperson.is_published or can_change_agency(user, spokesperson.agency)


def can_change_spokesperson(user, spokesperson: Spokesperson) -> bool:
    return can_change_agency(user, spokesperson.agency)


def can_confirm_spokesperson(user) -> bool:
    """Only the authorized body confirms appointments into the public directory (004 §3–4)."""
    return sees_every_agency(user)
