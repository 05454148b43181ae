from rest_framework import permissions

from .. import rules


class CanChangeEvent(permissions.BasePermission):
    """Reads follow the visibility query; writes need a membership of the owning agency."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return rules.can_view_event(request.user, obj)
        return rules.can_change_event(request.user, obj)
