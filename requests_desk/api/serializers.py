from django.urls import reverse
from rest_framework import serializers

from ..choices import ReferenceKind
from ..models import (
    InformationRequest,
    ReferenceAnswer,
    ReferenceFile,
    ReferenceRequest,
    RequestEvent,
)


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


class ReferenceFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReferenceFile
        fields = ["id", "title", "url"]
        read_only_fields = fields

    def get_url(self, file) -> str:
        return reverse(
            "requests_desk:reference_file",
            kwargs={"pk": file.answer.request_id, "file_pk": file.pk},
        )


class ReferenceAnswerSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    files = ReferenceFileSerializer(many=True, read_only=True)

    class Meta:
        model = ReferenceAnswer
        fields = ["id", "agency", "due_at", "text", "answered_at", "late", "files"]
        read_only_fields = fields


class ReferenceRequestSerializer(serializers.ModelSerializer):
    """A reference request with the answers the user may read: all of them for the
    authorized body, the user's agencies' for an agency (004 §13)."""

    kinds = serializers.ListField(child=serializers.ChoiceField(choices=ReferenceKind.choices))
    answers = ReferenceAnswerSerializer(many=True, read_only=True, source="visible_answers")

    class Meta:
        model = ReferenceRequest
        fields = ["id", "topic", "kinds", "text", "sent_at", "answers"]
        read_only_fields = fields


class ReferenceAnswerInputSerializer(serializers.Serializer):
    """An agency's answer: its text and files (multipart), checked by the service."""

    agency = serializers.SlugField(help_text="The slug of the answering agency.")
    text = serializers.CharField(max_length=50_000)
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)
