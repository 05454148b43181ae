from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from ..directory.admin import AgencyScopedAdmin, language_fieldsets
from . import rules, services
from .models import CalendarFeed, Deadline, DeadlineReminder, DeadlineRule


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(TranslationAdmin):
    """The authorized body changes a rule here; deadlines already open keep their due date,
    new ones follow the changed rule."""

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
                    "amount",
                    "unit",
                    "time_of_day",
                    "move_to_working_day",
                    "open_days_before",
                ]
            },
        ),
        (_("Who is told"), {"fields": ["reminder_days", "escalate_to", "agency_kinds"]}),
    ]


class ReminderInline(admin.TabularInline):
    model = DeadlineReminder
    fields = ["stage", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


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
    ]
    inlines = [ReminderInline]
    actions = ["mark_done"]

    def has_add_permission(self, request):
        return False  # deadlines are opened by their rules, never by hand

    @admin.action(description=_("Mark as done"))
    def mark_done(self, request, queryset):
        done = sum(
            services.deadline_complete(deadline=deadline)
            for deadline in queryset
            if rules.can_complete_deadline(request.user, deadline)
        )
        self.message_user(
            request,
            ngettext("%d deadline marked as done.", "%d deadlines marked as done.", done) % done,
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
