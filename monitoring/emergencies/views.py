"""Thin pages of the emergencies (000 §5): the staff list and an incident's page with its
timeline and one POST per step (each calls one service), and the public pages of official
statements in the page's language (000 §6.4–6.5)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import queries, rules, services
from .forms import (
    AddAgencyForm,
    CloseForm,
    IncidentFilterForm,
    IncidentForm,
    StatementForm,
    translations,
)
from .models import Incident, OfficialStatement

INCIDENTS_PER_PAGE = 25


def _staff(request) -> None:
    if not rules.works_with_emergencies(request.user):
        raise PermissionDenied


@login_required
@require_safe
def incident_list(request):
    """Every incident, newest first, filtered by state; two queries per page."""
    _staff(request)
    form = IncidentFilterForm(request.GET or None)
    incidents = queries.incidents_for_staff()
    status = 200
    if form.is_bound and not form.is_valid():
        incidents, status = incidents.none(), 400
    elif form.is_bound and form.cleaned_data["state"]:
        incidents = incidents.filter(state=form.cleaned_data["state"])
    page = Paginator(incidents, INCIDENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "emergencies/incident_list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.is_bound,
            "can_open": rules.can_open_incident(request.user),
        },
        status=status,
    )


def _posted(request):
    """The form's data on a POST, even an empty one (an unbound form would show as 200)."""
    return request.POST if request.method == "POST" else None


def _form_error(form, error: ValidationError) -> None:
    form.add_error(None, error.messages)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def incident_new(request):
    """Open an emergency: the authorized body's staff, as its coordinator (000 §5.1)."""
    if not rules.can_open_incident(request.user):
        raise PermissionDenied
    form = IncidentForm(
        _posted(request),
        coordinators=rules.coordinator_choices(request.user),
        with_agencies=True,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            incident = services.incident_open(
                by=request.user,
                coordinator=data["coordinator"],
                title=translations(data, "title"),
                kind=data["kind"],
                region=data["region"],
                started_at=data["started_at"],
                agencies=data["agencies"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("emergencies:incident_detail", pk=incident.pk)
    return render(
        request,
        "emergencies/incident_form.html",
        {"form": form, "incident": None},
        status=400 if form.errors else 200,
    )


def _incident(pk) -> Incident:
    return get_object_or_404(Incident.objects.select_related("coordinator"), pk=pk)


def _detail(request, incident, *, status=200, **bound):
    user = request.user
    involved = queries.involved_agencies(incident)
    forms = {}
    if rules.can_coordinate(user, incident):
        forms["agency"] = AddAgencyForm(incident=incident)
        forms["close"] = CloseForm()
    speaks_for = rules.statement_agencies(user, incident, involved)
    if speaks_for:
        forms["statement"] = StatementForm(agencies=speaks_for)
    forms.update(bound)
    statements = list(queries.statements_for_user(incident, user))
    for statement in statements:
        statement.editable = rules.can_work_on_statement(user, statement)
    return render(
        request,
        "emergencies/incident_detail.html",
        {
            "incident": incident,
            "involved": involved,
            "statements": statements,
            "history": queries.incident_history(incident),
            "forms": forms,
            "can_coordinate": rules.can_coordinate(user, incident),
        },
        status=status,
    )


@login_required
@require_safe
def incident_detail(request, pk):
    _staff(request)
    return _detail(request, _incident(pk))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def incident_edit(request, pk):
    _staff(request)
    incident = _incident(pk)
    if not rules.can_coordinate(request.user, incident):
        raise PermissionDenied
    initial = {
        "kind": incident.kind,
        "region": incident.region,
        "started_at": incident.started_at,
        **{f"title_{code}": getattr(incident, f"title_{code}") for code in services.LANGUAGES},
    }
    form = IncidentForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.incident_update(
                incident=incident,
                by=request.user,
                title=translations(data, "title"),
                kind=data["kind"],
                region=data["region"],
                started_at=data["started_at"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("emergencies:incident_detail", pk=incident.pk)
    return render(
        request,
        "emergencies/incident_form.html",
        {"form": form, "incident": incident},
        status=400 if form.errors else 200,
    )


def _step(request, incident, *, form, name, act):
    """A POST of one step: the form, the service; a refusal shows the page again (400)."""
    if not form.is_valid():
        return _detail(request, incident, status=400, **{name: form})
    try:
        act(form.cleaned_data)
    except ValidationError as error:
        _form_error(form, error)
        return _detail(request, incident, status=400, **{name: form})
    return redirect("emergencies:incident_detail", pk=incident.pk)


@login_required
@require_POST
def incident_add_agency(request, pk):
    _staff(request)
    incident = _incident(pk)
    if not rules.can_coordinate(request.user, incident):
        raise PermissionDenied
    return _step(
        request,
        incident,
        form=AddAgencyForm(request.POST, incident=incident),
        name="agency",
        act=lambda data: services.incident_add_agency(
            incident=incident, agency=data["agency"], by=request.user
        ),
    )


@login_required
@require_POST
def incident_close(request, pk):
    _staff(request)
    incident = _incident(pk)
    if not rules.can_coordinate(request.user, incident):
        raise PermissionDenied
    return _step(
        request,
        incident,
        form=CloseForm(request.POST),
        name="close",
        act=lambda data: services.incident_close(
            incident=incident, by=request.user, reason=data["reason"]
        ),
    )


@login_required
@require_POST
def statement_new(request, pk):
    _staff(request)
    incident = _incident(pk)
    agencies = rules.statement_agencies(request.user, incident, queries.involved_agencies(incident))
    if not agencies:
        raise PermissionDenied
    return _step(
        request,
        incident,
        form=StatementForm(request.POST, agencies=agencies),
        name="statement",
        act=lambda data: services.statement_draft(
            incident=incident,
            agency=data["agency"],
            by=request.user,
            text=translations(data, "text"),
        ),
    )


def _statement(request, pk) -> OfficialStatement:
    """Another agency's draft is not there (404); a published one is not changed (403)."""
    statement = get_object_or_404(
        OfficialStatement.objects.select_related("incident__coordinator", "agency"), pk=pk
    )
    if not rules.can_view_statement(request.user, statement):
        raise Http404
    if not rules.can_work_on_statement(request.user, statement):
        raise PermissionDenied
    return statement


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def statement_edit(request, pk):
    _staff(request)
    statement = _statement(request, pk)
    initial = {f"text_{code}": getattr(statement, f"text_{code}") for code in services.LANGUAGES}
    form = StatementForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_draft(
                incident=statement.incident,
                agency=statement.agency,
                by=request.user,
                text=translations(form.cleaned_data, "text"),
                statement=statement,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            return redirect("emergencies:incident_detail", pk=statement.incident_id)
    return render(
        request,
        "emergencies/statement_form.html",
        {"form": form, "statement": statement},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def statement_publish(request, pk):
    _staff(request)
    statement = _statement(request, pk)
    try:
        services.statement_publish(statement=statement, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect("emergencies:incident_detail", pk=statement.incident_id)


# --- The public pages ------------------------------------------------------------------


@require_safe
def public_list(request):
    """Emergencies with official statements, newest first (one query per page)."""
    page = Paginator(queries.public_incidents(), INCIDENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "emergencies/public_list.html", {"page": page})


@require_safe
def public_detail(request, pk):
    """An emergency's published statements in the page's language, oldest first, for
    reading and printing. Drafts are never here; without a published statement, 404."""
    incident = get_object_or_404(queries.public_incidents(), pk=pk)
    return render(
        request,
        "emergencies/public_detail.html",
        {"incident": incident, "statements": queries.public_statements(incident)},
    )
