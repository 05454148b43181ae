"""Thin pages of monitoring: publications (public media, for agencies' members and the
ministry), sources and manual entry (the ministry's), and resonance cases (each agency its
own, the ministry all) with one POST per step, each calling one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models.fields.json import KeyTransform
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from portal.directory.models import Agency
from portal.directory.rules import member_agency_ids, sees_every_agency
from portal.documents.choices import DocumentStatus
from portal.documents.services import document_find
from portal.documents.views import PROGRESS_REFRESH_SECONDS, document_response

from . import queries, rules, services
from .exports import LANGUAGES, NOTE, note_filters
from .forms import (
    CaseFilterForm,
    CloseForm,
    FlagForm,
    HeadInformedForm,
    ManualEntryForm,
    PublicationFilterForm,
    ResponseForm,
    SavedSearchForm,
    ToneOverrideForm,
)
from .models import NoteBuild, Publication, ResonanceCase, SavedSearch
from .note import NoteFigures, month_label, next_month, parse_month, previous_month

PER_PAGE = 25


def _member_or_ministry(request) -> None:
    if not rules.works_with_monitoring(request.user):
        raise PermissionDenied


def _ministry(request) -> None:
    if not rules.can_manage_sources(request.user):
        raise PermissionDenied


@login_required
@require_safe
def publication_list(request):
    """Publications found, newest first, with search, filters and the user's saved
    searches; a fixed number of queries whatever the number of rows."""
    _member_or_ministry(request)
    form = PublicationFilterForm(request.GET or None)
    publications = queries.publications_list(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        publications, status = publications.none(), 400
    elif form.is_bound:
        publications = queries.publications_filter(publications, form.cleaned_data, request.user)
    page = Paginator(publications, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/publication_list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.is_bound,
            "saved_searches": SavedSearch.objects.filter(user=request.user),
            "save_form": SavedSearchForm(),
        },
        status=status,
    )


@login_required
@require_POST
def saved_search_save(request):
    """Save the list's current filters under a name (sent with them as hidden fields)."""
    _member_or_ministry(request)
    name_form, filters = SavedSearchForm(request.POST), PublicationFilterForm(request.POST)
    if not (name_form.is_valid() and filters.is_valid()):
        messages.error(request, _("The search was not saved: give it a name and valid filters."))
        return redirect("monitoring:publication_list")
    search = services.saved_search_save(
        user=request.user,
        name=name_form.cleaned_data["name"],
        query={key: request.POST[key] for key in filters.fields if request.POST.get(key)},
    )
    messages.success(request, _("Search “%(name)s” saved.") % {"name": search.name})
    return redirect(search.get_absolute_url())


@login_required
@require_POST
def saved_search_delete(request, pk):
    search = get_object_or_404(SavedSearch, pk=pk, user=request.user)
    services.saved_search_delete(search=search)
    return redirect("monitoring:publication_list")


def _detail(request, publication, *, status=200, **bound):
    user = request.user
    forms = {}
    if rules.can_override_tone(user):
        forms["tone"] = ToneOverrideForm(initial={"tone": publication.tone})
    if rules.can_flag(user):
        forms["flag"] = FlagForm()
    forms.update(bound)
    return render(
        request,
        "monitoring/publication_detail.html",
        {
            "publication": publication,
            "matches": publication.matches.select_related("agency"),
            "overrides": publication.tone_overrides.select_related("actor"),
            "copies": publication.story.publications.exclude(pk=publication.pk).select_related(
                "outlet"
            ),
            "cases": queries.visible_cases(user)
            .filter(story=publication.story_id)
            .select_related("agency"),
            "forms": forms,
        },
        status=status,
    )


def _publication(pk) -> Publication:
    return get_object_or_404(Publication.objects.select_related("outlet", "story"), pk=pk)


@login_required
@require_safe
def publication_detail(request, pk):
    _member_or_ministry(request)
    return _detail(request, _publication(pk))


