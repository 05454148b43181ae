"""The emergencies' pages (under the language prefix): public statements, and the staff's
list and incident pages with one POST per step (000 §5)."""

from django.urls import path

from . import views

app_name = "emergencies"

urlpatterns = [
    path("emergencies/", views.public_list, name="public_list"),
    path("emergencies/<int:pk>/", views.public_detail, name="public_detail"),
    path("emergencies/manage/", views.incident_list, name="incident_list"),
    path("emergencies/manage/new/", views.incident_new, name="incident_new"),
    path("emergencies/manage/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("emergencies/manage/<int:pk>/edit/", views.incident_edit, name="incident_edit"),
    path(
        "emergencies/manage/<int:pk>/agencies/",
        views.incident_add_agency,
        name="incident_add_agency",
    ),
    path("emergencies/manage/<int:pk>/close/", views.incident_close, name="incident_close"),
    path("emergencies/manage/<int:pk>/statements/", views.statement_new, name="statement_new"),
    path(
        "emergencies/manage/statements/<int:pk>/",
        views.statement_edit,
        name="statement_edit",
    ),
    path(
        "emergencies/manage/statements/<int:pk>/publish/",
        views.statement_publish,
        name="statement_publish",
    ),
]
