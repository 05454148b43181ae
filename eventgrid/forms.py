"""The event grid's forms: the admin's and the pages' announcement (postpone, reschedule,
cancel), the pages' event form with its speakers, the lists' filters and the weekly
information's submission (004 §10)."""

import datetime as dt
import re

from django import forms
from django.conf import settings
from django.contrib.admin import widgets
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import attachments
from portal.calendar import FIRST_YEAR, LAST_YEAR, validate_calendar_date
from portal.directory.choices import Language
from portal.directory.forms import region_filter, search_text_field
from portal.directory.models import Agency
from portal.directory.queries import by_name
from portal.forms import CalendarDateInput

from . import recurrence, services
from .choices import (
    PUBLIC_STATES,
    AttachmentKind,
    ContributionState,
    EventFormat,
    EventState,
    RepeatFrequency,
    RepeatScope,
    SeriesPeriod,
    SeriesState,
    WeeklyInformationState,
)
from .models import Event, EventAttachment, EventSpeaker
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


# --- Event series and the network schedule (000 §3.1–3.4) ----------------------------------


class PeriodField(forms.Field):
    """A period typed "2027-01" (a month), "2027-Q1" (a quarter) or "2027" (a year)."""

    widget = forms.TextInput(attrs={"placeholder": "2027-Q1", "size": 10, "maxlength": 7})

    def prepare_value(self, value):
        return getattr(value, "label", value)

    def to_python(self, value):
        from .series import parse_period

        value = (value or "").strip()
        if not value:
            return None
        try:
            return parse_period(value)
        except ValueError:
            raise ValidationError(
                _(
                    "Enter a period as “2027-01” (a month), “2027-Q1” (a quarter) or “2027” "
                    "(a year), in the years %(first)s to %(last)s."
                ),
                code="invalid",
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
            ) from None


def _agency_by_slug(slug: str):
    if not slug:
        return None
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise ValidationError(
            _("There is no agency “%(value)s”."), code="invalid_choice", params={"value": slug}
        )
    return agency


class SeriesFilterForm(forms.Form):
    """The list of event series: by kind of period, period, agency and state."""

    kind = forms.ChoiceField(
        label=_("Period"), choices=[("", _("All")), *SeriesPeriod.choices], required=False
    )
    period = PeriodField(label=_("Month, quarter or year"), required=False)
    agency = forms.SlugField(label=_("Agency (slug)"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All")), *SeriesState.choices], required=False
    )

    def clean_agency(self):
        return _agency_by_slug(self.cleaned_data["agency"])


class SeriesSubmitForm(forms.Form):
    no_events = forms.BooleanField(
        label=_("The agency holds no events in this period"),
        required=False,
        help_text=_("Tick it to submit a period without events."),
    )


class SeriesImportForm(forms.Form):
    """The filled-in import template: only what is cheap is checked here — its size, its
    name and its first bytes (an XLSX is a zip); the dry run reads it in Celery."""

    file = forms.FileField(label=_("Filled-in template (XLSX)"))

    def clean_file(self):
        from .series import MAX_IMPORT_BYTES, XLSX_MAGIC, too_large_message

        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise ValidationError(too_large_message(), code="size")
        upload.seek(0)
        magic = upload.read(len(XLSX_MAGIC))
        upload.seek(0)
        if not upload.name.lower().endswith(".xlsx") or magic != XLSX_MAGIC:
            raise ValidationError(
                _("The file is not an XLSX workbook: use the template."), code="type"
            )
        return upload


class SeriesImportConfirmForm(forms.Form):
    """The confirmation of a dry run that passed, by its token."""

    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)


class NetworkScheduleFilterForm(forms.Form):
    """The network schedule narrowed (000 §3.4); a value that is not a choice answers 400."""

    agency = forms.SlugField(label=_("Agency (slug)"), required=False, max_length=100)
    region = region_filter()
    format = forms.ChoiceField(
        label=_("Format"), choices=[("", _("All formats")), *EventFormat.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language of speech"),
        choices=[("", _("All languages")), *Language.choices],
        required=False,
    )

    def clean_agency(self):
        agency = _agency_by_slug(self.cleaned_data["agency"])
        return agency.slug if agency else ""

    def wanted(self):
        from .series import ScheduleFilter

        if not self.is_bound:
            return ScheduleFilter()
        data = self.cleaned_data
        return ScheduleFilter(
            agency=data["agency"],
            region=data["region"],
            format=data["format"],
            language=data["language"],
        )


# --- Attachments (000 §3.5) and co-organisers' input (004 §10) -----------------------------


def _per_language(form, name: str, label, *, widget=None, max_length=None) -> None:
    """One optional field per language, `<name>_kk`, `<name>_ru`, `<name>_en`."""
    for code, language in settings.LANGUAGES:
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language})",
            required=False,
            max_length=max_length,
            widget=widget or forms.TextInput(),
        )


