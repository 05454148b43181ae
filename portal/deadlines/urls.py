from django.urls import path

from . import views

app_name = "deadlines"

urlpatterns = [
    path("", views.deadline_list, name="deadline_list"),
    path("calculator/", views.deadline_calculator, name="deadline_calculator"),
    path("compliance/", views.deadline_compliance_table, name="deadline_compliance"),
    path("compliance.xlsx", views.deadline_compliance_xlsx, name="deadline_compliance_xlsx"),
    path("feed/regenerate/", views.deadline_feed_regenerate, name="deadline_feed_regenerate"),
    path("<int:pk>/", views.deadline_detail, name="deadline_detail"),
    path("<int:pk>/done/", views.deadline_complete, name="deadline_complete"),
    path("<int:pk>/waive/", views.deadline_waive, name="deadline_waive"),
    path("<int:pk>/reopen/", views.deadline_reopen, name="deadline_reopen"),
]

# Calendar programs fetch the feed without signing in and without a language prefix.
feed_urlpatterns = [
    path("deadlines/<str:token>.ics", views.deadline_feed, name="deadline_feed"),
]
