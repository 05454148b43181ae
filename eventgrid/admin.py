from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from portal.directory.admin import AgencyScopedAdmin, HistoryInline, language_fieldsets

from . import grids, queries, rules, services
from .choices import PUBLIC_STATES, EventState
from .forms import (
    ANNOUNCEMENTS,
    AttachmentInlineForm,
    EventAnnounceForm,
    MediaGridComposeForm,
    MediaGridWeekForm,
    allowed_announcements,
)
from .models import (
    Event,
    EventAttachment,
    EventChange,
    EventRecurrence,
    EventSeries,
    EventSeriesChange,
    EventSpeaker,
    MediaGrid,
    MediaGridChange,
    MediaGridVersion,
    WeeklyInformation,
    WeeklyInformationChange,
)
from .queries import appendix_rows
from .weeks import week_label


class EventSpeakerInline(TranslationTabularInline):
    model = EventSpeaker
    fields = ["name", "position", "contacts", "language"]
    extra = 0


class EventAttachmentInline(TranslationTabularInline):
    """The documents the media receive with the event (000 §3.5); added, changed and removed
    through the services (`EventAdmin.save_formset`), the file checked as on the page."""

    model = EventAttachment
    form = AttachmentInlineForm
    fields = ["title", "kind", "language", "file", "download"]
    readonly_fields = ["download"]
    extra = 0

    @admin.display(description=_("download"))
    def download(self, obj):
        # The file's own address (MEDIA_URL) is not served: its page checks who may read it.
        if obj is None or obj.pk is None:
            return "—"
        url = reverse(
            "eventgrid:attachment_download", kwargs={"pk": obj.event_id, "attachment_pk": obj.pk}
        )
        return format_html('<a href="{}" download>{}</a>', url, obj.title)


class EventChangeInline(HistoryInline):
    """Who created, changed, published or moved the event, when and why."""

    model = EventChange
    fields = readonly_fields = ["at", "action", "actor", "reason"]


