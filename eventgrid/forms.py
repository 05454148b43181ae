from django import forms
from django.conf import settings
from django.contrib.admin import widgets
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import services
from .choices import EventState
from .models import Event

# The announcements to journalists: action → (the state it leads to, its label).
ANNOUNCEMENTS = {
    "postpone": (EventState.POSTPONED, _("Postpone (the new date is not yet known)")),
    "reschedule": (EventState.RESCHEDULED, _("Reschedule to a new date")),
    "cancel": (EventState.CANCELLED, _("Cancel")),
}


def allowed_announcements(event: Event) -> list[str]:
    """The announcements the event's state allows (`services.TRANSITIONS`)."""
    return [
        action
        for action, (state, _label) in ANNOUNCEMENTS.items()
        if event.state in services.TRANSITIONS[state][0]
    ]


class EventAnnounceForm(forms.Form):
    """Postpone, reschedule or cancel an event, with the reason journalists read in kk, ru
    and en (at least one); a rescheduling also takes the new start and end."""

    action = forms.ChoiceField(label=_("Action"), widget=forms.RadioSelect)
    starts_at = forms.SplitDateTimeField(
        label=_("New start"), required=False, widget=widgets.AdminSplitDateTime
    )
    ends_at = forms.SplitDateTimeField(
        label=_("New end"), required=False, widget=widgets.AdminSplitDateTime
    )

    def __init__(self, *args, event: Event, **kwargs):
        kwargs.setdefault("initial", {"starts_at": event.starts_at, "ends_at": event.ends_at})
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["action"].choices = [
            (action, ANNOUNCEMENTS[action][1]) for action in allowed_announcements(event)
        ]
        for code, name in settings.LANGUAGES:
            self.fields[f"reason_{code}"] = forms.CharField(
                label=_("Reason (%(language)s)") % {"language": name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Journalists read it with the event."),
            )

    def reason_fields(self):
        return [self[f"reason_{code}"] for code, _name in settings.LANGUAGES]

    def date_fields(self):
        return [self["starts_at"], self["ends_at"]]

    def clean(self):
        cleaned = super().clean()
        if not self.fields["action"].choices:
            raise forms.ValidationError(
                gettext(
                    "This event is “%(state)s”: it can be neither postponed, rescheduled nor "
                    "cancelled."
                ),
                code="state",
                params={"state": self.event.get_state_display()},
            )
        reasons = {code: cleaned.get(f"reason_{code}", "") for code, _name in settings.LANGUAGES}
        if not any(text.strip() for text in reasons.values()):
            self.add_error(
                None,
                gettext("Give the reason in at least one language: journalists read it."),
            )
        cleaned["reason"] = reasons
        if cleaned.get("action") == "reschedule":
            for name in ("starts_at", "ends_at"):
                if cleaned.get(name) is None and name not in self.errors:
                    self.add_error(name, gettext("A rescheduled event needs its new date."))
        return cleaned

    def announce(self, *, by) -> Event:
        """Apply the announcement through the services (they may refuse it)."""
        data = self.cleaned_data
        action = data["action"]
        if action == "reschedule":
            return services.event_reschedule(
                event=self.event,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                reason=data["reason"],
                by=by,
            )
        service = services.event_postpone if action == "postpone" else services.event_cancel
        return service(event=self.event, reason=data["reason"], by=by)
