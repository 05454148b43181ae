from rest_framework import permissions

from .. import rules


class WorksWithPlans(permissions.IsAuthenticated):
    """Media-plans are never public: the agencies' members and the authorized body; which
    plans each reads is `rules.scope_plans`, what each may do the view asks `rules`."""

    def has_permission(self, request, view):
        return super().has_permission(request, view) and rules.works_with_plans(request.user)
