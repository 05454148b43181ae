"""The requests desk's endpoints; `portal.api.urls` mounts them under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("requests", views.InformationRequestViewSet, basename="information-request")
router.register("reference-requests", views.ReferenceRequestViewSet, basename="reference-request")

urlpatterns = [
    path("request-status/<str:token>/", views.RequestStatusView.as_view(), name="request-status"),
    *router.urls,
]
