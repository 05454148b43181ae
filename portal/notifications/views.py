from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ..deadlines import rules as deadline_rules
from ..deadlines.models import CalendarFeed
from ..deadlines.views import calendar_feed_renew
from .forms import LanguageForm
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
