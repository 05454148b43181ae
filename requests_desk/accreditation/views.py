"""Thin pages of accreditation (003 §8.3) and press events (003 §8.4): check a rule, call a
query or a service, render."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.attachments import content_type_of, download_name
from portal.directory.models import Agency
from portal.directory.queries import by_name
from portal.directory.rules import member_agency_ids, sees_every_agency
from portal.documents.views import document_response
from portal.forms import add_service_error

from . import cards, exports, queries, rules, services
from .forms import ApplyForm, PublicFilterForm, QuestionForm, QueueFilterForm, ReasonForm
from .models import Accreditation, PressRegistration

PER_PAGE = 25
PUBLIC_PER_PAGE = 50


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    """A journalist applies to an agency (003 §8.3)."""
    if not rules.can_apply(request.user):
        raise PermissionDenied
    user = request.user
    posted = request.method == "POST"
    form = ApplyForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"full_name": user.get_full_name(), "email": user.email},
    )
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            accreditation = services.accreditation_apply(journalist=user, **data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Your application was sent to the agency."))
            return redirect("accreditation:detail", pk=accreditation.pk)
    return render(
        request,
        "accreditation/apply.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def mine(request):
    """The user's own applications and accreditations, with their cards."""
    accreditations = queries.accreditations_for_user(request.user).filter(journalist=request.user)
    page = Paginator(accreditations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accreditation/mine.html",
        {
            "page": page,
            "can_apply": rules.can_apply(request.user),
            "works": rules.works_with_accreditation(request.user),
        },
    )


@login_required
@require_safe
def queue(request):
    """The agencies' applications and accreditations for their press secretaries (every
    agency's for the authorized body), filtered by state and kind; a constant number of
    queries."""
    if not rules.works_with_accreditation(request.user):
        raise PermissionDenied
    every = sees_every_agency(request.user)
    form = QueueFilterForm(
        request.GET or None, agencies=by_name(Agency.objects.all()) if every else None
    )
    accreditations = queries.accreditations_for_user(request.user)
    if not every:
        accreditations = accreditations.filter(agency__in=member_agency_ids(request.user))
    status = 200
    if form.is_bound and not form.is_valid():
        accreditations, status = accreditations.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["state"]:
            accreditations = accreditations.filter(state=data["state"])
        if data["kind"]:
            accreditations = accreditations.filter(kind=data["kind"])
        if data.get("agency"):
            accreditations = accreditations.filter(agency=data["agency"])
    page = Paginator(accreditations, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accreditation/queue.html",
        {"form": form, "page": page, "filtered": form.is_bound},
        status=status,
    )


def _accreditation_for(request, pk) -> Accreditation:
    """Another journalist's or agency's application is not there (404)."""
    accreditation = get_object_or_404(
        Accreditation.objects.select_related("agency", "journalist", "event", "decided_by"), pk=pk
    )
    if not rules.can_view(request.user, accreditation):
        raise Http404
    return accreditation


def _detail(request, accreditation, *, status=200, **bound):
    user = request.user
    forms = {}
    if rules.can_approve(user, accreditation):
        forms["approve"] = True
        forms["refuse"] = ReasonForm(prefix="refuse")
    if rules.can_revoke(user, accreditation):
        forms["revoke"] = ReasonForm(prefix="revoke")
    forms.update(bound)
    return render(
        request,
        "accreditation/detail.html",
        {
            "accreditation": accreditation,
            "documents": accreditation.documents.all(),
            "changes": accreditation.changes.select_related("actor"),
            "forms": forms,
            "card": rules.can_download_card(user, accreditation),
        },
        status=status,
    )


@login_required
@require_safe
def detail(request, pk):
    return _detail(request, _accreditation_for(request, pk))


