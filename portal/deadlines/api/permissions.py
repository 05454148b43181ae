from rest_framework import permissions

from ...directory import rules as directory_rules
from ..rules import can_view_deadlines


class SeesDeadlines(permissions.IsAuthenticated):
    """Deadlines are never public: the authorized body and the members of an agency."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and can_view_deadlines(request.user)


class SeesEveryAgency(permissions.IsAuthenticated):
    """The compliance of every agency is for the authorized body only."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and directory_rules.sees_every_agency(
            request.user
        )
