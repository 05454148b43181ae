from rest_framework import permissions

from .. import rules


class WorksWithMonitoring(permissions.BasePermission):
    """Agencies' members and the authorized body; a case only to its agency's members."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and rules.works_with_monitoring(request.user)

    def has_object_permission(self, request, view, obj):
        return not hasattr(obj, "agency_id") or rules.can_view_case(request.user, obj)
