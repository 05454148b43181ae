from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import queries, services
from . import serializers


class RegistersWebhooks(permissions.IsAuthenticated):
    def has_permission(self, request, view):
        from ..rules import can_register_webhooks

        return super().has_permission(request, view) and can_register_webhooks(request.user)


@extend_schema_view(
    list=extend_schema(description=_("Your webhook endpoints.")),
    create=extend_schema(
        description=_(
            "Register an endpoint for grid.published, grid.corrected and event.cancelled; the "
            "answer carries its signing secret, shown only now."
        ),
        responses={201: serializers.WebhookEndpointSecretSerializer},
    ),
    retrieve=extend_schema(description=_("One of your webhook endpoints.")),
    partial_update=extend_schema(description=_("Change one of your webhook endpoints.")),
    destroy=extend_schema(description=_("Delete one of your endpoints and its delivery log.")),
)
class WebhookEndpointViewSet(
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The signed-in user's webhook endpoints (issue 8 §6); another user's answer 404."""

    serializer_class = serializers.WebhookEndpointSerializer
    permission_classes = [RegistersWebhooks]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return queries.endpoints_for_user(self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        endpoint = services.webhook_endpoint_create(owner=request.user, **serializer.validated_data)
        data = serializers.WebhookEndpointSecretSerializer(endpoint).data
        return Response(data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer):
        serializer.instance = services.webhook_endpoint_update(
            endpoint=serializer.instance, **serializer.validated_data
        )

    def perform_destroy(self, instance):
        services.webhook_endpoint_delete(endpoint=instance)

    @extend_schema(
        description=_("A new signing secret for the endpoint; the old one stops working."),
        request=None,
        responses=serializers.WebhookEndpointSecretSerializer,
    )
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        endpoint = services.webhook_endpoint_rotate(endpoint=self.get_object())
        return Response(serializers.WebhookEndpointSecretSerializer(endpoint).data)

    @extend_schema(
        description=_(
            "The endpoint's delivery log, the latest attempt first: each attempt's status, "
            "HTTP status, the start of the answer, the error and when the next is due."
        ),
        responses=serializers.WebhookDeliverySerializer(many=True),
    )
    @action(detail=True, methods=["get"])
    def deliveries(self, request, pk=None):
        endpoint = self.get_object()
        page = self.paginate_queryset(queries.deliveries_of(endpoint))
        data = serializers.WebhookDeliverySerializer(page, many=True).data
        return self.get_paginated_response(data)
