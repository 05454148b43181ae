from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from .. import queries
from ..models import CaseEvent, Publication, PublicationMatch, Response
from . import serializers
from .filters import CaseFilter, PublicationFilter
from .permissions import WorksWithMonitoring


@extend_schema(
    description=_(
        "Publications found in the media, with the agencies their rules matched and the tone "
        "with the words that decided it (SPEC §6)."
    )
)
class PublicationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PublicationSerializer
    filterset_class = PublicationFilter
    permission_classes = [WorksWithMonitoring]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            Publication.objects.select_related("outlet")
            .prefetch_related(
                Prefetch("matches", queryset=PublicationMatch.objects.select_related("agency"))
            )
            .distinct()
        )


@extend_schema(
    description=_(
        "Resonance cases of the user's agencies (every agency's for the authorized body): "
        "the flag, the head informed, the responses (000 §4.2–4.3; 003 §10.4)."
    )
)
class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.CaseSerializer
    filterset_class = CaseFilter
    permission_classes = [WorksWithMonitoring]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            queries.visible_cases(self.request.user)
            .select_related("agency")
            .prefetch_related(
                Prefetch("responses", queryset=Response.objects.order_by("created_at", "pk")),
                Prefetch("events", queryset=CaseEvent.objects.order_by("at", "pk")),
            )
        )
