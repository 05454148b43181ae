from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from ..calendar import validate_calendar_date
from ..documents.services import publication_version
from ..forms import CalendarDateInput, ChoiceListField
from .choices import AgencyKind, AgencyStatus, Language, Region
from .models import Agency, Spokesperson
from .queries import SEARCH_MAX_LENGTH, by_name, search_words


def languages_field() -> ChoiceListField:
    """A spokesperson's languages as checkboxes (the page's form and the admin's)."""
    return ChoiceListField(label=_("Languages spoken"), choices=Language.choices)


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


class AgencyChoice(NamedTuple):
    pk: int
    slug: str
    name: str  # in the active language (falling back kk → ru → en)
    names: tuple[str, ...]  # in every language, casefolded, to accept a typed name


AGENCY_CHOICES_SECONDS = 10 * 60


def agency_choices() -> list[AgencyChoice]:
    """Every agency as plain values in the page's alphabetical order, for the directory's
    agency picker: one `values_list` query per version of the directory and language, then
    the cache; no Agency object is built for it."""
    language = get_language()
    key = f"directory:agency-choices:{publication_version('directory')}:{language}"
    choices = cache.get(key)
    if choices is None:
        codes = [code for code, _name in settings.LANGUAGES]
        order = [language, *(code for code in ("kk", "ru", "en") if code != language)]
        rows = by_name(Agency.objects.all()).values_list(
            "pk", "slug", *(f"name_{code}" for code in codes)
        )
        choices = []
        for pk, slug, *names in rows:
            in_language = dict(zip(codes, names, strict=True))
            name = next((in_language[code] for code in order if in_language.get(code)), slug)
            folded = tuple(value.casefold() for value in names if value)
            choices.append(AgencyChoice(pk, slug, name, folded))
        cache.set(key, choices, AGENCY_CHOICES_SECONDS)
    return choices


class DirectorySearchForm(forms.Form):
    """The public directory's filters; every field is optional.

    The agency is a text input with a <datalist> of the agencies (the page renders it from
    `agency_choices()`): browsers suggest as one types; without JavaScript or datalist
    support one types the agency's name or its slug. Its cleaned value is an `AgencyChoice`."""

    q = search_text_field()
    agency = forms.CharField(
        label=_("Agency"),
        required=False,
        max_length=300,
        widget=forms.TextInput(
            attrs={
                "list": "agency-choices",
                "autocomplete": "off",
                "placeholder": _("All agencies"),
            }
        ),
    )
    region = region_filter()
    former = forms.BooleanField(label=_("Include former spokespersons"), required=False)

    def picker_choices(self) -> list[AgencyChoice]:
        return agency_choices()

    def clean_agency(self) -> AgencyChoice | None:
        value = self.cleaned_data["agency"].strip()
        if not value:
            return None
        folded = value.casefold()
        for choice in agency_choices():
            if choice.slug == value or folded in choice.names:
                return choice
        raise ValidationError(
            _("There is no agency “%(value)s”: choose one from the list."),
            code="invalid_choice",
            params={"value": value},
        )


class AgencyFilterForm(forms.Form):
    q = search_text_field()
    kind = agency_kind_filter(label=_("Kind"))
    region = region_filter()


TRANSLATED_FIELDS = ("surname", "name", "patronymic", "position")


class SpokespersonAppointForm(forms.ModelForm):
    """A new appointment as a press office records it; names in the three languages."""

    languages = languages_field()

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
        widgets = {"appointed_on": CalendarDateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("surname_kk", "name_kk", "position_kk"):
            self.fields[name].required = True

    def groups(self):
        """(legend, bound fields): the appointment, the names in each language, contacts."""
        by_language = [
            (label, [self[f"{field}_{code}"] for field in TRANSLATED_FIELDS])
            for code, label in Language.choices
        ]
        taken = {field.name for _label, fields in by_language for field in fields}
        contacts = ["email", "work_phone", "mobile_phone", "languages"]
        appointment = [f for f in self if f.name not in taken and f.name not in contacts]
        return [
            (_("Appointment"), appointment),
            *by_language,
            (_("Contacts"), [self[name] for name in contacts]),
        ]


class SpokespersonEditForm(SpokespersonAppointForm):
    """A correction of an appointment, including the day the person left the post."""

    class Meta(SpokespersonAppointForm.Meta):
        fields = [*SpokespersonAppointForm.Meta.fields, "left_on"]
        widgets = {
            **SpokespersonAppointForm.Meta.widgets,
            "left_on": CalendarDateInput(),
        }


class SpokespersonRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The agency sees it next to the entry."),
    )


class AgencyReorganiseForm(forms.Form):
    """What `agency_reorganise` needs: how, from when, and who takes over."""

    status = forms.ChoiceField(
        label=_("What happened"),
        choices=[choice for choice in AgencyStatus.choices if choice[0] != AgencyStatus.ACTIVE],
    )
    effective_on = forms.DateField(
        label=_("Effective on"),
        validators=[validate_calendar_date],
        widget=CalendarDateInput(),
    )
    successors = forms.ModelMultipleChoiceField(
        label=_("Successors"), queryset=Agency.objects.none(), required=False
    )

    def __init__(self, *args, agency, admin_site, **kwargs):
        super().__init__(*args, **kwargs)
        successors = self.fields["successors"]
        successors.widget = AutocompleteSelectMultiple(
            Agency._meta.get_field("successors"), admin_site
        )
        successors.queryset = Agency.objects.exclude(pk=agency.pk)  # also the widget's choices
