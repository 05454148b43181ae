from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from ..deadlines.api import urls as deadline_urls
from . import views

app_name = "api"

router = DefaultRouter()
router.register("agencies", views.AgencyViewSet, basename="agency")
router.register("spokespersons", views.SpokespersonViewSet, basename="spokesperson")
for prefix, viewset, basename in deadline_urls.ROUTES:
    router.register(prefix, viewset, basename=basename)

urlpatterns = [
    path("calendar/", views.CalendarView.as_view(), name="calendar"),
    path(
        "calendar/add-working-days/",
        views.AddWorkingDaysView.as_view(),
        name="calendar-add-working-days",
    ),
    *deadline_urls.urlpatterns,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("", include(router.urls)),
]
