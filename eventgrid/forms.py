"""The event grid's forms: the admin's and the pages' announcement (postpone, reschedule,
cancel), the pages' event form with its speakers, the lists' filters and the weekly
information's submission (004 §10)."""

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal.calendar import FIRST_YEAR, LAST_YEAR, validate_calendar_date
from portal.directory.choices import Language
from portal.directory.forms import region_filter, search_text_field
from portal.directory.models import Agency
from portal.directory.queries import by_name
from portal.forms import CalendarDateInput

from . import services
from .choices import PUBLIC_STATES, EventFormat, EventState, WeeklyInformationState
from .models import Event, EventSpeaker
from .weeks import coming_week, parse_week, week_label

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


# --- The pages' forms ----------------------------------------------------------------------


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker. It reads and sends ISO values (2026-12-07T10:00)
    whatever the page's language."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def validate_calendar_time(value: dt.datetime) -> None:
    """A start or end in the years the portal's calendar knows (1995–2100)."""
    validate_calendar_date(value.date())


def date_time_field(label) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, widget=DateTimeLocalInput(), validators=[validate_calendar_time]
    )


class EventAnnouncePageForm(EventAnnounceForm):
    """The announcement on the event's page: the new start and end with the browser's picker
    instead of the admin's widgets."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in (("starts_at", _("New start")), ("ends_at", _("New end"))):
            self.fields[name] = forms.DateTimeField(
                label=label,
                required=False,
                widget=DateTimeLocalInput(),
                validators=[validate_calendar_time],
            )


# The event's texts, one group per language (translation.py).
EVENT_TEXT_FIELDS = (
    "title",
    "place",
    "organisers",
    "goal",
    "key_messages",
    "expected_result",
    "participants",
)
LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)
SHORT_TEXT_FIELDS = ("title", "place")


class EventForm(forms.ModelForm):
    """An event with every field of the appendix form of 004 §10, its texts in Kazakh,
    Russian and English. The agency is chosen among the user's when adding (`agencies`); a
    public event's start and end are shown but move only by rescheduling."""

    starts_at = date_time_field(capfirst(_("starts at")))
    ends_at = date_time_field(capfirst(_("ends at")))

    class Meta:
        model = Event
        fields = [
            "agency",
            "format",
            "starts_at",
            "ends_at",
            "main_news_candidate",
            *(f"{name}_{code}" for code in LANGUAGE_CODES for name in EVENT_TEXT_FIELDS),
            "contacts",
            "co_organisers",
        ]
        widgets = {
            **{
                f"{name}_{code}": forms.Textarea(attrs={"rows": 3})
                for code in LANGUAGE_CODES
                for name in EVENT_TEXT_FIELDS
                if name not in SHORT_TEXT_FIELDS
            },
            "contacts": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "co_organisers": _(
                "Agencies that hold the event with yours (hold Ctrl or ⌘ to choose several)."
            ),
            "contacts": _("Of the organisers: a phone and an e-mail for journalists."),
        }

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        adding = self.instance.pk is None
        if adding:
            self.fields["agency"].queryset = by_name(agencies)
            self.fields["agency"].empty_label = None
        else:
            del self.fields["agency"]  # another agency's event is a new event
            if self.instance.state in PUBLIC_STATES:
                for name in ("starts_at", "ends_at"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "A published event moves by rescheduling it, with a reason that "
                        "journalists see."
                    )
        self.fields["co_organisers"].queryset = by_name(Agency.objects.all())
        self.fields["title_kk"].required = True
        for code, name in settings.LANGUAGES:
            for field in EVENT_TEXT_FIELDS:
                base = capfirst(Event._meta.get_field(field).verbose_name)
                self.fields[f"{field}_{code}"].label = f"{base} ({name})"

    def groups(self):
        """(legend, bound fields): the event, its contacts, then its texts per language."""
        first = ["agency", "format", "starts_at", "ends_at", "main_news_candidate"]
        return [
            (_("Event"), [self[name] for name in first if name in self.fields]),
            *(
                (name, [self[f"{field}_{code}"] for field in EVENT_TEXT_FIELDS])
                for code, name in settings.LANGUAGES
            ),
            (_("Contacts and co-organisers"), [self["contacts"], self["co_organisers"]]),
        ]

    def service_fields(self) -> dict:
        """What the services take: on an edit only the changed fields (the public event's
        dates, disabled, never are)."""
        names = self.changed_data if self.instance.pk else list(self.cleaned_data)
        return {
            name: self.cleaned_data[name]
            for name in names
            if name not in ("agency", "co_organisers")
        }


SPEAKER_FIELDS = (
    *(f"name_{code}" for code in LANGUAGE_CODES),
    *(f"position_{code}" for code in LANGUAGE_CODES),
    "contacts",
    "language",
)


class EventSpeakerForm(forms.ModelForm):
    class Meta:
        model = EventSpeaker
        fields = SPEAKER_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in settings.LANGUAGES:
            for field in ("name", "position"):
                base = capfirst(EventSpeaker._meta.get_field(field).verbose_name)
                self.fields[f"{field}_{code}"].label = f"{base} ({name})"

    def clean(self):
        cleaned = super().clean()
        if not any((cleaned.get(f"name_{code}") or "").strip() for code in LANGUAGE_CODES):
            raise ValidationError(
                gettext("Give the speaker's name in at least one language."), code="name"
            )
        return cleaned


class BaseSpeakerFormSet(forms.BaseInlineFormSet):
    def speakers(self) -> list[dict]:
        """The speakers to keep, in the page's order, as the services take them: every
        filled row that is not marked for removal."""
        kept = []
        for form in self.forms:
            if self._should_delete_form(form):
                continue
            if form.instance.pk is None and not form.has_changed():
                continue  # an empty row
            kept.append({name: form.cleaned_data[name] for name in SPEAKER_FIELDS})
        return kept


