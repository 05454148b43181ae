"""The event grid's pages: a press office enters its events and sends the weekly information
(004 §10) on the appendix form; the authorized body sees every agency's week. Thin: a rule, a
query or a service, a template. Writes go through `services`; the PDF through
`portal.documents` (built in Celery, `exports.py`)."""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.calendar import working_calendar
from portal.deadlines.computation import day_start, explain
from portal.deadlines.models import Deadline
from portal.directory.models import Agency
from portal.directory.queries import agencies_changeable_by, by_name, search_words
from portal.directory.rules import member_agency_ids, sees_every_agency
from portal.documents.views import cache_published_page, document_response

from . import exports, grids, queries, rules, services
from .choices import EventState, WeeklyInformationState
from .forms import (
    NOT_SUBMITTED,
    EventAnnouncePageForm,
    EventFilterForm,
    EventForm,
    MediaGridFilterForm,
    SpeakerFormSet,
    WeeklyOverviewForm,
    WeeklySubmitForm,
    allowed_announcements,
)
from .models import Event, WeeklyInformation
from .services import TRANSITIONS
from .weeks import coming_week, monday_of, week_bounds, week_label

EVENT_PAGE_SIZE = 25
# The agency's list of weeks: the coming week and the ones before it.
WEEKS_LISTED = 12
OVERVIEW_PAGE_SIZE = 50


def _works_with_events(user) -> None:
    """The pages where events are entered are for agencies' members and the authorized body."""
    if not (member_agency_ids(user) or sees_every_agency(user)):
        raise PermissionDenied


def _bad_request(request, message: str):
    return render(request, "eventgrid/bad_request.html", {"message": message}, status=400)


