"""Publication requests' pages (under the language prefix, 002 §8–14)."""

from django.urls import path

from . import views

app_name = "publications"

urlpatterns = [
    path("publications/", views.publication_list, name="publication_list"),
    path("publications/new/", views.publication_new, name="publication_new"),
    path("publications/<int:pk>/", views.publication_detail, name="publication_detail"),
    # One POST per step, each calling one service.
    path("publications/<int:pk>/edit/", views.publication_edit, name="publication_edit"),
    path(
        "publications/<int:pk>/translation/",
        views.publication_translation,
        name="publication_translation",
    ),
    path(
        "publications/<int:pk>/translated/",
        views.publication_translated,
        name="publication_translated",
    ),
    path("publications/<int:pk>/post/", views.publication_post, name="publication_post"),
    path(
        "publications/<int:pk>/files/<int:file_pk>/",
        views.publication_file,
        name="publication_file",
    ),
]
