"""The media-plans' page forms: they check the input; the services decide and write."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from portal import attachments
from portal.directory.forms import search_text_field
from portal.directory.models import Agency
from portal.directory.queries import by_name
from portal.forms import ChoiceListField

from . import revisions
from .choices import ItemChannel, ItemFormat, ItemStatus, PlanState, Recipient
from .models import PlanItem
from .services import ITEM_FIELDS, YEARS_AHEAD

# --- The plans and their items (000 §2.1–2.2; 004 §5, §7) ------------------------------------

LANGUAGE_LEGENDS = {"kk": _("In Kazakh"), "ru": _("In Russian"), "en": _("In English")}


class PlanFilterForm(forms.Form):
    """The filters of the list of plans; every field is optional, the agency only for the
    authorized body (who sees every agency's plans)."""

    q = search_text_field()
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    agency = forms.ModelChoiceField(
        label=_("Agency"),
        queryset=Agency.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All agencies"),
    )
    state = forms.ChoiceField(
        label=_("State"), choices=[("", _("All states")), *PlanState.choices], required=False
    )

    def __init__(self, *args, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Agency name")
        if agencies is None:
            del self.fields["agency"]
        else:
            self.fields["agency"].queryset = by_name(agencies)


class PlanCreateForm(forms.Form):
    """A new plan: for one of the user's agencies, for this year, the next or the one after
    (the service decides; the choices only spare a refusal)."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        years = range(this_year - 1, this_year + YEARS_AHEAD + 1)
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["year"].initial = this_year + 1
        self.fields["agency"].queryset = by_name(agencies)


def _translated_field(name: str, language: str) -> forms.CharField:
    model_field = PlanItem._meta.get_field(name)
    return forms.CharField(
        label=capfirst(model_field.verbose_name),
        required=False,
        max_length=model_field.max_length or 5000,
        widget=forms.Textarea(attrs={"rows": 2})
        if model_field.get_internal_type() == "TextField"
        else forms.TextInput(attrs={"size": 60}),
    )


class PlanItemForm(forms.Form):
    """One item of the plan (004 §7): its texts grouped in Kazakh, Russian and English, its
    formats, channels and month or quarter. `version` is the item's edit version the editor
    read (`plan_version` the plan's, for a new item): a save based on an older one is refused
    instead of overwriting someone else's change. The authorized body amending a plan under
    review may say why (`comment`, 000 §2.2)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    plan_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    is_preventive = forms.BooleanField(
        label=capfirst(PlanItem._meta.get_field("is_preventive").verbose_name),
        help_text=PlanItem._meta.get_field("is_preventive").help_text,
        required=False,
    )
    formats = ChoiceListField(label=_("Formats"), choices=ItemFormat.choices)
    channels = ChoiceListField(label=_("Channels"), choices=ItemChannel.choices)
    month = forms.TypedChoiceField(
        label=_("Month"),
        choices=[("", "—"), *MONTHS.items()],
        coerce=int,
        empty_value=None,
        required=False,
    )
    quarter = forms.TypedChoiceField(
        label=_("or quarter"),
        choices=[("", "—"), *((q, _("Q%(quarter)s") % {"quarter": q}) for q in range(1, 5))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    comment = forms.CharField(
        label=_("Why the authorized body amends it"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, amendment=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in revisions.TRANSLATED_FIELDS:
            for language in revisions.LANGUAGES:
                self.fields[f"{name}_{language}"] = _translated_field(name, language)
        if not amendment:
            del self.fields["comment"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("month") and cleaned.get("quarter"):
            self.add_error("quarter", _("Give a month or a quarter, not both."))
        for name in ("strategic_direction", "topic"):
            if not any(
                (cleaned.get(f"{name}_{language}") or "").strip()
                for language in revisions.LANGUAGES
            ):
                self.add_error(
                    f"{name}_{revisions.LANGUAGES[0]}",
                    _("Give it in one language at least; Kazakh and Russian are needed to submit."),
                )
        return cleaned

    def groups(self):
        """(legend, bound fields): when and how, then the texts per language."""
        common = [
            self[name] for name in ("is_preventive", "formats", "channels", "month", "quarter")
        ]
        groups = [(_("When and how"), common)]
        for language in revisions.LANGUAGES:
            fields = [self[f"{name}_{language}"] for name in revisions.TRANSLATED_FIELDS]
            groups.append((LANGUAGE_LEGENDS[language], fields))
        return groups

    def item_data(self) -> dict:
        """What the services take: the item's fields, texts stripped."""
        data = {name: self.cleaned_data[name] for name in ITEM_FIELDS}
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.strip()
        return data

    @classmethod
    def initial_for(cls, item: PlanItem) -> dict:
        return {
            **{name: getattr(item, name) for name in ITEM_FIELDS},
            "version": item.version,
        }


class ItemDeleteForm(forms.Form):
    """Delete an item as read (`version`); the authorized body may say why (000 §2.2)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    comment = forms.CharField(
        label=_("Why the authorized body deletes it"), required=False, max_length=5000
    )

    def __init__(self, *args, amendment=False, **kwargs):
        super().__init__(*args, **kwargs)
        if not amendment:
            del self.fields["comment"]


class ItemMoveForm(forms.Form):
    UP, DOWN = "up", "down"

    direction = forms.ChoiceField(choices=[(UP, _("Up")), (DOWN, _("Down"))])
    plan_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class CommentForm(forms.Form):
    """A remark in the plan's thread, or on one of its items."""

    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    item = forms.ModelChoiceField(
        queryset=PlanItem.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = plan.items.all()


class AttachmentForm(forms.Form):
    """A document for the plan or one of its items: its title in at least one language and
    the file (checked by its name and first bytes here, and again by the service)."""

    item = forms.ModelChoiceField(
        label=_("Item"),
        queryset=PlanItem.objects.none(),
        required=False,
        empty_label=_("The whole plan"),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, plan, items=None, **kwargs):
        """`items`: the plan's items as the page read them, offered without a query."""
        super().__init__(*args, **kwargs)
        for code, legend in LANGUAGE_LEGENDS.items():
            self.fields[f"title_{code}"] = forms.CharField(
                label=f"{capfirst(_('title'))} ({legend.lower()})", required=False, max_length=300
            )
        self.order_fields([*(f"title_{code}" for code in LANGUAGE_LEGENDS), "item", "file"])
        self.fields["item"].queryset = plan.items.all()
        if items is not None:
            self.fields["item"].choices = [
                ("", self.fields["item"].empty_label),
                *((item.pk, str(item)) for item in items),
            ]
        self.fields["file"].help_text = _("%(types)s, at most %(limit)s MB.") % {
            "types": attachments.allowed_extensions(),
            "limit": settings.EVENT_ATTACHMENT_MAX_MB,
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(
            f".{extension}" for extension in [*attachments.TYPES, *attachments.ALIASES]
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        attachments.file_type(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        cleaned["title"] = {code: cleaned.get(f"title_{code}") or "" for code in LANGUAGE_LEGENDS}
        if not any(cleaned["title"].values()):
            self.add_error("title_kk", _("Give the document's title in at least one language."))
        return cleaned


class ReturnForm(forms.Form):
    """Back to the press office: saying what to change is required (000 §2.2)."""

    prefix = "return"
    comment = forms.CharField(
        label=_("What must be changed"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    """An approval or a positive review, with an optional comment for the history."""

    prefix = "decision"
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RevisionCompareForm(forms.Form):
    """Two submissions of the plan to compare, named "1.1", "2.1" (revision.submission)."""

    def __init__(self, *args, labels, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(label, label) for label in labels]
        self.fields["from"] = forms.ChoiceField(label=_("From"), choices=choices)
        self.fields["to"] = forms.ChoiceField(label=_("To"), choices=choices)
        self.fields["from"].error_messages["invalid_choice"] = _(
            "The plan has no submission “%(value)s”: choose one from the list."
        )
        self.fields["to"].error_messages["invalid_choice"] = self.fields["from"].error_messages[
            "invalid_choice"
        ]


class ThematicProposalForm(forms.Form):
    """An agency's proposals on the thematic directions (004 §5), in kk/ru/en."""

    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    text_kk = forms.CharField(
        label=_("Proposals in Kazakh"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    text_ru = forms.CharField(
        label=_("Proposals in Russian"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    text_en = forms.CharField(
        label=_("Proposals in English"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = by_name(agencies)

    def texts(self) -> dict:
        return {language: self.cleaned_data[f"text_{language}"] for language in revisions.LANGUAGES}


# --- The consolidated plan, reports and the import (000 §2.3, §8.2–8.3; 004 §8) --------------


class ConsolidatedFilterForm(forms.Form):
    """The edition narrowed (000 §2.3): by agency (of the edition), region, topic text and
    month; a value that is not a choice answers 400."""

    agency = forms.TypedChoiceField(label=_("Agency"), required=False, coerce=int, empty_value=None)
    region = forms.ChoiceField(label=_("Region"), required=False)
    topic = forms.CharField(label=_("Topic contains"), required=False, max_length=100)
    month = forms.TypedChoiceField(label=_("Month"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, agencies=(), **kwargs):
        from django.utils.dates import MONTHS

        from portal.directory.choices import Region

        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [("", _("Every agency")), *agencies]
        self.fields["region"].choices = [("", _("Every region")), *Region.choices]
        self.fields["month"].choices = [("", _("Every month")), *MONTHS.items()]

    def wanted(self):
        from .reports import ConsolidatedFilter

        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return ConsolidatedFilter(
            agency=data.get("agency"),
            region=data.get("region") or "",
            topic=(data.get("topic") or "").strip(),
            month=data.get("month"),
        )


class DispatchForm(forms.Form):
    """That the edition went to one recipient of 000 §2.3."""

    recipient = forms.ChoiceField(choices=Recipient.choices, widget=forms.HiddenInput)
    reference = forms.CharField(label=_("Outgoing number or note"), required=False, max_length=200)


class LinksField(forms.CharField):
    """Links to publications, one a line: each an http(s) address."""

    widget = forms.Textarea(attrs={"rows": 2})
    MAX_LINKS = 20

    def to_python(self, value):
        return [line.strip() for line in (value or "").splitlines() if line.strip()]

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list) else value

    def validate(self, value):
        from django.core.validators import URLValidator

        if len(value) > self.MAX_LINKS:
            raise ValidationError(
                _("At most %(limit)s links.") % {"limit": self.MAX_LINKS}, code="too_many"
            )
        check = URLValidator(schemes=["http", "https"])
        for link in value:
            try:
                check(link)
            except ValidationError:
                raise ValidationError(
                    _("“%(link)s” is not a web address (http:// or https://).")
                    % {"link": link[:100]},
                    code="invalid",
                ) from None


class ReportEntryForm(forms.Form):
    """How one item went in the month (004 §8): its status, a free text in kk/ru/en, the
    links to publications and the grid's events that carried it out (plan versus fact)."""

    status = forms.ChoiceField(label=_("Status"), choices=ItemStatus.choices)
    text_kk = forms.CharField(
        label=_("What was done (Kazakh)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text_ru = forms.CharField(
        label=_("What was done (Russian)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    text_en = forms.CharField(
        label=_("What was done (English)"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    links = LinksField(label=_("Links to publications, one a line"), required=False)
    events = forms.TypedMultipleChoiceField(
        label=_("Events that carried it out"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, events=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = list(events)


class ItemsImportForm(forms.Form):
    """The filled-in template: only its size, name and first bytes are checked here; the dry
    run reads it in Celery."""

    file = forms.FileField(label=_("Filled-in template (XLSX)"))

    def clean_file(self):
        from .importing import MAX_IMPORT_BYTES, XLSX_MAGIC, too_large_message

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


class ItemsImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}$", widget=forms.HiddenInput)
