from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AgencyKind, Language, Region
from .models import Agency, Spokesperson
from .queries import SEARCH_MAX_LENGTH, search_words


def region_filter() -> forms.ChoiceField:
    """An optional region filter of a list, "all regions" when empty."""
    return forms.ChoiceField(
        label=_("Region"), choices=[("", _("All regions")), *Region.choices], required=False
    )


def search_text_field() -> forms.CharField:
    """An optional search by name, bounded so that its query stays cheap."""
    return forms.CharField(
        label=_("Name"),
        required=False,
        validators=[search_words],
        widget=forms.TextInput(attrs={"maxlength": SEARCH_MAX_LENGTH}),
    )


def agency_kind_filter(*, label) -> forms.ChoiceField:
    """An optional kind-of-agency filter of a list, "all kinds" when empty."""
    return forms.ChoiceField(
        label=label, choices=[("", _("All kinds")), *AgencyKind.choices], required=False
    )


class DirectorySearchForm(forms.Form):
    """The public directory's filters; every field is optional."""

    q = search_text_field()
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label=_("All agencies"),
    )
    region = region_filter()
    former = forms.BooleanField(label=_("Include former spokespersons"), required=False)


class AgencyFilterForm(forms.Form):
    q = search_text_field()
    kind = agency_kind_filter(label=_("Kind"))
    region = region_filter()


class SpokespersonAppointForm(forms.ModelForm):
    """A new appointment as a press office records it; names in the three languages."""

    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Spokesperson
        fields = [
            "post",
            "appointed_on",
            "surname_kk",
            "name_kk",
            "patronymic_kk",
            "position_kk",
            "surname_ru",
            "name_ru",
            "patronymic_ru",
            "position_ru",
            "surname_en",
            "name_en",
            "patronymic_en",
            "position_en",
            "email",
            "work_phone",
            "mobile_phone",
            "languages",
        ]
        widgets = {"appointed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("surname_kk", "name_kk", "position_kk"):
            self.fields[name].required = True
