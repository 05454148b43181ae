"""The media-plans list's filters: an unknown agency slug, a year outside 2000–2100 or an
unknown state answers 400 naming the parameter, never an empty list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from portal.directory.models import Agency

from ..choices import PlanState
from ..models import MediaPlan

FIRST_YEAR, LAST_YEAR = 2000, 2100


@extend_schema_field({"type": "integer", "minimum": FIRST_YEAR, "maximum": LAST_YEAR})
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class MediaPlanFilter(django_filters.FilterSet):
    year = YearFilter(min_value=FIRST_YEAR, max_value=LAST_YEAR, label=_("Year"))
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(), to_field_name="slug", label=_("Agency (slug)")
    )
    state = django_filters.ChoiceFilter(choices=PlanState.choices)

    class Meta:
        model = MediaPlan
        fields = ["year", "agency", "state"]
