"""The media-plans' back office. The authorized body's staff review here as on the portal's
pages, through the same services (000 §2.2–2.4): "Approve" (for a regional plan "Positive
review"), "Return with comment", the akimat's "Regional approval", the bulk actions, and the
amendment of a plan's items under review. Revisions, the consolidated plan, monthly reports
and thematic proposals are shown as they were frozen or sent, never changed here."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _

from portal.directory.admin import AgencyScopedAdmin, HistoryInline, language_fieldsets
from portal.directory.queries import agencies_changeable_by
from portal.forms import ChoiceListField, add_service_error

from . import rules, services
from .choices import ItemChannel, ItemFormat
from .forms import DecisionForm, ReturnForm
from .models import (
    ConsolidatedDispatch,
    ConsolidatedPlan,
    MediaPlan,
    MonthlyReport,
    PlanAttachment,
    PlanChange,
    PlanComment,
    PlanItem,
    PlanRevision,
    ReportEntry,
    ThematicProposal,
)
from .revisions import LANGUAGES, TRANSLATED_FIELDS, in_language

AGENCY_SEARCH = ["agency__slug", "agency__name_kk", "agency__name_ru", "agency__name_en"]


def _choice_labels(values, choices) -> str:
    labels = dict(choices.choices)
    return ", ".join(str(labels.get(value, value)) for value in values or []) or "—"


def snapshot_table(snapshot: dict) -> str:
    """A frozen snapshot's items as a table in the admin's language, not as JSON."""
    language = get_language()
    rows = [
        {
            "position": number,
            "topic": in_language(item["topic"], language),
            "strategic_direction": in_language(item["strategic_direction"], language),
            "target_audiences": in_language(item["target_audiences"], language),
            "formats": _choice_labels(item["formats"], ItemFormat),
            "channels": _choice_labels(item["channels"], ItemChannel),
            "when": item["month"] or (f"Q{item['quarter']}" if item["quarter"] else "—"),
            "responsible": in_language(item["responsible_unit"], language),
            "speaker": in_language(item["speaker"], language),
            "is_preventive": item["is_preventive"],
        }
        for number, item in enumerate(snapshot.get("items", []), start=1)
    ]
    return render_to_string("admin/mediaplans/_snapshot_table.html", {"rows": rows})


# --- The plan's inlines ---------------------------------------------------------------------


class PlanItemInlineForm(forms.ModelForm):
    """An item with its formats and channels as checkboxes; `read_version` is the item's edit
    version when the page was opened, so a change made meanwhile is not overwritten."""

    formats = ChoiceListField(label=_("Formats"), choices=ItemFormat.choices)
    channels = ChoiceListField(label=_("Channels"), choices=ItemChannel.choices)
    read_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    class Meta:
        model = PlanItem
        fields = ["is_preventive", "formats", "channels", "month", "quarter"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("month") and cleaned.get("quarter"):
            self.add_error("quarter", _("Give a month or a quarter, not both."))
        for name in ("strategic_direction", "topic"):
            if not any((cleaned.get(f"{name}_{code}") or "").strip() for code in LANGUAGES):
                self.add_error(
                    f"{name}_{LANGUAGES[0]}",
                    _("Give it in one language at least; Kazakh and Russian are needed to submit."),
                )
        return cleaned

    def item_data(self, names) -> dict:
        """What the services take, of the fields `names`."""
        return {
            name: value.strip() if isinstance(value, str) else value
            for name, value in self.cleaned_data.items()
            if name in services.ITEM_FIELDS and name in names
        }


class PlanItemFormSet(BaseInlineFormSet):
    def clean(self):
        """A row changed or deleted since the page was opened is refused before anything is
        saved, with the message that keeps what was typed (issue 9 item 5)."""
        super().clean()
        stale = False
        for form in self.forms:
            if not form.instance.pk or not hasattr(form, "cleaned_data"):
                continue
            read = form.cleaned_data.get("read_version")
            if read is None or read == form.instance.version:
                continue
            if form in self.deleted_forms:
                stale = True
            elif form.has_changed():
                form.add_error(None, services.STALE_MESSAGE)
        if stale:
            raise ValidationError(services.STALE_MESSAGE, code="stale")


class PlanItemInline(admin.StackedInline):
    """Editable only when the rules allow: by the press office in a draft or a returned plan,
    by the authorized body under review (an amendment, 000 §2.2). Saved through the
    services (`MediaPlanAdmin.save_formset`)."""

    model = PlanItem
    form = PlanItemInlineForm
    formset = PlanItemFormSet
    extra = 0
    readonly_fields = ["position", "version"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("position", "version"),
                    "is_preventive",
                    "formats",
                    "channels",
                    ("month", "quarter"),
                    "read_version",
                ]
            },
        ),
        *language_fieldsets(*TRANSLATED_FIELDS),
    ]

    def _changeable(self, request, plan) -> bool:
        return plan is not None and (
            rules.can_edit_plan(request.user, plan) or rules.can_amend_plan(request.user, plan)
        )

    def has_add_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._changeable(request, obj) and super().has_delete_permission(request, obj)


class PlanAttachmentInline(admin.TabularInline):
    """The plan's documents, read only: attached and removed on the plan's page (services
    `attachment_add`/`attachment_remove`), downloaded through its permission check."""

    model = PlanAttachment
    fields = readonly_fields = ["title", "item", "download", "uploaded_by", "created_at"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item", "uploaded_by")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, obj):
        url = reverse(
            "mediaplans:attachment_download", kwargs={"pk": obj.plan_id, "attachment_pk": obj.pk}
        )
        return format_html('<a href="{}">{}</a>', url, _("Download"))


class PlanCommentInline(admin.TabularInline):
    """The plan's thread: read as written; a new remark is added through `comment_add`."""

    model = PlanComment
    fields = ["at", "author", "revision", "item", "text"]
    readonly_fields = ["at", "author", "revision", "item"]
    extra = 1
    can_delete = False

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "text":
            # The admin's 610 px box pushed the thread past a 1280 px window.
            kwargs["widget"] = forms.Textarea(attrs={"rows": 3, "cols": 40})
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and rules.can_comment_plan(request.user, obj)
            and super().has_add_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return False


