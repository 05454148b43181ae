import django_filters

from ..choices import Channel, RequestState
from ..models import InformationRequest


class RequestFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=RequestState.choices)
    channel = django_filters.ChoiceFilter(choices=Channel.choices)

    class Meta:
        model = InformationRequest
        fields = ["state", "channel"]
