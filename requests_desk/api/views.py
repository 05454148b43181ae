from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import queries
from ..models import RequestEvent
from . import serializers
from .filters import RequestFilter
from .permissions import WorksWithRequests


@extend_schema(
    description=_(
        "Information and media requests of the user's agencies (every agency's for the "
        "authorized body), with their due dates and timelines (002 §36–48)."
    )
)
class InformationRequestViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.InformationRequestSerializer
    filterset_class = RequestFilter
    permission_classes = [WorksWithRequests]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        events = RequestEvent.objects.order_by("at", "pk")
        return queries.requests_for_user(self.request.user).prefetch_related(
            Prefetch("events", queryset=events)
        )


class RequestStatusView(APIView):
    """The requester's status by the secret token of the tracking link: the public
    timeline and the outcome. Any other token is a 404."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(responses=serializers.RequestStatusSerializer)
    def get(self, request, token: str):
        case = queries.request_for_token(token)
        if case is None:
            raise Http404
        response = Response(serializers.RequestStatusSerializer(case).data)
        response["Cache-Control"] = "no-store"
        return response
