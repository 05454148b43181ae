from django.contrib import admin

from .models import StoredDocument


@admin.register(StoredDocument)
class StoredDocumentAdmin(admin.ModelAdmin):
    """What has been built, for whom to look at when a download waits; deleting a row makes
    the next request build it again. Rows are made and changed by the service only."""

    list_display = ["kind", "language", "version", "status", "progress", "size", "finished_at"]
    list_filter = ["kind", "language", "status"]
    readonly_fields = [field.name for field in StoredDocument._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
