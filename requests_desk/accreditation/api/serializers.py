from rest_framework import serializers

from ..models import Accreditation


class AccreditationSerializer(serializers.ModelSerializer):
    """An application or accreditation as its journalist and the agency's staff read it."""

    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Accreditation
        fields = [
            "id",
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
            "decided_at",
            "created_at",
        ]
        read_only_fields = fields
