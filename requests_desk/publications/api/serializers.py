from rest_framework import serializers

from ..models import PublicationEvent, PublicationRequest


class PublicationEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicationEvent
        fields = ["action", "at", "comment"]


class PublicationRequestSerializer(serializers.ModelSerializer):
    """A publication request as the agency's staff read it, with its history and the due
    moment of the stage it is at (null when none runs)."""

    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    stage_due_at = serializers.DateTimeField(read_only=True, allow_null=True)
    events = PublicationEventSerializer(many=True, read_only=True)

    class Meta:
        model = PublicationRequest
        fields = [
            "id",
            "agency",
            "unit",
            "title",
            "text",
            "edited_text",
            "kind",
            "publication_date",
            "stage",
            "stage_due_at",
            "handed_over_at",
            "handover_due_at",
            "is_late",
            "posted_url",
            "posted_at",
            "events",
        ]
        read_only_fields = fields
