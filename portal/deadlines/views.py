import datetime as dt

import icalendar
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from ..calendar import working_calendar
from ..directory import queries as directory_queries
from ..directory import rules as directory_rules
from ..documents.views import document_response
from . import exports, rules, services
from .computation import due_for_calculator, explain
from .forms import (
    CalculatorForm,
    ComplianceFilterForm,
    DeadlineFilterForm,
    DoneForm,
    ReopenForm,
    WaiveForm,
)
from .models import CalendarFeed, Deadline
from .queries import (
    deadline_compliance,
    deadlines_for_feed,
    deadlines_for_user,
)


@login_required
def deadline_list(request):
    """The user's agency calendar of deadlines; every agency's for the authorized body."""
    form = DeadlineFilterForm(
        request.GET or {"state": "pending"},
        agencies=directory_queries.agencies_changeable_by(request.user),
    )
    deadlines = deadlines_for_user(request.user)
    if form.is_valid():
        state = form.cleaned_data["state"]
        if state == "pending":
            deadlines = deadlines.pending()
        elif state:
            deadlines = deadlines.filter(state=state)
        if form.cleaned_data["rule"]:
            deadlines = deadlines.filter(rule=form.cleaned_data["rule"])
        if form.cleaned_data["agency"]:
            deadlines = deadlines.filter(agency=form.cleaned_data["agency"])
    else:
        deadlines = deadlines.none()
    page = Paginator(deadlines.order_by("due_at", "pk"), 50).get_page(request.GET.get("page"))
    can_have_feed = rules.can_view_deadlines(request.user)
    return render(
        request,
        "deadlines/deadline_list.html",
        {
            "form": form,
            "page": page,
            "can_have_feed": can_have_feed,
            "feed": CalendarFeed.objects.for_user(request.user) if can_have_feed else None,
        },
    )


def _visible_deadline(request, pk):
    return get_object_or_404(deadlines_for_user(request.user), pk=pk)


def _detail(request, deadline, *, done_form=None, waive_form=None, reopen_form=None, status=200):
    return render(
        request,
        "deadlines/deadline_detail.html",
        {
            "deadline": deadline,
            "explanation": explain(deadline, calendar=working_calendar()),
            "reminders": deadline.reminders.order_by("created_at"),
            "events": deadline.events.select_related("actor"),
            "can_complete": rules.can_complete_deadline(request.user, deadline),
            "can_waive": rules.can_waive_deadline(request.user, deadline),
            "can_reopen": rules.can_reopen_deadline(request.user, deadline),
            "done_form": done_form or DoneForm(),
            "waive_form": waive_form or WaiveForm(),
            "reopen_form": reopen_form or ReopenForm(),
        },
        status=status,
    )


@login_required
def deadline_detail(request, pk):
    return _detail(request, _visible_deadline(request, pk))


