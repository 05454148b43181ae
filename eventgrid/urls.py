"""The event grid's pages (under the language prefix): the agency's events and its weekly
information (004 §10); the authorized body's published weekly media-grid (004 §11), public.
Weeks are written "2026-W50" (`weeks.WeekConverter`): a malformed or impossible week answers
404."""

from django.urls import path, register_converter

from portal.notifications.choices import SubscriptionTopic
from portal.notifications.views import subscription_request

from . import views
from .series import PeriodConverter
from .weeks import WeekConverter

app_name = "eventgrid"

register_converter(WeekConverter, "isoweek")
register_converter(PeriodConverter, "seriesperiod")

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/plan/", views.event_plan, name="event_plan"),
    path("events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("events/<int:pk>/announce/", views.event_announce, name="event_announce"),
    # What the media receive (000 §3.5): the event's public page and its documents.
    path("events/<int:pk>/about/", views.event_detail, name="event_detail"),
    path("events/<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path(
        "events/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "events/<int:pk>/attachments/<int:attachment_pk>/remove/",
        views.attachment_remove,
        name="attachment_remove",
    ),
    # Co-organisers' input for a shared event (004 §10).
    path("events/contributions/", views.contribution_list, name="contribution_list"),
    path("events/contributions/<int:pk>/", views.contribution_detail, name="contribution_detail"),
    path("weekly-information/", views.weekly_list, name="weekly_list"),
    path("weekly-information/<isoweek:week>/", views.weekly_detail, name="weekly_detail"),
    path("weekly-information/<isoweek:week>/submit/", views.weekly_submit, name="weekly_submit"),
    path("weekly-information/<isoweek:week>/reopen/", views.weekly_reopen, name="weekly_reopen"),
    path("weekly-information/<isoweek:week>.pdf", views.weekly_pdf, name="weekly_pdf"),
    path("media-grid/", views.media_grid_latest, name="media_grid_latest"),
    # Subscribing by e-mail (issue 8 §5): the shared pages of portal.notifications.
    path(
        "media-grid/subscribe/",
        subscription_request,
        {"topic": SubscriptionTopic.MEDIA_GRID},
        name="media_grid_subscribe",
    ),
    path("media-grid/<isoweek:week>/", views.media_grid_detail, name="media_grid_detail"),
    path("media-grid/<isoweek:week>.pdf", views.media_grid_pdf, name="media_grid_pdf"),
    # Event series (000 §3.1–3.3): periods "2027-01", "2027-Q1", "2027" (series.PeriodConverter).
    path("event-series/", views.series_list, name="series_list"),
    path("event-series/<seriesperiod:period>/", views.series_detail, name="series_detail"),
    path("event-series/<seriesperiod:period>/submit/", views.series_submit, name="series_submit"),
    path("event-series/<seriesperiod:period>/reopen/", views.series_reopen, name="series_reopen"),
    path("event-series/<seriesperiod:period>.pdf", views.series_pdf, name="series_pdf"),
    path("event-series/<seriesperiod:period>.xlsx", views.series_xlsx, name="series_xlsx"),
    path(
        "event-series/<seriesperiod:period>/template.xlsx",
        views.series_template,
        name="series_template",
    ),
    path("event-series/<seriesperiod:period>/import/", views.series_import, name="series_import"),
    path(
        "event-series/<seriesperiod:period>/import/confirm/",
        views.series_import_confirm,
        name="series_import_confirm",
    ),
    path(
        "event-series/<seriesperiod:period>/import/<slug:token>/",
        views.series_import_status,
        name="series_import_status",
    ),
    # The republican network schedule (000 §3.4): the authorized body's.
    path("network-schedule/", views.network_schedule_latest, name="network_schedule_latest"),
    path(
        "network-schedule/<seriesperiod:period>/",
        views.network_schedule,
        name="network_schedule",
    ),
    path(
        "network-schedule/<seriesperiod:period>.pdf",
        views.network_schedule_pdf,
        name="network_schedule_pdf",
    ),
    path(
        "network-schedule/<seriesperiod:period>.xlsx",
        views.network_schedule_xlsx,
        name="network_schedule_xlsx",
    ),
]
