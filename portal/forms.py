from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AgencyKind, Region
from .models import Agency


class DirectorySearchForm(forms.Form):
    """The public directory's filters; every field is optional."""

    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("All agencies"),
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("All regions")), *Region.choices], required=False
    )
    former = forms.BooleanField(label=_("Include former spokespersons"), required=False)


class AgencyFilterForm(forms.Form):
    q = forms.CharField(label=_("Name"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *AgencyKind.choices], required=False
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=[("", _("All regions")), *Region.choices], required=False
    )
