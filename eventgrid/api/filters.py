"""The events list's filters. Unknown agency slugs and dates outside the calendar's years
answer 400 naming the parameter, so a mistake never reads as "no events"."""

import datetime as dt

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.calendar import validate_calendar_date
from portal.directory.choices import Language, Region
from portal.directory.models import Agency

from ..choices import EventFormat, EventState
from ..models import Event
from ..queries import ending_after


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


class EventFilter(django_filters.FilterSet):
    # `from` is a Python keyword: declared as `from_`, renamed below.
    from_ = django_filters.DateFilter(
        method="filter_from",
        label=_("Events that end on or after this day"),
        validators=[validate_calendar_date],
    )
    to = django_filters.DateFilter(
        method="filter_to",
        label=_("Events that start on or before this day"),
        validators=[validate_calendar_date],
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(), to_field_name="slug", label=_("Agency (slug)")
    )
    region = django_filters.ChoiceFilter(field_name="agency__region", choices=Region.choices)
    format = django_filters.ChoiceFilter(choices=EventFormat.choices)
    language = django_filters.ChoiceFilter(
        field_name="speakers__language",
        choices=Language.choices,
        distinct=True,
        label=_("Language of a speaker"),
    )
    state = django_filters.ChoiceFilter(choices=EventState.choices)

    class Meta:
        model = Event
        fields = ["agency", "region", "format", "language", "state"]

    def is_valid(self):
        valid = super().is_valid()
        if valid:
            start, end = self.form.cleaned_data.get("from"), self.form.cleaned_data.get("to")
            if start and end and end < start:
                self.form.add_error("to", _("The end of the period cannot precede its start."))
                return False
        return valid

    # Whole days in the portal's time zone, compared on the indexed start and end.
    def filter_from(self, queryset, name, value):
        return ending_after(queryset, _day_start(value))

    def filter_to(self, queryset, name, value):
        return queryset.filter(starts_at__lt=_day_start(value + dt.timedelta(days=1)))


EventFilter.base_filters["from"] = EventFilter.base_filters.pop("from_")