@admin.register(Event)
class EventAdmin(AgencyScopedAdmin, TranslationAdmin):
    """Changes and state changes go through `eventgrid.services`. Postponing, rescheduling
    and cancelling need a reason, which the change list's actions cannot ask for: they are
    made on the event's own page, "Postpone, reschedule or cancel" (`announce_view`)."""

    list_display = ["title", "agency", "format", "starts_at", "ends_at", "state"]
    list_filter = ["state", "format", "agency__region", "main_news_candidate"]
    search_fields = ["title_kk", "title_ru", "title_en", "place_kk", "place_ru", "agency__slug"]
    list_select_related = ["agency"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["co_organisers"]  # any agency co-organises, so not scoped
    # A searchable picker of the user's own agencies: a select of 500 is neither usable nor fast.
    autocomplete_fields = ["agency"]
    actions = ["plan", "publish"]
    object_pages = {"announce": "announce_view"}
    inlines = [EventSpeakerInline, EventAttachmentInline, EventChangeInline]
    readonly_fields = ["state", "reason_display", "recurrence_display"]
    fieldsets = [
        (None, {"fields": ["agency", "format", "starts_at", "ends_at", "main_news_candidate"]}),
        (_("State"), {"fields": ["state", "reason_display"]}),
        (_("Repeat"), {"fields": ["recurrence_display"]}),
        *language_fieldsets(
            "title",
            "place",
            "organisers",
            "goal",
            "key_messages",
            "expected_result",
            "participants",
        ),
        (_("Contacts and co-organisers"), {"fields": ["contacts", "co_organisers"]}),
    ]

    @admin.display(description=_("reason"))
    def reason_display(self, obj):
        return obj.state_reason or "—"

    @admin.display(description=_("repeat rule"))
    def recurrence_display(self, obj):
        """Shown only: a series is made and changed on the event's page."""
        if obj is None or obj.recurrence_id is None:
            return "—"
        return format_html(
            '<a href="{}"><code>{}</code></a> · {}',
            reverse("admin:eventgrid_eventrecurrence_change", args=[obj.recurrence_id]),
            obj.recurrence.rule,
            date_format(timezone.localtime(obj.recurrence_start), "d.m.Y H:i"),
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = [*self.readonly_fields]
        if obj is not None:
            readonly.append("agency")  # another agency's event is a new event
            if obj.state in PUBLIC_STATES:
                readonly += ["starts_at", "ends_at"]  # moved by rescheduling, with a reason
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.state == EventState.CANCELLED:
            return False  # cancelled for good (services.event_update refuses it too)
        return super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            changed = {
                name: form.cleaned_data[name]
                for name in form.changed_data
                if name != "co_organisers"  # saved with the form's other relations
            }
            form.instance = services.event_update(event=obj, by=request.user, **changed)
        else:
            services.event_record(event=obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Co-organisers are saved with the form's relations: ask the new ones (004 §10).
        services.contributions_sync(event=form.instance, by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not EventAttachment:
            return super().save_formset(request, form, formset, change)
        deleted = set(formset.deleted_forms)
        # What the admin's history message reads (Django's formset.save() sets them).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for row in formset.forms:
            attachment = row.instance
            if row in deleted:
                if attachment.pk:
                    services.attachment_remove(attachment=attachment, by=request.user)
                    formset.deleted_objects.append(attachment)
                continue
            if not row.has_changed():
                continue
            data = row.cleaned_data
            titles = {code: data.get(f"title_{code}") or "" for code, _name in settings.LANGUAGES}
            if attachment.pk and "file" in row.changed_data:
                services.attachment_remove(attachment=attachment, by=request.user)
                attachment = EventAttachment()
            if attachment.pk:
                updated = services.attachment_update(
                    attachment=attachment,
                    title=titles,
                    kind=data["kind"],
                    language=data["language"],
                    by=request.user,
                )
                formset.changed_objects.append((updated, row.changed_data))
            else:
                added = services.attachment_add(
                    event=form.instance,
                    kind=data["kind"],
                    title=titles,
                    language=data["language"],
                    file=data["file"],
                    by=request.user,
                )
                formset.new_objects.append(added)

    def _each(self, request, queryset, service, done_message):
        done = 0
        for event in queryset:
            try:
                service(event=event, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{event}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, done_message(done) % done, messages.SUCCESS)

    @admin.action(description=_("Plan the selected drafts"), permissions=["change"])
    def plan(self, request, queryset):
        self._each(
            request,
            queryset,
            services.event_plan,
            lambda n: ngettext("%d event planned.", "%d events planned.", n),
        )

    @admin.action(description=_("Publish the selected events"), permissions=["change"])
    def publish(self, request, queryset):
        self._each(
            request,
            queryset,
            services.event_publish,
            lambda n: ngettext("%d event published.", "%d events published.", n),
        )

    def _may_announce(self, request, event) -> bool:
        # The agency's members who may change events (not a regional approver, who only
        # views them) and the authorized body.
        return rules.can_change_event(request.user, event) and super().has_change_permission(
            request, event
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        event = self.get_object(request, object_id)
        extra = {
            "can_announce": event is not None
            and bool(allowed_announcements(event))
            and self._may_announce(request, event),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    def announce_view(self, request, pk):
        """Postpone, reschedule or cancel the event with the reason journalists read."""
        event = self.get_object(request, str(pk))
        if event is None or not self._may_announce(request, event):
            raise PermissionDenied
        form = EventAnnounceForm(request.POST or None, event=event)
        if request.method == "POST" and form.is_valid():
            try:
                form.announce(by=request.user)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    _("The event is “%(state)s”; journalists see it with the reason.")
                    % {"state": ANNOUNCEMENTS[form.cleaned_data["action"]][0].label},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:eventgrid_event_change", args=[pk]))
        return self.object_page(
            request,
            "admin/eventgrid/event/announce.html",
            title=_("Postpone, reschedule or cancel %(event)s") % {"event": event},
            original=event,
            form=form,
        )


class WeeklyInformationChangeInline(HistoryInline):
    """Who submitted, resubmitted or returned the week's information to draft, and when."""

    model = WeeklyInformationChange
    fields = readonly_fields = ["at", "action", "actor", "events"]


@admin.register(WeeklyInformation)
class WeeklyInformationAdmin(AgencyScopedAdmin):
    """Shown, never added or changed here: the agency submits and reopens its week on the
    weekly information's pages (`services.weekly_information_submit`, `_reopen`), so the
    deadline, the snapshot and the history stay together."""

    list_display = ["agency", "week", "state", "submitted_at", "late", "no_events"]
    list_filter = ["state", "late", "no_events", "week_start", "agency__region"]
    search_fields = ["agency__slug", "agency__name_kk", "agency__name_ru", "agency__name_en"]
    list_select_related = ["agency"]
    date_hierarchy = "week_start"
    inlines = [WeeklyInformationChangeInline]
    fields = readonly_fields = [
        "agency",
        "week",
        "state",
        "submitted_at",
        "submitted_by",
        "late",
        "no_events",
        "snapshot_display",
    ]

    @admin.display(description=_("week"), ordering="week_start")
    def week(self, obj):
        return f"{week_label(obj.week_start)} ({obj.week_start:%d.%m.%Y})"

    @admin.display(description=_("events as submitted"))
    def snapshot_display(self, obj):
        return render_to_string(
            "eventgrid/_appendix_table.html", {"rows": appendix_rows(obj.snapshot, get_language())}
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- The weekly media-grid (004 §11): the authorized body's only ----------------------------


class MediaGridVersionInline(HistoryInline):
    """The published versions, never changed: what the media received and what changed."""

    model = MediaGridVersion
    fields = readonly_fields = ["number", "published_at", "published_by", "changelog_display"]
    verbose_name_plural = _("Published versions")
    ordering = ["-number"]

    @admin.display(description=_("changes since the previous version"))
    def changelog_display(self, obj):
        if obj.number == 1:
            return _("The first version.")
        return render_to_string(
            "eventgrid/_media_grid_changes.html",
            {"changes": grids.changelog_lines(obj.changelog, obj.snapshot, get_language())},
        )


class MediaGridChangeInline(HistoryInline):
    """Who composed the grid, changed its events or published a version, and when."""

    model = MediaGridChange
    fields = readonly_fields = ["at", "action", "actor", "version"]


@admin.register(MediaGrid)
class MediaGridAdmin(AgencyScopedAdmin):
    """The authorized body forms the media-grid of the coming week from the agencies' weekly
    information (004 §11): "Add" composes a week's grid (`media_grid_compose`), "Compose"
    chooses its events and each day's main news (`media_grid_set_entries`), "Publish" sends
    the next version to the media (`media_grid_publish`). Nothing is edited in the change
    form; the versions are shown as published. Other roles see nothing here."""

    list_display = ["week", "state", "latest_version", "event_count"]
    date_hierarchy = "week_start"
    object_pages = {"compose": "compose_view", "publish": "publish_view"}
    inlines = [MediaGridVersionInline, MediaGridChangeInline]
    fields = readonly_fields = ["week", "composed_by", "created_at", "pages"]

    def get_queryset(self, request):
        # Not an agency's rows: who may see them at all is `has_view_permission`'s.
        return admin.ModelAdmin.get_queryset(self, request).annotate(
            latest_number=Max("versions__number"), entry_count=Count("entries", distinct=True)
        )

    def has_view_permission(self, request, obj=None):
        return rules.can_compose_media_grid(request.user) and super().has_view_permission(
            request, obj
        )

    def _may_compose(self, request) -> bool:
        return rules.can_compose_media_grid(request.user) and request.user.has_perm(
            "eventgrid.change_mediagrid"
        )

    def has_module_permission(self, request):
        return rules.can_compose_media_grid(request.user) and super().has_module_permission(request)

    def has_add_permission(self, request):
        return rules.can_compose_media_grid(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return False  # composed and published on its own pages, through the services

    @admin.display(description=_("week"), ordering="week_start")
    def week(self, obj):
        return f"{week_label(obj.week_start)} ({obj.week_start:%d.%m.%Y}–{obj.week_end:%d.%m.%Y})"

    @admin.display(description=_("state"))
    def state(self, obj):
        if obj.latest_number:
            return _("Published")
        return _("Not published yet")

    @admin.display(description=_("latest version"), ordering="latest_number")
    def latest_version(self, obj):
        return obj.latest_number or "—"

    @admin.display(description=_("events"), ordering="entry_count")
    def event_count(self, obj):
        return obj.entry_count

    @admin.display(description=_("pages"))
    def pages(self, obj):
        return render_to_string(
            "eventgrid/admin_media_grid_links.html",
            {
                "compose_url": reverse("admin:eventgrid_mediagrid_compose", args=[obj.pk]),
                "publish_url": reverse("admin:eventgrid_mediagrid_publish", args=[obj.pk]),
                "public_url": reverse(
                    "eventgrid:media_grid_detail", kwargs={"week": obj.week_start}
                )
                if obj.latest_number
                else "",
            },
        )

    def add_view(self, request, form_url="", extra_context=None):
        """The week to compose: its grid is made from the submitted weekly information (or
        the existing one is opened), then its events are chosen on "Compose"."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = MediaGridWeekForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                grid = services.media_grid_compose(
                    week_start=form.cleaned_data["week"], by=request.user
                )
            except ValidationError as error:
                form.add_error("week", error.messages)
            else:
                return redirect(reverse("admin:eventgrid_mediagrid_compose", args=[grid.pk]))
        return self.object_page(
            request,
            "eventgrid/admin_media_grid_week.html",
            title=_("Compose the media-grid of a week"),
            original=None,
            form=form,
        )

    def _grid(self, request, pk) -> MediaGrid:
        grid = self.get_object(request, str(pk))
        if grid is None or not self._may_compose(request):
            raise PermissionDenied
        return grid

    def compose_view(self, request, pk):
        """The week's events by day and agency: include them, place the main news."""
        grid = self._grid(request, pk)
        entries = {entry.event_id: entry.main_news_rank for entry in grid.entries.all()}
        candidates = queries.media_grid_candidates(grid.week_start).values("pk")
        events = list(
            Event.objects.filter(Q(pk__in=candidates) | Q(pk__in=list(entries))).select_related(
                "agency"
            )
        )
        events.sort(
            key=lambda event: (grids.event_column(event), event.agency.name, event.starts_at)
        )
        # Every box unticked is a POST without data: still the form's answer.
        data = request.POST if request.method == "POST" else None
        form = MediaGridComposeForm(data, events=events, entries=entries)
        if request.method == "POST" and form.is_valid():
            event_ids, main_news = form.selection()
            try:
                services.media_grid_set_entries(
                    grid=grid, event_ids=event_ids, main_news=main_news, by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    _("The media-grid's events are saved. Publish it to send it to the media."),
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:eventgrid_mediagrid_compose", args=[grid.pk]))
        days = []
        for index, key in enumerate(grids.DAY_KEYS):
            rows = [row for row in form.rows() if grids.event_column(row[0]) == index]
            days.append({"key": key, "label": grids.day_label(index), "rows": rows})
        return self.object_page(
            request,
            "eventgrid/admin_media_grid_compose.html",
            title=_("Compose the media-grid %(week)s") % {"week": grid},
            original=grid,
            form=form,
            days=days,
            submitted=queries.submitted_event_ids(grid.week_start),
            publish_url=reverse("admin:eventgrid_mediagrid_publish", args=[grid.pk]),
        )

    def publish_view(self, request, pk):
        """Send the next version to the media; its refusals are shown here."""
        grid = self._grid(request, pk)
        form = forms.Form(request.POST if request.method == "POST" else None)
        latest = queries.media_grid_version(grid)
        if request.method == "POST" and form.is_valid():
            try:
                version = services.media_grid_publish(grid=grid, by=request.user)
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                if latest is not None and version.pk == latest.pk:
                    message = _(
                        "Nothing changed since version %(number)s: nothing new is published."
                    )
                else:
                    message = _("Version %(number)s of the media-grid is published.")
                self.message_user(request, message % {"number": version.number}, messages.SUCCESS)
                return redirect(reverse("admin:eventgrid_mediagrid_change", args=[grid.pk]))
        entries = queries.media_grid_entries(grid)
        preview = grids.grid_snapshot(
            week_start=grid.week_start,
            entries=[(entry.event, entry.main_news_rank) for entry in entries],
        )
        return self.object_page(
            request,
            "eventgrid/admin_media_grid_publish.html",
            title=_("Publish the media-grid %(week)s") % {"week": grid},
            original=grid,
            form=form,
            latest=latest,
            table=grids.grid_table(preview, get_language()),
            changes=grids.changelog_lines(
                grids.grid_changelog(latest.snapshot, preview), preview, get_language()
            )
            if latest is not None
            else [],
            compose_url=reverse("admin:eventgrid_mediagrid_compose", args=[grid.pk]),
        )


# --- Event series (000 §3.1–3.4): shown only ------------------------------------------------


class EventSeriesChangeInline(HistoryInline):
    model = EventSeriesChange
    fields = readonly_fields = ["at", "action", "actor", "events"]


@admin.register(EventSeries)
class EventSeriesAdmin(AgencyScopedAdmin):
    """Shown, never added or changed here: the agency submits, reopens and imports its series
    on the event series' pages (`services.series_submit`, `_reopen`, `series_import`), so the
    deadline, the snapshot and the history stay together."""

    list_display = ["agency", "period", "period_label", "state", "submitted_at", "late"]
    list_filter = ["period", "state", "late", "starts_on", "agency__region"]
    search_fields = ["agency__slug", "agency__name_kk", "agency__name_ru", "agency__name_en"]
    list_select_related = ["agency"]
    date_hierarchy = "starts_on"
    inlines = [EventSeriesChangeInline]
    fields = readonly_fields = [
        "agency",
        "period",
        "period_label",
        "state",
        "submitted_at",
        "submitted_by",
        "late",
        "snapshot_display",
    ]

    @admin.display(description=_("period"), ordering="starts_on")
    def period_label(self, obj):
        from .series import Period

        period = Period(obj.period, obj.starts_on)
        return f"{period.label} ({period.starts_on:%d.%m.%Y} – {period.last_day:%d.%m.%Y})"

    @admin.display(description=_("events as submitted"))
    def snapshot_display(self, obj):
        from .series import series_rows

        return render_to_string(
            "eventgrid/_series_table.html", {"rows": series_rows(obj.snapshot, get_language())}
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# --- Repeating events (issue 8, item 1) ----------------------------------------------------


class EventOccurrenceInline(admin.TabularInline):
    """The series' events, each changed on its own page."""

    model = Event
    fk_name = "recurrence"
    fields = readonly_fields = ["starts_at", "title", "state", "recurrence_start"]
    extra = 0
    can_delete = False
    show_change_link = True
    verbose_name_plural = _("Events of the series")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(EventRecurrence)
class EventRecurrenceAdmin(AgencyScopedAdmin):
    """Shown, never added or changed here: a repeating event is made and changed on the
    event's page (`services.event_record_recurring`, `event_update_recurring`), so the rule,
    its events and their history stay together."""

    list_display = ["rule", "agency", "first_starts_at", "duration", "occurrence_count"]
    list_filter = ["agency__region"]
    search_fields = ["rule", "agency__slug", "agency__name_kk", "agency__name_ru"]
    list_select_related = ["agency"]
    date_hierarchy = "first_starts_at"
    inlines = [EventOccurrenceInline]
    fields = readonly_fields = [
        "agency",
        "rule",
        "first_starts_at",
        "duration",
        "excluded_dates",
        "created_by",
        "created_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("occurrences"))

    @admin.display(description=_("events"), ordering="event_count")
    def occurrence_count(self, obj):
        return obj.event_count

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
