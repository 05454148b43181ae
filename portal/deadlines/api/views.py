from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from ...api.filters import check_parameters, validated_query
from ...calendar import working_calendar
from ...directory.choices import AgencyKind, Region
from ..computation import due_for_calculator
from ..forms import ComplianceFilterForm
from ..models import Deadline
from ..queries import deadline_compliance, deadlines_for_user
from . import serializers
from .filters import DeadlineFilter
from .permissions import SeesDeadlines, SeesEveryAgency


@extend_schema_view(
    list=extend_schema(
        description=_(
            "Deadlines of the user's agencies (of every agency for the authorized body), "
            "each with how its due date was computed."
        )
    ),
    retrieve=extend_schema(
        description=_("One deadline, with how its due date was computed."),
        parameters=[OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)],
    ),
)
class DeadlineViewSet(viewsets.ReadOnlyModelViewSet):
    """Deadlines of the user's agencies (of every agency for the authorized body), each with
    how its due date was computed."""

    serializer_class = serializers.DeadlineSerializer
    filterset_class = DeadlineFilter
    permission_classes = [SeesDeadlines]
    lookup_value_regex = "[0-9]+"  # not \d, which also takes other scripts' digits ("١")

    def get_queryset(self):
        return deadlines_for_user(self.request.user).order_by("due_at", "pk")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "swagger_fake_view", False):  # drf-spectacular reading the types
            return context
        # One calendar (one query) for the whole page, named in the request's language.
        return {**context, "calendar": working_calendar()}


class DeadlineComplianceView(APIView):
    """For the authorized body: per agency and rule, the deadlines due in a period (waived
    ones left out), how many were done on time, late, and how many are overdue now. The
    period defaults to the last 90 days up to today; dates are Astana dates, both included."""

    permission_classes = [SeesEveryAgency]

    @extend_schema(
        description=_(
            "For the authorized body: per agency and rule, the deadlines due in a period "
            "(waived ones left out), how many were done on time, late, and how many are "
            "overdue now. The period defaults to the last 90 days up to today; dates are "
            "Astana dates, both included."
        ),
        parameters=[
            OpenApiParameter(
                "due_after", OpenApiTypes.DATE, description=_("Due on or after this date")
            ),
            OpenApiParameter(
                "due_before", OpenApiTypes.DATE, description=_("Due on or before this date")
            ),
            OpenApiParameter("region", OpenApiTypes.STR, enum=Region.values),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=AgencyKind.values),
        ],
        responses=serializers.ComplianceSerializer,
    )
    def get(self, request):
        form = ComplianceFilterForm(request.query_params, today=timezone.localdate())
        check_parameters(request, form.fields)
        if not form.is_valid():
            raise ValidationError(
                {
                    "non_field_errors" if field == "__all__" else field: messages
                    for field, messages in form.errors.items()
                }
            )
        data = form.cleaned_data
        report = deadline_compliance(
            first=data["due_after"],
            last=data["due_before"],
            region=data["region"],
            kind=data["kind"],
        )
        rows = [
            {"agency": row.agency, "rule": rule, "counts": counts}
            for row in report.rows
            for rule, counts in row.cells
            if counts is not None
        ]
        result = {"first": report.first, "last": report.last, "rows": rows}
        return Response(serializers.ComplianceSerializer(result).data)


class DeadlineCalculateView(APIView):
    """When something arriving now (or at `start`) would be due under an active rule, and
    how that date comes about: the same explanation as a deadline's. Names come in the
    request's language."""

    permission_classes = [SeesDeadlines]

    @extend_schema(
        description=_(
            "When something arriving now (or at “start”) would be due under an active rule, "
            "and how that date comes about: the same explanation as a deadline's."
        ),
        parameters=[serializers.DeadlineCalculateQuerySerializer],
        responses=serializers.DeadlineCalculationSerializer,
    )
    def get(self, request):
        query = validated_query(request, serializers.DeadlineCalculateQuerySerializer)
        rule, calendar = query["rule"], working_calendar()
        start = query.get("start") or timezone.now().replace(microsecond=0)
        due = due_for_calculator(rule, start=start, calendar=calendar)
        deadline = Deadline(
            rule=rule, starts_on=due.starts_on, due_at=due.due_at, computation=due.computation
        )
        result = {
            "rule": rule,
            "start": start,
            "due_at": deadline.due_at,
            "explanation": serializers.explanation_of(deadline, calendar=calendar),
        }
        return Response(serializers.DeadlineCalculationSerializer(result).data)
