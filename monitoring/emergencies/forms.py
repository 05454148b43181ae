"""The emergencies' page forms; the services decide, these only read the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import Region
from portal.directory.models import Agency
from portal.directory.queries import by_name

from .choices import IncidentKind, IncidentState

LANGUAGE_LABELS = {"kk": _("in Kazakh"), "ru": _("in Russian"), "en": _("in English")}


def _translated_fields(form, name, label, widget, max_length):
    for code, suffix in LANGUAGE_LABELS.items():
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({suffix})", required=False, widget=widget, max_length=max_length
        )


def translations(data, name) -> dict[str, str]:
    return {code: data.get(f"{name}_{code}", "") for code in LANGUAGE_LABELS}


class IncidentForm(forms.Form):
    """Open or correct an incident; `coordinators` is offered only when opening."""

    kind = forms.ChoiceField(label=_("Kind"), choices=IncidentKind.choices)
    region = forms.ChoiceField(label=_("Region"), required=False)
    started_at = forms.DateTimeField(label=_("Started at"))

    def __init__(self, *args, coordinators=None, with_agencies=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = [("", "—"), *Region.choices]
        _translated_fields(self, "title", _("Title"), forms.TextInput, 300)
        if coordinators is not None:
            self.fields["coordinator"] = forms.ModelChoiceField(
                label=_("Coordinating body"), queryset=coordinators, empty_label=None
            )
        if with_agencies:
            self.fields["agencies"] = forms.ModelMultipleChoiceField(
                label=_("Agencies involved"),
                queryset=by_name(Agency.objects.all()),
                required=False,
            )


class AddAgencyForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = by_name(
            Agency.objects.exclude(pk=incident.coordinator_id).exclude(
                pk__in=incident.agencies.values("pk")
            )
        )


class StatementForm(forms.Form):
    """A statement's texts; `agencies` (the ones the user speaks for) when it is new."""

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is not None:
            self.fields["agency"] = forms.ModelChoiceField(
                label=_("On behalf of"),
                queryset=Agency.objects.filter(pk__in=[a.pk for a in agencies]),
                empty_label=None,
            )
        _translated_fields(self, "text", _("Text"), forms.Textarea(attrs={"rows": 5}), 20_000)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class IncidentFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=[("", _("Any")), *IncidentState.choices]
    )
