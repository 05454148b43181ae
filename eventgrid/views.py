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
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.attachments import content_type_of, download_name
from portal.calendar import working_calendar
from portal.deadlines.computation import day_start, explain
from portal.deadlines.models import Deadline
from portal.directory.models import Agency
from portal.directory.queries import agencies_changeable_by, by_name, search_words
from portal.directory.rules import member_agency_ids, sees_every_agency
from portal.documents.views import (
    cache_published_page,
    document_file_response,
    document_response,
)
from portal.forms import add_service_error

from . import answers, exports, grids, queries, rules, services
from .choices import EventState, SeriesState, WeeklyInformationState
from .forms import (
    NOT_SUBMITTED,
    WITHDRAWN,
    AttachmentForm,
    ContributionFilterForm,
    ContributionForm,
    EventAnnouncePageForm,
    EventFilterForm,
    EventForm,
    MediaGridFilterForm,
    NetworkScheduleFilterForm,
    RepeatForm,
    SeriesFilterForm,
    SeriesImportConfirmForm,
    SeriesImportForm,
    SeriesSubmitForm,
    SpeakerFormSet,
    WeeklyOverviewForm,
    WeeklySubmitForm,
    allowed_announcements,
)
from .models import Event, EventAttachment, EventContribution, WeeklyInformation
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


def _event_page(request, event, form, formset, *, status=200, attachment_form=None, repeat=None):
    editing = event.pk is not None
    context = {"event": event, "form": form, "formset": formset, "editing": editing}
    context["repeat"] = repeat or RepeatForm(event=event if editing else None, prefix="repeat")
    if editing and event.recurrence_id:
        context["series_events"] = event.recurrence.occurrences.order_by("starts_at", "pk")
    if editing:
        context.update(
            attachments=event.attachments.all(),
            attachment_form=attachment_form or AttachmentForm(),
            contributions=queries.event_contributions(event),
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
    repeat = RepeatForm(request.POST or None, prefix="repeat")
    valid = request.method == "POST" and all(
        [form.is_valid(), formset.is_valid(), repeat.is_valid()]
    )
    if valid:
        saved = {
            "event": form.save(commit=False),
            "by": request.user,
            "co_organisers": form.cleaned_data["co_organisers"],
            "speakers": formset.speakers(),
        }
        try:
            if rule := repeat.rule():
                event = services.event_record_recurring(
                    rule=rule, excluded_dates=repeat.cleaned_data["excluded_dates"], **saved
                )
            else:
                event = services.event_record(**saved)
        except ValidationError as error:
            _repeat_error(form, repeat, error)
        else:
            messages.success(request, _("The event is saved as a draft."))
            if event.recurrence_id:
                messages.success(request, _repeat_saved(event))
            return redirect("eventgrid:event_edit", pk=event.pk)
    return _event_page(
        request, Event(), form, formset, repeat=repeat, status=_repeat_status(request, repeat)
    )


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
    repeat = RepeatForm(request.POST or None, event=event, prefix="repeat")
    valid = request.method == "POST" and all(
        [form.is_valid(), formset.is_valid(), repeat.is_valid()]
    )
    if valid:
        try:
            saved = services.event_update_recurring(
                event=event,
                by=request.user,
                co_organisers=form.cleaned_data["co_organisers"],
                speakers=formset.speakers(),
                **repeat.service_fields(),
                **form.service_fields(),
            )
        except ValidationError as error:
            _repeat_error(form, repeat, error)
        else:
            messages.success(request, _("The event is saved."))
            if saved is None:
                return redirect("eventgrid:event_list")
            if saved.recurrence_id and saved.recurrence_id != event.recurrence_id:
                messages.success(request, _repeat_saved(saved))
            return redirect("eventgrid:event_edit", pk=saved.pk)
    if request.method == "POST":
        event.refresh_from_db()  # the form changed it in memory; the page shows the stored one
    return _event_page(
        request, event, form, formset, repeat=repeat, status=_repeat_status(request, repeat)
    )


def _repeat_error(form, repeat, error: ValidationError) -> None:
    """A service's refusal: the rule's on the Repeat fieldset, the rest on the event's."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        if name in repeat.fields:
            repeat.add_error(name, errors)
        elif name == "rule":
            repeat.add_error(None, errors)
        else:
            form.add_error(name if name in form.fields else None, errors)


def _repeat_status(request, repeat) -> int:
    """A repeating event's refused save answers 400 (a single event's form, 200 as ever)."""
    repeating = repeat.series is not None or (
        repeat.is_bound and repeat.data.get("repeat-frequency")
    )
    return 400 if request.method == "POST" and repeating else 200


def _repeat_saved(event) -> str:
    count = event.recurrence.occurrences.count()
    return ngettext(
        "The series has %(count)d event.", "The series has %(count)d events.", count
    ) % {"count": count}


def _act_and_return(request, act, *, success: str, back: str):
    """Run one service call of a button: its refusal or `success` is flashed, and the user
    goes back to the page the button is on, with nothing changed when it was refused."""
    try:
        act()
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, success)
    return redirect(back)


def _event_transition(request, pk, service, success: str):
    event = _changeable_event(request, pk)
    return _act_and_return(
        request,
        lambda: service(event=event, by=request.user),
        success=success,
        back=reverse("eventgrid:event_edit", kwargs={"pk": event.pk}),
    )


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
    return _act_and_return(
        request,
        lambda: act(agency),
        success=success,
        back=_week_url("eventgrid:weekly_detail", week, agency),
    )


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
    in the page's language, built once in Celery (a version never changes). Its versions'
    numbers and the built document come from the cache: no query."""
    if not request.GET and (document := answers.latest_pdf(week, get_language())):
        response = document_file_response(request, document)  # None: its file is gone
        if response is not None:
            return response
    numbers = answers.grid_numbers(week)
    if not numbers:
        raise Http404
    try:
        number = MediaGridFilterForm.requested_version(request.GET)
    except ValidationError as error:
        return _bad_request(request, " ".join(error.messages))
    if number is not None and number not in numbers:
        raise Http404(_("There is no such version of this media-grid."))
    number = number or numbers[0]
    return document_response(
        request,
        kind=exports.MEDIA_GRID,
        filters=exports.media_grid_filters(week_start=week, number=number),
        context={
            "title": _("Media-grid %(week)s, version %(number)s")
            % {"week": week_label(week), "number": number},
            "back_url": reverse("eventgrid:media_grid_detail", kwargs={"week": week}),
        },
    )


