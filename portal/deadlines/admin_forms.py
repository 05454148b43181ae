"""The back office's forms for deadline rules: no JSON to type."""

from django import forms
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from ..directory.choices import AgencyKind, Role
from ..forms import ChoiceListField, WholeNumberListField
from .models import DeadlineRule

# A reminder further ahead than a year is a typo.
MAX_REMINDER_DAYS = 365


def _label(name):
    return DeadlineRule._meta.get_field(name).verbose_name


class DeadlineRuleAdminForm(forms.ModelForm):
    """Months, escalation roles and kinds of agency are checkboxes; reminder days a short
    input "3, 1, 0". They are stored as the same JSON lists as before: months and choices in
    their order, reminder days unique and largest first. The model's `clean` still checks
    that a rule on dates has months."""

    months = ChoiceListField(
        label=_label("months"),
        choices=sorted(MONTHS.items()),
        coerce=int,
        help_text=_("For dates: the months in which it falls due."),
    )
    reminder_days = WholeNumberListField(
        label=_label("reminder_days"),
        max_value=MAX_REMINDER_DAYS,
        help_text=_(
            "Whole days before the due date, separated by commas; 0 is the day itself. "
            "Empty: no reminders."
        ),
    )
    escalate_to = ChoiceListField(label=_label("escalate_to"), choices=Role.choices)
    agency_kinds = ChoiceListField(label=_label("agency_kinds"), choices=AgencyKind.choices)

    class Meta:
        model = DeadlineRule
        # The admin adds the others from its fieldsets.
        fields = ["months", "reminder_days", "escalate_to", "agency_kinds"]
