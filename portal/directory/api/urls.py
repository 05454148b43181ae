"""The directory's endpoints; `portal.api.urls` mounts them under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("spokespersons", views.SpokespersonViewSet, basename="spokesperson")

urlpatterns = [
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path(
        "calendar/add-working-days/",
        views.AddWorkingDaysView.as_view(),
        name="calendar-add-working-days",
    ),
    *router.urls,
]