@login_required
@require_POST
def publication_tone(request, pk):
    """The ministry overrides the scorer's tone, with its reason (issue 11 item 3)."""
    publication = _publication(pk)
    if not rules.can_override_tone(request.user):
        raise PermissionDenied
    form = ToneOverrideForm(request.POST)
    if form.is_valid():
        try:
            services.tone_override(publication=publication, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect(publication)
    return _detail(request, publication, status=400, tone=form)


@login_required
@require_POST
def publication_flag(request, pk):
    """The ministry flags a publication for an agency by hand (000 §4.2): its case opens
    and the agency is alerted at once."""
    publication = _publication(pk)
    if not rules.can_flag(request.user):
        raise PermissionDenied
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            case = services.case_open(
                publication=publication,
                agency=form.cleaned_data["agency"],
                reason=form.cleaned_data["reason"],
                source="ministry",
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect(case)
    return _detail(request, publication, status=400, flag=form)


@login_required
@require_safe
def source_list(request):
    """The sources with their state and last error (the ministry's)."""
    _ministry(request)
    page = Paginator(queries.feeds_list(), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "monitoring/source_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def manual_entry(request):
    """A publication or social post entered by its address: fetched by a task."""
    _ministry(request)
    form = ManualEntryForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.manual_entry_request(url=form.cleaned_data["url"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("The page will be fetched and added in a moment."))
            return redirect("monitoring:publication_list")
    return render(
        request,
        "monitoring/manual_entry.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def case_list(request):
    """Resonance cases: the user's agencies' (every agency's for the ministry)."""
    _member_or_ministry(request)
    form = CaseFilterForm(request.GET or None, every_agency=sees_every_agency(request.user))
    cases = queries.cases_list(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        cases, status = cases.none(), 400
    elif form.is_bound:
        cases = queries.cases_filter(cases, form.cleaned_data)
    page = Paginator(cases, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/case_list.html",
        {"form": form, "page": page, "filtered": form.is_bound},
        status=status,
    )


def _case_for(request, pk) -> ResonanceCase:
    """Another agency's case is not there (404)."""
    case = get_object_or_404(
        ResonanceCase.objects.select_related("agency", "publication", "publication__outlet"),
        pk=pk,
    )
    if not rules.can_view_case(request.user, case):
        raise Http404
    return case


def _case_page(request, case, *, status=200, **bound):
    forms = {}
    if rules.can_work_on_case(request.user, case):
        if case.head_informed_at is None:
            forms["informed"] = HeadInformedForm()
        forms["response"] = ResponseForm()
        if case.responses.exists():
            forms["close"] = CloseForm(case=case)
    forms.update(bound)
    return render(
        request,
        "monitoring/case_detail.html",
        {
            "case": case,
            "deadline": queries.case_deadline(case),
            "responses": case.responses.select_related("recorded_by"),
            "events": case.events.select_related("actor"),
            "forms": forms,
        },
        status=status,
    )


@login_required
@require_safe
def case_detail(request, pk):
    return _case_page(request, _case_for(request, pk))


def _step(request, pk, *, form_class, name, act, form_kwargs=None):
    """A POST of one step of a case: the rule, the form, the service; a refusal shows the
    page again with the form's errors (400)."""
    case = _case_for(request, pk)
    if not rules.can_work_on_case(request.user, case):
        raise PermissionDenied
    form = form_class(request.POST, **(form_kwargs(case) if form_kwargs else {}))
    if form.is_valid():
        try:
            act(case, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            return redirect(case)
    return _case_page(request, case, status=400, **{name: form})


@login_required
@require_POST
def case_head_informed(request, pk):
    return _step(
        request,
        pk,
        form_class=HeadInformedForm,
        name="informed",
        act=lambda case, data: services.case_head_informed(
            case=case, by=request.user, at=data["at"]
        ),
    )


@login_required
@require_POST
def case_response(request, pk):
    return _step(
        request,
        pk,
        form_class=ResponseForm,
        name="response",
        act=lambda case, data: services.response_record(case=case, by=request.user, **data),
    )


@login_required
@require_POST
def case_close(request, pk):
    return _step(
        request,
        pk,
        form_class=CloseForm,
        form_kwargs=lambda case: {"case": case},
        name="close",
        act=lambda case, data: services.case_close(case=case, by=request.user, **data),
    )


# --- The monthly analytical note (000 §4.5) ----------------------------------------------


def _note_month(month: str):
    try:
        return parse_month(month)
    except ValueError:
        raise Http404(_("There is no such month: write it as YYYY-MM, e.g. 2026-11.")) from None


def _note_agency(request) -> Agency | None:
    """The ministry reads the note of every agency (or of one: ?agency=<slug>); an agency's
    members read their own agency's note only."""
    slug = request.GET.get("agency", "")
    if sees_every_agency(request.user):
        return get_object_or_404(Agency, slug=slug) if slug else None
    own = member_agency_ids(request.user)
    if not own:
        raise PermissionDenied
    agencies = Agency.objects.filter(pk__in=own)
    agency = (agencies.filter(slug=slug) if slug else agencies.order_by("pk")).first()
    if agency is None:
        raise Http404(_("You can read the note of your own agency only."))
    return agency


def _note_url(name: str, month, agency, language: str | None = None) -> str:
    query = f"?{urlencode({'agency': agency.slug})}" if agency else ""
    with translation.override(language or translation.get_language()):
        return reverse(f"monitoring:{name}", args=[month_label(month)]) + query


def _note_builds(month, agency):
    """The note's latest done build (its figures and this language's charts, the other
    languages' left in the database) and the build pending, if any: two queries."""
    builds = NoteBuild.objects.filter(month=month, agency=agency)
    done = (
        builds.filter(status=DocumentStatus.DONE)
        .defer("charts")
        .annotate(page_charts=KeyTransform(translation.get_language(), "charts"))
        .order_by("-version")
        .first()
    )
    pending = builds.filter(status__in=services.PENDING).defer("figures", "charts").first()
    return done, pending


@login_required
@require_safe
def note_detail(request, month):
    """The month's analytical note as its latest build stored it: figures, charts and its
    PDFs in the three languages with their state; while none is built, its progress (the
    page reloads itself) or a button to ask for it. A constant number of queries."""
    month = _note_month(month)
    agency = _note_agency(request)
    done, pending = _note_builds(month, agency)
    documents = []
    if done is not None:
        done.agency = agency
        filters = note_filters(build=done)
        for language in LANGUAGES:
            document = document_find(kind=NOTE, language=language, filters=filters)
            documents.append(
                {
                    "language": language,
                    "name": get_language_info(language)["name_local"],
                    "url": _note_url("note_pdf", month, agency, language),
                    "status": document.status if document else "",
                    "progress": document.progress if document else 0,
                    "finished_at": document.finished_at if document else None,
                }
            )
    following = next_month(month)
    every_agency = sees_every_agency(request.user)
    response = render(
        request,
        "monitoring/note.html",
        {
            "month": month,
            "agency": agency,
            "build": done,
            "pending": pending,
            "figures": (
                NoteFigures.from_json(done.figures, month=month, agency=agency) if done else None
            ),
            "charts": (done.page_charts or {}) if done else {},
            "documents": documents,
            "previous_month": previous_month(month),
            "next_month": following,
            "previous_url": _note_url("note_detail", previous_month(month), agency),
            "next_url": _note_url("note_detail", following, agency),
            "all_url": _note_url("note_detail", month, None),
            "sees_every_agency": every_agency,
            # The ministry builds again from today's figures; members ask for a first one.
            "may_build": every_agency or (done is None and pending is None),
            "build_url": _note_url("note_build", month, agency),
        },
    )
    if done is None and pending is not None:
        # Reload while it is built, as <meta http-equiv="refresh"> would, without a script.
        response["Refresh"] = str(PROGRESS_REFRESH_SECONDS)
        patch_cache_control(response, no_store=True)
    return response


@login_required
@require_safe
def note_pdf(request, month):
    """The latest build of the note as a PDF in the page's language, rendered in Celery and
    stored; while it is rendered, the documents' "being prepared" page. No build yet: the
    note's page, which shows its progress or asks for it."""
    month = _note_month(month)
    agency = _note_agency(request)
    done, _pending = _note_builds(month, agency)
    if done is None:
        return redirect(_note_url("note_detail", month, agency))
    done.agency = agency
    return document_response(
        request,
        kind=NOTE,
        filters=note_filters(build=done),
        context={
            "title": _("Analytical note for %(month)s") % {"month": month_label(month)},
            "back_url": _note_url("note_detail", month, agency),
        },
    )


@login_required
@require_POST
def note_build(request, month):
    """Ask for the note to be built: the ministry's "build now" builds it again from today's
    figures; an agency's member may ask for a note not built yet."""
    month = _note_month(month)
    agency = _note_agency(request)
    try:
        services.note_request(
            month=month, agency=agency, by=request.user, rebuild=sees_every_agency(request.user)
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The note is being built in Kazakh, Russian and English."))
    return redirect(_note_url("note_detail", month, agency))
