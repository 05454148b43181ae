from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..deadlines.queries import LONG_OVERDUE, deadlines_due_soon, deadlines_long_overdue
from ..documents.services import publication_version
from ..documents.views import cache_published_page, document_response
from . import exports, queries, rules, services
from .choices import AWAITING_REVIEW, AgencyStatus, ReviewState
from .forms import (
    AgencyFilterForm,
    DirectorySearchForm,
    SpokespersonAppointForm,
    SpokespersonEditForm,
)
from .models import Agency, Membership, Spokesperson

DIRECTORY_PAGE_SIZE = 25
DASHBOARD_DEADLINES = 8
AGENCY_PAGE_SIZE = 50


def home(request):
    counts = Agency.objects.aggregate(
        agencies=Count("pk", filter=Q(status=AgencyStatus.ACTIVE)),
        regions=Count("region", distinct=True, filter=~Q(region="")),
    )
    counts["spokespersons"] = Spokesperson.objects.published().current().count()
    return render(request, "directory/home.html", {"counts": counts})


def _directory_queryset(request):
    """The directory rows the user may see, narrowed by a valid search form."""
    form = DirectorySearchForm(request.GET or None)
    queryset = queries.spokespersons_for_user(request.user)
    if form.is_bound and not form.is_valid():
        return form, queryset.none()
    data = form.cleaned_data if form.is_bound else {}
    if not data.get("former"):
        queryset = queryset.current()
    queryset = queries.directory_search(
        queryset,
        text=data.get("q", ""),
        agency=data["agency"].pk if data.get("agency") else None,
        region=data.get("region", ""),
    )
    return form, queries.by_name(queryset, "agency__", "")


@cache_published_page(exports.PUBLICATION)
def spokesperson_list(request):
    form, queryset = _directory_queryset(request)
    page = Paginator(queryset, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/spokesperson_list.html",
        {
            "form": form,
            "page": page,
            "directory_version": publication_version(exports.PUBLICATION),
        },
    )


def spokesperson_list_pdf(request):
    """The published directory as a PDF, built in Celery and stored per language, version
    and filter (`portal.documents`); a bad filter answers 400 with the form's errors."""
    form = DirectorySearchForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "directory/spokesperson_list.html",
            {
                "form": form,
                "page": Paginator(Spokesperson.objects.none(), DIRECTORY_PAGE_SIZE).get_page(1),
                "directory_version": publication_version(exports.PUBLICATION),
            },
            status=400,
        )
    return document_response(
        request,
        kind="directory",
        filters=exports.directory_filters(form.cleaned_data if form.is_bound else {}),
        context={
            "title": _("Directory of spokespersons"),
            "back_url": reverse("directory:spokesperson_list"),
        },
    )


@cache_published_page(exports.PUBLICATION)
def agency_list(request):
    form = AgencyFilterForm(request.GET or None)
    agencies = queries.by_name(Agency.objects.select_related("parent"))
    if form.is_bound and not form.is_valid():
        agencies = agencies.none()
    elif form.is_bound:
        agencies = queries.agency_search(
            agencies,
            text=form.cleaned_data["q"],
            kind=form.cleaned_data["kind"],
            region=form.cleaned_data["region"],
        )
    page = Paginator(agencies, AGENCY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/agency_list.html",
        {"form": form, "page": page},
    )


@cache_published_page(exports.PUBLICATION)
def agency_detail(request, slug):
    agency = get_object_or_404(queries.agency_with_history(Agency.objects, request.user), slug=slug)
    appointments = agency.visible_spokespersons
    today = timezone.localdate()
    return render(
        request,
        "directory/agency_detail.html",
        {
            "agency": agency,
            "current": [s for s in appointments if s.is_current(on=today)],
            "coming": [
                s for s in appointments if not s.has_left(on=today) and not s.is_current(on=today)
            ],
            "history": [s for s in appointments if s.is_published and s.has_left(on=today)],
            "show_private": rules.can_view_agency_private_data(request.user, agency),
            "can_appoint": rules.can_change_agency(request.user, agency) and agency.is_active,
            "can_review": rules.can_confirm_spokesperson(request.user),
        },
    )


@login_required
def spokesperson_appoint(request, slug):
    """A press office records a new appointment; the ministry confirms it in the admin."""
    agency = get_object_or_404(Agency, slug=slug)
    if not rules.can_change_agency(request.user, agency):
        raise PermissionDenied
    form = SpokespersonAppointForm(request.POST or None, instance=Spokesperson(agency=agency))
    if form.is_valid():
        try:
            services.spokesperson_record(spokesperson=form.save(commit=False), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "The appointment is recorded. It appears in the public directory once the authorized body confirms it."
                ),
            )
            return redirect(agency)
    return render(
        request,
        "directory/spokesperson_form.html",
        {
            "form": form,
            "agency": agency,
            "heading": _("Record a new appointment"),
            "submit_label": _("Record the appointment"),
        },
    )


@login_required
def spokesperson_edit(request, pk):
    """The agency corrects an entry; a confirmed one waits for the ministry (004 §4)."""
    spokesperson = get_object_or_404(queries.spokespersons_for_user(request.user), pk=pk)
    if not rules.can_change_spokesperson(request.user, spokesperson):
        raise PermissionDenied
    agency = spokesperson.agency
    if not agency.is_active or spokesperson.has_left():
        raise PermissionDenied(_("The entry of a former spokesperson or agency is history."))
    form = SpokespersonEditForm(
        request.POST or None, instance=Spokesperson.objects.get(pk=pk).with_pending_changes()
    )
    if form.is_valid():
        try:
            updated = services.spokesperson_update(
                spokesperson=spokesperson, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if updated.review_state == ReviewState.CHANGE_AWAITING:
                messages.success(
                    request,
                    _(
                        "The change is sent to the authorized body; the directory shows it once confirmed."
                    ),
                )
            else:
                messages.success(request, _("The entry is saved."))
            return redirect(agency)
    return render(
        request,
        "directory/spokesperson_form.html",
        {
            "form": form,
            "agency": agency,
            "editing": True,
            "heading": _("Correct the entry of %(name)s") % {"name": spokesperson.full_name},
            "submit_label": _("Save"),
        },
    )


@login_required
def dashboard(request):
    memberships = Membership.objects.filter(user=request.user).select_related("agency")
    pending = None
    if rules.can_confirm_spokesperson(request.user):
        pending = Spokesperson.objects.filter(review_state__in=AWAITING_REVIEW).count()
    # What is coming (and what was just missed), apart from what is long overdue.
    now = timezone.now()
    long_overdue = deadlines_long_overdue(request.user, now=now)
    return render(
        request,
        "directory/dashboard.html",
        {
            "memberships": memberships,
            "pending": pending,
            "upcoming": deadlines_due_soon(request.user, now=now)[:DASHBOARD_DEADLINES],
            "long_overdue": long_overdue[:DASHBOARD_DEADLINES],
            "long_overdue_count": long_overdue.count(),
            "long_overdue_days": LONG_OVERDUE.days,
        },
    )
