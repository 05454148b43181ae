"""Thin pages of the requests desk: the public form and tracking page, the agency's inbox
and a request's page with one POST per transition (each calls one service)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.calendar import working_calendar
from portal.directory.models import Agency
from portal.directory.queries import by_name
from portal.directory.rules import sees_every_agency
from portal.middleware import client_address
from portal.ratelimit import within_limit

from . import clock as clocks
from . import queries, rules, services
from .choices import RequestAction
from .forms import (
    AnswerForm,
    AssignForm,
    CommentForm,
    ExtendForm,
    InboxFilterForm,
    RedirectForm,
    RefuseForm,
    RequestForm,
    SendForm,
)
from .models import InformationRequest

REQUESTS_PER_PAGE = 25
# Requests one client address may send per hour through the public form; beyond, the form
# is refused with a message (no third-party captcha: a honeypot and this limit).
REQUESTS_PER_HOUR = 5
SENT_SESSION_KEY = "requests_desk_sent"


def _private(response):
    """A page behind a secret link: never cached, never sent on as a referrer."""
    add_never_cache_headers(response)
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request):
    """The public form (002 §36). A robot's post (the honeypot) is answered as if sent."""
    form = RequestForm(request.POST or None, initial={"language": get_language()})
    if request.method == "POST":
        if form.is_robot():
            return redirect("requests_desk:request_sent")
        if form.is_valid():
            if not within_limit(f"requests:new:{client_address(request)}", limit=REQUESTS_PER_HOUR):
                form.add_error(None, _("Too many requests from your address. Try again later."))
            else:
                try:
                    case, _token = services.request_receive(
                        **{
                            key: value
                            for key, value in form.cleaned_data.items()
                            if key != "website"
                        }
                    )
                except ValidationError as error:
                    form.add_error(None, error.messages)
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
        forms["draft"] = AnswerForm(
            initial={"text": answer.text if answer else "", "language": case.language}
        )
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
