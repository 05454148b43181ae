from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .deadlines import views as deadline_views
from .notifications import views as notification_views

admin.site.site_header = _("Press Office Portal")
admin.site.site_title = _("Press Office Portal")

urlpatterns = [
    path("api/v1/", include("portal.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    # Calendar programs fetch this without signing in and without a language prefix.
    path("feeds/deadlines/<str:token>.ics", deadline_views.deadline_feed, name="deadline_feed"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("directory/", views.spokesperson_list, name="spokesperson_list"),
    path("directory/pdf/", views.spokesperson_list_pdf, name="spokesperson_list_pdf"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency_detail"),
    path("agencies/<slug:slug>/appoint/", views.spokesperson_appoint, name="spokesperson_appoint"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("deadlines/", deadline_views.deadline_list, name="deadline_list"),
    path(
        "deadlines/compliance/",
        deadline_views.deadline_compliance_table,
        name="deadline_compliance",
    ),
    path(
        "deadlines/compliance.xlsx",
        deadline_views.deadline_compliance_xlsx,
        name="deadline_compliance_xlsx",
    ),
    path(
        "deadlines/feed/regenerate/",
        deadline_views.deadline_feed_regenerate,
        name="deadline_feed_regenerate",
    ),
    path("deadlines/<int:pk>/", deadline_views.deadline_detail, name="deadline_detail"),
    path("deadlines/<int:pk>/done/", deadline_views.deadline_complete, name="deadline_complete"),
    path("deadlines/<int:pk>/waive/", deadline_views.deadline_waive, name="deadline_waive"),
    path("inbox/", notification_views.inbox, name="inbox"),
    path("inbox/read/", notification_views.inbox_mark_read, name="inbox_mark_read"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
)
