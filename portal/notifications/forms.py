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


class SubscriptionForm(forms.Form):
    """An address and the language of its e-mails; `website` is a honeypot that people do
    not see and robots fill in."""

    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the e-mails"), choices=Language.choices, widget=forms.RadioSelect
    )
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_robot(self) -> bool:
        return bool(self.data.get("website"))
