"""Thin pages of publication requests (002 §8–14): the week's queue, the hand-over form,
a request's page with one POST per step (each calls one service) and its files."""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.attachments import content_type_of, download_name
from portal.calendar import working_calendar
from portal.deadlines.computation import explain
from portal.directory.models import Agency
from portal.directory.queries import by_name
from portal.directory.rules import member_agency_ids, sees_every_agency
from portal.forms import add_service_error

from . import queries, rules, services
from .forms import EditForm, HandOverForm, PostForm, QueueFilterForm
from .models import PublicationFile, PublicationRequest

PER_PAGE = 25


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


@login_required
@require_safe
def publication_list(request):
    """The press secretary's queue of a week (this week unless `week` names one): the
    material to be published that week, its stage, the due moment of the stage and a late
    hand-over flagged; filtered by stage, kind and lateness. Constant queries."""
    if not rules.works_with_publications(request.user):
        raise PermissionDenied
    every = sees_every_agency(request.user)
    form = QueueFilterForm(
        request.GET or None, agencies=by_name(Agency.objects.all()) if every else None
    )
    monday = _monday(timezone.localdate())
    items = queries.publications_for_user(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        items, status = items.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        monday = data["week"] or monday
        if data["stage"]:
            items = items.filter(stage=data["stage"])
        if data["kind"]:
            items = items.filter(kind=data["kind"])
        if data["late"]:
            items = items.filter(is_late=True)
        if data.get("agency"):
            items = items.filter(agency=data["agency"])
    items = queries.in_week(items, monday)
    page = Paginator(items, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "publications/publication_list.html",
        {
            "form": form,
            "page": page,
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "previous_week": queries.week_label(monday - dt.timedelta(days=7)),
            "next_week": queries.week_label(monday + dt.timedelta(days=7)),
            "can_hand_over": bool(member_agency_ids(request.user)) or request.user.is_superuser,
        },
        status=status,
    )


def _hand_over_agencies(user):
    agencies = Agency.objects.all()
    if not user.is_superuser:
        agencies = agencies.filter(pk__in=member_agency_ids(user))
    return by_name(agencies)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def publication_new(request):
    """A unit's hand-over of material for the website (002 §10–11)."""
    agencies = list(_hand_over_agencies(request.user))
    if not agencies:
        raise PermissionDenied
    form = HandOverForm(
        request.POST or None, request.FILES or None, agencies=_hand_over_agencies(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not rules.can_hand_over(request.user, data["agency"]):
            raise PermissionDenied
        try:
            publication = services.publication_hand_over(by=request.user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if publication.is_late:
                messages.warning(
                    request, _("The material is handed over later than its lead time allows.")
                )
            else:
                messages.success(request, _("The material is handed over to the press secretary."))
            return redirect(publication)
    return render(
        request,
        "publications/publication_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _visible(request, pk) -> PublicationRequest:
    """Another agency's request is not there (404)."""
    publication = get_object_or_404(PublicationRequest.objects.select_related("agency"), pk=pk)
    if not rules.can_view_publication(request.user, publication):
        raise Http404
    return publication


def _detail(request, publication, *, status=200, edit_form=None, post_form=None):
    calendar = working_calendar()
    deadlines = [
        (deadline, explain(deadline, calendar=calendar))
        for deadline in queries.publication_deadlines(publication)
    ]
    user = request.user
    return render(
        request,
        "publications/publication_detail.html",
        {
            "publication": publication,
            "deadlines": deadlines,
            "events": publication.events.select_related("actor"),
            "files": publication.files.all(),
            "can": {step: rules.can_take_step(user, publication, step) for step in rules.STEP_FROM},
            "edit_form": edit_form
            or EditForm(initial={"edited_text": publication.edited_text or publication.text}),
            "post_form": post_form or PostForm(),
        },
        status=status,
    )


@login_required
@require_safe
def publication_detail(request, pk):
    return _detail(request, _visible(request, pk))


def _step(request, pk, step: str):
    publication = _visible(request, pk)
    if not rules.can_take_step(request.user, publication, step):
        raise PermissionDenied
    return publication


def _done(request, publication, success: str):
    messages.success(request, success)
    return redirect(publication)


def _act(request, publication, act, success: str):
    """A button's one service call; its refusal (the stage moved meanwhile) is flashed."""
    try:
        act()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(publication)
    return _done(request, publication, success)


@login_required
@require_POST
def publication_edit(request, pk):
    publication = _step(request, pk, "edit")
    form = EditForm(request.POST)
    if form.is_valid():
        try:
            services.publication_edit(
                publication=publication, by=request.user, text=form.cleaned_data["edited_text"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _done(request, publication, _("The edited text is saved."))
    return _detail(request, publication, status=400, edit_form=form)


@login_required
@require_POST
def publication_translation(request, pk):
    publication = _step(request, pk, "translation")
    return _act(
        request,
        publication,
        lambda: services.publication_send_for_translation(publication=publication, by=request.user),
        _("The material is sent for translation."),
    )


@login_required
@require_POST
def publication_translated(request, pk):
    publication = _step(request, pk, "translated")
    return _act(
        request,
        publication,
        lambda: services.publication_mark_translated(publication=publication, by=request.user),
        _("The translation is recorded."),
    )


@login_required
@require_POST
def publication_post(request, pk):
    publication = _step(request, pk, "post")
    form = PostForm(request.POST)
    if form.is_valid():
        try:
            services.publication_post(
                publication=publication, by=request.user, url=form.cleaned_data["posted_url"]
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return _done(request, publication, _("The publication is recorded as posted."))
    return _detail(request, publication, status=400, post_form=form)


@login_required
@require_safe
def publication_file(request, pk, file_pk):
    """A file handed over, for whoever may see the request (else 404), as a download."""
    publication = _visible(request, pk)
    stored = get_object_or_404(PublicationFile, pk=file_pk, request=publication)
    try:
        file = stored.file.storage.open(stored.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=download_name(stored.title.rsplit(".", 1)[0], stored.file.name),
        content_type=content_type_of(stored.file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
