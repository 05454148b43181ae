"""/api/v1/: every app's endpoints are included here under the one namespace `api`, so
their names read `api:<name>`; this file holds no endpoint of its own but the schema, and
the JSON 404 for every other address under /api/v1/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from .views import not_found

app_name = "api"

urlpatterns = [
    path("", include("portal.directory.api.urls")),
    path("", include("portal.deadlines.api.urls")),
    path("", include("eventgrid.api.urls")),
    path("", include("mediaplans.api.urls")),
    path("", include("requests_desk.api.urls")),
    path("", include("requests_desk.accreditation.api.urls")),
    path("", include("requests_desk.publications.api.urls")),
    path("", include("monitoring.emergencies.api.urls")),
    path("", include("monitoring.api.urls")),
    path("", include("portal.webhooks.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    re_path(r"^", not_found, name="not_found"),  # last: only what nothing above matched
]
