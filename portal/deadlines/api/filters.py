import django_filters
from django.utils.translation import gettext_lazy as _

from ...calendar import validate_calendar_date
from ...directory.models import Agency
from ..choices import DeadlineState
from ..models import Deadline
from ..queries import due_between


class DeadlineFilter(django_filters.FilterSet):
    """The filters of `/api/v1/deadlines/`; dates are Astana dates, both ends included."""

    state = django_filters.ChoiceFilter(
        choices=[("pending", _("Open or overdue")), *DeadlineState.choices],
        method="filter_state",
        label=_("State"),
    )
    rule = django_filters.CharFilter(field_name="rule__code", label=_("Rule (code)"))
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(), to_field_name="slug", label=_("Agency (slug)")
    )
    due_after = django_filters.DateFilter(
        method="filter_due_after",
        validators=[validate_calendar_date],
        label=_("Due on or after this date"),
    )
    due_before = django_filters.DateFilter(
        method="filter_due_before",
        validators=[validate_calendar_date],
        label=_("Due on or before this date"),
    )

    class Meta:
        model = Deadline
        fields = ["state", "rule", "agency", "due_after", "due_before"]

    def filter_state(self, queryset, name, value):
        if value == "pending":
            return queryset.pending()
        return queryset.filter(state=value)

    def filter_due_after(self, queryset, name, value):
        return due_between(queryset, first=value)

    def filter_due_before(self, queryset, name, value):
        return due_between(queryset, last=value)