def _texts(cleaned: dict, name: str) -> dict[str, str]:
    return {code: cleaned.get(f"{name}_{code}") or "" for code, _language in settings.LANGUAGES}


class AttachmentForm(forms.Form):
    """A document the media receive with the event: its title in at least one language, its
    kind, its language and the file (checked by its name and first bytes)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=AttachmentKind.choices)
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=[("", _("Several or none")), *Language.choices],
        required=False,
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _per_language(self, "title", capfirst(_("title")), max_length=300)
        self.order_fields([*(f"title_{c}" for c, _n in settings.LANGUAGES), "kind", "language"])
        self.fields["file"].help_text = _(
            "%(types)s, at most %(limit)s MB. Journalists download it once the event is published."
        ) % {"types": attachments.allowed_extensions(), "limit": settings.EVENT_ATTACHMENT_MAX_MB}
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in [*attachments.TYPES, *attachments.ALIASES]
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        attachments.file_type(upload)  # the service checks it again; the form says it first
        return upload

    def clean(self):
        cleaned = super().clean()
        cleaned["title"] = _texts(cleaned, "title")
        if not any(text.strip() for text in cleaned["title"].values()):
            self.add_error(None, gettext("Give the document's title in at least one language."))
        return cleaned


class AttachmentInlineForm(forms.ModelForm):
    """The admin's attachment row: the file is checked as on the event's page, and saved by
    the services (EventAdmin.save_formset)."""

    class Meta:
        model = EventAttachment
        fields = ["title", "kind", "language", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            attachments.file_type(upload)
        return upload


class ContributionForm(forms.Form):
    """The co-organiser's input, within its competence, in at least one language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _per_language(
            self,
            "text",
            _("Input within the agency's competence"),
            widget=forms.Textarea(attrs={"rows": 6}),
            max_length=20000,
        )

    def clean(self):
        cleaned = super().clean()
        cleaned["text"] = _texts(cleaned, "text")
        if not any(text.strip() for text in cleaned["text"].values()):
            self.add_error(None, gettext("Write the input in at least one language."))
        return cleaned


# The input's states as its lists filter them: the stored two and "withdrawn".
WITHDRAWN = "withdrawn"


