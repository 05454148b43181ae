from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import AgencyStatus, Language
from portal.directory.models import Agency
from portal.directory.queries import by_name

from .choices import CaseState, Flagged, ResponseKind, Tone
from .models import Outlet, Response

ANY = [("", _("Any"))]


def _agencies():
    return by_name(Agency.objects.filter(status=AgencyStatus.ACTIVE))


class PublicationFilterForm(forms.Form):
    """The publications list's filters; a saved search stores exactly these fields."""

    q = forms.CharField(label=_("Words"), max_length=200, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, to_field_name="slug"
    )
    outlet = forms.ModelChoiceField(
        label=_("Outlet"), queryset=Outlet.objects.none(), required=False
    )
    tone = forms.ChoiceField(label=_("Tone"), choices=ANY + Tone.choices, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=ANY + Language.choices, required=False
    )
    flagged = forms.ChoiceField(label=_("Flagged"), choices=ANY + Flagged.choices, required=False)
    date_from = forms.DateField(label=_("From"), required=False)
    date_to = forms.DateField(label=_("To"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()
        self.fields["outlet"].queryset = Outlet.objects.order_by("name", "pk")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The first date is after the last."))
        return data


class SavedSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the search"), max_length=100)


class ToneOverrideForm(forms.Form):
    tone = forms.ChoiceField(label=_("Tone"), choices=Tone.choices)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=2000)


class FlagForm(forms.Form):
    """The ministry flags a publication for an agency by hand (000 §4.2)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea, max_length=2000)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()


class HeadInformedForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Informed at"),
        required=False,
        help_text=_("Leave empty for now."),
    )

    def clean_at(self):
        return self.cleaned_data["at"] or timezone.now()


class ResponseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of response"), choices=ResponseKind.choices)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea, max_length=5000, required=False
    )
    result_url = forms.URLField(label=_("Link to the result"), max_length=1000, required=False)


class CloseForm(forms.Form):
    response = forms.ModelChoiceField(label=_("Closed with the response"), queryset=None)
    result_url = forms.URLField(
        label=_("Link to the result"),
        max_length=1000,
        required=False,
        help_text=_("Needed if the response has none yet."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].queryset = Response.objects.filter(case=case)


class ManualEntryForm(forms.Form):
    url = forms.URLField(label=_("Address of the publication or post"), max_length=1000)


class CaseFilterForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ANY + CaseState.choices, required=False)
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, to_field_name="slug"
    )

    def __init__(self, *args, every_agency: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if every_agency:
            self.fields["agency"].queryset = _agencies()
        else:
            del self.fields["agency"]
