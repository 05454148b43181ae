"""Monitoring's pages (under the language prefix): publications, sources, cases (SPEC §6)."""

from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.publication_list, name="publication_list"),
    path("monitoring/searches/", views.saved_search_save, name="saved_search_save"),
    path(
        "monitoring/searches/<int:pk>/delete/",
        views.saved_search_delete,
        name="saved_search_delete",
    ),
    path("monitoring/publications/<int:pk>/", views.publication_detail, name="publication_detail"),
    path("monitoring/publications/<int:pk>/tone/", views.publication_tone, name="publication_tone"),
    path("monitoring/publications/<int:pk>/flag/", views.publication_flag, name="publication_flag"),
    path("monitoring/publications/new/", views.manual_entry, name="manual_entry"),
    path("monitoring/sources/", views.source_list, name="source_list"),
    path("monitoring/cases/", views.case_list, name="case_list"),
    path("monitoring/cases/<int:pk>/", views.case_detail, name="case_detail"),
    # One POST per step of a case (000 §4.2–4.3; 003 §10.4), each calling one service.
    path(
        "monitoring/cases/<int:pk>/head-informed/",
        views.case_head_informed,
        name="case_head_informed",
    ),
    path("monitoring/cases/<int:pk>/response/", views.case_response, name="case_response"),
    path("monitoring/cases/<int:pk>/close/", views.case_close, name="case_close"),
    # The monthly analytical note (000 §4.5): its page, its PDF, "build now".
    path("monitoring/note/<str:month>/", views.note_detail, name="note_detail"),
    path("monitoring/note/<str:month>/pdf/", views.note_pdf, name="note_pdf"),
    path("monitoring/note/<str:month>/build/", views.note_build, name="note_build"),
]
