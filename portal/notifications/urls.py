from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read/", views.inbox_mark_read, name="inbox_mark_read"),
    path("profile/", views.profile, name="profile"),
    # E-mail subscriptions without an account; each topic's form is routed by its app
    # (eventgrid: media-grid/subscribe/), these pages are shared.
    path("subscriptions/sent/", views.subscription_sent, name="subscription_sent"),
    path(
        "subscriptions/confirm/<str:token>/",
        views.subscription_confirm,
        name="subscription_confirm",
    ),
    path(
        "subscriptions/unsubscribe/<str:token>/",
        views.subscription_unsubscribe,
        name="subscription_unsubscribe",
    ),
]
