from rest_framework import permissions

from .. import rules


class WorksWithRequests(permissions.BasePermission):
    """The requests of the user's agencies: agencies' members and the authorized body."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and rules.works_with_requests(request.user)

    def has_object_permission(self, request, view, obj):
        return rules.can_view_request(request.user, obj)


class WorksWithReferences(WorksWithRequests):
    """Reference requests: the queryset holds only those addressed to the user's agencies
    (all for the authorized body), so reaching one is the permission to read it."""

    def has_object_permission(self, request, view, obj):
        return True
