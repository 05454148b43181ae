"""Accreditation's pages (under the language prefix, 003 §8.3–8.4). The public list of an
agency's accredited journalists is last: its slug would shadow nothing above."""

from django.urls import path

from . import views

app_name = "accreditation"

urlpatterns = [
    path("accreditation/apply/", views.apply, name="apply"),
    path("accreditation/mine/", views.mine, name="mine"),
    path("accreditation/queue/", views.queue, name="queue"),
    path("accreditation/applications/<int:pk>/", views.detail, name="detail"),
    path("accreditation/applications/<int:pk>/approve/", views.approve, name="approve"),
    path("accreditation/applications/<int:pk>/refuse/", views.refuse, name="refuse"),
    path("accreditation/applications/<int:pk>/revoke/", views.revoke, name="revoke"),
    path("accreditation/applications/<int:pk>/photo/", views.photo, name="photo"),
    path(
        "accreditation/applications/<int:pk>/documents/<int:document_pk>/",
        views.document,
        name="document",
    ),
    path("accreditation/applications/<int:pk>/card.pdf", views.card, name="card"),
    path("accreditation/verify/<str:token>/", views.verify, name="verify"),
    path("accreditation/events/", views.press_events, name="press_events"),
    path("accreditation/events/<int:pk>/", views.press_event, name="press_event"),
    path("accreditation/events/<int:pk>/register/", views.press_register, name="press_register"),
    path(
        "accreditation/events/<int:pk>/unregister/",
        views.press_unregister,
        name="press_unregister",
    ),
    path("accreditation/events/<int:pk>/questions/", views.press_question, name="press_question"),
    path("accreditation/<slug:slug>/", views.public_list, name="public_list"),
]
