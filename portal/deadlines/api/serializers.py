from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...directory.api.serializers import NonWorkingDaySerializer
from ..choices import PeriodUnit
from ..computation import explain
from ..models import Deadline


class ExplanationSerializer(serializers.Serializer):
    """How the due date was computed: what it was counted from, the period, the non-working
    days skipped, and the day it moved from; `source` is the rule's text and seed point."""

    starts_on = serializers.DateField()
    amount = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=PeriodUnit.choices)
    skipped = NonWorkingDaySerializer(many=True)
    moved_from = NonWorkingDaySerializer(allow_null=True)
    source = serializers.CharField()


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
        explanation = explain(deadline, calendar=self.context["calendar"])
        return ExplanationSerializer(
            {
                "starts_on": explanation.starts_on,
                "amount": explanation.amount,
                "unit": explanation.unit,
                "skipped": explanation.skipped,
                "moved_from": explanation.moved_from,
                "source": deadline.rule.description,
            }
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
