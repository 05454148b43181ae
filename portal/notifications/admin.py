from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """A read-only log of what the portal told whom, and when the email went out."""

    list_display = ["subject", "recipient", "email", "created_at", "read_at", "emailed_at"]
    list_filter = [
        ("emailed_at", admin.EmptyFieldListFilter),
        ("read_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["subject", "recipient__username", "recipient__email", "email", "key"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