def _decision(request, pk, *, allowed, act, name=None):
    accreditation = _accreditation_for(request, pk)
    if not allowed(request.user, accreditation):
        raise PermissionDenied
    data = {}
    if name is not None:
        form = ReasonForm(request.POST, prefix=name)
        if not form.is_valid():
            return _detail(request, accreditation, status=400, **{name: form})
        data = form.cleaned_data
    try:
        act(accreditation, data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("accreditation:detail", pk=accreditation.pk)


@login_required
@require_POST
def approve(request, pk):
    return _decision(
        request,
        pk,
        allowed=rules.can_approve,
        act=lambda a, data: services.accreditation_approve(accreditation=a, by=request.user),
    )


@login_required
@require_POST
def refuse(request, pk):
    return _decision(
        request,
        pk,
        allowed=rules.can_refuse,
        name="refuse",
        act=lambda a, data: services.accreditation_refuse(
            accreditation=a, by=request.user, reason=data["reason"]
        ),
    )


@login_required
@require_POST
def revoke(request, pk):
    return _decision(
        request,
        pk,
        allowed=rules.can_revoke,
        name="revoke",
        act=lambda a, data: services.accreditation_revoke(
            accreditation=a, by=request.user, reason=data["reason"]
        ),
    )


def _file_response(field, title: str):
    """An uploaded file, only after the permission check; never cached by others."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(
        handle,
        content_type=content_type_of(field.name),
        filename=download_name(title, field.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
def photo(request, pk):
    accreditation = _accreditation_for(request, pk)
    return _file_response(accreditation.photo, accreditation.full_name)


@login_required
@require_safe
def document(request, pk, document_pk):
    accreditation = _accreditation_for(request, pk)
    item = get_object_or_404(accreditation.documents, pk=document_pk)
    return _file_response(item.file, item.title)


@login_required
@require_safe
def card(request, pk):
    """The card as a PDF in the page's language, built in Celery (portal.documents)."""
    accreditation = _accreditation_for(request, pk)
    if not rules.can_download_card(request.user, accreditation):
        raise PermissionDenied
    return document_response(
        request,
        kind=exports.CARD,
        filters=exports.card_filters(accreditation),
        context={"title": _("Accreditation card"), "back_url": accreditation_url(accreditation)},
    )


def accreditation_url(accreditation) -> str:
    return reverse("accreditation:detail", kwargs={"pk": accreditation.pk})


@require_safe
def public_list(request, slug):
    """The journalists accredited at an agency today (003 §8.3), by name: public, without
    contacts or photos; two queries whatever the number of rows."""
    agency = get_object_or_404(Agency, slug=slug)
    form = PublicFilterForm(request.GET or None)
    accreditations = queries.accredited_journalists(agency)
    status = 200
    if form.is_bound and not form.is_valid():
        accreditations, status = accreditations.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["q"]:
            accreditations = accreditations.filter(
                Q(full_name__icontains=data["q"]) | Q(outlet__icontains=data["q"])
            )
        if data["kind"]:
            accreditations = accreditations.filter(kind=data["kind"])
    page = Paginator(accreditations, PUBLIC_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "accreditation/public_list.html",
        {"agency": agency, "form": form, "page": page, "filtered": form.is_bound},
        status=status,
    )


@require_safe
def verify(request, token):
    """The card's QR code leads here (003 §8.3): who is accredited, where and until when,
    and whether the accreditation is revoked or expired. A token the portal did not sign is
    a 404."""
    pk = cards.card_pk(token)
    accreditation = (
        Accreditation.objects.select_related("agency").filter(pk=pk).first() if pk else None
    )
    if accreditation is None:
        raise Http404
    response = render(request, "accreditation/verify.html", {"accreditation": accreditation})
    patch_cache_control(response, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- Press events (003 §8.4) -------------------------------------------------------------


@login_required
@require_safe
def press_events(request):
    """The coming press conferences, briefings and interviews the user may attend or runs."""
    events = queries.press_events_for_user(request.user)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    registered = set(
        PressRegistration.objects.filter(
            journalist=request.user, event__in=[event.pk for event in page.object_list]
        ).values_list("event_id", flat=True)
    )
    return render(
        request,
        "accreditation/press_events.html",
        {"page": page, "registered": registered},
    )


def _event_for(request, pk):
    Event = apps.get_model("eventgrid", "Event")
    event = get_object_or_404(Event.objects.select_related("agency"), pk=pk)
    if not (services.is_press_event(event) or rules.can_see_press_event(request.user, event)):
        raise Http404
    return event


def _press_event_page(request, event, *, status=200, question_form=None):
    return render(
        request,
        "accreditation/press_event.html",
        {
            "event": event,
            "registrations": queries.registrations(event),
            "question_form": question_form or QuestionForm(),
            "can_record": rules.can_record_question(request.user, event),
        },
        status=status,
    )


@login_required
@require_safe
def press_event(request, pk):
    """Who registered for the event, and the questions turned into media requests."""
    event = _event_for(request, pk)
    if not rules.can_see_press_event(request.user, event):
        raise PermissionDenied
    return _press_event_page(request, event)


@login_required
@require_POST
def press_register(request, pk):
    event = _event_for(request, pk)
    try:
        services.press_register(event=event, journalist=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("You are registered for the event."))
    return redirect("accreditation:press_events")


@login_required
@require_POST
def press_unregister(request, pk):
    event = _event_for(request, pk)
    try:
        services.press_unregister(event=event, journalist=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("accreditation:press_events")


@login_required
@require_POST
def press_question(request, pk):
    """Staff record a question left unanswered: it becomes a media request at once."""
    event = _event_for(request, pk)
    if not rules.can_record_question(request.user, event):
        raise PermissionDenied
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _press_event_page(request, event, status=400, question_form=form)
    registration = PressRegistration.objects.filter(
        event=event, pk=form.cleaned_data["registration"]
    ).first()
    if registration is None:
        form.add_error("registration", _("Choose a journalist registered for this event."))
        return _press_event_page(request, event, status=400, question_form=form)
    try:
        question = services.question_to_media_request(
            registration=registration, text=form.cleaned_data["text"], by=request.user
        )
    except ValidationError as error:
        add_service_error(form, error)
        return _press_event_page(request, event, status=400, question_form=form)
    messages.success(
        request,
        _("The question is registered as media request %(number)s.")
        % {"number": question.media_request.number},
    )
    return redirect("accreditation:press_event", pk=event.pk)
