from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets

from .. import queries
from ..models import PublicationEvent
from . import serializers
from .filters import PublicationRequestFilter
from .permissions import WorksWithPublications


@extend_schema(
    description=_(
        "Material handed over for the website by the user's agencies (every agency's for the "
        "authorized body), its stage, lateness and history (002 §8–14)."
    )
)
class PublicationRequestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.PublicationRequestSerializer
    filterset_class = PublicationRequestFilter
    permission_classes = [WorksWithPublications]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        events = PublicationEvent.objects.order_by("at", "pk")
        return (
            queries.publications_for_user(self.request.user)
            .prefetch_related(Prefetch("events", queryset=events))
            .order_by("publication_date", "pk")
        )
