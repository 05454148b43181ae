import django_filters
from django.utils.translation import gettext_lazy as _

from ..choices import PublicationKind, PublicationStage
from ..models import PublicationRequest

YES_NO = [("true", _("Yes")), ("false", _("No"))]


class PublicationRequestFilter(django_filters.FilterSet):
    stage = django_filters.ChoiceFilter(choices=PublicationStage.choices)
    kind = django_filters.ChoiceFilter(choices=PublicationKind.choices)
    # A choice, not a boolean: "late=maybe" answers 400 instead of meaning "no filter".
    late = django_filters.ChoiceFilter(
        choices=YES_NO, method="filter_late", label=_("Handed over late")
    )

    class Meta:
        model = PublicationRequest
        fields = ["stage", "kind", "late"]

    def filter_late(self, queryset, name, value):
        return queryset.filter(is_late=value == "true")
