from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal import attachments
from portal.directory.choices import AgencyStatus, Language
from portal.directory.models import Agency, User
from portal.directory.queries import by_name

from .choices import ANSWER_OUTCOMES, Channel, DueFilter, Outcome, ReferenceKind, RequestState
from .services import FILES_MAX

TEXT_MAX_LENGTH = 10_000
# The years whose months the statistics count (a year 9999's next month would not exist).
MONTH_YEARS = (2000, 2100)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field; each is checked by content by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


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
    attachments = MultipleFileField(label=_("Attachments"))
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()
        self.fields["attachments"].help_text = _(
            "Up to %(count)s files of %(types)s, each at most %(size)s MB."
        ) % {
            "count": FILES_MAX,
            "types": attachments.allowed_extensions(),
            "size": settings.EVENT_ATTACHMENT_MAX_MB,
        }

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


class ReferenceForm(forms.Form):
    """The authorized body's request for reference materials (004 §12)."""

    topic = forms.CharField(label=_("Topic"), max_length=300)
    kinds = forms.MultipleChoiceField(
        label=_("What is asked"), choices=ReferenceKind.choices, widget=forms.CheckboxSelectMultiple
    )
    text = forms.CharField(label=_("Request"), widget=forms.Textarea, max_length=TEXT_MAX_LENGTH)
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies asked"), queryset=Agency.objects.none()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = _agencies()


class ReferenceAnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), widget=forms.Textarea, max_length=50_000)
    files = MultipleFileField(label=_("Files"))


REFERENCE_STATES = [
    ("", _("Any")),
    ("pending", _("Waiting for an answer")),
    ("overdue", _("Overdue")),
    ("answered", _("Answered")),
]


class ReferenceFilterForm(forms.Form):
    q = forms.CharField(label=_("Topic"), max_length=100, required=False)
    state = forms.ChoiceField(label=_("State"), choices=REFERENCE_STATES, required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, to_field_name="slug"
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies


class TemplateChoiceForm(forms.Form):
    """Start the draft from a template, in the request's language (issue 10 item 6)."""

    template = forms.ModelChoiceField(label=_("Answer template"), queryset=None)

    def __init__(self, *args, templates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = templates


class StatisticsForm(forms.Form):
    """The month of the statistics (this month when not given), and the XLSX instead of
    the page."""

    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", "HTML"), ("xlsx", "XLSX")], required=False
    )

    def clean_month(self):
        month = self.cleaned_data["month"]
        if month is not None and not MONTH_YEARS[0] <= month.year <= MONTH_YEARS[1]:
            raise forms.ValidationError(
                _("Choose a month between %(first)s and %(last)s.")
                % {"first": MONTH_YEARS[0], "last": MONTH_YEARS[1]}
            )
        return month
