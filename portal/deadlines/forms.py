import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..calendar import validate_calendar_date
from ..directory.forms import agency_kind_filter, region_filter
from ..directory.models import Agency
from ..forms import CalendarDateInput
from .choices import DeadlineState
from .models import DeadlineRule
from .queries import compliance_default_period


class DeadlineFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("pending", _("Open or overdue")), ("", _("Any state")), *DeadlineState.choices],
        required=False,
    )
    rule = forms.ModelChoiceField(
        label=_("Rule"),
        queryset=DeadlineRule.objects.order_by("name"),
        required=False,
        to_field_name="code",
        empty_label=_("All rules"),
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("All agencies"),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies.order_by("name")


class WaiveForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DoneForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class ReopenForm(forms.Form):
    """The authorized body reopens a deadline done by mistake, saying why."""

    reason = forms.CharField(
        label=_("Why reopen it"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ComplianceFilterForm(forms.Form):
    """Filters of the compliance table, its spreadsheet and its API; a missing or empty date
    takes the default period (the last 90 days up to today)."""

    due_after = forms.DateField(
        label=_("Due from"),
        required=False,
        validators=[validate_calendar_date],
        widget=CalendarDateInput(),
    )
    due_before = forms.DateField(
        label=_("Due until"),
        required=False,
        validators=[validate_calendar_date],
        widget=CalendarDateInput(),
    )
    region = region_filter()
    kind = agency_kind_filter(label=_("Kind of agency"))

    def __init__(self, data, *, today, **kwargs):
        first, last = compliance_default_period(today=today)
        data = data.copy()
        for name, default in (("due_after", first), ("due_before", last)):
            if not data.get(name):
                data[name] = default.isoformat()
        super().__init__(data, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        first, last = cleaned_data.get("due_after"), cleaned_data.get("due_before")
        if first and last and first > last:
            raise forms.ValidationError(
                _("The start of the period must not be later than its end."), code="period"
            )
        return cleaned_data


class CalculatorForm(forms.Form):
    """The deadline calculator: an active rule and the moment something arrives (Astana
    time); an empty date or time means now's."""

    rule = forms.ModelChoiceField(
        label=_("Rule"),
        queryset=DeadlineRule.objects.none(),  # the active rules, set per form
        to_field_name="code",
        empty_label=_("Choose a rule"),
    )
    date = forms.DateField(
        label=_("Arrives on"),
        required=False,
        validators=[validate_calendar_date],
        widget=CalendarDateInput(),
    )
    time = forms.TimeField(
        label=_("At (Astana time)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, now: dt.datetime, **kwargs):
        super().__init__(*args, **kwargs)
        # Ordered here, not at import: the order follows the names in the active language.
        self.fields["rule"].queryset = DeadlineRule.objects.filter(is_active=True).order_by("name")
        self.now = timezone.localtime(now)
        self.fields["date"].initial = self.now.date()
        self.fields["time"].initial = self.now.time().replace(second=0, microsecond=0)

    @property
    def start(self) -> dt.datetime:
        """The moment asked about, aware; after `is_valid()`."""
        day = self.cleaned_data["date"] or self.now.date()
        time = self.cleaned_data["time"]
        if time is None:
            time = self.now.time()
        return timezone.make_aware(dt.datetime.combine(day, time))
