"""The deadlines endpoints; `portal.api.urls` mounts them under /api/v1/."""

from django.urls import path

from . import views

# (prefix, viewset, basename) for the API's router.
ROUTES = [("deadlines", views.DeadlineViewSet, "deadline")]

urlpatterns = [
    path(
        "deadlines/compliance/",
        views.DeadlineComplianceView.as_view(),
        name="deadline-compliance",
    ),
]
