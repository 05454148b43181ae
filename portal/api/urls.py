"""/api/v1/: every app's endpoints are included here under the one namespace `api`, so
their names read `api:<name>`; this file holds no endpoint of its own but the schema."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

app_name = "api"

urlpatterns = [
    path("", include("portal.directory.api.urls")),
    path("", include("portal.deadlines.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
]
