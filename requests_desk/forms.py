from django import forms
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import AgencyStatus, Language
from portal.directory.models import Agency, User
from portal.directory.queries import by_name

from .choices import ANSWER_OUTCOMES, Channel, DueFilter, Outcome, RequestState

TEXT_MAX_LENGTH = 10_000


def _agencies():
    return by_name(Agency.objects.filter(status=AgencyStatus.ACTIVE))


class RequestForm(forms.Form):
    """The public form (002 §36); `website` is a honeypot that people do not see."""

    requester_name = forms.CharField(label=_("Your name"), max_length=200)
    requester_email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    requester_organisation = forms.CharField(
        label=_("Organisation or media outlet"), max_length=300, required=False
    )
    channel = forms.ChoiceField(label=_("Kind of request"), choices=Channel.choices)
    agency = forms.ModelChoiceField(label=_("Agency addressed"), queryset=Agency.objects.none())
    language = forms.ChoiceField(
        label=_("Language of the request"),
        choices=Language.choices,
        help_text=_("The answer will be given in this language."),
    )
    text = forms.CharField(
        label=_("Your request"), widget=forms.Textarea, max_length=TEXT_MAX_LENGTH
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class InboxFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any"))] + RequestState.choices, required=False
    )
    channel = forms.ChoiceField(
        label=_("Channel"), choices=[("", _("Any"))] + Channel.choices, required=False
    )
    due = forms.ChoiceField(
        label=_("Due"), choices=[("", _("Any"))] + DueFilter.choices, required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, to_field_name="slug"
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies


class AssignForm(forms.Form):
    unit = forms.CharField(label=_("Unit"), max_length=200, required=False)
    person = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = (
            User.objects.filter(memberships__agency=agency)
            .distinct()
            .order_by("last_name", "first_name", "pk")
        )


class ExtendForm(forms.Form):
    days = forms.IntegerField(label=_("Extend by (calendar days)"), min_value=1)
    reason = forms.CharField(label=_("Reason, told to the requester"), widget=forms.Textarea)

    def __init__(self, *args, limit: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"] = forms.IntegerField(
            label=self.fields["days"].label, min_value=1, max_value=limit
        )


class RedirectForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Competent agency"), queryset=Agency.objects.none())
    part = forms.CharField(
        label=_("Part to redirect"),
        widget=forms.Textarea,
        required=False,
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Leave empty to redirect the whole request."),
    )

    def __init__(self, *args, exclude, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies().exclude(pk=exclude.pk)


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea, max_length=50_000)
    language = forms.ChoiceField(label=_("Language of the answer"), choices=Language.choices)


class SendForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(value, Outcome(value).label) for value in ANSWER_OUTCOMES],
        initial=Outcome.ANSWERED,
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the refusal"), widget=forms.Textarea)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Internal comment"), widget=forms.Textarea, max_length=5_000)