class PlanChangeInline(HistoryInline):
    """Who created, submitted, returned, amended or approved the plan, when and why."""

    model = PlanChange
    fields = readonly_fields = ["at", "action", "revision", "actor", "comment"]


# --- The plan -------------------------------------------------------------------------------


class PlanAddForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies_changeable_by(user)


# Each review step's page: who may take it at all (the state is the service's to refuse),
# its form, the service, and its messages.
STEPS = {
    "approve": (
        lambda user, plan: rules.reviews_plans(user),
        DecisionForm,
        services.plan_approve,
        _("The review is recorded."),
    ),
    "return": (
        lambda user, plan: rules.reviews_plans(user),
        ReturnForm,
        services.plan_return,
        _("The media-plan is returned with the comment."),
    ),
    "regional": (
        rules.approves_regionally,
        DecisionForm,
        services.plan_approve_regionally,
        _("The media-plan is approved by the region."),
    ),
}
STEP_POSSIBLE = {
    "approve": rules.can_review_plan,
    "return": rules.can_amend_plan,  # submitted or reviewed: under review
    "regional": rules.can_approve_regionally,
}


@admin.register(MediaPlan)
class MediaPlanAdmin(AgencyScopedAdmin):
    """A plan is made with "Add" (`plan_create`); its items change inline through the item
    services; its review steps have their own pages and bulk actions. Its state, revision and
    edit version only change through the services."""

    list_display = ["agency", "year", "state", "revision", "updated_at"]
    list_filter = ["year", "state", "agency__kind", "agency__region"]
    search_fields = AGENCY_SEARCH
    list_select_related = ["agency"]
    actions = ["approve_selected", "return_selected"]
    object_pages = {"approve": "approve_view", "return": "return_view", "regional": "regional_view"}
    change_form_template = "admin/mediaplans/mediaplan/change_form.html"
    fields = readonly_fields = ["agency", "year", "state", "revision", "version", "missing"]
    inlines = [PlanItemInline, PlanAttachmentInline, PlanCommentInline, PlanChangeInline]

    @admin.display(description=_("missing before submission"))
    def missing(self, obj):
        if not obj.is_editable:
            return "—"
        lines = services.plan_missing(obj)
        return format_html_join("", "<div>{}</div>", ((line,) for line in lines)) or "—"

    def get_inline_instances(self, request, obj=None):
        return super().get_inline_instances(request, obj) if obj is not None else []

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not rules.reviews_plans(request.user):
            actions.pop("approve_selected", None)
            actions.pop("return_selected", None)
        return actions

    # Adding: the agency and the year, through `plan_create`.

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = PlanAddForm(request.POST if request.method == "POST" else None, user=request.user)
        if request.method == "POST" and form.is_valid():
            try:
                plan = services.plan_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_service_error(form, error)
            else:
                self.log_addition(request, plan, [{"added": {}}])
                self.message_user(request, _("The media-plan is created."), messages.SUCCESS)
                return redirect(reverse("admin:mediaplans_mediaplan_change", args=[plan.pk]))
        return self.object_page(
            request,
            "admin/mediaplans/mediaplan/add.html",
            title=_("New media-plan"),
            original=None,
            form=form,
        )

    # Changing: only the inlines, each through its service.

    def save_model(self, request, obj, form, change):
        """Nothing of the plan itself is changed here: state, revision and version are the
        services'."""

    def save_formset(self, request, form, formset, change):
        if formset.model is PlanItem:
            return self._save_items(request, form.instance, formset)
        if formset.model is PlanComment:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for row in formset.forms:
                if row.instance.pk or not row.has_changed():
                    continue
                self._calling(
                    request,
                    services.comment_add,
                    plan=form.instance,
                    by=request.user,
                    text=row.cleaned_data["text"],
                )
            return None
        return super().save_formset(request, form, formset, change)

    def _save_items(self, request, plan, formset):
        amendment = not rules.can_edit_plan(request.user, plan)
        extra = {"by": request.user, "amendment": amendment}
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        deleted = set(formset.deleted_forms)
        for row in formset.forms:
            item, version = row.instance, row.cleaned_data.get("read_version")
            if row in deleted:
                if item.pk and self._calling(
                    request, services.item_delete, item=item, version=version, **extra
                ):
                    formset.deleted_objects.append(item)
            elif not row.has_changed():
                continue
            elif item.pk:
                data = row.item_data(row.changed_data)
                updated = self._calling(
                    request, services.item_update, item=item, data=data, version=version, **extra
                )
                if updated:
                    formset.changed_objects.append((updated, row.changed_data))
            else:
                data = row.item_data(row.cleaned_data)
                added = self._calling(request, services.item_add, plan=plan, data=data, **extra)
                if added:
                    formset.new_objects.append(added)

    def _calling(self, request, service, **kwargs):
        """The service's answer, or None with its refusal shown (and the success message of
        the change form left out: something was not saved)."""
        try:
            return service(**kwargs) or True
        except ValidationError as error:
            request._mediaplan_refused = True
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        if level == messages.SUCCESS and getattr(request, "_mediaplan_refused", False):
            return
        super().message_user(request, message, level, *args, **kwargs)

    def response_change(self, request, obj):
        if getattr(request, "_mediaplan_refused", False):
            return redirect(reverse("admin:mediaplans_mediaplan_change", args=[obj.pk]))
        return super().response_change(request, obj)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        plan = self.get_object(request, object_id)
        steps = {}
        if plan is not None:
            steps = {
                step: reverse(f"admin:mediaplans_mediaplan_{step}", args=[plan.pk])
                for step, possible in STEP_POSSIBLE.items()
                if possible(request.user, plan)
            }
        extra = {
            "steps": steps,
            "regional": plan is not None and rules.needs_regional_approval(plan),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra)

    # The review's steps (000 §2.2–2.4).

    def _step_page(self, request, pk, step):
        plan = self.get_object(request, str(pk))
        may, form_class, service, done = STEPS[step]
        if plan is None or not may(request.user, plan):
            raise PermissionDenied
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                service(plan=plan, by=request.user, comment=form.cleaned_data["comment"])
            except ValidationError as error:
                add_service_error(form, error)
            else:
                self.message_user(request, done, messages.SUCCESS)
                return redirect(reverse("admin:mediaplans_mediaplan_change", args=[plan.pk]))
        regional = rules.needs_regional_approval(plan)
        titles = {
            "approve": _("Positive review of %(plan)s") if regional else _("Approve %(plan)s"),
            "return": _("Return %(plan)s with a comment"),
            "regional": _("Regional approval of %(plan)s"),
        }
        return self.object_page(
            request,
            "admin/mediaplans/mediaplan/step.html",
            title=titles[step] % {"plan": plan},
            original=plan,
            form=form,
            step=step,
            possible=STEP_POSSIBLE[step](request.user, plan),
            regional=regional,
            item_count=plan.items.count(),
        )

    def approve_view(self, request, pk):
        """Approve a submitted plan; a regional one is reviewed positively (000 §2.4)."""
        return self._step_page(request, pk, "approve")

    def return_view(self, request, pk):
        """Back to the press office with a required comment (000 §2.2)."""
        return self._step_page(request, pk, "return")

    def regional_view(self, request, pk):
        """The akimat's approval after the positive central review (000 §2.4)."""
        return self._step_page(request, pk, "regional")

    # Bulk actions.

    def _each(self, request, queryset, service, done_message, **kwargs):
        done = 0
        for plan in queryset:
            try:
                service(plan=plan, by=request.user, **kwargs)
            except ValidationError as error:
                self.message_user(request, f"{plan}: {' '.join(error.messages)}", messages.ERROR)
            else:
                done += 1
        self.message_user(request, done_message(done) % done, messages.SUCCESS)

    @admin.action(
        description=_("Approve the selected media-plans (regional ones: positive review)")
    )
    def approve_selected(self, request, queryset):
        self._each(
            request,
            queryset.select_related("agency"),
            services.plan_approve,
            lambda n: ngettext(
                "%d media-plan approved or reviewed.", "%d media-plans approved or reviewed.", n
            ),
        )

    @admin.action(description=_("Return the selected media-plans with a comment"))
    def return_selected(self, request, queryset):
        """An intermediate page asks for the comment, which every plan receives."""
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_bound and form.is_valid():
            self._each(
                request,
                queryset.select_related("agency"),
                services.plan_return,
                lambda n: ngettext("%d media-plan returned.", "%d media-plans returned.", n),
                comment=form.cleaned_data["comment"],
            )
            return None
        return TemplateResponse(
            request,
            "admin/mediaplans/mediaplan/return_selected.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return the selected media-plans with a comment"),
                "opts": self.opts,
                "plans": queryset.select_related("agency"),
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )


