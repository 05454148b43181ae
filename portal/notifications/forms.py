from django import forms
from django.utils.translation import gettext_lazy as _

from ..directory.choices import Language


class LanguageForm(forms.Form):
    """The language of a user's inbox, e-mails and calendar feed."""

    preferred_language = forms.ChoiceField(
        label=_("Language of your messages and calendar"),
        choices=Language.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Reminders, e-mails, the inbox and the calendar feed are written in this language "
            "and link to pages in it."
        ),
    )
