"""Publication requests' endpoints; `portal.api.urls` mounts them under /api/v1/."""

from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register(
    "publication-requests", views.PublicationRequestViewSet, basename="publication-request"
)

urlpatterns = router.urls