# --- An event's public page and its attachments (000 §3.5) ---------------------------------


def _visible_event(request, pk) -> Event:
    """An event the reader may see: public ones for everyone, the agency's own drafts and
    plans for its members and the authorized body; any other is not there (404)."""
    return get_object_or_404(queries.events_for_user(request.user), pk=pk)


@cache_published_page(exports.PUBLICATION)
def event_detail(request, pk):
    """What the media receive about an event (000 §3.5): time and place, participants,
    speakers, and the texts of the resolutive part and accompanying documents to download."""
    event = _visible_event(request, pk)
    return render(
        request,
        "eventgrid/event_detail.html",
        {
            "event": event,
            "attachments": event.attachments.all(),
            "can_change": rules.can_change_event(request.user, event),
        },
    )


@login_required
@require_POST
def attachment_add(request, pk):
    """Attach a document on the event's page; a refused file is a 400 with the page and its
    message, nothing stored, the titles typed kept."""
    event = _changeable_event(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.attachment_add(
                event=event,
                kind=data["kind"],
                title=data["title"],
                language=data["language"],
                file=data["file"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The document is attached to the event."))
            return redirect("eventgrid:event_edit", pk=event.pk)
    return _event_page(
        request,
        event,
        EventForm(instance=event),
        SpeakerFormSet(instance=event, prefix="speakers"),
        status=400,
        attachment_form=form,
    )


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    event = _changeable_event(request, pk)
    attachment = get_object_or_404(EventAttachment, pk=attachment_pk, event=event)
    return _act_and_return(
        request,
        lambda: services.attachment_remove(attachment=attachment, by=request.user),
        success=_("The document is removed from the event."),
        back=reverse("eventgrid:event_edit", kwargs={"pk": event.pk}),
    )


def attachment_download(request, pk, attachment_pk):
    """The file, for whoever may see its event (else 404), always as a download of its own
    type, never shown inside the portal's pages."""
    event = _visible_event(request, pk)
    attachment = get_object_or_404(EventAttachment, pk=attachment_pk, event=event)
    if not rules.can_view_attachment(request.user, attachment):
        raise Http404
    try:
        file = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=download_name(attachment.title, attachment.file.name),
        content_type=content_type_of(attachment.file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=60" if not event.is_public else "max-age=60"
    return response


# --- Co-organisers' input (004 §10) --------------------------------------------------------

CONTRIBUTION_PAGE_SIZE = 25


@login_required
def contribution_list(request):
    """What is asked of the user's agencies as co-organisers of other agencies' events, the
    nearest due first, with filters (every agency's for the authorized body)."""
    _works_with_events(request.user)
    agencies = agencies_changeable_by(request.user)
    form = ContributionFilterForm(request.GET or None, agencies=agencies)
    contributions = queries.contributions_for_user(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        contributions, status = contributions.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["state"] == WITHDRAWN:
            contributions = contributions.filter(withdrawn=True)
        elif data["state"]:
            contributions = contributions.filter(state=data["state"], withdrawn=False)
        if data["agency"]:
            contributions = contributions.filter(agency=data["agency"])
        if data["q"]:
            match = Q()
            for word in search_words(data["q"]):
                words = Q()
                for code in queries.LANGUAGE_CODES:
                    words |= Q(**{f"event__title_{code}__icontains": word})
                match &= words
            contributions = contributions.filter(match)
    ordered = contributions.order_by("state", "withdrawn", "due_at", "-requested_at", "pk")
    page = Paginator(ordered, CONTRIBUTION_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "eventgrid/contribution_list.html",
        {"form": form, "page": page, "filtered": form.is_bound},
        status=status,
    )


def _shared_event(event: Event) -> list[tuple[str, str]]:
    """The event's fields a co-organiser reads (rules.SHARED_EVENT_FIELDS), labelled."""
    rows = []
    for name in rules.SHARED_EVENT_FIELDS:
        value = getattr(event, name)
        if name == "format":
            value = event.get_format_display()
        elif name in ("starts_at", "ends_at"):
            value = date_format(timezone.localtime(value), "d.m.Y H:i")
        if value:
            rows.append((capfirst(Event._meta.get_field(name).verbose_name), value))
    return rows


@login_required
def contribution_detail(request, pk):
    """One request for input: what the shared event is (as far as the co-organiser needs
    it), by when the input is due and why, and the form to send it. The lead agency and the
    authorized body read it; anyone else finds nothing (404)."""
    contribution = get_object_or_404(
        queries.with_contribution_deadlines(
            EventContribution.objects.select_related("event__agency", "agency", "submitted_by")
        ),
        pk=pk,
    )
    if not rules.can_view_contribution(request.user, contribution):
        raise Http404
    can_give = rules.can_give_input(request.user, contribution) and not contribution.withdrawn
    initial = {
        f"text_{code}": getattr(contribution, f"text_{code}") or ""
        for code in queries.LANGUAGE_CODES
    }
    data = request.POST if request.method == "POST" else None  # an empty POST: its errors
    form = ContributionForm(data, initial=initial) if can_give else None
    status = 200
    if request.method == "POST":
        if not can_give:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.contribution_submit(
                    contribution=contribution, text=form.cleaned_data["text"], by=request.user
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your input is sent to the lead agency."))
                return redirect("eventgrid:contribution_detail", pk=contribution.pk)
        status = 400
    deadline = (
        Deadline.objects.select_related("rule__counts_from")
        .filter(pk=contribution.deadline_id)
        .first()
        if contribution.deadline_id
        else None
    )
    return render(
        request,
        "eventgrid/contribution_detail.html",
        {
            "contribution": contribution,
            "event": contribution.event,
            "shared": _shared_event(contribution.event)
            if rules.can_view_shared_event(request.user, contribution)
            else [],
            "form": form,
            "deadline": deadline,
            "explanation": explain(deadline, calendar=working_calendar()) if deadline else None,
            "lead_view": rules.can_change_event(request.user, contribution.event),
        },
        status=status,
    )


# --- Event series (000 §3.1–3.4) -----------------------------------------------------------

SERIES_PAGE_SIZE = 50


def _series_url(name: str, period, agency: Agency) -> str:
    return reverse(name, kwargs={"period": period}) + "?" + urlencode({"agency": agency.slug})


def _series_agency(request, period):
    """The agency whose series a page shows: `?agency=<slug>` (400 when there is none such,
    403 when not the user's), else the member's own (the first by name). The authorized
    body, without one, is sent to the list of the period's series."""
    if "agency" in request.GET:
        slug = request.GET.get("agency", "")
        agency = Agency.objects.filter(slug=slug).first() if len(slug) <= 100 else None
        if agency is None:
            return None, _bad_request(
                request,
                _("There is no agency “%(value)s”. Choose one from the list of event series.")
                % {"value": slug[:100]},
            )
        if not rules.can_view_event_series(request.user, agency):
            raise PermissionDenied
        return agency, None
    if sees_every_agency(request.user):
        url = reverse("eventgrid:series_list") + "?" + urlencode({"period": period.label})
        return None, redirect(url)
    agency = by_name(Agency.objects.filter(pk__in=member_agency_ids(request.user))).first()
    if agency is None:
        raise PermissionDenied
    return agency, None


@login_required
def series_list(request):
    """The event series of the user's agencies (every agency's for the authorized body):
    each period's state, submission and lateness, with filters; links to the coming month,
    quarter and year. A constant number of queries."""
    from .choices import SeriesPeriod
    from .series import Period, coming_period

    _works_with_events(request.user)
    form = SeriesFilterForm(request.GET or None)
    rows = queries.series_for_user(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        rows, status = rows.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["kind"]:
            rows = rows.filter(period=data["kind"])
        if data["period"]:
            rows = rows.filter(period=data["period"].kind, starts_on=data["period"].starts_on)
        if data["agency"]:
            rows = rows.filter(agency=data["agency"])
        if data["state"]:
            rows = rows.filter(state=data["state"])
    page = Paginator(
        rows.order_by("-starts_on", "period", "agency__slug", "pk"), SERIES_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    for row in page.object_list:
        row.period_key = Period(row.period, row.starts_on)
    today = timezone.localdate()
    coming = [coming_period(kind, today) for kind in SeriesPeriod.values]
    agency = None
    if not sees_every_agency(request.user):
        agency = by_name(Agency.objects.filter(pk__in=member_agency_ids(request.user))).first()
    return render(
        request,
        "eventgrid/series_list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.is_bound,
            "coming": coming,
            "agency": agency,
            "agencies": by_name(agencies_changeable_by(request.user)) if agency else [],
            "sees_all": agency is None,
            "reset_url": reverse("eventgrid:series_list"),
        },
        status=status,
    )


@login_required
def series_detail(request, period):
    """One agency's event series for one period as the table of 000 §3.3: as submitted, or
    the period's events as they are now with what each lacks; its state, deadline, history,
    and the buttons to submit, reopen, download and import."""
    from .series import series_gaps, series_rows

    agency, answer = _series_agency(request, period)
    if answer is not None:
        return answer
    stored = queries.event_series(agency=agency, period=period)
    events = queries.series_events(agency=agency, period=period)
    live = queries.weekly_snapshot(events)
    submitted = stored is not None and stored.state == SeriesState.SUBMITTED
    shown = stored.snapshot if submitted else live
    deadline = queries.series_deadline(agency=agency, period=period)
    can_submit = rules.can_submit_event_series(request.user, agency)
    return render(
        request,
        "eventgrid/series_detail.html",
        {
            "agency": agency,
            "period": period,
            "series": stored,
            "submitted": submitted,
            "rows": series_rows(shown, get_language()),
            "gaps": [
                (event, gaps)
                for event, entry in zip(events, live, strict=True)
                if (gaps := series_gaps(entry))
            ],
            "has_events": bool(events),
            "changed_since": submitted and stored.snapshot != live,
            "deadline": deadline,
            "explanation": explain(deadline, calendar=working_calendar()) if deadline else None,
            "history": stored.changes.select_related("actor") if stored else [],
            "can_submit": can_submit,
            "can_reopen": can_submit and stored is not None and services.series_reopenable(stored),
            "submit_form": SeriesSubmitForm(),
            "import_form": SeriesImportForm(),
            "urls": {
                name: _series_url(f"eventgrid:series_{name}", period, agency)
                for name in ("submit", "reopen", "pdf", "xlsx", "template", "import")
            },
            "add_url": reverse("eventgrid:event_create") + "?" + urlencode({"agency": agency.slug}),
        },
    )


def _series_action(request, period, act, success: str):
    agency, answer = _series_agency(request, period)
    if answer is not None:
        return answer
    if not rules.can_submit_event_series(request.user, agency):
        raise PermissionDenied
    return _act_and_return(
        request,
        lambda: act(agency),
        success=success,
        back=_series_url("eventgrid:series_detail", period, agency),
    )


@login_required
@require_POST
def series_submit(request, period):
    """Send the period's series to the central service (or send the correction)."""
    form = SeriesSubmitForm(request.POST)
    no_events = form.is_valid() and form.cleaned_data["no_events"]
    return _series_action(
        request,
        period,
        lambda agency: services.series_submit(
            agency=agency, period=period, by=request.user, no_events=no_events
        ),
        _("The event series is submitted to the central service."),
    )


@login_required
@require_POST
def series_reopen(request, period):
    """Take the series back to draft, before its period begins."""

    def reopen(agency):
        stored = queries.event_series(agency=agency, period=period)
        if stored is None:
            raise ValidationError(_("Only a submitted series can be returned to draft."))
        services.series_reopen(series=stored, by=request.user)

    return _series_action(
        request, period, reopen, _("The event series is a draft again: correct and submit it.")
    )


def _series_document(request, period, kind: str, title: str):
    agency, answer = _series_agency(request, period)
    if answer is not None:
        return answer
    if not rules.can_view_event_series(request.user, agency):
        raise PermissionDenied
    return document_response(
        request,
        kind=kind,
        filters=exports.series_filters(agency=agency, period=period),
        context={
            "title": title % {"agency": agency.name, "period": period.label},
            "back_url": _series_url("eventgrid:series_detail", period, agency),
        },
    )


@login_required
def series_pdf(request, period):
    """The series as a PDF in the page's language, built in Celery (portal.documents)."""
    return _series_document(
        request, period, exports.EVENT_SERIES, _("Event series: %(agency)s, %(period)s")
    )


@login_required
def series_xlsx(request, period):
    """The series as a spreadsheet, built in Celery."""
    return _series_document(
        request,
        period,
        exports.EVENT_SERIES_XLSX,
        _("Event series (XLSX): %(agency)s, %(period)s"),
    )


@login_required
def series_template(request, period):
    """The import template in the page's language, with the period's events, built in
    Celery."""
    return _series_document(
        request,
        period,
        exports.EVENT_SERIES_TEMPLATE,
        _("Import template: %(agency)s, %(period)s"),
    )


def _import_agency(request, period):
    agency, answer = _series_agency(request, period)
    if answer is None and not rules.can_submit_event_series(request.user, agency):
        raise PermissionDenied
    return agency, answer


@login_required
@require_POST
def series_import(request, period):
    """Upload a filled-in template: only its size and type are checked here; it is stored
    and its dry run queued in Celery, then the import's page shows its progress and result
    (`series_import_status`)."""
    agency, answer = _import_agency(request, period)
    if answer is not None:
        return answer
    form = SeriesImportForm(request.POST, request.FILES)
    if not form.is_valid():
        context = {
            "agency": agency,
            "period": period,
            "form": form,
            "detail_url": _series_url("eventgrid:series_detail", period, agency),
            "import_url": _series_url("eventgrid:series_import", period, agency),
        }
        return render(request, "eventgrid/series_import.html", context, status=400)
    check = services.series_import_upload(
        agency=agency, period=period, file=form.cleaned_data["file"], language=get_language()
    )
    return redirect(_import_status_url(period, agency, check.filters["token"]))


def _import_status_url(period, agency: Agency, token: str) -> str:
    return (
        reverse("eventgrid:series_import_status", kwargs={"period": period, "token": token})
        + "?"
        + urlencode({"agency": agency.slug})
    )


def _import_check(agency: Agency, period, token: str):
    """The dry run of the agency's upload for the period by its token, else None."""
    from portal.documents.models import StoredDocument

    if len(token) != 32:
        return None
    return StoredDocument.objects.filter(
        kind=exports.EVENT_SERIES_IMPORT_CHECK,
        filters__token=token,
        filters__agency=agency.slug,
        filters__period=period.label,
    ).first()


@login_required
@require_POST
def series_import_confirm(request, period):
    """Apply a dry run that passed, in Celery: queued once per dry run (posting twice
    queues nothing more), then back to the import's page for its progress."""
    agency, answer = _import_agency(request, period)
    if answer is not None:
        return answer
    form = SeriesImportConfirmForm(request.POST)
    check = _import_check(agency, period, form.cleaned_data["token"]) if form.is_valid() else None
    if check is None:
        return _bad_request(request, _("There is no such import: upload the file again."))
    try:
        services.series_import_confirm(check=check, by=request.user)
    except ValidationError as error:
        return _bad_request(request, " ".join(error.messages))
    return redirect(_import_status_url(period, agency, check.filters["token"]))


@login_required
def series_import_status(request, period, token):
    """One upload, for the agency's members and the authorized body: the dry run's
    progress (the page reloads itself by its Refresh header, and survives a reload); then
    the rows it would add and change with the button that imports them, or every error by
    row and column (nothing changed); once confirmed, the import's progress, and then the
    series' page with what it did or why nothing was imported."""
    from django.core.files.storage import default_storage
    from django.utils.cache import patch_cache_control
    from django.utils.dateparse import parse_datetime

    from portal.documents.choices import DocumentStatus
    from portal.documents.services import document_needs_build, document_request
    from portal.documents.views import PROGRESS_REFRESH_SECONDS

    agency, answer = _import_agency(request, period)
    if answer is not None:
        return answer
    check = _import_check(agency, period, token)
    if check is None:
        raise Http404(_("There is no such import."))
    detail = _series_url("eventgrid:series_detail", period, agency)
    job = services.series_import_job(check)
    if job is not None and job.is_done:
        result = exports.import_result(job) or {"errors": [str(services.UPLOAD_GONE)]}
        if result.get("errors"):
            messages.error(request, _("Nothing was imported:"))
            for message in result["errors"]:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Imported: %(added)s added, %(changed)s changed, %(same)s already the same.")
                % result["counts"],
            )
        return redirect(detail)
    if job is not None:
        services.series_import_resume(job=job)
    elif document_needs_build(check):
        check = document_request(kind=check.kind, language=check.language, filters=check.filters)
    running = job or (None if check.is_done else check)
    context = {
        "agency": agency,
        "period": period,
        "detail_url": detail,
        "running": running,
        "applying": job is not None,
    }
    if running is None:
        result = exports.import_result(check)
        if not result or (
            "counts" in result and not default_storage.exists(exports.series_upload_name(token))
        ):
            result = {"errors": [str(services.UPLOAD_GONE)]}  # superseded by a newer upload
        context.update(
            errors=result.get("errors", []),
            counts=result.get("counts"),
            rows=[
                {
                    **row,
                    "starts_at": parse_datetime(row["starts_at"]),
                    "ends_at": parse_datetime(row["ends_at"]),
                }
                for row in result.get("rows", [])
            ],
            confirm_form=SeriesImportConfirmForm(initial={"token": token}),
            confirm_url=_series_url("eventgrid:series_import_confirm", period, agency),
            import_form=SeriesImportForm(),
            import_url=_series_url("eventgrid:series_import", period, agency),
        )
    response = render(request, "eventgrid/series_import_status.html", context)
    if running is not None and running.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING):
        response["Refresh"] = str(PROGRESS_REFRESH_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


# --- The network schedule (000 §3.4): the authorized body's ---------------------------------


def _network_schedule_allowed(request) -> None:
    if not rules.can_view_network_schedule(request.user):
        raise PermissionDenied


@login_required
def network_schedule_latest(request):
    """The coming month's network schedule."""
    from .choices import SeriesPeriod
    from .series import coming_period

    _network_schedule_allowed(request)
    period = coming_period(SeriesPeriod.MONTH, timezone.localdate())
    return redirect("eventgrid:network_schedule", period=period)


@login_required
def network_schedule(request, period):
    """The republican network schedule of the period: every agency's submitted series (their
    snapshots), consolidated, with filters by agency, region, format and language of speech;
    which agencies owe theirs. Three queries."""
    _network_schedule_allowed(request)
    form = NetworkScheduleFilterForm(request.GET or None)
    status = 200
    rows, agencies = [], 0
    if form.is_bound and not form.is_valid():
        status = 400
    else:
        rows, agencies = exports.network_schedule_table(
            period=period, wanted=form.wanted(), language=get_language()
        )
    filters = (
        exports.network_schedule_filters(period=period, wanted=form.wanted())
        if status == 200
        else {}
    )
    query = {k: v for k, v in filters.items() if k != "period"}
    suffix = ("?" + urlencode(query)) if query else ""
    return render(
        request,
        "eventgrid/network_schedule.html",
        {
            "form": form,
            "period": period,
            "rows": rows,
            "agencies": agencies,
            "filtered": bool(query),
            "pdf_url": reverse("eventgrid:network_schedule_pdf", kwargs={"period": period})
            + suffix,
            "xlsx_url": reverse("eventgrid:network_schedule_xlsx", kwargs={"period": period})
            + suffix,
            "reset_url": reverse("eventgrid:network_schedule", kwargs={"period": period}),
            "series_url": reverse("eventgrid:series_list")
            + "?"
            + urlencode({"period": period.label}),
        },
        status=status,
    )


def _network_document(request, period, kind: str, title: str):
    _network_schedule_allowed(request)
    form = NetworkScheduleFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return _bad_request(
            request, " ".join(message for errors in form.errors.values() for message in errors)
        )
    return document_response(
        request,
        kind=kind,
        filters=exports.network_schedule_filters(period=period, wanted=form.wanted()),
        context={
            "title": title % {"period": period.label},
            "back_url": reverse("eventgrid:network_schedule", kwargs={"period": period}),
        },
    )


@login_required
def network_schedule_pdf(request, period):
    return _network_document(
        request, period, exports.NETWORK_SCHEDULE, _("Network schedule %(period)s (PDF)")
    )


@login_required
def network_schedule_xlsx(request, period):
    return _network_document(
        request, period, exports.NETWORK_SCHEDULE_XLSX, _("Network schedule %(period)s (XLSX)")
    )
