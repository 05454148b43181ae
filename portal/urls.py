"""The site's URLs: each app's own `urls.py` included under its prefix, nothing else.

Pages live under a language prefix (/kk/, /ru/, /en/); the API and calendar feeds do not,
their clients choose the language by header or by the user's preference.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from eventgrid.feeds import MediaGridFeed, events_feed

from .deadlines.urls import feed_urlpatterns
from .health import healthz

admin.site.site_header = _("Press Office Portal")
admin.site.site_title = _("Press Office Portal")

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # for compose and load balancers (issue 12 §5)
    path("api/v1/", include("portal.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path(
        "feeds/",
        include(
            (
                [
                    *feed_urlpatterns,
                    path("events.ics", events_feed, name="events"),
                    path("media-grids.atom", require_safe(MediaGridFeed()), name="media_grids"),
                ],
                "feeds",
            )
        ),
    ),
]

urlpatterns += i18n_patterns(
    path("", include("portal.directory.urls")),
    path("deadlines/", include("portal.deadlines.urls")),
    path("", include("eventgrid.urls")),  # events/, weekly-information/
    path("", include("mediaplans.urls")),  # media-plans/
    path("", include("requests_desk.urls")),  # requests/
    path("", include("requests_desk.accreditation.urls")),  # accreditation/
    path("", include("requests_desk.publications.urls")),  # publications/
    path("", include("monitoring.emergencies.urls")),  # emergencies/
    path("", include("monitoring.urls")),  # monitoring/
    path("", include("portal.notifications.urls")),  # inbox/, profile/
    # Sign-in, sign-out and password reset by e-mail: Django's own views and names.
    path("", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
)
