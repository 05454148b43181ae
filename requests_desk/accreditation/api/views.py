from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets

from .. import queries
from . import serializers
from .filters import AccreditationFilter


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
