"""/api/v1/accreditations/ (003 §8.3): a journalist reads their own applications, an
agency's members every one of their agencies (the authorized body every agency's); the
decisions are one POST action each, calling the same service as the pages, for whom
`accreditation.rules` allows (the agency's press secretary or head, the authorized body)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .. import queries, rules, services
from . import serializers
from .filters import AccreditationFilter

DECISION_REFUSED = _(
    "This decision is not possible for you on this accreditation in its present state."
)


@extend_schema(
    description=_(
        "Journalists' applications and accreditations (003 §8.3): a journalist's own, and "
        "every one of the agencies the user works for (every agency's for the authorized body)."
    )
)
class AccreditationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.AccreditationSerializer
    filterset_class = AccreditationFilter
    permission_classes = [permissions.IsAuthenticated]
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return queries.accreditations_for_user(self.request.user)

    def _decide(self, request, allowed, act, with_reason=False):
        """The rule (403), the reason (400), the service (400 when the state refuses)."""
        accreditation = self.get_object()
        if not allowed(request.user, accreditation):
            raise exceptions.PermissionDenied(DECISION_REFUSED)
        data = {}
        if with_reason:
            body = serializers.ReasonSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
        accreditation = act(accreditation, data)
        fresh = self.get_queryset().get(pk=accreditation.pk)
        return Response(serializers.AccreditationSerializer(fresh).data)

    @extend_schema(
        description=_("Accredit the journalist who applied (003 §8.3); they are told."),
        request=None,
        responses=serializers.AccreditationSerializer,
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._decide(
            request,
            rules.can_approve,
            lambda a, data: services.accreditation_approve(accreditation=a, by=request.user),
        )

    @extend_schema(
        description=_("Refuse an application, with the reason the journalist reads."),
        request=serializers.ReasonSerializer,
        responses=serializers.AccreditationSerializer,
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        return self._decide(
            request,
            rules.can_refuse,
            lambda a, data: services.accreditation_refuse(accreditation=a, by=request.user, **data),
            with_reason=True,
        )

    @extend_schema(
        description=_(
            "Withdraw an accreditation before its end, with the reason; its card's "
            "verification page says so at once."
        ),
        request=serializers.ReasonSerializer,
        responses=serializers.AccreditationSerializer,
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        return self._decide(
            request,
            rules.can_revoke,
            lambda a, data: services.accreditation_revoke(accreditation=a, by=request.user, **data),
            with_reason=True,
        )
