from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import queries as portal_queries
from ..calendar import working_calendar
from . import rules, services
from .choices import PENDING_STATES
from .computation import explain
from .forms import DeadlineFilterForm, WaiveForm
from .queries import deadlines_for_user


@login_required
def deadline_list(request):
    """The user's agency calendar of deadlines; every agency's for the authorized body."""
    form = DeadlineFilterForm(
        request.GET or {"state": "pending"},
        agencies=portal_queries.agencies_changeable_by(request.user),
    )
    deadlines = deadlines_for_user(request.user)
    if form.is_valid():
        state = form.cleaned_data["state"]
        if state == "pending":
            deadlines = deadlines.filter(state__in=PENDING_STATES)
        elif state:
            deadlines = deadlines.filter(state=state)
        if form.cleaned_data["rule"]:
            deadlines = deadlines.filter(rule=form.cleaned_data["rule"])
        if form.cleaned_data["agency"]:
            deadlines = deadlines.filter(agency=form.cleaned_data["agency"])
    else:
        deadlines = deadlines.none()
    page = Paginator(deadlines.order_by("due_at", "pk"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "deadlines/deadline_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def _visible_deadline(request, pk):
    return get_object_or_404(deadlines_for_user(request.user), pk=pk)


def _detail(request, deadline, *, waive_form=None, status=200):
    return render(
        request,
        "deadlines/deadline_detail.html",
        {
            "deadline": deadline,
            "explanation": explain(deadline, calendar=working_calendar()),
            "reminders": deadline.reminders.order_by("created_at"),
            "can_complete": rules.can_complete_deadline(request.user, deadline),
            "can_waive": rules.can_waive_deadline(request.user, deadline),
            "waive_form": waive_form or WaiveForm(),
        },
        status=status,
    )


@login_required
def deadline_detail(request, pk):
    return _detail(request, _visible_deadline(request, pk))


@login_required
@require_POST
def deadline_complete(request, pk):
    deadline = _visible_deadline(request, pk)
    if not rules.can_complete_deadline(request.user, deadline):
        raise PermissionDenied
    services.deadline_complete(deadline=deadline)
    messages.success(request, _("The deadline is marked as done."))
    return redirect(deadline)


@login_required
@require_POST
def deadline_waive(request, pk):
    deadline = _visible_deadline(request, pk)
    if not rules.can_waive_deadline(request.user, deadline):
        raise PermissionDenied
    form = WaiveForm(request.POST)
    if not form.is_valid():
        return _detail(request, deadline, waive_form=form, status=400)
    services.deadline_waive(deadline=deadline, reason=form.cleaned_data["reason"])
    messages.success(request, _("The deadline is waived."))
    return redirect(deadline)
