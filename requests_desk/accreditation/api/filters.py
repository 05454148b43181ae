import django_filters

from portal.directory.models import Agency

from ..choices import AccreditationKind, AccreditationState
from ..models import Accreditation


class AccreditationFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=AccreditationState.choices)
    kind = django_filters.ChoiceFilter(choices=AccreditationKind.choices)
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.all(), to_field_name="slug")

    class Meta:
        model = Accreditation
        fields = ["state", "kind", "agency"]
