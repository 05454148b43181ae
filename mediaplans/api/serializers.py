"""The media-plans' API shapes. Items carry their texts in each language (`topic_kk`,
`topic_ru`, `topic_en`), as the services, the forms and the XLSX template take them: a plan
is written in Kazakh and Russian at least before it is submitted. Writes are checked here and
decided by `mediaplans.services`."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from portal import attachments
from portal.api.serializers import StrictInputMixin
from portal.directory.models import Agency

from .. import rules, services
from ..choices import ItemChannel, ItemFormat, ItemStatus
from ..models import (
    MediaPlan,
    MonthlyReport,
    PlanAttachment,
    PlanItem,
    PlanRevision,
    ReportEntry,
)
from ..revisions import LANGUAGES, TRANSLATED_FIELDS

TEXT_FIELDS = [f"{name}_{language}" for name in TRANSLATED_FIELDS for language in LANGUAGES]
MAX_COMMENT = 5000


def _ordered_choices(values, choices) -> list[str]:
    """Each chosen value once, in the order of the choices (the same selection, one list)."""
    chosen = set(values)
    return [value for value in choices.values if value in chosen]


def _person(user) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


# --- Items (004 §7) -------------------------------------------------------------------------


class PlanItemSerializer(StrictInputMixin, serializers.ModelSerializer):
    """One item of the plan. `version` is the item's edit version: send it back with a
    change or a deletion, so that a change someone made meanwhile is never overwritten."""

    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=ItemFormat.choices), required=False, max_length=20
    )
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=ItemChannel.choices), required=False, max_length=20
    )
    plan_version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        required=False,
        write_only=True,
        help_text=_(
            "The plan's edit version the client read; a new item is refused (409) if the plan "
            "changed since."
        ),
    )
    comment = serializers.CharField(
        required=False,
        write_only=True,
        allow_blank=True,
        max_length=MAX_COMMENT,
        help_text=_("Why the authorized body amends a plan under review (000 §2.2)."),
    )

    class Meta:
        model = PlanItem
        fields = [
            "id",
            "position",
            *TEXT_FIELDS,
            "is_preventive",
            "formats",
            "channels",
            "month",
            "quarter",
            "version",
            "plan_version",
            "comment",
        ]
        read_only_fields = ["id", "position", "version"]
        extra_kwargs = {name: {"allow_null": False} for name in TEXT_FIELDS}

    def to_representation(self, item):
        """A text not given in a language reads "" (stored as NULL by modeltranslation)."""
        data = super().to_representation(item)
        return {
            name: "" if value is None and name in TEXT_FIELDS else value
            for name, value in data.items()
        }

    def validate_formats(self, value):
        return _ordered_choices(value, ItemFormat)

    def validate_channels(self, value):
        return _ordered_choices(value, ItemChannel)


class PlanItemChangeSerializer(PlanItemSerializer):
    """A change of an item: `version` (the item's edit version read) is required."""

    version = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("The item's edit version the client read; a stale one is refused (409)."),
    )

    class Meta(PlanItemSerializer.Meta):
        fields = [name for name in PlanItemSerializer.Meta.fields if name != "plan_version"]
        read_only_fields = ["id", "position"]

    def validate(self, attrs):
        if "version" not in attrs:  # PATCH makes every field optional, not this one
            raise serializers.ValidationError({"version": [_("This field is required.")]})
        return attrs


class ItemDeleteQuerySerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, max_value=2**31 - 1, help_text=_("The item's edit version the client read.")
    )
    comment = serializers.CharField(
        required=False,
        max_length=MAX_COMMENT,
        help_text=_("Why the authorized body deletes it from a plan under review."),
    )


# --- Plans (000 §2.1–2.4) -------------------------------------------------------------------


class MediaPlanSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    item_count = serializers.SerializerMethodField()

    class Meta:
        model = MediaPlan
        fields = [
            "id",
            "agency",
            "agency_name",
            "year",
            "state",
            "state_display",
            "revision",
            "version",
            "item_count",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_item_count(self, plan) -> int:
        count = getattr(plan, "item_count", None)
        return count if count is not None else len(plan.items.all())


class PlanAttachmentSerializer(serializers.ModelSerializer):
    """A document of the plan or of one item (None: the whole plan's), read only: attached on
    the plan's page; `url` downloads it through the same permission check."""

    url = serializers.SerializerMethodField()
    content_type = serializers.SerializerMethodField()
    size = serializers.SerializerMethodField()

    class Meta:
        model = PlanAttachment
        fields = ["id", "item", "title", "content_type", "size", "url", "created_at"]
        read_only_fields = fields

    def get_url(self, attachment) -> str:
        path = reverse(
            "mediaplans:attachment_download",
            kwargs={"pk": attachment.plan_id, "attachment_pk": attachment.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    def get_content_type(self, attachment) -> str:
        return attachments.content_type_of(attachment.file.name)

    def get_size(self, attachment) -> int | None:
        return attachments.stored_size(attachment.file.name)


class MediaPlanDetailSerializer(MediaPlanSerializer):
    """The plan with its items in order, its documents, and what is still missing before it
    can be submitted (empty once it is, or when nothing is)."""

    items = PlanItemSerializer(many=True, read_only=True)
    attachments = PlanAttachmentSerializer(many=True, read_only=True)
    missing = serializers.SerializerMethodField()

    class Meta(MediaPlanSerializer.Meta):
        fields = [*MediaPlanSerializer.Meta.fields, "missing", "items", "attachments"]
        read_only_fields = fields

    def get_missing(self, plan) -> list[str]:
        if not plan.is_editable:
            return []
        return [str(message) for message in services.plan_missing(plan, list(plan.items.all()))]


class MediaPlanCreateSerializer(StrictInputMixin, serializers.Serializer):
    agency = serializers.SlugRelatedField(
        slug_field="slug", queryset=Agency.objects.all(), help_text=_("The agency's slug.")
    )
    year = serializers.IntegerField(min_value=2000, max_value=2100)

    def validate_agency(self, agency):
        if not rules.can_create_plan(self.context["request"].user, agency):
            raise serializers.ValidationError(_("You may not make media-plans of this agency."))
        return agency


class ReturnSerializer(StrictInputMixin, serializers.Serializer):
    comment = serializers.CharField(
        max_length=MAX_COMMENT, help_text=_("What must be changed: required (000 §2.2).")
    )


class DecisionSerializer(StrictInputMixin, serializers.Serializer):
    comment = serializers.CharField(
        max_length=MAX_COMMENT, required=False, allow_blank=True, default=""
    )


# --- Revisions ------------------------------------------------------------------------------


class PlanRevisionSerializer(serializers.ModelSerializer):
    """One submission, frozen: revision `number`, its `attempt` (a resubmission after a
    return is the next attempt), and the outcome of its review once decided."""

    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    submitted_by = serializers.SerializerMethodField()
    decided_by = serializers.SerializerMethodField()

    class Meta:
        model = PlanRevision
        fields = [
            "id",
            "number",
            "attempt",
            "label",
            "submitted_at",
            "submitted_by",
            "is_late",
            "outcome",
            "outcome_display",
            "decided_at",
            "decided_by",
        ]
        read_only_fields = fields

    def get_submitted_by(self, revision) -> str | None:
        return _person(revision.submitted_by)

    def get_decided_by(self, revision) -> str | None:
        return _person(revision.decided_by)


SNAPSHOT_SCHEMA = {
    "type": "object",
    "properties": {
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "description": "id, position; each text as {kk, ru, en}; is_preventive, "
                "formats, channels, month, quarter.",
            },
        }
    },
}


class PlanRevisionDetailSerializer(PlanRevisionSerializer):
    snapshot = serializers.SerializerMethodField(
        help_text=_("The items as submitted, each text in kk, ru and en; never changes.")
    )

    class Meta(PlanRevisionSerializer.Meta):
        fields = [*PlanRevisionSerializer.Meta.fields, "snapshot"]
        read_only_fields = fields

    @extend_schema_field(SNAPSHOT_SCHEMA)
    def get_snapshot(self, revision) -> dict:
        return revision.snapshot


# --- Monthly reports (004 §8) ---------------------------------------------------------------

EVENT_MODEL = ReportEntry._meta.get_field("events").related_model  # no import of eventgrid


class ReportEntrySerializer(StrictInputMixin, serializers.ModelSerializer):
    item = serializers.PrimaryKeyRelatedField(queryset=PlanItem.objects.none())
    status_display = serializers.CharField(source="get_status_display", read_only=True)
    links = serializers.ListField(child=serializers.URLField(max_length=500), max_length=20)
    events = serializers.PrimaryKeyRelatedField(
        queryset=EVENT_MODEL.objects.none(),
        many=True,
        required=False,
        help_text=_("The agency's events of the grid that carried the item out."),
    )

    class Meta:
        model = ReportEntry
        fields = [
            "item",
            "status",
            "status_display",
            "text_kk",
            "text_ru",
            "text_en",
            "links",
            "events",
        ]
        extra_kwargs = {f"text_{language}": {"allow_null": False} for language in LANGUAGES}

    def to_representation(self, entry):
        data = super().to_representation(entry)
        return {
            name: "" if value is None and name.startswith("text_") else value
            for name, value in data.items()
        }

    def get_fields(self):
        """The plan's own items and its agency's events only (`context["plan"]`)."""
        fields = super().get_fields()
        plan = self.context.get("plan")
        if plan is not None:
            fields["item"].queryset = plan.items.all()
            fields["events"].child_relation.queryset = EVENT_MODEL.objects.filter(
                agency_id=plan.agency_id
            )
        return fields


class MonthlyReportSerializer(serializers.ModelSerializer):
    entries = ReportEntrySerializer(many=True, read_only=True)
    submitted_by = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = ["month", "submitted_at", "submitted_by", "is_late", "updated_at", "entries"]
        read_only_fields = fields

    def get_submitted_by(self, report) -> str | None:
        return _person(report.submitted_by)


class MonthlyReportWriteSerializer(StrictInputMixin, serializers.Serializer):
    """The month's entries, one per item reported on; saving again changes them."""

    entries = ReportEntrySerializer(many=True, allow_empty=False, max_length=1000)

    def validate_entries(self, entries):
        items = [entry["item"].pk for entry in entries]
        if len(items) != len(set(items)):
            raise serializers.ValidationError(_("Report on each item once."))
        for entry in entries:
            entry.setdefault("status", ItemStatus.NOT_STARTED)
        return entries
