"""Thin pages of the requests desk: the public form and tracking page, the agency's inbox
and a request's page with one POST per transition (each calls one service)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.attachments import content_type_of, download_name
from portal.calendar import working_calendar
from portal.directory.models import Agency
from portal.directory.queries import by_name
from portal.directory.rules import member_agency_ids, sees_every_agency
from portal.documents.views import document_response
from portal.forms import add_service_error
from portal.middleware import client_address
from portal.ratelimit import within_limit

from . import clock as clocks
from . import exports, queries, rules, services
from .choices import ReferenceKind, RequestAction
from .forms import (
    AnswerForm,
    AssignForm,
    CommentForm,
    ExtendForm,
    InboxFilterForm,
    RedirectForm,
    ReferenceAnswerForm,
    ReferenceFilterForm,
    ReferenceForm,
    RefuseForm,
    RequestForm,
    SendForm,
    StatisticsForm,
    TemplateChoiceForm,
)
from .models import (
    InformationRequest,
    ReferenceAnswer,
    ReferenceFile,
    ReferenceRequest,
    RequestAttachment,
)

REQUESTS_PER_PAGE = 25
SENT_SESSION_KEY = "requests_desk_sent"


def _private(response):
    """A page behind a secret link: never cached, never sent on as a referrer."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request):
    """The public form (002 §36). A robot's post (the honeypot) is answered as if sent;
    beyond REQUESTS_PUBLIC_PER_HOUR from one address the form is refused with a message."""
    form = RequestForm(
        request.POST or None, request.FILES or None, initial={"language": get_language()}
    )
    if request.method == "POST":
        if form.is_robot():
            return redirect("requests_desk:request_sent")
        if form.is_valid():
            limit = settings.REQUESTS_PUBLIC_PER_HOUR
            if not within_limit(f"requests:new:{client_address(request)}", limit=limit):
                form.add_error(None, _("Too many requests from your address. Try again later."))
            else:
                data = dict(form.cleaned_data)
                del data["website"]
                files = data.pop("attachments")
                try:
                    case, _token = services.request_receive(**data, files=files)
                except ValidationError as error:
                    add_service_error(form, error)
                else:
                    request.session[SENT_SESSION_KEY] = case.pk
                    return redirect("requests_desk:request_sent")
    return render(
        request,
        "requests_desk/request_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@require_safe
def request_sent(request):
    """What was registered: the number and the due date; the link went by e-mail."""
    pk = request.session.get(SENT_SESSION_KEY)
    case = InformationRequest.objects.filter(pk=pk).select_related("agency").first() if pk else None
    return _private(render(request, "requests_desk/request_sent.html", {"case": case}))


@require_safe
def request_track(request, token: str):
    """The requester's page (002 §36): the public timeline, the due date and the outcome.
    Any other token is a 404 that shows nothing."""
    case = queries.request_for_token(token)
    if case is None:
        raise Http404
    calendar = working_calendar()
    clock = queries.request_clock(case, calendar=calendar)
    answer = getattr(case, "answer", None) if case.outcome else None
    events = _name_redirections(list(queries.request_timeline(case, public_only=True)))
    return _private(
        render(
            request,
            "requests_desk/request_track.html",
            {
                "case": case,
                "clock": clock,
                "explanation": clocks.explain(clock, calendar=calendar),
                "events": events,
                "answer": answer if answer and answer.sent_at else None,
            },
        )
    )


def _name_redirections(events) -> list:
    """Each redirection event with the agency it went to as `agency` (one query)."""
    redirections = [event for event in events if event.action == RequestAction.REDIRECTED]
    agencies = Agency.objects.in_bulk([event.data["agency"] for event in redirections])
    for event in redirections:
        event.agency = agencies.get(event.data["agency"])
    return events


@login_required
@require_safe
def request_list(request):
    """The inbox: the requests of the user's agencies (every agency's for the authorized
    body), filtered by state, channel, due soon or overdue; three queries whatever the
    number of requests."""
    if not rules.works_with_requests(request.user):
        raise PermissionDenied
    every = sees_every_agency(request.user)
    form = InboxFilterForm(
        request.GET or None, agencies=by_name(Agency.objects.all()) if every else None
    )
    cases = queries.requests_for_user(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        cases, status = cases.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["state"]:
            cases = cases.filter(state=data["state"])
        if data["channel"]:
            cases = cases.filter(channel=data["channel"])
        if data["due"]:
            cases = queries.requests_due(cases, data["due"])
        if data.get("agency"):
            cases = cases.filter(agency=data["agency"])
    page = Paginator(cases, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "requests_desk/request_list.html",
        {"form": form, "page": page, "filtered": form.is_bound},
        status=status,
    )


def _case_for(request, pk) -> InformationRequest:
    """Another agency's request is not there (404)."""
    case = get_object_or_404(InformationRequest.objects.select_related("agency"), pk=pk)
    if not rules.can_view_request(request.user, case):
        raise Http404
    return case


def _detail(request, case, *, status=200, **bound):
    """The request's page with the forms of what the user may do now; `bound` carries a
    form posted with errors, shown again."""
    user = request.user
    calendar = working_calendar()
    clock = queries.request_clock(case, calendar=calendar)
    answer = getattr(case, "answer", None)
    forms = {}
    if rules.can_work_on(user, case):
        forms["assign"] = AssignForm(agency=case.agency)
        forms["redirect"] = RedirectForm(exclude=case.agency)
        text = answer.text if answer else ""
        chosen = TemplateChoiceForm(
            request.GET if "template" in request.GET else None,
            templates=queries.templates_for(case),
        )
        if chosen.is_bound and chosen.is_valid():
            text = chosen.cleaned_data["template"].body_in(case.language)
        elif chosen.is_bound:
            status = 400
        forms["template"] = chosen
        forms["draft"] = AnswerForm(initial={"text": text, "language": case.language})
    if rules.can_extend(user, case, clock=clock):
        forms["extend"] = ExtendForm(limit=clock.extension_limit)
    if rules.can_approve(user, case):
        forms["approve"] = True
    if rules.can_send(user, case):
        forms["send"] = SendForm()
    if rules.can_refuse(user, case):
        forms["refuse"] = RefuseForm()
    if rules.can_comment(user, case):
        forms["comment"] = CommentForm()
    forms.update(bound)
    events = _name_redirections(list(queries.request_timeline(case)))
    return render(
        request,
        "requests_desk/request_detail.html",
        {
            "case": case,
            "clock": clock,
            "explanation": clocks.explain(clock, calendar=calendar),
            "events": events,
            "answer": answer,
            "forms": forms,
            "redirected_to": case.redirected_to.select_related("agency"),
            "attachments": case.attachments.all(),
        },
        status=status,
    )


@login_required
@require_safe
def request_detail(request, pk):
    return _detail(request, _case_for(request, pk))


def _transition(request, pk, *, allowed, form_class=None, form_kwargs=None, name, act):
    """A POST of one transition: the rule, the form, the service; a refusal shows the page
    again with the form's errors (400)."""
    case = _case_for(request, pk)
    if not allowed(request.user, case):
        raise PermissionDenied
    form = None
    if form_class is not None:
        form = form_class(request.POST, **(form_kwargs(case) if form_kwargs else {}))
        if not form.is_valid():
            return _detail(request, case, status=400, **{name: form})
    try:
        act(case, form.cleaned_data if form else {})
    except ValidationError as error:
        if form is None:
            for message in error.messages:
                messages.error(request, message)
            return redirect("requests_desk:request_detail", pk=case.pk)
        form.add_error(None, error.messages)
        return _detail(request, case, status=400, **{name: form})
    return redirect("requests_desk:request_detail", pk=case.pk)


@login_required
@require_POST
def request_assign(request, pk):
    return _transition(
        request,
        pk,
        allowed=rules.can_work_on,
        form_class=AssignForm,
        form_kwargs=lambda case: {"agency": case.agency},
        name="assign",
        act=lambda case, data: services.request_assign(
            case=case, by=request.user, unit=data["unit"], person=data["person"]
        ),
    )


@login_required
@require_POST
def request_extend(request, pk):
    def allowed(user, case):
        return rules.can_extend(user, case, clock=queries.request_clock(case))

    return _transition(
        request,
        pk,
        allowed=allowed,
        form_class=ExtendForm,
        form_kwargs=lambda case: {"limit": queries.request_clock(case).extension_limit},
        name="extend",
        act=lambda case, data: services.request_extend(
            case=case, by=request.user, days=data["days"], reason=data["reason"]
        ),
    )


@login_required
@require_POST
def request_redirect(request, pk):
    return _transition(
        request,
        pk,
        allowed=rules.can_work_on,
        form_class=RedirectForm,
        form_kwargs=lambda case: {"exclude": case.agency},
        name="redirect",
        act=lambda case, data: services.request_redirect(
            case=case, by=request.user, agency=data["agency"], part=data["part"]
        ),
    )


@login_required
@require_POST
def answer_draft(request, pk):
    return _transition(
        request,
        pk,
        allowed=rules.can_work_on,
        form_class=AnswerForm,
        name="draft",
        act=lambda case, data: services.answer_draft(
            case=case, by=request.user, text=data["text"], language=data["language"]
        ),
    )


@login_required
@require_POST
def answer_approve(request, pk):
    return _transition(
        request,
        pk,
        allowed=rules.can_approve,
        name="approve",
        act=lambda case, data: services.answer_approve(case=case, by=request.user),
    )


@login_required
@require_POST
def answer_send(request, pk):
    return _transition(
        request,
        pk,
        allowed=rules.can_send,
        form_class=SendForm,
        name="send",
        act=lambda case, data: services.answer_send(
            case=case, by=request.user, outcome=data["outcome"]
        ),
    )


@login_required
@require_POST
def request_refuse(request, pk):
    return _transition(
        request,
        pk,
        allowed=rules.can_refuse,
        form_class=RefuseForm,
        name="refuse",
        act=lambda case, data: services.request_refuse(
            case=case, by=request.user, reason=data["reason"]
        ),
    )


@login_required
@require_POST
def request_comment(request, pk):
    return _transition(
        request,
        pk,
        allowed=rules.can_comment,
        form_class=CommentForm,
        name="comment",
        act=lambda case, data: services.request_comment(
            case=case, by=request.user, text=data["text"]
        ),
    )


# --- Reference materials (004 §12–13) ------------------------------------------------------


@login_required
@require_safe
def reference_list(request):
    """The reference requests addressed to the user's agencies (all for the authorized
    body), with the answers the user may read counted; two queries a page."""
    if not rules.works_with_requests(request.user):
        raise PermissionDenied
    every = rules.sees_every_reference_answer(request.user)
    form = ReferenceFilterForm(
        request.GET or None, agencies=by_name(Agency.objects.all()) if every else None
    )
    references = queries.references_for_user(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        references, status = references.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["q"]:
            references = references.filter(topic__icontains=data["q"])
        if data["state"] == "pending":
            references = references.filter(answered__lt=F("addressed"))
        elif data["state"] == "overdue":
            references = references.filter(overdue__gt=0)
        elif data["state"] == "answered":
            references = references.filter(answered=F("addressed"))
        if data.get("agency"):
            references = references.filter(
                pk__in=ReferenceAnswer.objects.filter(agency=data["agency"]).values("request_id")
            )
    page = Paginator(references, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "requests_desk/reference_list.html",
        {"form": form, "page": page, "filtered": form.is_bound, "can_ask": every},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reference_new(request):
    """The authorized body's staff ask one or several agencies (004 §12)."""
    if not rules.can_ask_reference(request.user):
        raise PermissionDenied
    form = ReferenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            reference = services.reference_request_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect("requests_desk:reference_detail", pk=reference.pk)
    return render(
        request,
        "requests_desk/reference_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _reference_for(request, pk) -> ReferenceRequest:
    """A request not addressed to the user's agencies is not there (404)."""
    if not rules.works_with_requests(request.user):
        raise Http404
    reference = queries.reference_with_answers(request.user, pk)
    if reference is None:
        raise Http404
    return reference


@login_required
@require_safe
def reference_detail(request, pk):
    """The request and its answers side by side: every agency's for the authorized body,
    the user's own agency's for an agency (004 §13)."""
    reference = _reference_for(request, pk)
    answers = reference.visible_answers
    for answer in answers:
        answer.can_answer = rules.can_answer_reference(request.user, answer)
    return render(
        request,
        "requests_desk/reference_detail.html",
        {"reference": reference, "answers": answers, "kinds": _kinds(reference)},
    )


def _kinds(reference) -> list[str]:
    return [ReferenceKind(kind).label for kind in reference.kinds if kind in ReferenceKind.values]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def reference_answer(request, pk, answer_pk):
    """An addressed agency's press secretary or head answers, with files, once."""
    reference = _reference_for(request, pk)
    answer = next((a for a in reference.visible_answers if a.pk == answer_pk), None)
    if answer is None:
        raise Http404
    if not rules.can_answer_reference(request.user, answer):
        raise PermissionDenied
    posted = request.method == "POST"
    form = ReferenceAnswerForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reference_answer(
                answer=answer,
                by=request.user,
                text=form.cleaned_data["text"],
                files=form.cleaned_data["files"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The answer is sent to the authorized body."))
            return redirect("requests_desk:reference_detail", pk=reference.pk)
    return render(
        request,
        "requests_desk/reference_answer.html",
        {"reference": reference, "answer": answer, "form": form, "kinds": _kinds(reference)},
        status=400 if form.errors else 200,
    )


def _download(stored):
    """A stored file as a download of its own type, never shown inside the portal."""
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


@login_required
@require_safe
def reference_file(request, pk, file_pk):
    """A file of an answer, for whoever may read that answer (else 404)."""
    stored = get_object_or_404(
        ReferenceFile.objects.select_related("answer"), pk=file_pk, answer__request_id=pk
    )
    if not rules.can_view_reference_answer(request.user, stored.answer):
        raise Http404
    return _download(stored)


@login_required
@require_safe
def request_attachment(request, pk, file_pk):
    """A file sent with a request, for the agency's staff and the authorized body (else
    404): the requester's documents are never public."""
    case = _case_for(request, pk)
    return _download(get_object_or_404(RequestAttachment, pk=file_pk, request=case))


@login_required
@require_safe
def request_statistics(request):
    """The month's requests per agency and across them (issue 10 item 6): received,
    answered on time, extended, redirected, overdue; counted in SQL. An agency's members see
    their agencies only, the authorized body every agency. `format=xlsx` is the same table
    as a spreadsheet, built in Celery."""
    if not rules.works_with_requests(request.user):
        raise PermissionDenied
    form = StatisticsForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "requests_desk/statistics.html", {"form": form}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    month = data.get("month") or timezone.localdate().replace(day=1)
    agency_ids = None if sees_every_agency(request.user) else member_agency_ids(request.user)
    rows, totals = queries.request_statistics(month, agency_ids=agency_ids)
    if data.get("format") == "xlsx":
        return document_response(
            request,
            kind=exports.STATISTICS_XLSX,
            filters=exports.statistics_filters(month, agency_ids, rows, totals),
            context={
                "title": _("Requests statistics"),
                "back_url": request.path + f"?month={month:%Y-%m}",
            },
        )
    return render(
        request,
        "requests_desk/statistics.html",
        {
            "form": form if form.is_bound else StatisticsForm(initial={"month": month}),
            "month": month,
            "rows": rows,
            "totals": totals,
            "columns": queries.STATISTICS,
            "headers": exports.statistics_headers(),
            "download_url": request.path + f"?month={month:%Y-%m}&format=xlsx",
        },
    )
