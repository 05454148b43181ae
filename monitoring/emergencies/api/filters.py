import django_filters

from ..choices import IncidentKind, IncidentState
from ..models import Incident


class IncidentFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=IncidentState.choices)
    kind = django_filters.ChoiceFilter(choices=IncidentKind.choices)

    class Meta:
        model = Incident
        fields = ["state", "kind"]
