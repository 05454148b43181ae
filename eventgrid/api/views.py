from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, viewsets
from rest_framework.negotiation import DefaultContentNegotiation

from .. import queries, services
from . import serializers
from .filters import EventFilter
from .permissions import CanChangeEvent


class FormatIsAFilter(DefaultContentNegotiation):
    """`?format=briefing` filters the events by format: DRF's `?format=` renderer switch is
    off here (the answer is JSON, or the browsable API by the Accept header)."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)


@extend_schema(
    description=_(
        "Agencies' events: published, postponed, rescheduled and cancelled ones for everyone "
        "(with the reason journalists read); an agency's drafts and planned events for its "
        "members and the authorized body. New events are drafts."
    )
)
class EventViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanChangeEvent]
    content_negotiation_class = FormatIsAFilter
    http_method_names = ["get", "post", "patch", "head", "options"]
    lookup_value_regex = "[0-9]+"  # ASCII digits only, as the directory's ids

    def get_queryset(self):
        return queries.events_for_user(self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.event_create(
            by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = services.event_update(
            event=serializer.instance, by=self.request.user, **serializer.validated_data
        )
