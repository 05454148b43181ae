from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.api.serializers import StrictInputMixin

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


class ReasonSerializer(StrictInputMixin, serializers.Serializer):
    reason = serializers.CharField(
        max_length=5_000, help_text=_("The reason, which the journalist reads (003 §8.3).")
    )
