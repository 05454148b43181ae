import django_filters

from portal.calendar import validate_calendar_date
from portal.directory.choices import Language
from portal.directory.models import Agency

from ..choices import CaseState, Tone
from ..models import Publication, ResonanceCase


class PublicationFilter(django_filters.FilterSet):
    agency = django_filters.ModelChoiceFilter(
        field_name="matches__agency", to_field_name="slug", queryset=Agency.objects.all()
    )
    tone = django_filters.ChoiceFilter(choices=Tone.choices)
    language = django_filters.ChoiceFilter(choices=Language.choices)
    # Days, not instants, within the calendar's years: a year 693 answers 400 naming them.
    published_after = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__gte", validators=[validate_calendar_date]
    )
    published_before = django_filters.DateFilter(
        field_name="published_at", lookup_expr="date__lt", validators=[validate_calendar_date]
    )

    class Meta:
        model = Publication
        fields = ["agency", "tone", "language", "outlet"]


class CaseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=CaseState.choices)
    agency = django_filters.ModelChoiceFilter(to_field_name="slug", queryset=Agency.objects.all())

    class Meta:
        model = ResonanceCase
        fields = ["state", "agency"]
