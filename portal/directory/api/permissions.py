from rest_framework import permissions

from .. import rules


class CanChangeSpokesperson(permissions.BasePermission):
    """Reads follow the visibility query; writes need a membership of the agency."""

    def has_object_permission(self, request, view, obj):
        if request.method in permissions.SAFE_METHODS:
            return rules.can_view_spokesperson(request.user, obj)
        return rules.can_change_spokesperson(request.user, obj)
