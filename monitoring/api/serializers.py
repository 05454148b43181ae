from rest_framework import serializers

from ..models import CaseEvent, Publication, PublicationMatch, ResonanceCase, Response


class MatchSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = PublicationMatch
        fields = ["agency", "terms"]
        read_only_fields = fields


class PublicationSerializer(serializers.ModelSerializer):
    """A publication found in the media, with the agencies it names and its tone."""

    outlet = serializers.CharField(source="outlet.name", read_only=True, default=None)
    matches = MatchSerializer(many=True, read_only=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "url",
            "title",
            "summary",
            "language",
            "published_at",
            "outlet",
            "story",
            "tone",
            "scored_tone",
            "tone_score",
            "tone_words",
            "matches",
        ]
        read_only_fields = fields


class ResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Response
        fields = ["kind", "description", "due_at", "result_url", "closed_at"]
        read_only_fields = fields


class CaseEventSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseEvent
        fields = ["action", "at"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    """A resonance case as its agency and the ministry read it (000 §4.2–4.3)."""

    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    responses = ResponseSerializer(many=True, read_only=True)
    events = CaseEventSerializer(many=True, read_only=True)

    class Meta:
        model = ResonanceCase
        fields = [
            "id",
            "agency",
            "publication",
            "story",
            "reason",
            "source",
            "flagged_at",
            "head_informed_at",
            "due_at",
            "state",
            "closed_at",
            "responses",
            "events",
        ]
        read_only_fields = fields