def _deadline_action(request, pk, *, allowed, form_class, form_name, act, success):
    """Every action of a deadline's page: check the rule, check the form (the page again with
    its errors, 400), call the one service, say what happened."""
    deadline = _visible_deadline(request, pk)
    if not allowed(request.user, deadline):
        raise PermissionDenied
    form = form_class(request.POST)
    if not form.is_valid():
        return _detail(request, deadline, status=400, **{form_name: form})
    try:
        done = act(deadline, form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if done:
            messages.success(request, success)
    return redirect(deadline)


@login_required
@require_POST
def deadline_complete(request, pk):
    return _deadline_action(
        request,
        pk,
        allowed=rules.can_complete_deadline,
        form_class=DoneForm,
        form_name="done_form",
        act=lambda deadline, data: services.deadline_complete(
            deadline=deadline, by=request.user, comment=data["comment"]
        ),
        success=_("The deadline is marked as done."),
    )


@login_required
@require_POST
def deadline_waive(request, pk):
    return _deadline_action(
        request,
        pk,
        allowed=rules.can_waive_deadline,
        form_class=WaiveForm,
        form_name="waive_form",
        act=lambda deadline, data: services.deadline_waive(
            deadline=deadline, by=request.user, reason=data["reason"]
        ),
        success=_("The deadline is waived."),
    )


@login_required
@require_POST
def deadline_reopen(request, pk):
    """The authorized body reopens a deadline done by mistake; it counts again."""
    return _deadline_action(
        request,
        pk,
        allowed=rules.can_reopen_deadline,
        form_class=ReopenForm,
        form_name="reopen_form",
        act=lambda deadline, data: services.deadline_reopen(
            deadline=deadline, by=request.user, reason=data["reason"]
        ),
        success=_("The deadline is open again."),
    )


@login_required
@require_safe
def deadline_calculator(request):
    """When something arriving now (or at a given moment) is due under an active rule, and
    why: the same explanation as a deadline's page, for an unsaved deadline."""
    if not rules.can_view_deadlines(request.user):
        raise PermissionDenied
    form = CalculatorForm(request.GET or None, now=timezone.now())
    deadline, explanation, status = None, None, 200
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        rule, calendar = form.cleaned_data["rule"], working_calendar()
        due = due_for_calculator(rule, start=form.start, calendar=calendar)
        deadline = Deadline(
            rule=rule, starts_on=due.starts_on, due_at=due.due_at, computation=due.computation
        )
        explanation = explain(deadline, calendar=calendar)
    return render(
        request,
        "deadlines/calculator.html",
        {"form": form, "deadline": deadline, "explanation": explanation},
        status=status,
    )


def _compliance_form(request) -> ComplianceFilterForm:
    """The compliance filters, for the authorized body only."""
    if not directory_rules.sees_every_agency(request.user):
        raise PermissionDenied
    return ComplianceFilterForm(request.GET, today=timezone.localdate())


@login_required
@require_GET
def deadline_compliance_table(request):
    """Agencies × rules for the authorized body: what fell due in a period and how it was
    kept (004 §8, §10; SPEC §8)."""
    form, report = _compliance_form(request), None
    if form.is_valid():
        data = form.cleaned_data
        report = deadline_compliance(
            first=data["due_after"],
            last=data["due_before"],
            region=data["region"],
            kind=data["kind"],
        )
    return render(
        request,
        "deadlines/compliance.html",
        {"form": form, "report": report},
    )


@login_required
@require_GET
def deadline_compliance_xlsx(request):
    """The compliance table as a spreadsheet, with the same filters as the page: built in
    Celery (a progress page meanwhile), then served from storage until a deadline changes."""
    form = _compliance_form(request)
    if not form.is_valid():
        return render(
            request, "deadlines/compliance.html", {"form": form, "report": None}, status=400
        )
    return document_response(
        request,
        kind=exports.COMPLIANCE,
        filters=exports.compliance_filters(form.cleaned_data),
        context={
            "title": _("Compliance with deadlines"),
            "back_url": reverse("deadlines:deadline_compliance"),
        },
    )


@login_required
@require_POST
def deadline_feed_regenerate(request):
    """Give the user a calendar address, or a new one that replaces the old."""
    calendar_feed_renew(request)
    return redirect("deadlines:deadline_list")


def calendar_feed_renew(request) -> None:
    """The calendar-address request of the deadline list and the profile page: who may,
    the new address, and the message saying whether an old one stopped working."""
    if not rules.can_view_deadlines(request.user):
        raise PermissionDenied
    had_feed = CalendarFeed.objects.filter(user=request.user).exists()
    services.calendar_feed_regenerate(user=request.user)
    if had_feed:
        messages.success(
            request, _("The calendar has a new address; the old address no longer works.")
        )
    else:
        messages.success(request, _("Your calendar address is ready."))


@require_safe
def deadline_feed(request, token):
    """The pending deadlines of the token's user as an ICS calendar; no sign-in, the secret
    address is the key. Named in the user's preferred language."""
    feed = get_object_or_404(
        CalendarFeed.objects.select_related("user"), token=token, user__is_active=True
    )
    user = feed.user
    with translation.override(user.preferred_language):
        calendar = icalendar.Calendar()
        calendar.add("prodid", "-//Press Office Portal//Deadlines//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("x-wr-calname", f"{_('Deadlines')} · {_('Press Office Portal')}")
        calendar.add("x-wr-timezone", settings.TIME_ZONE)
        for deadline in deadlines_for_feed(user):
            calendar.add_component(_feed_event(deadline))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="deadlines.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


def _feed_event(deadline) -> icalendar.Event:
    """One deadline as an event at its due moment, named in the active language."""
    agency = deadline.agency
    link = settings.PORTAL_BASE_URL + deadline.get_absolute_url()
    event = icalendar.Event()
    event.add("uid", f"deadline-{deadline.pk}@press-office-portal")
    event.add("dtstamp", deadline.updated_at.astimezone(dt.UTC))
    event.add("dtstart", deadline.due_at.astimezone(dt.UTC))
    event.add("summary", f"{deadline.rule.name} — {agency.short_name or agency.name}")
    event.add("description", f"{deadline.rule.description}\n\n{link}")
    event.add("url", link)
    return event
