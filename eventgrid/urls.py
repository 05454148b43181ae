"""The event grid's pages (under the language prefix): the agency's events and its weekly
information (004 §10); the authorized body's published weekly media-grid (004 §11), public.
Weeks are written "2026-W50" (`weeks.WeekConverter`): a malformed or impossible week answers
404."""

from django.urls import path, register_converter

from . import views
from .weeks import WeekConverter

app_name = "eventgrid"

register_converter(WeekConverter, "isoweek")

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/new/", views.event_create, name="event_create"),
    path("events/<int:pk>/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/plan/", views.event_plan, name="event_plan"),
    path("events/<int:pk>/publish/", views.event_publish, name="event_publish"),
    path("events/<int:pk>/announce/", views.event_announce, name="event_announce"),
    path("weekly-information/", views.weekly_list, name="weekly_list"),
    path("weekly-information/<isoweek:week>/", views.weekly_detail, name="weekly_detail"),
    path("weekly-information/<isoweek:week>/submit/", views.weekly_submit, name="weekly_submit"),
    path("weekly-information/<isoweek:week>/reopen/", views.weekly_reopen, name="weekly_reopen"),
    path("weekly-information/<isoweek:week>.pdf", views.weekly_pdf, name="weekly_pdf"),
    path("media-grid/", views.media_grid_latest, name="media_grid_latest"),
    path("media-grid/<isoweek:week>/", views.media_grid_detail, name="media_grid_detail"),
    path("media-grid/<isoweek:week>.pdf", views.media_grid_pdf, name="media_grid_pdf"),
]
