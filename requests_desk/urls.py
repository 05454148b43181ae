"""The requests desk's pages (under the language prefix): the public form and the secret
tracking page (002 §36), the agency's inbox and a request's page with its transitions."""

from django.urls import path

from . import views

app_name = "requests_desk"

urlpatterns = [
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/statistics/", views.request_statistics, name="request_statistics"),
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
    path(
        "requests/<int:pk>/files/<int:file_pk>/",
        views.request_attachment,
        name="request_attachment",
    ),
    # Reference materials asked by the authorized body (004 §12–13).
    path("requests/reference/", views.reference_list, name="reference_list"),
    path("requests/reference/new/", views.reference_new, name="reference_new"),
    path("requests/reference/<int:pk>/", views.reference_detail, name="reference_detail"),
    path(
        "requests/reference/<int:pk>/answers/<int:answer_pk>/",
        views.reference_answer,
        name="reference_answer",
    ),
    path(
        "requests/reference/<int:pk>/files/<int:file_pk>/",
        views.reference_file,
        name="reference_file",
    ),
]