# --- Shown only ----------------------------------------------------------------------------


class _ShownOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(PlanRevision)
class PlanRevisionAdmin(_ShownOnly, AgencyScopedAdmin):
    """Every submission as it was frozen (issue 9 item 4): never changed."""

    agency_field = "plan__agency"
    list_display = ["plan", "label", "submitted_at", "is_late", "outcome", "decided_at"]
    list_filter = ["outcome", "is_late", "plan__year", "plan__agency__region"]
    search_fields = [f"plan__{name}" for name in AGENCY_SEARCH]
    list_select_related = ["plan__agency"]
    fields = readonly_fields = [
        "plan",
        "label",
        "submitted_at",
        "submitted_by",
        "is_late",
        "outcome",
        "decided_at",
        "decided_by",
        "items",
    ]

    @admin.display(description=_("items as submitted"))
    def items(self, obj):
        return snapshot_table(obj.snapshot)


class ConsolidatedDispatchInline(_ShownOnly, HistoryInline):
    model = ConsolidatedDispatch
    fields = readonly_fields = ["recipient", "sent_at", "sent_by", "reference"]
    verbose_name_plural = _("dispatches")


@admin.register(ConsolidatedPlan)
class ConsolidatedPlanAdmin(_ShownOnly, admin.ModelAdmin):
    """The republican plan's frozen editions (000 §2.3), the authorized body's only; frozen
    and dispatched on its pages."""

    list_display = ["year", "edition", "frozen_at", "frozen_by"]
    list_filter = ["year"]
    inlines = [ConsolidatedDispatchInline]
    fields = readonly_fields = ["year", "edition", "frozen_at", "frozen_by", "plans", "page"]

    def has_module_permission(self, request):
        return rules.can_consolidate(request.user) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return rules.can_consolidate(request.user) and super().has_view_permission(request, obj)

    @admin.display(description=_("plans"))
    def plans(self, obj):
        language = get_language()
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (in_language(plan["agency"], language), plan["revision"], len(plan["items"]))
                for plan in obj.snapshot.get("plans", [])
            ),
        )
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("agency"),
            _("revision"),
            _("items"),
            rows,
        )

    @admin.display(description=_("page"))
    def page(self, obj):
        url = reverse(
            "mediaplans:consolidated_detail", kwargs={"year": obj.year, "edition": obj.edition}
        )
        return format_html('<a href="{}">{}</a>', url, _("The edition's page, PDF and XLSX"))


