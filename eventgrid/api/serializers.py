from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.api.serializers import StrictInputMixin
from portal.calendar import validate_calendar_date
from portal.directory import rules
from portal.directory.models import Agency

from ..models import Event, EventSpeaker


def validate_calendar_time(value) -> None:
    """A start or end in the years the portal's calendar knows (1995–2100)."""
    validate_calendar_date(value.date())


class EventSpeakerSerializer(serializers.ModelSerializer):
    language_display = serializers.CharField(source="get_language_display", read_only=True)

    class Meta:
        model = EventSpeaker
        fields = ["name", "position", "contacts", "language", "language_display"]


class EventSerializer(StrictInputMixin, serializers.ModelSerializer):
    """Texts in the request's language (falling back to Kazakh, Russian, English); written in
    it too. New events are drafts; the state changes through the services (admin)."""

    agency = serializers.SlugRelatedField(slug_field="slug", queryset=Agency.objects.all())
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    co_organisers = serializers.SlugRelatedField(
        slug_field="slug", queryset=Agency.objects.all(), many=True, required=False
    )
    format_display = serializers.CharField(source="get_format_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    speakers = EventSpeakerSerializer(many=True, read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "agency",
            "agency_name",
            "title",
            "format",
            "format_display",
            "starts_at",
            "ends_at",
            "place",
            "organisers",
            "contacts",
            "goal",
            "key_messages",
            "expected_result",
            "participants",
            "speakers",
            "main_news_candidate",
            "co_organisers",
            "state",
            "state_display",
            "state_reason",
            "updated_at",
        ]
        read_only_fields = ["state", "state_reason", "updated_at"]
        extra_kwargs = {
            "starts_at": {"validators": [validate_calendar_time]},
            "ends_at": {"validators": [validate_calendar_time]},
        }

    def validate_agency(self, agency):
        if not rules.can_change_agency(self.context["request"].user, agency):
            raise serializers.ValidationError(_("You may not add events of this agency."))
        return agency

    def validate(self, attrs):
        if (
            self.instance is not None
            and "agency" in attrs
            and attrs["agency"] != self.instance.agency
        ):
            raise serializers.ValidationError({"agency": _("An event cannot change agency.")})
        return attrs
