"""The deadlines endpoints; `portal.api.urls` mounts them under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("deadlines", views.DeadlineViewSet, basename="deadline")

urlpatterns = [
    path(
        "deadlines/compliance/",
        views.DeadlineComplianceView.as_view(),
        name="deadline-compliance",
    ),
    path(
        "deadlines/calculate/",
        views.DeadlineCalculateView.as_view(),
        name="deadline-calculate",
    ),
    *router.urls,
]
