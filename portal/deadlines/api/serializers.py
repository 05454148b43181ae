from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...calendar import validate_calendar_date
from ...directory.api.serializers import NonWorkingDaySerializer
from ..choices import PeriodUnit
from ..computation import explain
from ..models import Deadline, DeadlineRule


class CountedFromSerializer(serializers.Serializer):
    """The other rule whose due date the period starts on (the media-grid: the weekly
    information's), that day, and the non-working day it moved from, if it moved."""

    rule = serializers.CharField(source="code")
    rule_name = serializers.CharField(source="name")
    due_on = serializers.DateField()
    moved_from = NonWorkingDaySerializer(allow_null=True)


class RecomputedSerializer(serializers.Serializer):
    """The calendar correction that last moved the deadline: its day, its name, and the due
    moment before it."""

    date = serializers.DateField()
    name = serializers.CharField()
    previous_due_at = serializers.DateTimeField()


class ExplanationSerializer(serializers.Serializer):
    """How the due date was computed: what it was counted from, the period, the non-working
    days skipped, and the day it moved from; `source` is the rule's text and seed point."""

    counted_from = CountedFromSerializer(allow_null=True)
    starts_on = serializers.DateField()
    amount = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=PeriodUnit.choices)
    skipped = NonWorkingDaySerializer(many=True)
    moved_from = NonWorkingDaySerializer(allow_null=True)
    recomputed = RecomputedSerializer(allow_null=True)
    source = serializers.CharField()


def explanation_of(deadline, *, calendar) -> dict:
    """How `deadline` (stored, or unsaved from the calculator) got its due date: what
    `ExplanationSerializer` shows."""
    explanation = explain(deadline, calendar=calendar)
    return {
        "starts_on": explanation.starts_on,
        "amount": explanation.amount,
        "unit": explanation.unit,
        "skipped": explanation.skipped,
        "moved_from": explanation.moved_from,
        "counted_from": explanation.counted_from,
        "recomputed": explanation.recomputed,
        "source": deadline.rule.description,
    }


class DeadlineSerializer(serializers.ModelSerializer):
    """Names come in the request's language. Needs the working calendar in the context
    (`calendar`), built once per request by the view."""

    rule = serializers.SlugRelatedField(slug_field="code", read_only=True)
    rule_name = serializers.CharField(source="rule.name", read_only=True)
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    explanation = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = [
            "id",
            "rule",
            "rule_name",
            "agency",
            "agency_name",
            "state",
            "state_display",
            "due_at",
            "completed_at",
            "explanation",
        ]
        read_only_fields = fields

    @extend_schema_field(ExplanationSerializer)
    def get_explanation(self, deadline):
        return ExplanationSerializer(
            explanation_of(deadline, calendar=self.context["calendar"])
        ).data


class ComplianceRowSerializer(serializers.Serializer):
    """How one agency kept one rule's deadlines due in the period (waived ones left out)."""

    agency = serializers.CharField(source="agency.slug")
    agency_name = serializers.CharField(source="agency.name")
    rule = serializers.CharField(source="rule.code")
    rule_name = serializers.CharField(source="rule.name")
    due = serializers.IntegerField(source="counts.due")
    done_on_time = serializers.IntegerField(source="counts.done_on_time")
    done_late = serializers.IntegerField(source="counts.done_late")
    overdue = serializers.IntegerField(source="counts.overdue")
    on_time_rate = serializers.FloatField(
        source="counts.on_time_rate",
        allow_null=True,
        help_text=_(
            "Per cent done on time of those done on time, late or overdue; null while none is."
        ),
    )


class ComplianceSerializer(serializers.Serializer):
    due_after = serializers.DateField(source="first")
    due_before = serializers.DateField(source="last")
    rows = ComplianceRowSerializer(many=True)


@extend_schema_field(
    {"oneOf": [{"type": "string", "format": "date-time"}, {"type": "string", "format": "date"}]}
)
class CalculatorStartField(serializers.DateTimeField):
    """An ISO 8601 date and time, or a date alone (its midnight); without an offset, Astana
    time; in the years the calculator counts in."""

    default_error_messages = {
        "invalid": _("Enter a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDThh:mm)."),
    }

    def to_internal_value(self, value):
        start = super().to_internal_value(value)
        validate_calendar_date(timezone.localtime(start).date())
        return start


class DeadlineCalculateQuerySerializer(serializers.Serializer):
    rule = serializers.SlugRelatedField(
        slug_field="code",
        queryset=DeadlineRule.objects.filter(is_active=True),
        help_text=_("The code of an active rule."),
    )
    start = CalculatorStartField(
        required=False,
        help_text=_(
            "When it arrives: a date or a date and time (Astana time unless an offset is "
            "given), in the years 1995 to 2100; now when left out."
        ),
    )


class DeadlineCalculationSerializer(serializers.Serializer):
    """When a deadline of the rule counted from `start` would be due, and why."""

    rule = serializers.CharField(source="rule.code")
    rule_name = serializers.CharField(source="rule.name")
    start = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    explanation = ExplanationSerializer()
