from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...api.serializers import StrictInputMixin
from ..choices import DeliveryStatus, WebhookEventType
from ..models import WebhookDelivery, WebhookEndpoint


class WebhookEndpointSerializer(StrictInputMixin, serializers.ModelSerializer):
    """An endpoint of the user's; its secret only in the answers to creating and rotating."""

    event_types = serializers.ListField(
        child=serializers.ChoiceField(choices=WebhookEventType.choices),
        min_length=1,
        max_length=len(WebhookEventType.values),
        help_text=_("The events to be told of."),
    )
    url = serializers.URLField(
        max_length=500, help_text=_("An https URL on a public address that receives a POST.")
    )

    class Meta:
        model = WebhookEndpoint
        fields = [
            "id",
            "url",
            "description",
            "event_types",
            "active",
            "failing_since",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "failing_since", "created_at", "updated_at"]


class WebhookEndpointSecretSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text=_(
            "The signing secret (Standard Webhooks: “whsec_” and base64). Shown only now: "
            "keep it; rotate it to get a new one."
        ),
    )

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
        read_only_fields = [*WebhookEndpointSerializer.Meta.read_only_fields, "secret"]


class WebhookDeliverySerializer(serializers.ModelSerializer):
    """One attempt of the delivery log."""

    message_id = serializers.CharField(source="message.msg_id")
    event_type = serializers.ChoiceField(
        source="message.event_type", choices=WebhookEventType.choices
    )
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "message_id",
            "event_type",
            "attempt",
            "status",
            "http_status",
            "response_excerpt",
            "error",
            "next_attempt_at",
            "attempted_at",
            "delivered_at",
        ]
        read_only_fields = fields
