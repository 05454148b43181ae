from django.urls import path

from . import views

app_name = "directory"

urlpatterns = [
    path("", views.home, name="home"),
    path("directory/", views.spokesperson_list, name="spokesperson_list"),
    path("directory/pdf/", views.spokesperson_list_pdf, name="spokesperson_list_pdf"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency_detail"),
    path("agencies/<slug:slug>/appoint/", views.spokesperson_appoint, name="spokesperson_appoint"),
    path("spokespersons/<int:pk>/edit/", views.spokesperson_edit, name="spokesperson_edit"),
    path("dashboard/", views.dashboard, name="dashboard"),
]
