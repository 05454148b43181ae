"""The emergencies' back office: shown, never added or changed here. Incidents are opened,
updated and closed, and statements drafted and published, on the portal's pages through the
services (000 §5), so the history and the notifications stay with them. A draft statement is
shown only to its agency and the authorized body."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from portal.directory.admin import AgencyScopedAdmin, HistoryInline

from . import rules
from .models import Incident, IncidentChange, OfficialStatement

TRANSLATED = ["_kk", "_ru", "_en"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class IncidentChangeInline(HistoryInline):
    model = IncidentChange
    fields = readonly_fields = ["at", "action", "actor", "data"]


@admin.register(Incident)
class IncidentAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "region", "state", "started_at", "closed_at", "coordinator"]
    list_filter = ["state", "kind", "region"]
    search_fields = [f"title{suffix}" for suffix in TRANSLATED]
    list_select_related = ["coordinator"]
    date_hierarchy = "started_at"
    inlines = [IncidentChangeInline]
    fields = readonly_fields = [
        *(f"title{suffix}" for suffix in TRANSLATED),
        "kind",
        "region",
        "state",
        "started_at",
        "closed_at",
        "close_reason",
        "coordinator",
        "agencies_display",
    ]

    @admin.display(description=_("agencies involved"))
    def agencies_display(self, obj):
        return ", ".join(agency.name for agency in obj.agencies.all()) or "—"


@admin.register(OfficialStatement)
class OfficialStatementAdmin(ReadOnlyAdmin, AgencyScopedAdmin):
    list_display = ["incident", "agency", "state", "published_at", "created_at"]
    list_filter = ["state"]
    search_fields = [f"text{suffix}" for suffix in TRANSLATED]
    list_select_related = ["incident", "agency"]
    fields = readonly_fields = [
        "incident",
        "agency",
        "state",
        "published_at",
        "by",
        *(f"text{suffix}" for suffix in TRANSLATED),
    ]

    def get_queryset(self, request):
        return rules.scope_statements(admin.ModelAdmin.get_queryset(self, request), request.user)
