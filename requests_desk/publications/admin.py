"""The back office's read-only view of publication requests, scoped to the user's agencies:
every step goes through the pages' services (002 §8–14)."""

from django.contrib import admin

from portal.directory.admin import AgencyScopedAdmin, HistoryInline

from .models import PublicationEvent, PublicationFile, PublicationRequest


class PublicationEventInline(HistoryInline):
    model = PublicationEvent
    fields = ["at", "action", "actor", "comment"]
    readonly_fields = fields


class PublicationFileInline(admin.TabularInline):
    model = PublicationFile
    extra = 0
    can_delete = False
    fields = ["title", "file"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PublicationRequest)
class PublicationRequestAdmin(AgencyScopedAdmin):
    list_display = ["title", "agency", "kind", "publication_date", "stage", "is_late"]
    list_filter = ["stage", "kind", "is_late"]
    search_fields = ["title", "unit"]
    date_hierarchy = "publication_date"
    list_select_related = ["agency"]
    inlines = [PublicationFileInline, PublicationEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
