"""The back office shows accreditations, scoped to the user's agencies; they are applied
for and decided on their pages (one service per step), so the admin only reads them."""

from django.contrib import admin

from portal.directory.admin import AgencyScopedAdmin

from .models import Accreditation, AccreditationChange, AccreditationDocument


class DocumentInline(admin.TabularInline):
    model = AccreditationDocument
    fields = ("title", "file")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ChangeInline(admin.TabularInline):
    model = AccreditationChange
    fields = ("at", "action", "actor", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Accreditation)
class AccreditationAdmin(AgencyScopedAdmin):
    list_display = ("full_name", "outlet", "agency", "kind", "valid_from", "valid_until", "state")
    list_filter = ("state", "kind")
    search_fields = ("full_name", "outlet")
    list_select_related = ("agency",)
    readonly_fields = (
        "journalist",
        "agency",
        "full_name",
        "outlet",
        "position",
        "phone",
        "email",
        "kind",
        "event",
        "valid_from",
        "valid_until",
        "state",
        "reason",
        "decided_by",
        "decided_at",
    )
    fields = readonly_fields
    inlines = [DocumentInline, ChangeInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
