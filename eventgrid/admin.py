from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from portal.directory.admin import AgencyScopedAdmin, HistoryInline, language_fieldsets

from . import rules, services
from .choices import PUBLIC_STATES, EventState
from .forms import ANNOUNCEMENTS, EventAnnounceForm, allowed_announcements
from .models import Event, EventChange, EventSpeaker, WeeklyInformation, WeeklyInformationChange
from .queries import appendix_rows
from .weeks import week_label


class EventSpeakerInline(TranslationTabularInline):
    model = EventSpeaker
    fields = ["name", "position", "contacts", "language"]
    extra = 0


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
    inlines = [EventSpeakerInline, EventChangeInline]
    readonly_fields = ["state", "reason_display"]
    fieldsets = [
        (None, {"fields": ["agency", "format", "starts_at", "ends_at", "main_news_candidate"]}),
        (_("State"), {"fields": ["state", "reason_display"]}),
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