class ContributionFilterForm(forms.Form):
    """The filters of the list of input asked of the user's agencies; all optional."""

    q = search_text_field()
    state = forms.ChoiceField(
        label=_("State"),
        choices=[
            ("", _("All states")),
            *ContributionState.choices,
            (WITHDRAWN, _("No longer asked")),
        ],
        required=False,
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
        self.fields["q"].label = _("Event title")
        self.fields["agency"].queryset = by_name(agencies)


# --- Repeating events (issue 8, item 1) ----------------------------------------------------


class DateListField(forms.Field):
    """Days typed "15.12.2026, 22.12.2026" (or 2026-12-15; commas, semicolons or spaces
    between them), cleaned to the sorted unique dates."""

    widget = forms.TextInput
    FORMATS = ("%d.%m.%Y", "%Y-%m-%d")
    MAX_DAYS = 100

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "placeholder": "15.12.2026, 22.12.2026", "size": 40}

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(day.strftime("%d.%m.%Y") for day in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return sorted(set(value))
        days = set()
        for part in re.split(r"[\s,;]+", (value or "").strip()):
            if part:
                days.add(self._day(part))
        if len(days) > self.MAX_DAYS:
            raise ValidationError(
                gettext("Exclude at most %(max)d days."), params={"max": self.MAX_DAYS}
            )
        return sorted(days)

    def _day(self, part: str) -> dt.date:
        for layout in self.FORMATS:
            try:
                day = dt.datetime.strptime(part, layout).date()
            except ValueError:
                continue
            validate_calendar_date(day)
            return day
        raise ValidationError(
            gettext("“%(value)s” is not a day: write it as 15.12.2026."),
            code="invalid",
            params={"value": part[:20]},
        )


RULE_FIELDS = ("frequency", "interval", "weekdays", "count", "until", "excluded_dates")


class RepeatForm(forms.Form):
    """The Repeat fieldset of the event's page, plain inputs that work without script: how
    often, until when and except which days (recurrence.py turns them into the rule). On
    an occurrence of a series it shows the series' rule and asks which events the save
    changes (`scope`, required), with the reason journalists read when published ones are
    moved or cancelled."""

    frequency = forms.ChoiceField(
        label=_("Repeats"),
        choices=[("", _("Does not repeat")), *RepeatFrequency.choices],
        required=False,
        help_text=_(
            "A monthly event repeats on the start's day of the month; months without that "
            "day are skipped. Each event of the series is saved as a draft of its own."
        ),
    )
    interval = forms.IntegerField(
        label=_("Every"),
        initial=1,
        min_value=1,
        max_value=recurrence.MAX_INTERVAL,
        required=False,
        help_text=_("1: every day, week or month; 2: every other one; and so on."),
    )
    weekdays = forms.MultipleChoiceField(
        label=_("On these weekdays (weekly)"),
        choices=[(code, WEEKDAYS[index]) for index, code in enumerate(recurrence.WEEKDAYS)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("None ticked: the weekday of the start."),
    )
    count = forms.IntegerField(
        label=_("Ends after this number of events"),
        min_value=1,
        max_value=recurrence.MAX_OCCURRENCES,
        required=False,
    )
    until = forms.DateField(
        label=_("Or ends on this day"),
        required=False,
        widget=CalendarDateInput(),
        validators=[validate_calendar_date],
    )
    excluded_dates = DateListField(
        label=_("Except on these days"),
        help_text=_("Days of the series without the event, e.g. “15.12.2026, 22.12.2026”."),
    )

    def __init__(self, *args, event: Event | None = None, **kwargs):
        self.series = event.recurrence if event is not None and event.recurrence_id else None
        if self.series is not None:
            repeat = recurrence.repeat_of(self.series.rule)
            kwargs["initial"] = {
                "frequency": repeat.frequency,
                "interval": repeat.interval,
                "weekdays": list(repeat.weekdays),
                "count": repeat.count,
                "until": repeat.until,
                "excluded_dates": recurrence.dates_of_json(self.series.excluded_dates),
                **kwargs.get("initial", {}),
            }
        super().__init__(*args, **kwargs)
        if self.series is not None:
            self.fields["count"].help_text = _("Counted from the first event of the series.")
            self.fields["scope"] = forms.ChoiceField(
                label=_("Save the changes for"),
                choices=RepeatScope.choices,
                widget=forms.RadioSelect,
                help_text=_(
                    "Events already begun and cancelled ones are never changed. A changed "
                    "rule is saved for this and the following events or for all of them."
                ),
            )
            self.fields["reason"] = forms.CharField(
                label=_("Reason for journalists"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_(
                    "Needed when published events of the series are moved or cancelled by "
                    "this change: journalists read it."
                ),
            )

    def rule_fields(self):
        return [self[name] for name in RULE_FIELDS]

    def scope_fields(self):
        return [self[name] for name in ("scope", "reason") if name in self.fields]

    @property
    def rule_changed(self) -> bool:
        return any(name in self.changed_data for name in RULE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        scope = cleaned.get("scope")
        if not cleaned.get("frequency"):
            if self.series is not None and scope != RepeatScope.THIS:
                raise ValidationError(
                    gettext(
                        "A series keeps a repeat rule: to end it sooner, give an earlier last "
                        "day or fewer events; to leave out single events, exclude their days."
                    ),
                    code="frequency",
                )
            return cleaned
        count, until = cleaned.get("count"), cleaned.get("until")
        if count is not None and until is not None:
            self.add_error("until", gettext("Give the number of events or the last day, not both."))
        elif count is None and until is None and not {"count", "until"} & set(self.errors):
            self.add_error(
                "count",
                gettext("Say when the repetition ends: after a number of events or on a day."),
            )
        if self.series is not None and scope == RepeatScope.THIS and self.rule_changed:
            self.add_error(
                "scope",
                gettext(
                    "The repeat rule changes for this and the following events or for all "
                    "events of the series, not for one of them."
                ),
            )
        return cleaned

    def rule(self) -> str | None:
        """The RRULE body of the choices (None: the event does not repeat)."""
        data = self.cleaned_data
        if not data.get("frequency"):
            return None
        return recurrence.rule_text(
            recurrence.Repeat(
                frequency=data["frequency"],
                interval=data.get("interval") or 1,
                weekdays=tuple(data.get("weekdays") or ()),
                count=data.get("count"),
                until=data.get("until"),
            )
        )

    def service_fields(self) -> dict:
        """What `services.event_update_recurring` takes besides the event's own fields: the
        scope, and the rule, its excluded days and the reason when they apply."""
        data = self.cleaned_data
        scope = data.get("scope") or RepeatScope.THIS
        if self.series is not None and scope == RepeatScope.THIS:
            return {"scope": scope}
        return {
            "scope": scope,
            "rule": self.rule(),
            "excluded_dates": data.get("excluded_dates") or [],
            "reason": data.get("reason", ""),
        }