def _service_error(form, error: ValidationError) -> None:
    """A service's refusal on the form: on its field when the form has it, else above."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- Events --------------------------------------------------------------------------------


@login_required
def event_list(request):
    """The events of the user's agencies (every agency's for the authorized body), drafts
    included, with filters; what each still lacks for the weekly information."""
    _works_with_events(request.user)
    agencies = agencies_changeable_by(request.user)
    form = EventFilterForm(request.GET or None, agencies=agencies)
    events = queries.events_of_own_agencies(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        events, status = events.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["week"]:
            start, end = week_bounds(data["week"])
            events = events.filter(starts_at__gte=start, starts_at__lt=end)
        if data["start"]:
            events = queries.ending_after(events, day_start(data["start"]))
        if data["end"]:
            events = events.filter(starts_at__lt=day_start(data["end"] + dt.timedelta(days=1)))
        if data["state"]:
            events = events.filter(state=data["state"])
        if data["agency"]:
            events = events.filter(agency=data["agency"])
        if data["q"]:
            events = queries.event_search(events, search_words(data["q"]))
    page = Paginator(events.order_by("-starts_at", "-pk"), EVENT_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "eventgrid/event_list.html",
        {"form": form, "page": page, "filtered": form.is_bound},
        status=status,
    )


def _event_page(request, event, form, formset, *, status=200):
    editing = event.pk is not None
    context = {"event": event, "form": form, "formset": formset, "editing": editing}
    if editing:
        context.update(
            history=event.changes.select_related("actor"),
            can_plan=event.state in TRANSITIONS[EventState.PLANNED][0],
            can_publish=event.state in TRANSITIONS[EventState.PUBLISHED][0],
            can_announce=bool(allowed_announcements(event)),
            gaps=event.appendix_gaps(),
            week=monday_of(timezone.localtime(event.starts_at).date()),
            cancelled=event.state == EventState.CANCELLED,
        )
    return render(request, "eventgrid/event_form.html", context, status=status)


@login_required
def event_create(request):
    """A new event of one of the user's agencies, as a draft, with its speakers."""
    _works_with_events(request.user)
    agencies = agencies_changeable_by(request.user)
    initial = {}
    if slug := request.GET.get("agency"):
        initial["agency"] = agencies.filter(slug=slug).first()
    form = EventForm(request.POST or None, agencies=agencies, initial=initial)
    formset = SpeakerFormSet(request.POST or None, instance=Event(), prefix="speakers")
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            event = services.event_record(
                event=form.save(commit=False),
                by=request.user,
                co_organisers=form.cleaned_data["co_organisers"],
                speakers=formset.speakers(),
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The event is saved as a draft."))
            return redirect("eventgrid:event_edit", pk=event.pk)
    return _event_page(request, Event(), form, formset)


def _changeable_event(request, pk) -> Event:
    """Another agency's unpublished event is not there (404); its public one is not the
    user's to change (403)."""
    event = get_object_or_404(queries.events_for_user(request.user), pk=pk)
    if not rules.can_change_event(request.user, event):
        raise PermissionDenied
    return event


@login_required
def event_edit(request, pk):
    """The event's page: its details and speakers, what it lacks for the weekly
    information, the buttons of its state changes and its history."""
    event = _changeable_event(request, pk)
    form = EventForm(request.POST or None, instance=event)
    formset = SpeakerFormSet(request.POST or None, instance=event, prefix="speakers")
    if request.method == "POST" and all([form.is_valid(), formset.is_valid()]):
        try:
            services.event_update(
                event=event,
                by=request.user,
                co_organisers=form.cleaned_data["co_organisers"],
                speakers=formset.speakers(),
                **form.service_fields(),
            )
        except ValidationError as error:
            _service_error(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect("eventgrid:event_edit", pk=event.pk)
    if request.method == "POST":
        event.refresh_from_db()  # the form changed it in memory; the page shows the stored one
    return _event_page(request, event, form, formset)


def _event_transition(request, pk, service, success: str):
    event = _changeable_event(request, pk)
    try:
        service(event=event, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("eventgrid:event_edit", pk=event.pk)


@login_required
@require_POST
def event_plan(request, pk):
    return _event_transition(
        request, pk, services.event_plan, _("The event is planned (still your agency's own).")
    )


@login_required
@require_POST
def event_publish(request, pk):
    return _event_transition(
        request, pk, services.event_publish, _("The event is published: journalists see it.")
    )


@login_required
def event_announce(request, pk):
    """Postpone, reschedule or cancel a public event, with the reason journalists read."""
    event = _changeable_event(request, pk)
    form = EventAnnouncePageForm(request.POST or None, event=event)
    if request.method == "POST" and form.is_valid():
        try:
            updated = form.announce(by=request.user)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(
                request,
                _("The event is “%(state)s”; journalists see it with the reason.")
                % {"state": updated.get_state_display()},
            )
            return redirect("eventgrid:event_edit", pk=event.pk)
    return render(request, "eventgrid/event_announce.html", {"event": event, "form": form})


# --- Weekly information --------------------------------------------------------------------


def _requested_agency(request):
    """The agency named by `?agency=<slug>`: (agency, None), or (None, a 400 answer) when
    there is no such agency. PermissionDenied when the user may not read its week."""
    slug = request.GET.get("agency", "")
    agency = Agency.objects.filter(slug=slug).first() if len(slug) <= 100 else None
    if agency is None:
        return None, _bad_request(
            request,
            _("There is no agency “%(value)s”. Choose one from the list of weeks.")
            % {"value": slug[:100]},
        )
    if not rules.can_view_weekly_information(request.user, agency):
        raise PermissionDenied
    return agency, None


def _week_agency(request, week: dt.date):
    """The agency whose week a page shows: `?agency=<slug>`, else the member's own (the first
    by name). The authorized body, without one, is sent to its overview of the week."""
    if "agency" in request.GET:
        return _requested_agency(request)
    if sees_every_agency(request.user):
        url = reverse("eventgrid:weekly_list") + "?" + urlencode({"week": week_label(week)})
        return None, redirect(url)
    agency = by_name(Agency.objects.filter(pk__in=member_agency_ids(request.user))).first()
    if agency is None:
        raise PermissionDenied
    return agency, None


def _week_url(name: str, week: dt.date, agency: Agency) -> str:
    return reverse(name, kwargs={"week": week}) + "?" + urlencode({"agency": agency.slug})


@dataclass
class WeekRow:
    week_start: dt.date
    information: WeeklyInformation | None
    deadline: Deadline | None

    @property
    def label(self) -> str:
        return week_label(self.week_start)

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)


@login_required
def weekly_list(request):
    """The agency's weeks, the coming one first, with their state and due date; for the
    authorized body, every agency's information for one week."""
    if sees_every_agency(request.user):
        return _weekly_overview(request)
    _works_with_events(request.user)
    if "agency" in request.GET:
        agency, answer = _requested_agency(request)
        if answer is not None:
            return answer
    else:
        agency, _answer = _week_agency(request, coming_week())
    coming = coming_week()
    weeks = [coming - dt.timedelta(days=7 * index) for index in range(WEEKS_LISTED)]
    stored = WeeklyInformation.objects.filter(agency=agency, week_start__in=weeks)
    informations = {information.week_start: information for information in stored}
    deadlines = queries.weekly_deadlines(agency=agency, week_starts=weeks)
    rows = [WeekRow(monday, informations.get(monday), deadlines.get(monday)) for monday in weeks]
    first = rows[0]
    return render(
        request,
        "eventgrid/weekly_list.html",
        {
            "agency": agency,
            "agencies": by_name(agencies_changeable_by(request.user)),
            "coming": first,
            "rows": rows,
            "explanation": (
                explain(first.deadline, calendar=working_calendar()) if first.deadline else None
            ),
            "deadline": first.deadline,
        },
    )


def _weekly_overview(request):
    form = WeeklyOverviewForm(request.GET or None)
    status = 200
    data = {}
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        data = form.cleaned_data
    week = data.get("week") or coming_week()
    rule = queries.weekly_rule()
    owing = queries.agencies_owing_weekly_information(rule)
    agencies = queries.weekly_overview(week_start=week, rule=rule)
    if status == 400:
        agencies = agencies.none()
    if data.get("agency"):
        agencies = agencies.filter(pk=data["agency"].pk)
    if data.get("region"):
        agencies = agencies.filter(region=data["region"])
    state = data.get("state")
    if state == NOT_SUBMITTED:
        # Nothing yet (no row: NULL) or taken back to draft.
        agencies = agencies.filter(
            Q(week_state__isnull=True) | Q(week_state=WeeklyInformationState.DRAFT)
        )
    elif state:
        agencies = agencies.filter(week_state=state)
    counts = WeeklyInformation.objects.filter(
        week_start=week, agency__in=owing, state=WeeklyInformationState.SUBMITTED
    ).aggregate(submitted=Count("pk"), late=Count("pk", filter=Q(late=True)))
    counts["owing"] = owing.count()
    counts["missing"] = counts["owing"] - counts["submitted"]
    page = Paginator(by_name(agencies), OVERVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
    calendar = working_calendar()
    deadline = queries.computed_deadline(rule, week_start=week, calendar=calendar) if rule else None
    return render(
        request,
        "eventgrid/weekly_overview.html",
        {
            "form": form,
            "page": page,
            "week": week,
            "week_end": week + dt.timedelta(days=6),
            "week_label": week_label(week),
            "counts": counts,
            "deadline": deadline,
            "explanation": explain(deadline, calendar=calendar) if deadline else None,
        },
        status=status,
    )


@login_required
def weekly_detail(request, week):
    """One agency's information for one week on the appendix form's columns: as submitted,
    or the week's events as they are now with what each lacks; the Submit button."""
    agency, answer = _week_agency(request, week)
    if answer is not None:
        return answer
    information = (
        WeeklyInformation.objects.filter(agency=agency, week_start=week)
        .select_related("submitted_by")
        .first()
    )
    events = queries.week_events(agency=agency, week_start=week)
    live = queries.weekly_snapshot(events)
    submitted = information is not None and information.is_submitted
    shown = information.snapshot if submitted else live
    deadline = queries.weekly_deadline(agency=agency, week_start=week)
    can_submit = rules.can_submit_weekly_information(request.user, agency)
    return render(
        request,
        "eventgrid/weekly_detail.html",
        {
            "agency": agency,
            "week": week,
            "week_end": week + dt.timedelta(days=6),
            "week_label": week_label(week),
            "information": information,
            "submitted": submitted,
            "rows": queries.appendix_rows(shown, get_language()),
            "gaps": [(event, gaps) for event in events if (gaps := event.appendix_gaps())],
            "has_events": bool(events),
            "changed_since": submitted and information.snapshot != live,
            "deadline": deadline,
            "explanation": explain(deadline, calendar=working_calendar()) if deadline else None,
            "history": information.changes.select_related("actor") if information else [],
            "can_submit": can_submit,
            "can_reopen": can_submit
            and information is not None
            and services.weekly_information_reopenable(information),
            "submit_form": WeeklySubmitForm(),
            "submit_url": _week_url("eventgrid:weekly_submit", week, agency),
            "reopen_url": _week_url("eventgrid:weekly_reopen", week, agency),
            "pdf_url": _week_url("eventgrid:weekly_pdf", week, agency),
            "add_url": reverse("eventgrid:event_create") + "?" + urlencode({"agency": agency.slug}),
        },
    )


def _week_action(request, week, act, success: str):
    agency, answer = _week_agency(request, week)
    if answer is not None:
        return answer
    if not rules.can_submit_weekly_information(request.user, agency):
        raise PermissionDenied
    try:
        act(agency)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(_week_url("eventgrid:weekly_detail", week, agency))


@login_required
@require_POST
def weekly_submit(request, week):
    """Send the week's information to the authorized body (or send the correction)."""
    form = WeeklySubmitForm(request.POST)
    no_events = form.is_valid() and form.cleaned_data["no_events"]
    return _week_action(
        request,
        week,
        lambda agency: services.weekly_information_submit(
            agency=agency, week_start=week, by=request.user, no_events=no_events
        ),
        _("The weekly information is submitted to the authorized body."),
    )


@login_required
@require_POST
def weekly_reopen(request, week):
    """Take the submission back to draft, before the week's media-grid is composed."""

    def reopen(agency):
        information = WeeklyInformation.objects.filter(agency=agency, week_start=week).first()
        if information is None:
            raise ValidationError(_("Only submitted information can be returned to draft."))
        services.weekly_information_reopen(information=information, by=request.user)

    return _week_action(
        request, week, reopen, _("The weekly information is a draft again: correct and submit it.")
    )


@login_required
def weekly_pdf(request, week):
    """The appendix form of the agency's week as a PDF in the page's language, built in
    Celery and stored per version of "eventgrid" (portal.documents). Only those who may read
    the agency's unpublished events may ask for it."""
    agency, answer = _week_agency(request, week)
    if answer is not None:
        return answer
    if not rules.can_view_weekly_information(request.user, agency):
        raise PermissionDenied
    return document_response(
        request,
        kind=exports.WEEKLY_INFORMATION,
        filters=exports.weekly_information_filters(agency=agency, week_start=week),
        context={
            "title": _("Information for the coming week: %(agency)s, %(week)s")
            % {"agency": agency.name, "week": week_label(week)},
            "back_url": _week_url("eventgrid:weekly_detail", week, agency),
        },
    )


# --- The weekly media-grid (004 §11), public ---------------------------------------------


def _media_grid_page(request, grid):
    """The appendix form of a published version (the latest, or `?version=N`) in the page's
    language, from its frozen snapshot, with the reader's filters; its changelog and the
    list of versions. A bad filter answers 400 with the form's messages. Four queries."""
    language = get_language()
    versions = list(grid.versions.defer("snapshot", "changelog").order_by("-number"))
    try:
        number = MediaGridFilterForm.requested_version(request.GET)
    except ValidationError:
        number, chosen = None, None
        status = 400
    else:
        chosen = next((v for v in versions if v.number == number), None) if number else None
        if number and chosen is None:
            raise Http404(_("There is no such version of this media-grid."))
        status = 200
    version = queries.media_grid_version(grid, number)
    snapshot = version.snapshot
    names = {row["agency"]: grids.in_language(row["name"], language) for row in snapshot["rows"]}
    form = MediaGridFilterForm(
        request.GET or None,
        agencies=sorted(names.items(), key=lambda item: item[1].casefold()),
        versions=versions,
    )
    wanted = grids.GridFilter()
    if form.is_bound and not form.is_valid():
        status = 400
    elif form.is_bound:
        data = form.cleaned_data
        wanted = grids.GridFilter(
            agency=data["agency"],
            region=data["region"],
            format=data["format"],
            language=data["language"],
            words=tuple(search_words(data["q"])),
        )
    table = grids.grid_table(snapshot, language, wanted)
    return render(
        request,
        "eventgrid/media_grid_detail.html",
        {
            "grid": grid,
            "version": version,
            "latest": versions[0],
            "versions": versions,
            "week_label": week_label(grid.week_start),
            "table": table if status == 200 else None,
            "filtered": wanted != grids.GridFilter(),
            "form": form,
            "changes": grids.changelog_lines(version.changelog, snapshot, language),
            "reset_url": reverse("eventgrid:media_grid_detail", kwargs={"week": grid.week_start}),
        },
        status=status,
    )


@cache_published_page(exports.PUBLICATION)
def media_grid_latest(request):
    """The latest published week's media-grid; a page saying so while none is published."""
    grid = queries.published_media_grids().first()
    if grid is None:
        return render(request, "eventgrid/media_grid_empty.html")
    return _media_grid_page(request, grid)


@cache_published_page(exports.PUBLICATION)
def media_grid_detail(request, week):
    """A published week's media-grid (an unpublished week is no page: 404)."""
    grid = get_object_or_404(queries.published_media_grids(), week_start=week)
    return _media_grid_page(request, grid)


def media_grid_pdf(request, week):
    """A published version of the week's media-grid (the latest, or `?version=N`) as a PDF
    in the page's language, built once in Celery (a version never changes)."""
    grid = get_object_or_404(queries.published_media_grids(), week_start=week)
    try:
        number = MediaGridFilterForm.requested_version(request.GET)
    except ValidationError as error:
        return _bad_request(request, " ".join(error.messages))
    version = queries.media_grid_version(grid, number)
    if version is None:
        raise Http404(_("There is no such version of this media-grid."))
    return document_response(
        request,
        kind=exports.MEDIA_GRID,
        filters=exports.media_grid_filters(week_start=week, number=version.number),
        context={
            "title": _("Media-grid %(week)s, version %(number)s")
            % {"week": week_label(week), "number": version.number},
            "back_url": reverse("eventgrid:media_grid_detail", kwargs={"week": week}),
        },
    )
