from rest_framework import permissions

from .. import rules


class WorksWithPublications(permissions.BasePermission):
    """The publication requests of the user's agencies: their members and the authorized body."""

    def has_permission(self, request, view):
        return request.user.is_authenticated and rules.works_with_publications(request.user)

    def has_object_permission(self, request, view, obj):
        return rules.can_view_publication(request.user, obj)
