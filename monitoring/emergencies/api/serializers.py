from rest_framework import serializers

from ..models import Incident, OfficialStatement


class StatementSerializer(serializers.ModelSerializer):
    """A published statement in the three languages (000 §6.4)."""

    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = OfficialStatement
        fields = ["id", "agency", "text_kk", "text_ru", "text_en", "published_at"]
        read_only_fields = fields


class StaffStatementSerializer(StatementSerializer):
    """With its state: the staff's list also holds their agencies' drafts."""

    class Meta(StatementSerializer.Meta):
        fields = [*StatementSerializer.Meta.fields, "state", "created_at", "updated_at"]
        read_only_fields = fields


class IncidentSerializer(serializers.ModelSerializer):
    coordinator = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agencies = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    statements = StatementSerializer(many=True, read_only=True, source="visible_statements")

    class Meta:
        model = Incident
        fields = [
            "id",
            "title_kk",
            "title_ru",
            "title_en",
            "kind",
            "region",
            "state",
            "started_at",
            "closed_at",
            "coordinator",
            "agencies",
            "statements",
        ]
        read_only_fields = fields


class StaffIncidentSerializer(IncidentSerializer):
    """As the staff read it: the reason for closing and drafts of their agencies."""

    statements = StaffStatementSerializer(many=True, read_only=True, source="visible_statements")

    class Meta(IncidentSerializer.Meta):
        fields = [*IncidentSerializer.Meta.fields, "close_reason"]
        read_only_fields = fields
