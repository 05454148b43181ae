from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from ..directory import rules as directory_rules
from ..directory.admin import AgencyScopedAdmin, language_fieldsets
from . import rules, services
from .admin_forms import DeadlineRuleAdminForm
from .models import CalendarFeed, Deadline, DeadlineReminder, DeadlineRule


def _actor_name(user) -> str:
    if user is None:
        return str(_("by the portal"))
    return user.get_full_name() or user.get_username()


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(TranslationAdmin):
    """The authorized body changes a rule here; deadlines already open keep their due date,
    new ones follow the changed rule. No JSON to type: months, roles and kinds of agency are
    checkboxes, reminders a short list of days (`DeadlineRuleAdminForm`)."""

    form = DeadlineRuleAdminForm
    list_display = ["name", "code", "recurrence", "amount", "unit", "time_of_day", "is_active"]
    list_filter = ["recurrence", "unit", "is_active"]
    search_fields = ["code", "name_kk", "name_ru", "name_en", "description_ru"]
    fieldsets = [
        (None, {"fields": ["code", "is_active"]}),
        *language_fieldsets("name", "description"),
        (
            _("When it falls due"),
            {
                "fields": [
                    "recurrence",
                    "months",
                    "day_of_month",
                    "weekday",
                    "counts_from",
                    "amount",
                    "unit",
                    "time_of_day",
                    "move_to_working_day",
                    "open_days_before",
                ]
            },
        ),
        (
            _("Who is told"),
            {"fields": ["responsible", "reminder_days", "escalate_to", "agency_kinds"]},
        ),
    ]


class ReminderInline(admin.TabularInline):
    model = DeadlineReminder
    fields = ["stage", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class DeadlineActionForm(ActionForm):
    """The actions' comment: optional when marking done, the reason when reopening."""

    comment = forms.CharField(label=_("Comment or reason"), required=False, max_length=2000)


@admin.register(Deadline)
class DeadlineAdmin(AgencyScopedAdmin):
    list_display = ["rule", "agency", "due_at", "state", "completed_at"]
    list_filter = ["state", "rule", "agency__kind", "agency__region"]
    search_fields = ["agency__name_kk", "agency__name_ru", "agency__name_en", "rule__code"]
    list_select_related = ["rule", "agency"]
    date_hierarchy = "due_at"
    readonly_fields = [
        "rule",
        "agency",
        "period_key",
        "starts_on",
        "due_at",
        "computation",
        "state",
        "completed_at",
        "waived_reason",
        "history",
    ]
    inlines = [ReminderInline]
    actions = ["mark_done", "reopen"]
    action_form = DeadlineActionForm

    def has_add_permission(self, request):
        return False  # deadlines are opened by their rules, never by hand

    @admin.display(description=_("History"))
    def history(self, deadline):
        """Who did what and when, read-only (the services write it); shown to whoever may
        view the deadline, without a permission of its own."""
        events = deadline.events.select_related("actor")
        if not events:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} — {}, {}{}</li>",
                (
                    (
                        date_format(timezone.localtime(event.at), "d.m.Y H:i"),
                        event.get_action_display(),
                        _actor_name(event.actor),
                        f": {event.comment}" if event.comment else "",
                    )
                    for event in events
                ),
            ),
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not directory_rules.sees_every_agency(request.user):
            actions.pop("reopen", None)
        return actions

    @admin.action(description=_("Mark as done"))
    def mark_done(self, request, queryset):
        comment = request.POST.get("comment", "")
        done = sum(
            services.deadline_complete(deadline=deadline, by=request.user, comment=comment)
            for deadline in queryset
            if rules.can_complete_deadline(request.user, deadline)
        )
        self.message_user(
            request,
            ngettext("%d deadline marked as done.", "%d deadlines marked as done.", done) % done,
            messages.SUCCESS,
        )

    @admin.action(description=_("Reopen (done by mistake)"))
    def reopen(self, request, queryset):
        """For the authorized body: the reason goes in the actions' comment field."""
        reason = request.POST.get("comment", "").strip()
        if not reason:
            self.message_user(
                request, _("Give the reason for reopening in the comment field."), messages.ERROR
            )
            return
        reopened = 0
        for deadline in queryset:
            if not rules.can_reopen_deadline(request.user, deadline):
                continue
            try:
                services.deadline_reopen(deadline=deadline, by=request.user, reason=reason)
            except ValidationError:
                continue  # reopened meanwhile by someone else
            reopened += 1
        self.message_user(
            request,
            ngettext("%d deadline reopened.", "%d deadlines reopened.", reopened) % reopened,
            messages.SUCCESS,
        )


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    """Delete a row to revoke a leaked calendar address; the user can make a new one."""

    list_display = ["user", "updated_at"]
    search_fields = ["user__username", "user__email"]
    list_select_related = ["user"]
    fields = ["user", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False
