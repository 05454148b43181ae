import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from portal.api.serializers import StrictInputMixin
from portal.attachments import stored_size
from portal.calendar import validate_calendar_date
from portal.directory import rules
from portal.directory.choices import Language
from portal.directory.models import Agency

from .. import rules as event_rules
from ..choices import EventFormat
from ..grids import DAY_KEYS, answer_body, answer_head
from ..models import Event, EventAttachment, EventSpeaker


def validate_calendar_time(value) -> None:
    """A start or end in the years the portal's calendar knows (1995–2100)."""
    validate_calendar_date(value.date())


class EventSpeakerSerializer(serializers.ModelSerializer):
    language_display = serializers.CharField(source="get_language_display", read_only=True)

    class Meta:
        model = EventSpeaker
        fields = ["name", "position", "contacts", "language", "language_display"]


class EventAttachmentSerializer(serializers.ModelSerializer):
    """A document the media receive with the event (000 §3.5); read only."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    size = serializers.SerializerMethodField(help_text=_("In bytes."))
    url = serializers.SerializerMethodField(help_text=_("Where the file is downloaded."))

    class Meta:
        model = EventAttachment
        fields = ["id", "title", "kind", "kind_display", "language", "size", "url"]
        read_only_fields = fields

    def get_size(self, attachment) -> int | None:
        return stored_size(attachment.file.name)

    def get_url(self, attachment) -> str:
        path = reverse(
            "eventgrid:attachment_download",
            kwargs={"pk": attachment.event_id, "attachment_pk": attachment.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class EventOccurrenceSerializer(serializers.Serializer):
    """Which repeating series the event belongs to, read only (null for a single event):
    its rule (an RFC 5545 RRULE body, read from `first_starts_at` on the wall clock of
    Asia/Almaty) and which of its starts this event is, even once moved. Each occurrence
    is an event of its own, edited, moved and cancelled on its own. Shown only to those who
    may change the event: the rule tells the dates of occurrences still unpublished."""

    id = serializers.IntegerField(source="recurrence.pk", help_text=_("The series' id."))
    rule = serializers.CharField(source="recurrence.rule")
    first_starts_at = serializers.DateTimeField(source="recurrence.first_starts_at")
    excluded_dates = serializers.ListField(
        child=serializers.DateField(), source="recurrence.excluded_dates"
    )
    recurrence_start = serializers.DateTimeField(
        help_text=_("This event's start by the rule (it may have moved since).")
    )

    def to_representation(self, event):
        request = self.context.get("request")
        if event.recurrence_id is None or request is None:
            return None
        if not event_rules.can_change_event(request.user, event):
            return None
        return super().to_representation(event)


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
    attachments = EventAttachmentSerializer(many=True, read_only=True)
    recurrence = EventOccurrenceSerializer(source="*", read_only=True, allow_null=True)

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
            "attachments",
            "main_news_candidate",
            "co_organisers",
            "state",
            "state_display",
            "state_reason",
            "recurrence",
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


# --- The weekly media-grid (004 §11) -------------------------------------------------------


class MediaGridListSerializer(serializers.Serializer):
    """A published week: its latest version's number and moment."""

    week = serializers.CharField(help_text=_("The ISO week, as “2026-W50”."))
    week_start = serializers.DateField(help_text=_("Its Monday."))
    week_end = serializers.DateField(help_text=_("Its Sunday."))
    version = serializers.IntegerField(source="latest_number", help_text=_("The latest version."))
    published_at = serializers.DateTimeField(source="latest_published_at")
    url = serializers.CharField(help_text=_("This week's media-grid in the API."))


class MediaGridVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()


class MediaGridDaySerializer(serializers.Serializer):
    day = serializers.ChoiceField(choices=[(key, key) for key in DAY_KEYS])
    label = serializers.CharField()
    dates = serializers.ListField(child=serializers.DateField())


class MediaGridRowSerializer(serializers.Serializer):
    agency = serializers.CharField(help_text=_("The agency's slug."))
    name = serializers.CharField()
    short_name = serializers.CharField(allow_blank=True)
    region = serializers.CharField(allow_blank=True)


class MediaGridSpeakerSerializer(serializers.Serializer):
    name = serializers.CharField()
    position = serializers.CharField(allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices)


class MediaGridEventSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    format = serializers.ChoiceField(choices=EventFormat.choices)
    format_display = serializers.CharField()
    place = serializers.CharField(allow_blank=True)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    # The events' states (a CharField: the enum is documented once, in Event).
    state = serializers.CharField(
        help_text=_("published, rescheduled, postponed or cancelled (planned ones publish).")
    )
    state_display = serializers.CharField()
    state_reason = serializers.CharField(allow_blank=True)
    speakers = MediaGridSpeakerSerializer(many=True)


class MediaGridCellSerializer(serializers.Serializer):
    agency = serializers.CharField()
    day = serializers.ChoiceField(choices=[(key, key) for key in DAY_KEYS])
    events = MediaGridEventSerializer(many=True)


class MediaGridMainNewsSerializer(serializers.Serializer):
    day = serializers.ChoiceField(choices=[(key, key) for key in DAY_KEYS])
    events = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Event ids, in the order of the main news.")
    )


class MediaGridDetailSerializer(serializers.Serializer):
    """One version of a week's media-grid, its texts in the request's language."""

    week = serializers.CharField()
    week_start = serializers.DateField()
    week_end = serializers.DateField()
    version = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    latest_version = serializers.IntegerField()
    versions = MediaGridVersionSerializer(many=True)
    days = MediaGridDaySerializer(many=True)
    rows = MediaGridRowSerializer(many=True)
    cells = MediaGridCellSerializer(many=True)
    main_news = MediaGridMainNewsSerializer(many=True)
    changelog = serializers.DictField(
        child=serializers.ListField(child=serializers.JSONField()),
        help_text=_(
            "What changed since the previous version (empty for the first): added, removed, "
            "moved, cancelled and changed events, with their texts in kk, ru and en, and the "
            "days whose main news changed (main_news)."
        ),
    )


class MediaGridQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=10**6, required=False, help_text=_("An earlier version.")
    )


def media_grid_data(*, week_start: dt.date, version, versions, language: str) -> dict:
    """What MediaGridDetailSerializer shows of a version, in `language`, already as its
    representation (`grids.answer_head` and `grids.answer_body`): running the serializer
    over the thousands of events of a full week took most of a second (bench.media_grid);
    the serializer documents it in the schema, and a test holds the two equal."""
    return {
        **answer_head(week_start=week_start, version=version, versions=versions),
        **answer_body(snapshot=version.snapshot, changelog=version.changelog, language=language),
    }
