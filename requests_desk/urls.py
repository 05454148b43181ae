"""The requests desk's pages (under the language prefix): the public form and the secret
tracking page (002 §36), the agency's inbox and a request's page with its transitions."""

from django.urls import path

from . import views

app_name = "requests_desk"

urlpatterns = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/new/sent/", views.request_sent, name="request_sent"),
    path("requests/track/<str:token>/", views.request_track, name="request_track"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    # One POST per transition (issue 10 item 3), each calling one service.
    path("requests/<int:pk>/assign/", views.request_assign, name="request_assign"),
    path("requests/<int:pk>/extend/", views.request_extend, name="request_extend"),
    path("requests/<int:pk>/redirect/", views.request_redirect, name="request_redirect"),
    path("requests/<int:pk>/answer/", views.answer_draft, name="answer_draft"),
    path("requests/<int:pk>/approve/", views.answer_approve, name="answer_approve"),
    path("requests/<int:pk>/send/", views.answer_send, name="answer_send"),
    path("requests/<int:pk>/refuse/", views.request_refuse, name="request_refuse"),
    path("requests/<int:pk>/comment/", views.request_comment, name="request_comment"),
]