class ReportEntryInline(_ShownOnly, admin.TabularInline):
    model = ReportEntry
    fields = readonly_fields = ["item", "status", "text", "links_display", "event_list"]
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("item").prefetch_related("events")

    @admin.display(description=_("links to publications"))
    def links_display(self, obj):
        return format_html_join(", ", '<a href="{}">{}</a>', ((link, link) for link in obj.links))

    @admin.display(description=_("events"))
    def event_list(self, obj):
        return ", ".join(str(event) for event in obj.events.all()) or "—"


@admin.register(MonthlyReport)
class MonthlyReportAdmin(_ShownOnly, AgencyScopedAdmin):
    """The monthly information (004 §8) as the agency wrote and sent it."""

    agency_field = "plan__agency"
    list_display = ["plan", "month", "submitted_at", "is_late"]
    list_filter = ["month", "is_late", "plan__year", "plan__agency__region"]
    search_fields = [f"plan__{name}" for name in AGENCY_SEARCH]
    list_select_related = ["plan__agency"]
    inlines = [ReportEntryInline]
    fields = readonly_fields = ["plan", "month", "submitted_at", "submitted_by", "is_late"]


@admin.register(ThematicProposal)
class ThematicProposalAdmin(_ShownOnly, AgencyScopedAdmin):
    """The agencies' thematic proposals (004 §5), sent on their page."""

    list_display = ["agency", "due_on", "submitted_at", "submitted_by"]
    list_filter = ["due_on", "agency__kind", "agency__region"]
    search_fields = AGENCY_SEARCH
    list_select_related = ["agency", "submitted_by"]
    fields = readonly_fields = [
        "agency",
        "due_on",
        "submitted_at",
        "submitted_by",
        *(f"text_{code}" for code in LANGUAGES),
    ]
