"""Monitoring's endpoints; `portal.api.urls` mounts them under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register(
    "monitoring/publications", views.PublicationViewSet, basename="monitoring-publication"
)
router.register("monitoring/cases", views.CaseViewSet, basename="monitoring-case")

urlpatterns = router.urls
