"""The emergencies' endpoints; `portal.api.urls` mounts them under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("emergencies", views.IncidentViewSet, basename="emergency")

urlpatterns = router.urls
