from rest_framework import serializers

from ..models import InformationRequest, RequestEvent


class RequestEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequestEvent
        fields = ["action", "at", "public"]


class InformationRequestSerializer(serializers.ModelSerializer):
    """A request as its agency's staff read it, with the whole timeline."""

    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    events = RequestEventSerializer(many=True, read_only=True)

    class Meta:
        model = InformationRequest
        fields = [
            "id",
            "number",
            "agency",
            "channel",
            "language",
            "state",
            "outcome",
            "outcome_reason",
            "received_at",
            "due_at",
            "extended_days",
            "assigned_unit",
            "requester_name",
            "requester_email",
            "requester_organisation",
            "text",
            "events",
        ]
        read_only_fields = fields


class RequestStatusSerializer(serializers.ModelSerializer):
    """What the requester reads by the secret token: no staff's names, no internal steps."""

    agency = serializers.CharField(source="agency.name", read_only=True)
    events = serializers.SerializerMethodField()

    class Meta:
        model = InformationRequest
        fields = [
            "number",
            "agency",
            "state",
            "outcome",
            "outcome_reason",
            "received_at",
            "due_at",
            "events",
        ]
        read_only_fields = fields

    def get_events(self, case) -> list[dict]:
        return [
            {"action": event.action, "at": event.at} for event in case.events.all() if event.public
        ]
