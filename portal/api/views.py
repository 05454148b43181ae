from contextlib import contextmanager

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import queries, services
from ..calendar import working_calendar
from ..models import Agency
from . import serializers
from .filters import AgencyFilter, SpokespersonFilter, reject_unknown_parameters
from .permissions import CanChangeSpokesperson


def _validated_query(request, serializer_class):
    reject_unknown_parameters(request, serializer_class().fields)
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data


class AgencyViewSet(viewsets.ReadOnlyModelViewSet):
    """Government bodies, akimats and national companies; public data."""

    queryset = (
        Agency.objects.select_related("parent")
        .prefetch_related("successors", "social_accounts")
        .order_by("name", "pk")
    )
    serializer_class = serializers.AgencySerializer
    filterset_class = AgencyFilter
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]


class SpokespersonViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Spokespersons: published entries for everyone, unpublished ones for their agency."""

    serializer_class = serializers.SpokespersonSerializer
    filterset_class = SpokespersonFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanChangeSpokesperson]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return queries.spokespersons_for_user(self.request.user).order_by("agency__name", "pk")

    def perform_create(self, serializer):
        with _model_errors_as_400():
            serializer.instance = services.spokesperson_appoint(**serializer.validated_data)

    def perform_update(self, serializer):
        with _model_errors_as_400():
            serializer.instance = services.spokesperson_update(
                spokesperson=serializer.instance, **serializer.validated_data
            )


@contextmanager
def _model_errors_as_400():
    """Turn a model validation error into a 400 answer with the same messages."""
    try:
        yield
    except DjangoValidationError as exc:
        raise ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        ) from exc


class CalendarView(APIView):
    """Non-working days of a year in Kazakhstan, named in the request's language."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[serializers.CalendarYearQuerySerializer],
        responses=serializers.NonWorkingDaySerializer(many=True),
    )
    def get(self, request):
        query = _validated_query(request, serializers.CalendarYearQuerySerializer)
        days = working_calendar().non_working_days(query["year"])
        return Response(serializers.NonWorkingDaySerializer(days, many=True).data)


class AddWorkingDaysView(APIView):
    """The date N working days after a start date, with the non-working days skipped."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[serializers.AddWorkingDaysQuerySerializer],
        responses=serializers.AddWorkingDaysSerializer,
    )
    def get(self, request):
        query = _validated_query(request, serializers.AddWorkingDaysQuerySerializer)
        calendar = working_calendar()
        due = calendar.add_working_days(query["start"], query["days"])
        result = {**query, "due": due, "skipped": calendar.skipped_days(query["start"], due)}
        return Response(serializers.AddWorkingDaysSerializer(result).data)
