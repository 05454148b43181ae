"""The webhooks for the portal's operators (issue 12 §5): which endpoints fail and since when,
and every delivery attempt with its answer. Read-only, for superusers: an endpoint is its
owner's alone (issue 8 §6), changed through the API's services; deliveries are written by
the delivery task. The secret is never shown."""

from django.contrib import admin

from .models import WebhookDelivery, WebhookEndpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["url", "owner", "active", "failing_since", "created_at"]
    list_filter = ["active", ("failing_since", admin.EmptyFieldListFilter)]
    search_fields = ["url", "description", "owner__username"]
    list_select_related = ["owner"]
    exclude = ["secret"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "message__event_type",
        "endpoint",
        "attempt",
        "status",
        "http_status",
        "next_attempt_at",
        "attempted_at",
        "delivered_at",
    ]
    list_filter = ["status", "message__event_type"]
    search_fields = ["endpoint__url", "message__msg_id", "message__key", "error"]
    list_select_related = ["endpoint", "message"]
    date_hierarchy = "next_attempt_at"
