from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from ...api.filters import validated_query
from ...calendar import working_calendar
from ...documents.views import PublishedCacheMixin
from .. import queries, services
from ..exports import PUBLICATION
from ..models import Agency
from . import serializers
from .filters import AgencyFilter, SpokespersonFilter
from .permissions import CanChangeSpokesperson


@extend_schema(description=_("Government bodies, akimats and national companies; public data."))
class AgencyViewSet(PublishedCacheMixin, viewsets.ReadOnlyModelViewSet):
    """Government bodies, akimats and national companies; public data."""

    publication = PUBLICATION  # answers to public readers cached by its version

    queryset = Agency.objects.select_related("parent").prefetch_related(
        "successors", "social_accounts"
    )
    serializer_class = serializers.AgencySerializer
    filterset_class = AgencyFilter
    lookup_field = "slug"
    permission_classes = [permissions.AllowAny]

    def get_queryset(self):
        return queries.by_name(super().get_queryset())


@extend_schema(
    description=_(
        "Spokespersons: confirmed entries for everyone; an agency's own entries awaiting "
        "confirmation for its members and the authorized body. A new entry or a change of a "
        "confirmed one waits for the authorized body's confirmation (Order No. 159, points 3–4)."
    )
)
class SpokespersonViewSet(
    PublishedCacheMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Spokespersons: published entries for everyone, unpublished ones for their agency."""

    publication = PUBLICATION  # answers to public readers cached by its version

    serializer_class = serializers.SpokespersonSerializer
    filterset_class = SpokespersonFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanChangeSpokesperson]
    http_method_names = ["get", "post", "patch", "head", "options"]
    # ASCII digits only: Python's int() also reads "١" or " 6" as a number, which made
    # /spokespersons/%C2%A06/ answer the spokesperson 6.
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return queries.by_name(queries.spokespersons_for_user(self.request.user), "agency__", "")

    def perform_create(self, serializer):
        serializer.instance = services.spokesperson_appoint(**serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = services.spokesperson_update(
            spokesperson=serializer.instance, **serializer.validated_data
        )


@extend_schema(
    description=_("Non-working days of a year in Kazakhstan, named in the request's language.")
)
class CalendarView(APIView):
    """Non-working days of a year in Kazakhstan, named in the request's language."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[serializers.CalendarYearQuerySerializer],
        responses=serializers.NonWorkingDaySerializer(many=True),
    )
    def get(self, request):
        query = validated_query(request, serializers.CalendarYearQuerySerializer)
        days = working_calendar().non_working_days(query["year"])
        return Response(serializers.NonWorkingDaySerializer(days, many=True).data)


@extend_schema(
    description=_("The date N working days after a start date, with the non-working days skipped.")
)
class AddWorkingDaysView(APIView):
    """The date N working days after a start date, with the non-working days skipped."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        parameters=[serializers.AddWorkingDaysQuerySerializer],
        responses=serializers.AddWorkingDaysSerializer,
    )
    def get(self, request):
        query = validated_query(request, serializers.AddWorkingDaysQuerySerializer)
        calendar = working_calendar()
        due = calendar.add_working_days(query["start"], query["days"])
        result = {**query, "due": due, "skipped": calendar.skipped_days(query["start"], due)}
        return Response(serializers.AddWorkingDaysSerializer(result).data)
