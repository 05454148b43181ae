"""The event grid's endpoints; `portal.api.urls` mounts them under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("events", views.EventViewSet, basename="event")
router.register("media-grids", views.MediaGridViewSet, basename="media-grid")

urlpatterns = router.urls
