import django_filters

from ..choices import Channel, RequestState
from ..models import InformationRequest, ReferenceRequest


class RequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=RequestState.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)

    class Meta:
        model = InformationRequest
        fields = ["state", "channel"]


class ReferenceFilter(django_filters.FilterSet):
    topic = django_filters.CharFilter(field_name="topic", lookup_expr="icontains")

    class Meta:
        model = ReferenceRequest
        fields = ["topic"]
