from django import forms
from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import AgencyStatus
from portal.directory.models import Agency
from portal.directory.queries import by_name

from .choices import EVENT_PUBLISHED, AccreditationKind, AccreditationState

REASON_MAX_LENGTH = 2_000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several supporting documents in one field; each is checked by the service."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ApplyForm(forms.Form):
    """A journalist's application (003 §8.3)."""

    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), to_field_name="slug"
    )
    full_name = forms.CharField(label=_("Surname, name and patronymic"), max_length=200)
    outlet = forms.CharField(label=_("Media outlet"), max_length=200)
    position = forms.CharField(label=_("Position"), max_length=200)
    phone = forms.CharField(label=_("Phone"), max_length=40)
    email = forms.EmailField(label=_("E-mail"))
    photo = forms.FileField(label=_("Photo"), help_text=_("A JPG or PNG image of at most 5 MB."))
    kind = forms.ChoiceField(label=_("Kind"), choices=AccreditationKind.choices)
    event = forms.ModelChoiceField(
        label=_("For the event"),
        queryset=None,
        required=False,
        help_text=_("A temporary accreditation for one event: its days are its period."),
    )
    valid_from = forms.DateField(label=_("First day"), required=False)
    valid_until = forms.DateField(
        label=_("Last day"), required=False, help_text=_("For a temporary accreditation.")
    )
    documents = MultipleFileField(label=_("Supporting documents"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = by_name(Agency.objects.filter(status=AgencyStatus.ACTIVE))
        Event = apps.get_model("eventgrid", "Event")
        self.fields["event"].queryset = Event.objects.filter(
            state=EVENT_PUBLISHED, ends_at__gte=timezone.now()
        ).order_by("starts_at", "pk")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX_LENGTH
    )


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("Any"))] + AccreditationState.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any"))] + AccreditationKind.choices, required=False
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


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or outlet"), max_length=100, required=False)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any"))] + AccreditationKind.choices, required=False
    )


class QuestionForm(forms.Form):
    registration = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    text = forms.CharField(
        label=_("Question left unanswered"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
    )
