"""The directory's list filters. An unknown agency slug answers 400 naming the parameter
(a ModelChoiceFilter), not an empty list that reads like "this agency has none"."""

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from ..choices import AgencyKind, AgencyStatus, Region
from ..models import Agency, Spokesperson
from ..queries import directory_search, search_words


class AgencyFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=AgencyKind.choices)
    region = django_filters.ChoiceFilter(choices=Region.choices)
    status = django_filters.ChoiceFilter(choices=AgencyStatus.choices)
    parent = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(), to_field_name="slug", label=_("Parent agency (slug)")
    )

    class Meta:
        model = Agency
        fields = ["kind", "region", "status", "parent"]


class SpokespersonFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(), to_field_name="slug", label=_("Agency (slug)")
    )
    region = django_filters.ChoiceFilter(field_name="agency__region", choices=Region.choices)
    current = django_filters.TypedChoiceFilter(
        choices=[("true", _("yes")), ("false", _("no"))],
        coerce=lambda value: value == "true",
        method="filter_current",
        label=_("Holds the post today"),
    )
    q = django_filters.CharFilter(
        method="filter_name",
        label=_("Part of the name"),
        validators=[search_words],
    )

    class Meta:
        model = Spokesperson
        fields = ["agency", "region", "current", "q", "post"]

    # A method filter has no model field to read its type from: the choices, as strings.
    @extend_schema_field({"type": "string", "enum": ["true", "false"]})
    def filter_current(self, queryset, name, value):
        current = queryset.current()
        return current if value else queryset.exclude(pk__in=current.values("pk"))

    def filter_name(self, queryset, name, value):
        return directory_search(queryset, text=value)
