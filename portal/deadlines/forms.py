from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Agency
from .choices import DeadlineState
from .models import DeadlineRule


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
