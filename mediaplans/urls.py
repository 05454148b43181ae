"""The media-plans' pages (under the language prefix): the agency's plan for a year, its
review, revisions and reports (000 §2; 004 §5–8); the consolidated republican plan (000 §2.3)."""

from django.urls import path

from . import views

app_name = "mediaplans"

urlpatterns = [
    path("media-plans/", views.plan_list, name="plan_list"),
    path("media-plans/<int:pk>/", views.plan_detail, name="plan_detail"),
]
