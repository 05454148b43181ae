from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from portal import attachments
from portal.calendar import validate_calendar_date
from portal.directory.models import Agency

from .choices import PublicationKind, PublicationStage
from .models import PublicationRequest
from .queries import parse_week
from .services import MAX_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class HandOverForm(forms.ModelForm):
    """Material for the website, handed to the press secretary (002 §10–11)."""

    files = MultipleFileField(label=_("Files"), required=False)

    class Meta:
        model = PublicationRequest
        fields = ["agency", "unit", "title", "text", "kind", "publication_date"]
        widgets = {"publication_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].to_field_name = "slug"
        if len(agencies) == 1:
            self.fields["agency"].initial = agencies[0].slug
        self.fields["files"].help_text = _(
            "%(types)s, at most %(limit)s MB each, at most %(count)s files."
        ) % {
            "types": attachments.allowed_extensions(),
            "limit": settings.EVENT_ATTACHMENT_MAX_MB,
            "count": MAX_FILES,
        }

    def clean_files(self):
        uploads = self.cleaned_data.get("files") or []
        for upload in uploads:
            attachments.file_type(upload)  # the service checks it again; the form says it first
        return uploads


class QueueFilterForm(forms.Form):
    """The week's queue (002 §11–14): which ISO week, stage, late hand-overs only."""

    week = forms.CharField(label=_("Week (YYYY-Www)"), max_length=8, required=False)
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("Any")), *PublicationStage.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any")), *PublicationKind.choices], required=False
    )
    late = forms.BooleanField(label=_("Handed over late only"), required=False)
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False, to_field_name="slug"
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = agencies

    def clean_week(self):
        text = self.cleaned_data["week"].strip()
        if not text:
            return None
        try:
            monday = parse_week(text)
            validate_calendar_date(monday)
        except (ValueError, forms.ValidationError):
            raise forms.ValidationError(
                _("Enter a week as YYYY-Www, for example 2026-W50.")
            ) from None
        return monday


class EditForm(forms.Form):
    edited_text = forms.CharField(label=_("Edited text"), widget=forms.Textarea)


class PostForm(forms.Form):
    posted_url = forms.URLField(
        label=_("Address on the website"), max_length=500, assume_scheme="https"
    )
