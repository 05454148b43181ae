from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import permissions, viewsets

from .. import queries, rules
from . import serializers
from .filters import IncidentFilter


@extend_schema(
    description=_(
        "Emergencies and their official statements (000 §5): for everyone, the incidents "
        "with published statements, each in Kazakh, Russian and English; for agencies' "
        "members and the authorized body, every incident, with the drafts of their agencies "
        "and the reason for closing."
    )
)
class IncidentViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = IncidentFilter
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = "[0-9]+"

    def _staff(self) -> bool:
        return rules.works_with_emergencies(self.request.user)

    def get_serializer_class(self):
        if self._staff():
            return serializers.StaffIncidentSerializer
        return serializers.IncidentSerializer

    def get_queryset(self):
        incidents = queries.incidents_for_staff() if self._staff() else queries.public_incidents()
        return queries.incidents_with_statements(incidents, self.request.user)