SpeakerFormSet = forms.inlineformset_factory(
    Event,
    EventSpeaker,
    form=EventSpeakerForm,
    formset=BaseSpeakerFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
)


class WeekField(forms.Field):
    """An ISO week typed "2026-W50" (the browser's week picker sends it so), cleaned to the
    date of its Monday."""

    widget = forms.TextInput(
        attrs={"type": "week", "placeholder": "2026-W50", "size": 10, "maxlength": 8}
    )

    def prepare_value(self, value):
        return week_label(value) if isinstance(value, dt.date) else value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            return parse_week(value)
        except ValueError:
            raise ValidationError(
                _("Enter a week as “2026-W50”, in the years %(first)s to %(last)s."),
                code="invalid",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            ) from None


def calendar_date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=CalendarDateInput(),
        validators=[validate_calendar_date],
    )


class EventFilterForm(forms.Form):
    """The filters of the agency's event list; every field is optional."""

    q = search_text_field()
    week = WeekField(label=_("Week"), required=False)
    start = calendar_date_field(_("From"))
    end = calendar_date_field(_("To"))
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *EventState.choices], required=False
    )
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All my agencies"),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Title or place")
        self.fields["agency"].queryset = by_name(agencies)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", gettext("The end of the period cannot precede its start."))
        return cleaned


# What the authorized body's overview filters a week's agencies by.
NOT_SUBMITTED = "missing"


class WeeklyOverviewForm(forms.Form):
    """The authorized body's view of one week: every agency that owes its information."""

    week = WeekField(label=_("Week"), required=False)
    agency = forms.SlugField(label=_("Agency (slug)"), required=False, max_length=100)
    region = region_filter()
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            ("", _("All")),
            *WeeklyInformationState.choices,
            (NOT_SUBMITTED, _("Not submitted yet")),
        ],
        required=False,
    )

    def clean_agency(self):
        slug = self.cleaned_data["agency"]
        if not slug:
            return None
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise ValidationError(
                _("There is no agency “%(value)s”."), code="invalid_choice", params={"value": slug}
            )
        return agency


class WeeklySubmitForm(forms.Form):
    no_events = forms.BooleanField(
        label=_("The agency holds no events this week"),
        required=False,
        help_text=_("Tick it to submit a week without events."),
    )


class MediaGridFilterForm(forms.Form):
    """What a reader of the published media-grid looks for (004 §11); every field is
    optional, and a value that is not among the choices answers 400 with its message. The
    agencies to choose from are the rows of the version read (`agencies`: slug, name)."""

    q = search_text_field()
    agency = forms.ChoiceField(label=_("Agency"), required=False)
    region = region_filter()
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("All formats")), *EventFormat.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language of a speaker"),
        choices=[("", _("All languages")), *Language.choices],
        required=False,
    )
    version = forms.TypedChoiceField(
        label=_("Version"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, agencies=(), versions=(), **kwargs):
        """`agencies`: (slug, name) of the rows; `versions`: the grid's, the latest first."""
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Title, agency or speaker")
        self.fields["agency"].choices = [("", _("All agencies")), *agencies]
        self.fields["version"].choices = [
            ("", _("The latest")),
            *(
                (
                    str(version.number),
                    _("%(number)s of %(date)s")
                    % {
                        "number": version.number,
                        "date": date_format(timezone.localtime(version.published_at), "d.m.Y H:i"),
                    },
                )
                for version in versions
            ),
        ]

    @staticmethod
    def requested_version(data) -> int | None:
        """The `version` asked for, before the form knows the grid's versions (it chooses
        the agencies); ValidationError when it is no version number."""
        return forms.IntegerField(min_value=1, max_value=10**6, required=False).clean(
            data.get("version")
        )


class MediaGridWeekForm(forms.Form):
    """The week whose media-grid the authorized body composes (`media_grid_compose`)."""

    week = WeekField(label=_("Week"))

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"week": coming_week()})
        super().__init__(*args, **kwargs)


class MediaGridComposeForm(forms.Form):
    """Which of the week's events the media-grid shows and, for each day, the main news in
    order: a checkbox and a place (1, 2, …) per event. `events`: the candidates and those in
    the grid already; `entries`: event id → main news rank of the grid's entries."""

    def __init__(self, *args, events, entries: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.events = list(events)
        for event in self.events:
            self.fields[f"include_{event.pk}"] = forms.BooleanField(
                label=_("Include"), required=False, initial=event.pk in entries
            )
            self.fields[f"rank_{event.pk}"] = forms.IntegerField(
                label=_("Place in the main news"),
                min_value=1,
                max_value=99,
                required=False,
                initial=entries.get(event.pk),
                widget=forms.NumberInput(attrs={"size": 3, "class": "vIntegerField"}),
            )

    def rows(self):
        """(event, include field, rank field) per event, in the order given."""
        return [(e, self[f"include_{e.pk}"], self[f"rank_{e.pk}"]) for e in self.events]

    def selection(self) -> tuple[list[int], dict[int, list[int]]]:
        """The events to show and {day column: event ids by their place, then start}."""
        from .grids import event_column

        data = self.cleaned_data
        included = [e for e in self.events if data[f"include_{e.pk}"]]
        ranked: dict[int, list[tuple]] = {}
        for event in self.events:
            rank = data[f"rank_{event.pk}"]
            if rank is not None:
                ranked.setdefault(event_column(event), []).append((rank, event.starts_at, event.pk))
        return [e.pk for e in included], {
            column: [pk for *_order, pk in sorted(picks)] for column, picks in ranked.items()
        }
