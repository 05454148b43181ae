from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..deadlines import rules as deadline_rules
from ..deadlines.models import CalendarFeed
from ..deadlines.views import calendar_feed_renew
from ..middleware import client_address
from ..ratelimit import within_limit
from . import services
from .choices import SubscriptionTopic
from .forms import LanguageForm, SubscriptionForm
from .models import Notification
from .services import notifications_mark_read, user_set_language


@login_required
@require_safe
def inbox(request):
    notifications = Notification.objects.filter(recipient=request.user)
    page = Paginator(notifications, 30).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def inbox_mark_read(request):
    notifications_mark_read(user=request.user)
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    """Your language and notifications: the language your messages, e-mails and calendar
    feed are written in, and the address of that feed."""
    user = request.user
    form = LanguageForm(initial={"preferred_language": user.preferred_language})
    status = 200
    if request.method == "POST" and request.POST.get("action") == "feed":
        calendar_feed_renew(request)
        return redirect("notifications:profile")
    if request.method == "POST":
        form = LanguageForm(request.POST)
        if form.is_valid():
            try:
                user_set_language(user=user, language=form.cleaned_data["preferred_language"])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                # The next page is in the language just chosen.
                with translation.override(user.preferred_language):
                    messages.success(request, _("Your language is saved."))
                    return redirect(reverse("notifications:profile"))
        status = 400
    can_have_feed = deadline_rules.can_view_deadlines(user)
    return render(
        request,
        "notifications/profile.html",
        {
            "form": form,
            "can_have_feed": can_have_feed,
            "feed": CalendarFeed.objects.for_user(user) if can_have_feed else None,
        },
        status=status,
    )


# --- E-mail subscriptions without an account (SPEC §4) --------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_request(request, topic: str):
    """Subscribe an address to `topic` (the URL conf names it): always the same answer, the
    "check your mail" page, whether the address is new, waiting, subscribed, over its limit
    or a robot's (the honeypot): nothing tells which. A malformed form answers 400."""
    form = SubscriptionForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST":
        if form.is_robot():
            return redirect("notifications:subscription_sent")
        if form.is_valid():
            data = form.cleaned_data
            key = f"subscriptions:requests:{client_address(request)}"
            if within_limit(key, limit=settings.SUBSCRIPTION_REQUESTS_PER_HOUR):
                try:
                    services.subscription_request(
                        email=data["email"], language=data["language"], topic=topic
                    )
                except ValidationError as error:
                    form.add_error(None, error)
            if not form.errors:
                return redirect("notifications:subscription_sent")
    return render(
        request,
        "notifications/subscription_form.html",
        {"form": form, "topic": SubscriptionTopic(topic)},
        status=400 if form.errors else 200,
    )


@require_safe
def subscription_sent(request):
    return render(request, "notifications/subscription_sent.html")


def _invalid_link(request, error: ValidationError):
    return render(
        request,
        "notifications/subscription_invalid.html",
        {"messages_": error.messages},
        status=400,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def subscription_confirm(request, token: str):
    """The link of the confirmation e-mail: a page with a button (a mail scanner opening the
    link subscribes nobody); the button subscribes. A bad or expired link answers 400."""
    try:
        subscription = services.subscription_for_confirmation(token=token)
        if request.method == "POST":
            subscription = services.subscription_confirm(token=token)
    except ValidationError as error:
        return _invalid_link(request, error)
    template = "subscription_confirmed" if request.method == "POST" else "subscription_confirm"
    return render(
        request,
        f"notifications/{template}.html",
        {"subscription": subscription, "topic": SubscriptionTopic(subscription.topic)},
    )


@csrf_exempt  # RFC 8058: the mail program POSTs "List-Unsubscribe=One-Click", no token
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_unsubscribe(request, token: str):
    """One-click unsubscribe (RFC 8058): a POST to the link unsubscribes at once; a GET (a
    person following the link) shows a page with the button. An unknown link answers 400."""
    if request.method == "POST":
        try:
            subscription = services.subscription_unsubscribe(token=token)
        except ValidationError as error:
            return _invalid_link(request, error)
        return render(
            request,
            "notifications/subscription_unsubscribed.html",
            {"topic": SubscriptionTopic(subscription.topic)},
        )
    subscription = services.subscription_for_token(token)
    if subscription is None:
        return _invalid_link(
            request, ValidationError(gettext_lazy("This unsubscribe link is not valid."))
        )
    return render(
        request,
        "notifications/subscription_unsubscribe.html",
        {"subscription": subscription, "topic": SubscriptionTopic(subscription.topic)},
    )
