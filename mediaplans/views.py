"""Thin pages of the media-plans: check a rule, call a query or a service, render."""

import datetime as dt
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.dates import MONTHS
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.attachments import content_type_of, download_name
from portal.calendar import working_calendar
from portal.deadlines.computation import explain
from portal.directory.queries import agencies_changeable_by
from portal.directory.rules import member_agency_ids, sees_every_agency
from portal.documents.choices import DocumentStatus
from portal.documents.models import StoredDocument
from portal.documents.services import document_needs_build, document_request
from portal.documents.views import PROGRESS_REFRESH_SECONDS, document_response

from . import exports, queries, reports, revisions, rules, services
from .choices import ItemChannel, ItemFormat, PlanState, Recipient
from .forms import (
    AttachmentForm,
    CommentForm,
    ConsolidatedFilterForm,
    DecisionForm,
    DispatchForm,
    ItemDeleteForm,
    ItemMoveForm,
    ItemsImportConfirmForm,
    ItemsImportForm,
    PlanCreateForm,
    PlanFilterForm,
    PlanItemForm,
    ReportEntryForm,
    ReturnForm,
    RevisionCompareForm,
    ThematicProposalForm,
)
from .models import (
    ConsolidatedFreeze,
    ConsolidatedPlan,
    MediaPlan,
    MonthlyReport,
    PlanAttachment,
    PlanItem,
    ReportEntry,
)

# --- The plans: list, new plan, the plan's page and its review (000 §2.1–2.4; 004 §5–7) -----

PLANS_PER_PAGE = 25


def _plan_for(request, pk) -> MediaPlan:
    """Another agency's plan is not there (404), whatever the user asks of it."""
    plan = get_object_or_404(MediaPlan.objects.select_related("agency"), pk=pk)
    if not rules.can_view_plan(request.user, plan):
        raise Http404
    return plan


def _works_with_plans(user) -> None:
    """The plans' pages are for agencies' members and the authorized body."""
    if not (member_agency_ids(user) or sees_every_agency(user)):
        raise PermissionDenied


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_error(form, error: ValidationError) -> None:
    """A service's refusal on the form: on the field it names when the form has it (a
    translated field on its first language), else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, errors in error.message_dict.items():
        if name not in form.fields and f"{name}_{revisions.LANGUAGES[0]}" in form.fields:
            name = f"{name}_{revisions.LANGUAGES[0]}"
        form.add_error(name if name in form.fields else None, errors)


@login_required
def plan_list(request):
    """The plans the user may see, filtered by year, agency (the authorized body), state and
    the agency's name, a page at a time; the form that starts a new plan. Four queries
    whatever the number of plans."""
    _works_with_plans(request.user)
    agencies = agencies_changeable_by(request.user)
    form = PlanFilterForm(
        request.GET or None, agencies=agencies if sees_every_agency(request.user) else None
    )
    plans = queries.plans_for_user(request.user)
    status = 200
    if form.is_bound and not form.is_valid():
        plans, status = plans.none(), 400
    elif form.is_bound:
        data = form.cleaned_data
        if data["year"]:
            plans = plans.filter(year=data["year"])
        if data.get("agency"):
            plans = plans.filter(agency=data["agency"])
        if data["state"]:
            plans = plans.filter(state=data["state"])
        if data["q"]:
            plans = queries.plan_search(plans, data["q"])
    page = Paginator(queries.plans_listed(plans), PLANS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "mediaplans/plan_list.html",
        {
            "form": form,
            "page": page,
            "filtered": form.is_bound,
            "create_form": PlanCreateForm(agencies=agencies),
        },
        status=status,
    )


@login_required
def plan_create(request):
    """A new plan of one of the user's agencies for a year (000 §2.1)."""
    _works_with_plans(request.user)
    form = PlanCreateForm(request.POST or None, agencies=agencies_changeable_by(request.user))
    if request.method == "POST" and form.is_valid():
        agency = form.cleaned_data["agency"]
        if not rules.can_create_plan(request.user, agency):
            raise PermissionDenied
        try:
            plan = services.plan_create(
                agency=agency, year=form.cleaned_data["year"], by=request.user
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The media-plan is started: add its items."))
            return redirect("mediaplans:plan_detail", pk=plan.pk)
    status = 400 if form.is_bound else 200
    return render(request, "mediaplans/plan_create.html", {"form": form}, status=status)


def _editing(user, plan: MediaPlan) -> tuple[bool, bool]:
    """(may change the items, as an amendment by the authorized body under review)."""
    if rules.can_edit_plan(user, plan):
        return True, False
    if rules.can_amend_plan(user, plan):
        return True, True
    return False, False


@dataclass
class ItemRow:
    """One item as the plan's page shows it, with the forms that change it."""

    item: PlanItem
    period: str
    formats: list[str]
    channels: list[str]
    comments: list
    edit_form: PlanItemForm | None = None
    delete_form: ItemDeleteForm | None = None
    plan_version: int = 0
    first: bool = False
    last: bool = False


def _item_row(item, *, plan, comments, may_edit, amendment, first, last, edit_form=None):
    formats, channels = dict(ItemFormat.choices), dict(ItemChannel.choices)
    return ItemRow(
        item=item,
        period=reports.period_label({"month": item.month, "quarter": item.quarter}),
        formats=[formats.get(value, value) for value in item.formats or []],
        channels=[channels.get(value, value) for value in item.channels or []],
        comments=comments,
        edit_form=(
            edit_form
            or PlanItemForm(
                initial=PlanItemForm.initial_for(item),
                amendment=amendment,
                auto_id=f"item-{item.pk}-%s",
            )
        )
        if may_edit
        else None,
        delete_form=ItemDeleteForm(initial={"version": item.version}, amendment=amendment)
        if may_edit
        else None,
        plan_version=plan.version,
        first=first,
        last=last,
    )


def _plan_context(request, plan: MediaPlan, **forms) -> dict:
    """Everything the plan's page shows, and the buttons the user may use (rules); `forms`
    replace the empty ones (a refused form, shown again with what was typed)."""
    user = request.user
    may_edit, amendment = _editing(user, plan)
    items = queries.plan_items(plan)
    comments = queries.plan_comments(plan)
    by_item = {}
    for comment in comments:
        if comment.item_id is not None:
            by_item.setdefault(comment.item_id, []).append(comment)
    rows = [
        _item_row(
            item,
            plan=plan,
            comments=by_item.get(item.pk, []),
            may_edit=may_edit,
            amendment=amendment,
            first=number == 0,
            last=number == len(items) - 1,
        )
        for number, item in enumerate(items)
    ]
    calendar = working_calendar() if plan.revision == 1 else None
    deadline = queries.submission_deadline(plan, calendar=calendar) if calendar else None
    revision_list = queries.plan_revisions(plan)
    labels = [revision.label for revision in revision_list]
    return {
        "plan": plan,
        "rows": rows,
        "may_edit": may_edit,
        "amendment": amendment,
        "add_form": PlanItemForm(
            initial={"plan_version": plan.version}, amendment=amendment, auto_id="new-item-%s"
        ),
        "missing": services.plan_missing(plan, items) if plan.is_editable else [],
        "deadline": deadline,
        "explanation": explain(deadline, calendar=calendar) if deadline else None,
        "history": queries.plan_history(plan),
        "plan_comments": [comment for comment in comments if comment.item_id is None],
        "comment_form": CommentForm(plan=plan),
        "revisions": revision_list,
        "compare": list(zip(labels, labels[1:], strict=False)),
        "can_submit": rules.can_submit_plan(user, plan),
        "can_review": rules.can_review_plan(user, plan),
        "regional": rules.needs_regional_approval(plan),
        "can_approve_regionally": rules.can_approve_regionally(user, plan),
        "can_open_revision": rules.can_open_revision(user, plan),
        "can_comment": rules.can_comment_plan(user, plan),
        "can_import": rules.can_import_items(user, plan),
        "can_consolidate": rules.can_consolidate(user),
        "attachments": queries.plan_attachments(plan),
        "can_change_attachments": rules.can_change_attachments(user, plan),
        "attachment_form": AttachmentForm(plan=plan, items=items),
        "return_form": ReturnForm(),
        "decision_form": DecisionForm(),
    } | forms


def _plan_page(request, plan, *, status=200, **forms):
    context = _plan_context(request, plan, **forms)
    return render(request, "mediaplans/plan_detail.html", context, status=status)


@login_required
def plan_detail(request, pk):
    """The plan (000 §2.1; 004 §7): its deadline, what is missing before submission, the
    items with their forms, the history, the comments, the revisions, and the review's
    buttons the user may use."""
    return _plan_page(request, _plan_for(request, pk))


# Each review step: who may (a rule), the service, its form (None: no input), its message.
STEPS = {
    "submit": (rules.can_submit_plan, None, gettext_lazy("The media-plan is submitted.")),
    "return": (rules.can_review_plan, ReturnForm, gettext_lazy("The media-plan is returned.")),
    "approve": (rules.can_review_plan, DecisionForm, gettext_lazy("The review is recorded.")),
    "approve_regionally": (
        rules.can_approve_regionally,
        DecisionForm,
        gettext_lazy("The media-plan is approved."),
    ),
    "revision_open": (
        rules.can_open_revision,
        None,
        gettext_lazy(
            "A new revision is open; the approved one stays in force until it is replaced."
        ),
    ),
}


def _step_call(step: str, plan, by, data: dict):
    if step == "submit":
        return services.plan_submit(plan=plan, by=by)
    if step == "return":
        return services.plan_return(plan=plan, by=by, comment=data["comment"])
    if step == "approve":
        return services.plan_approve(plan=plan, by=by, comment=data["comment"])
    if step == "approve_regionally":
        return services.plan_approve_regionally(plan=plan, by=by, comment=data["comment"])
    return services.plan_revision_open(plan=plan, by=by)


def _plan_step(request, pk, step: str):
    """One review step: a rule, one service; a refusal is shown on the plan's page with the
    comment typed kept (400)."""
    plan = _plan_for(request, pk)
    allowed, form_class, done = STEPS[step]
    if not allowed(request.user, plan):
        raise PermissionDenied
    form = form_class(request.POST) if form_class else None
    kept = {"return_form" if form_class is ReturnForm else "decision_form": form} if form else {}
    if form is not None and not form.is_valid():
        return _plan_page(request, plan, status=400, **kept)
    try:
        _step_call(step, plan, request.user, form.cleaned_data if form else {})
    except ValidationError as error:
        _errors_to_messages(request, error)
        plan.refresh_from_db()
        return _plan_page(request, plan, status=400, **kept)
    messages.success(request, str(done))
    return redirect("mediaplans:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_submit(request, pk):
    """Send the working revision to the authorized body (000 §2.2), frozen."""
    return _plan_step(request, pk, "submit")


@login_required
@require_POST
def plan_return(request, pk):
    """Back to the press office with what must be changed (000 §2.2)."""
    return _plan_step(request, pk, "return")


@login_required
@require_POST
def plan_approve(request, pk):
    """Approve; a regional plan's positive central review goes to the akimat (000 §2.4)."""
    return _plan_step(request, pk, "approve")


@login_required
@require_POST
def plan_approve_regionally(request, pk):
    """The region's approver approves a plan the centre reviewed positively (000 §2.4)."""
    return _plan_step(request, pk, "approve_regionally")


@login_required
@require_POST
def plan_revision_open(request, pk):
    """A change after approval: revision N+1 (004 §5), N stays in force meanwhile."""
    return _plan_step(request, pk, "revision_open")


@login_required
@require_POST
def plan_comment(request, pk):
    """A remark in the plan's thread or on one item of it."""
    plan = _plan_for(request, pk)
    if not rules.can_comment_plan(request.user, plan):
        raise PermissionDenied
    form = CommentForm(request.POST, plan=plan)
    if form.is_valid():
        try:
            comment = services.comment_add(
                plan=plan,
                by=request.user,
                text=form.cleaned_data["text"],
                item=form.cleaned_data["item"],
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The comment is added."))
            anchor = f"#item-{comment.item_id}" if comment.item_id else "#comments"
            return redirect(reverse("mediaplans:plan_detail", kwargs={"pk": plan.pk}) + anchor)
    return _plan_page(request, plan, status=400, comment_form=form)


# --- The items, changed on the plan's page: JSON for its script, forms without it ----------


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _editable_plan(request, pk) -> tuple[MediaPlan, bool]:
    """The plan whose items the user may change now, and whether it is an amendment."""
    plan = _plan_for(request, pk)
    may_edit, amendment = _editing(request.user, plan)
    if not may_edit:
        raise PermissionDenied
    return plan, amendment


def _plan_item(plan, item_pk) -> PlanItem:
    return get_object_or_404(plan.items.select_related("plan"), pk=item_pk)


def _row_html(request, plan, item, amendment) -> str:
    plan.refresh_from_db(fields=["version", "state"])
    items = queries.plan_items(plan)
    ids = [entry.pk for entry in items]
    comments = [c for c in queries.plan_comments(plan) if c.item_id == item.pk]
    row = _item_row(
        item,
        plan=plan,
        comments=comments,
        may_edit=True,
        amendment=amendment,
        first=ids[:1] == [item.pk],
        last=ids[-1:] == [item.pk],
    )
    return render_to_string(
        "mediaplans/_item_row.html",
        {
            "row": row,
            "plan": plan,
            "may_edit": True,
            "amendment": amendment,
            "can_comment": rules.can_comment_plan(request.user, plan),
        },
        request=request,
    )


def _item_saved(request, plan, *, amendment, message, item=None, status=200):
    """The answer to a change that went through: to the script, the item's new row, the
    plan's new version and order and what is still missing; else back to the plan."""
    if not _wants_json(request):
        messages.success(request, message)
        anchor = f"#item-{item.pk}" if item is not None else "#items"
        return redirect(reverse("mediaplans:plan_detail", kwargs={"pk": plan.pk}) + anchor)
    row = _row_html(request, plan, item, amendment) if item is not None else None
    items = queries.plan_items(plan)
    return JsonResponse(
        {
            "ok": True,
            "message": str(message),
            "item": {"id": item.pk, "version": item.version} if item is not None else None,
            "row": row,
            "plan_version": plan.version,
            "order": [entry.pk for entry in items],
            "missing": render_to_string(
                "mediaplans/_plan_missing.html",
                {
                    "missing": services.plan_missing(plan, items) if plan.is_editable else [],
                    "editable": plan.is_editable,
                },
                request=request,
            ),
            "add_form": render_to_string(
                "mediaplans/_item_form.html",
                {
                    "form": PlanItemForm(
                        initial={"plan_version": plan.version},
                        amendment=amendment,
                        auto_id="new-item-%s",
                    ),
                    "action": reverse("mediaplans:item_add", kwargs={"pk": plan.pk}),
                    "kind": "add",
                },
                request=request,
            )
            if item is not None and status == 201
            else None,
        },
        status=status,
    )


def _item_refused(request, plan, form, *, action: str, kind: str, item=None, stale=False):
    """The form again with its errors and everything typed (400), or, when someone else
    changed the plan meanwhile, with the stale message and the current version to save
    against (409)."""
    status = 409 if stale else 400
    context = {"form": form, "action": action, "kind": kind, "item": item, "plan": plan}
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": False,
                "message": str(services.STALE_MESSAGE)
                if stale
                else _("The item is not saved: correct what is marked."),
                "errors": form.errors.get_json_data(),
                "form": render_to_string("mediaplans/_item_form.html", context, request=request),
            },
            status=status,
        )
    return render(request, "mediaplans/item_form.html", context, status=status)


def _stale(error: ValidationError) -> bool:
    return getattr(error, "code", None) == "stale" or any(
        getattr(part, "code", None) == "stale" for part in getattr(error, "error_list", [])
    )


def _with_version(form, name: str, value: int, error: ValidationError):
    """What was typed, bound again with the version read now and the refusal above it:
    saving again is then a knowing choice, after comparing."""
    data = form.data.copy()
    data[name] = str(value)
    again = PlanItemForm(data, amendment="comment" in form.fields, auto_id=form.auto_id)
    again.is_valid()
    again.add_error(None, error.messages)
    return again


@login_required
@require_POST
def item_add(request, pk):
    """A new item at the end of the plan, against the plan's version the editor read."""
    plan, amendment = _editable_plan(request, pk)
    form = PlanItemForm(request.POST, amendment=amendment, auto_id="new-item-%s")
    action = reverse("mediaplans:item_add", kwargs={"pk": plan.pk})
    if form.is_valid() and form.cleaned_data["plan_version"] is None:
        form.add_error(None, _("The form is incomplete: reload the plan."))
    if not form.is_valid():
        return _item_refused(request, plan, form, action=action, kind="add")
    try:
        item = services.item_add(
            plan=plan,
            by=request.user,
            data=form.item_data(),
            plan_version=form.cleaned_data["plan_version"],
            amendment=amendment,
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as error:
        stale = _stale(error)
        if stale:
            plan.refresh_from_db(fields=["version"])
            form = _with_version(form, "plan_version", plan.version, error)
        else:
            _form_error(form, error)
        return _item_refused(request, plan, form, action=action, kind="add", stale=stale)
    plan.refresh_from_db(fields=["version"])
    return _item_saved(
        request, plan, amendment=amendment, message=_("The item is added."), item=item, status=201
    )


@login_required
def item_edit(request, pk, item_pk):
    """One item's form on a page of its own (without the script); saving it checks the
    item's version the editor read."""
    plan, amendment = _editable_plan(request, pk)
    item = _plan_item(plan, item_pk)
    action = reverse("mediaplans:item_edit", kwargs={"pk": plan.pk, "item_pk": item.pk})
    auto_id = f"item-{item.pk}-%s"
    if request.method != "POST":
        form = PlanItemForm(
            initial=PlanItemForm.initial_for(item), amendment=amendment, auto_id=auto_id
        )
        context = {"form": form, "action": action, "kind": "edit", "item": item, "plan": plan}
        return render(request, "mediaplans/item_form.html", context)
    form = PlanItemForm(request.POST, amendment=amendment, auto_id=auto_id)
    if form.is_valid() and form.cleaned_data["version"] is None:
        form.add_error(None, _("The form is incomplete: reload the plan."))
    if not form.is_valid():
        return _item_refused(request, plan, form, action=action, kind="edit", item=item)
    try:
        item = services.item_update(
            item=item,
            by=request.user,
            data=form.item_data(),
            version=form.cleaned_data["version"],
            amendment=amendment,
            comment=form.cleaned_data.get("comment", ""),
        )
    except ValidationError as error:
        stale = _stale(error)
        if stale:
            item.refresh_from_db(fields=["version"])
            form = _with_version(form, "version", item.version, error)
        else:
            _form_error(form, error)
        return _item_refused(
            request, plan, form, action=action, kind="edit", item=item, stale=stale
        )
    plan.refresh_from_db(fields=["version"])
    return _item_saved(
        request, plan, amendment=amendment, message=_("The item is saved."), item=item
    )


@login_required
@require_POST
def item_delete(request, pk, item_pk):
    plan, amendment = _editable_plan(request, pk)
    item = _plan_item(plan, item_pk)
    form = ItemDeleteForm(request.POST, amendment=amendment)
    error = None
    if form.is_valid():
        try:
            services.item_delete(
                item=item,
                by=request.user,
                version=form.cleaned_data["version"],
                amendment=amendment,
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as refused:
            error = refused
    else:
        error = ValidationError(_("The form is incomplete: reload the plan."))
    if error is None:
        plan.refresh_from_db(fields=["version"])
        return _item_saved(request, plan, amendment=amendment, message=_("The item is deleted."))
    return _item_step_refused(request, plan, error)


def _item_step_refused(request, plan, error: ValidationError):
    """A refused delete or move: nothing was typed, so the message is all (400, or 409 when
    someone else changed the plan meanwhile)."""
    status = 409 if _stale(error) else 400
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": " ".join(error.messages)}, status=status)
    _errors_to_messages(request, error)
    return redirect(reverse("mediaplans:plan_detail", kwargs={"pk": plan.pk}) + "#items")


@login_required
@require_POST
def item_move(request, pk, item_pk):
    """One place up or down, against the plan's version the editor read."""
    plan, amendment = _editable_plan(request, pk)
    item = _plan_item(plan, item_pk)
    form = ItemMoveForm(request.POST)
    if not form.is_valid():
        return _item_step_refused(
            request, plan, ValidationError(_("The form is incomplete: reload the plan."))
        )
    order = [entry.pk for entry in queries.plan_items(plan)]
    place = order.index(item.pk)
    other = place - 1 if form.cleaned_data["direction"] == ItemMoveForm.UP else place + 1
    if 0 <= other < len(order):
        order[place], order[other] = order[other], order[place]
    try:
        services.items_reorder(
            plan=plan,
            by=request.user,
            order=order,
            plan_version=form.cleaned_data["plan_version"],
            amendment=amendment,
        )
    except ValidationError as error:
        return _item_step_refused(request, plan, error)
    plan.refresh_from_db(fields=["version"])
    item.refresh_from_db()
    return _item_saved(
        request, plan, amendment=amendment, message=_("The item is moved."), item=item
    )


# --- The difference between two submissions (issue 9 item 4) -------------------------------


@dataclass
class ShownChange:
    label: str
    language: str  # "" when in the page's language or not translated
    old: str
    new: str


def _shown_value(name: str, value) -> str:
    if name in ("formats", "channels"):
        labels = dict(ItemFormat.choices if name == "formats" else ItemChannel.choices)
        return ", ".join(str(labels.get(v, v)) for v in value or []) or "—"
    if name == "is_preventive":
        return _("yes") if value else _("no")
    if name == "month":
        return str(MONTHS[value]) if value else "—"
    if name == "quarter":
        return (_("Q%(quarter)s") % {"quarter": value}) if value else "—"
    return value or "—"


def _shown_changes(difference, language: str) -> list[ShownChange]:
    """The field changes, those in the page's language (and untranslated ones) first, then
    the other languages', each labelled with its language."""
    names = _language_names()
    ordered = sorted(difference.changes, key=lambda c: c.language not in ("", language))
    return [
        ShownChange(
            label=capfirst(PlanItem._meta.get_field(change.field).verbose_name),
            language="" if change.language in ("", language) else names[change.language],
            old=_shown_value(change.field, change.old),
            new=_shown_value(change.field, change.new),
        )
        for change in ordered
    ]


def _language_names() -> dict[str, str]:
    return {code: get_language_info(code)["name_translated"] for code in revisions.LANGUAGES}


@login_required
def plan_revisions(request, pk):
    """What changed between two submissions (?from=1.1&to=2.1): item by item (added,
    removed, changed, moved) and field by field, in the page's language with the other
    languages' changes labelled. Without a choice, the last two are compared."""
    plan = _plan_for(request, pk)
    revision_list = queries.plan_revisions(plan)
    labels = [revision.label for revision in revision_list]
    data = request.GET if ("from" in request.GET or "to" in request.GET) else None
    if data is None and len(labels) >= 2:
        data = {"from": labels[-2], "to": labels[-1]}
    form = RevisionCompareForm(data, labels=labels)
    context = {"plan": plan, "form": form, "revisions": revision_list, "differences": None}
    if data is None:
        return render(request, "mediaplans/plan_revisions.html", context)
    if not form.is_valid():
        return render(request, "mediaplans/plan_revisions.html", context, status=400)
    old = queries.revision_by_label(plan, form.cleaned_data["from"])
    new = queries.revision_by_label(plan, form.cleaned_data["to"])
    language = get_language()
    context.update(
        old=old,
        new=new,
        differences=[
            {
                "kind": difference.kind,
                "moved": difference.moved,
                "topic": difference.topic(language),
                "position": (difference.new or difference.old)["position"],
                "changes": _shown_changes(difference, language),
            }
            for difference in revisions.snapshot_difference(old.snapshot, new.snapshot)
        ],
    )
    return render(request, "mediaplans/plan_revisions.html", context)


# --- Thematic proposals (004 §5) ------------------------------------------------------------


@login_required
def thematic_proposals(request):
    """The agency sends its proposals for the coming 1 January or 1 July (004 §5); sending
    again before that day replaces the text. The authorized body sees every agency's."""
    _works_with_plans(request.user)
    agencies = agencies_changeable_by(request.user)
    due_on = queries.next_thematic_due()
    form = ThematicProposalForm(request.POST or None, agencies=agencies)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            agency = form.cleaned_data["agency"]
            if not rules.can_propose_themes(request.user, agency):
                raise PermissionDenied
            try:
                services.thematic_proposal_submit(
                    agency=agency, due_on=due_on, texts=form.texts(), by=request.user
                )
            except ValidationError as error:
                _form_error(form, error)
            else:
                messages.success(request, _("The proposals are sent."))
                return redirect("mediaplans:thematic_proposals")
    page = Paginator(queries.proposals_for_user(request.user), PLANS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "mediaplans/thematic_proposals.html",
        {"form": form, "page": page, "due_on": due_on},
        status=status,
    )


# --- Attachments of the plan and its items (000 §2.1; issue 9 item 1) ----------------------


def _attachments_changeable(request, pk) -> MediaPlan:
    plan = _plan_for(request, pk)
    if not rules.can_change_attachments(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
@require_POST
def attachment_add(request, pk):
    """Attach a document on the plan's page; a refused file is a 400 with the page and its
    message, nothing stored, the titles typed kept."""
    plan = _attachments_changeable(request, pk)
    form = AttachmentForm(request.POST, request.FILES, plan=plan)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.attachment_add(
                plan=plan,
                item=data["item"],
                title=data["title"],
                file=data["file"],
                by=request.user,
            )
        except ValidationError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The document is attached to the media-plan."))
            return redirect(
                reverse("mediaplans:plan_detail", kwargs={"pk": plan.pk}) + "#attachments"
            )
    return _plan_page(request, plan, status=400, attachment_form=form)


@login_required
@require_POST
def attachment_remove(request, pk, attachment_pk):
    plan = _attachments_changeable(request, pk)
    attachment = get_object_or_404(PlanAttachment, pk=attachment_pk, plan=plan)
    try:
        services.attachment_remove(attachment=attachment, by=request.user)
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The document is removed from the media-plan."))
    return redirect(reverse("mediaplans:plan_detail", kwargs={"pk": plan.pk}) + "#attachments")


@login_required
def attachment_download(request, pk, attachment_pk):
    """The file, for whoever may see its plan (else 404), always as a download of its own
    type, never shown inside the portal's pages, never kept by a shared cache."""
    plan = _plan_for(request, pk)
    attachment = get_object_or_404(
        PlanAttachment.objects.select_related("plan__agency"), pk=attachment_pk, plan=plan
    )
    if not rules.can_view_attachment(request.user, attachment):
        raise Http404
    try:
        file = attachment.file.storage.open(attachment.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        file,
        as_attachment=True,
        filename=download_name(attachment.title, attachment.file.name),
        content_type=content_type_of(attachment.file.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=60"
    return response


# --- The consolidated republican media-plan (000 §2.3): the authorized body's --------------

CONSOLIDATED_PER_PAGE = 50


def _consolidation_allowed(request, year: int) -> None:
    if not rules.can_consolidate(request.user):
        raise PermissionDenied
    if not 2000 <= year <= 2100:
        raise Http404


@login_required
def consolidated_list(request, year):
    """The year's frozen editions with their dispatches, and the button that freezes a new
    one from the plans approved now (or the request being frozen). Three queries."""
    _consolidation_allowed(request, year)
    editions = (
        ConsolidatedPlan.objects.filter(year=year)
        .defer("snapshot")
        .select_related("frozen_by")
        .prefetch_related("dispatches")
    )
    return render(
        request,
        "mediaplans/consolidated_list.html",
        {
            "year": year,
            "editions": editions,
            "approved": len(services.in_force_revisions(year)),
            "pending": ConsolidatedFreeze.objects.filter(
                year=year, status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]
            ).first(),
        },
    )


@login_required
@require_POST
def consolidated_freeze(request, year):
    """Ask for a new edition: frozen in Celery, never here; its progress is on the next page."""
    _consolidation_allowed(request, year)
    try:
        freeze = services.consolidated_freeze_request(
            year=year, by=request.user, language=get_language()
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("mediaplans:consolidated_list", year=year)
    return redirect("mediaplans:consolidated_freeze_status", year=year, pk=freeze.pk)


@login_required
def consolidated_freeze_status(request, year, pk):
    """A request to freeze an edition: its progress (the page reloads itself), then the new
    edition's page, or why it could not be frozen."""
    _consolidation_allowed(request, year)
    freeze = get_object_or_404(
        ConsolidatedFreeze.objects.select_related("consolidated"), pk=pk, year=year
    )
    if freeze.status == DocumentStatus.DONE and freeze.consolidated is not None:
        messages.success(
            request,
            _("Edition %(edition)s of the republican media-plan is frozen.")
            % {"edition": freeze.consolidated.edition},
        )
        return redirect(
            "mediaplans:consolidated_detail", year=year, edition=freeze.consolidated.edition
        )
    response = render(
        request, "mediaplans/consolidated_freeze.html", {"year": year, "freeze": freeze}
    )
    if freeze.is_pending:
        response["Refresh"] = str(PROGRESS_REFRESH_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def _edition(request, year: int, edition: int) -> ConsolidatedPlan:
    _consolidation_allowed(request, year)
    return get_object_or_404(
        ConsolidatedPlan.objects.defer("snapshot").select_related("frozen_by"),
        year=year,
        edition=edition,
    )


def _consolidated_form(request, agencies):
    return ConsolidatedFilterForm(request.GET or None, agencies=agencies)


@login_required
def consolidated_detail(request, year, edition):
    """One edition from its frozen items, narrowed by agency, region, topic and month, a
    page at a time in the database; its PDF and XLSX; who it was sent to. Five queries,
    whatever its size (bench.mediaplans)."""
    consolidated = _edition(request, year, edition)
    language = get_language()
    agencies = queries.consolidated_agencies(consolidated, language)
    form = _consolidated_form(request, agencies)
    status = 400 if form.is_bound and not form.is_valid() else 200
    wanted = form.wanted()
    entries = (
        queries.consolidated_entries(consolidated, wanted, language)
        if status == 200
        else consolidated.items.none()
    )
    page = Paginator(entries, CONSOLIDATED_PER_PAGE).get_page(request.GET.get("page"))
    sent = {d.recipient: d for d in consolidated.dispatches.select_related("sent_by")}
    query = wanted.as_filters() if status == 200 else {}
    suffix = ("?" + urlencode(query)) if query else ""
    kwargs = {"year": year, "edition": edition}
    return render(
        request,
        "mediaplans/consolidated_detail.html",
        {
            "consolidated": consolidated,
            "form": form,
            "page": page,
            "rows": reports.consolidated_rows(
                page.object_list, language, first_number=page.start_index()
            ),
            "total": page.paginator.count,
            "plans": len(agencies),
            "filtered": bool(query),
            "reset_url": reverse("mediaplans:consolidated_detail", kwargs=kwargs),
            "pdf_url": reverse("mediaplans:consolidated_pdf", kwargs=kwargs) + suffix,
            "xlsx_url": reverse("mediaplans:consolidated_xlsx", kwargs=kwargs) + suffix,
            "recipients": [
                (value, label, sent.get(value), DispatchForm(initial={"recipient": value}))
                for value, label in Recipient.choices
            ],
        },
        status=status,
    )


def _consolidated_document(request, year, edition, kind: str, title: str):
    consolidated = _edition(request, year, edition)
    form = _consolidated_form(request, queries.consolidated_agencies(consolidated, get_language()))
    if form.is_bound and not form.is_valid():
        return render(
            request,
            "mediaplans/consolidated_bad_request.html",
            {"message": " ".join(m for errors in form.errors.values() for m in errors)},
            status=400,
        )
    return document_response(
        request,
        kind=kind,
        filters=exports.consolidated_filters(consolidated, form.wanted()),
        context={
            "title": title % {"year": year, "edition": edition},
            "back_url": reverse(
                "mediaplans:consolidated_detail", kwargs={"year": year, "edition": edition}
            ),
        },
    )


@login_required
def consolidated_pdf(request, year, edition):
    """The edition as a PDF in the page's language, built in Celery (portal.documents)."""
    return _consolidated_document(
        request,
        year,
        edition,
        exports.CONSOLIDATED,
        _("Republican media-plan %(year)s, edition %(edition)s (PDF)"),
    )


@login_required
def consolidated_xlsx(request, year, edition):
    return _consolidated_document(
        request,
        year,
        edition,
        exports.CONSOLIDATED_XLSX,
        _("Republican media-plan %(year)s, edition %(edition)s (XLSX)"),
    )


@login_required
@require_POST
def consolidated_dispatch(request, year, edition):
    """Record that the edition went to one recipient of 000 §2.3 (who, when, reference)."""
    consolidated = _edition(request, year, edition)
    form = DispatchForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "mediaplans/consolidated_bad_request.html",
            {"message": " ".join(m for errors in form.errors.values() for m in errors)},
            status=400,
        )
    try:
        services.consolidated_dispatch_record(
            consolidated=consolidated,
            recipient=form.cleaned_data["recipient"],
            reference=form.cleaned_data["reference"],
            by=request.user,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The dispatch is recorded."))
    return redirect("mediaplans:consolidated_detail", year=year, edition=edition)


# --- Monthly reports (004 §8) --------------------------------------------------------------


def _reported_plan(request, pk) -> MediaPlan:
    plan = get_object_or_404(MediaPlan.objects.select_related("agency"), pk=pk)
    if not rules.can_view_plan(request.user, plan):
        raise Http404
    return plan


@login_required
def report_list(request, pk):
    """The plan's monthly reports: which month is sent, when, late or not. Two queries."""
    plan = _reported_plan(request, pk)
    by_month = {report.month: report for report in plan.reports.select_related("submitted_by")}
    return render(
        request,
        "mediaplans/report_list.html",
        {
            "plan": plan,
            "months": [(month, MONTHS[month], by_month.get(month)) for month in range(1, 13)],
        },
    )


def _report_events(plan: MediaPlan, month: int):
    """The agency's events of the month in the grid (not cancelled), earliest first."""
    event_model = ReportEntry._meta.get_field("events").related_model
    start = timezone.make_aware(dt.datetime(plan.year, month, 1))
    end = timezone.make_aware(dt.datetime(plan.year + month // 12, month % 12 + 1, 1))
    return list(
        event_model.objects.filter(
            agency_id=plan.agency_id, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(state="cancelled")
        .order_by("starts_at", "pk")
    )


def _report_forms(request, plan: MediaPlan, month: int):
    """One form per item of the revision in force that is due in the month (or its
    quarter) or reported on already, with the month's events offered and, for an item not
    yet reported on, those whose title shares a word with its topic selected. Five queries."""
    revision = (
        plan.revisions.filter(outcome=PlanState.APPROVED).order_by("-number", "-attempt").first()
    )
    if revision is None:
        return None, None, []  # nothing approved: nothing to report on
    period = reports.SummaryPeriod(plan.year, reports.quarter_of(month))
    report = (
        MonthlyReport.objects.filter(plan=plan, month=month)
        .prefetch_related("entries__events")
        .first()
    )
    entries = {entry.item_id: entry for entry in report.entries.all()} if report else {}
    wanted = [
        item["id"]
        for item in revision.snapshot["items"]
        if item["id"] in entries
        or item.get("month") == month
        or (not item.get("month") and period.includes(item))
    ]
    items = PlanItem.objects.in_bulk(wanted)
    events = _report_events(plan, month)
    choices = [
        (event.pk, f"{timezone.localtime(event.starts_at):%d.%m %H:%M} · {event.title}")
        for event in events
    ]
    forms = []
    for pk in wanted:
        item = items.get(pk)
        if item is None:  # deleted from the draft since; its report entries went with it
            continue
        entry = entries.get(pk)
        if entry is not None:
            initial = {
                "status": entry.status,
                **{f"text_{code}": getattr(entry, f"text_{code}") for code in ("kk", "ru", "en")},
                "links": entry.links,
                "events": [event.pk for event in entry.events.all()],
            }
        else:
            initial = {"events": reports.suggested_events(item, events)}
        forms.append(
            (
                item,
                ReportEntryForm(
                    request.POST if request.method == "POST" else None,
                    prefix=f"item-{pk}",
                    initial=initial,
                    events=choices,
                ),
            )
        )
    return report, {event.pk: event for event in events}, forms


@login_required
def report_detail(request, pk, month):
    """The month's report (004 §8): per item, its status, what was done, links and the
    grid's events (plan versus fact); saved at any time, then submitted by the 25th."""
    plan = _reported_plan(request, pk)
    if not 1 <= month <= 12:
        raise Http404
    may_report = rules.can_report(request.user, plan)
    if request.method == "POST" and not may_report:
        raise PermissionDenied
    report, events, forms = _report_forms(request, plan, month)
    status = 200
    if request.method == "POST":
        if events is None:
            messages.error(request, _("Only an approved media-plan is reported on."))
            status = 400
        elif forms and all(form.is_valid() for _item, form in forms):
            try:
                services.report_save(
                    plan=plan,
                    month=month,
                    by=request.user,
                    entries=[
                        {
                            "item": item,
                            **{
                                name: value
                                for name, value in form.cleaned_data.items()
                                if name != "events"
                            },
                            "events": [events[pk] for pk in form.cleaned_data["events"]],
                        }
                        for item, form in forms
                    ],
                )
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
                status = 400
            else:
                messages.success(request, _("The report is saved."))
                return redirect("mediaplans:report_detail", pk=pk, month=month)
        else:
            status = 400
    return render(
        request,
        "mediaplans/report_detail.html",
        {
            "plan": plan,
            "month": month,
            "month_name": MONTHS[month],
            "report": report,
            "forms": forms,
            "in_force": events is not None,
            "may_report": may_report,
            "due_on": dt.date(plan.year, month, services.REPORT_DAY),
        },
        status=status,
    )


@login_required
@require_POST
def report_submit(request, pk, month):
    """Send the month's saved report: it meets the month's 25th, or is late."""
    plan = _reported_plan(request, pk)
    if not rules.can_report(request.user, plan):
        raise PermissionDenied
    report = MonthlyReport.objects.filter(plan=plan, month=month).first()
    if report is None:
        messages.error(request, _("Save the report first."))
    else:
        try:
            report = services.report_submit(report=report, by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if report.is_late:
                messages.warning(request, _("The report is sent, after its deadline."))
            else:
                messages.success(request, _("The report is sent on time."))
    return redirect("mediaplans:report_detail", pk=pk, month=month)


# --- Quarterly and annual summaries (000 §8.2–8.3) -----------------------------------------


def _summary_period(request, year: int, quarter: int | None):
    agency_ids = rules.summary_agency_ids(request.user)
    if agency_ids is not None and not agency_ids:
        raise PermissionDenied
    if not 2000 <= year <= 2100 or (quarter is not None and not 1 <= quarter <= 4):
        raise Http404
    return reports.SummaryPeriod(year, quarter), agency_ids


def _summary_page(request, year, quarter=None):
    period, agency_ids = _summary_period(request, year, quarter)
    summary = exports.summary_build(period=period, agency_ids=agency_ids, language=get_language())
    kwargs = {"year": year, **({"quarter": quarter} if quarter else {})}
    name = "summary_quarter" if quarter else "summary_year"
    return render(
        request,
        "mediaplans/report_summary.html",
        {
            "summary": summary,
            "statuses": reports.status_columns(),
            "pdf_url": reverse(f"mediaplans:{name}_pdf", kwargs=kwargs),
        },
    )


def _summary_document(request, year, quarter=None):
    period, agency_ids = _summary_period(request, year, quarter)
    summary = exports.summary_build(period=period, agency_ids=agency_ids, language=get_language())
    kwargs = {"year": year, **({"quarter": quarter} if quarter else {})}
    name = "summary_quarter" if quarter else "summary_year"
    return document_response(
        request,
        kind=exports.SUMMARY,
        filters=exports.summary_filters(summary, agency_ids),
        context={
            "title": _("Summary %(period)s (PDF)") % {"period": period.label},
            "back_url": reverse(f"mediaplans:{name}", kwargs=kwargs),
        },
    )


@login_required
def summary_quarter(request, year, quarter):
    """The quarter's summary for the Interdepartmental commission (000 §8.2)."""
    return _summary_page(request, year, quarter)


@login_required
def summary_year(request, year):
    """The year's summary for the Presidential Administration (000 §8.3)."""
    return _summary_page(request, year)


@login_required
def summary_quarter_pdf(request, year, quarter):
    return _summary_document(request, year, quarter)


@login_required
def summary_year_pdf(request, year):
    return _summary_document(request, year)


# --- Import of items from the XLSX template (issue 9 item 2) -------------------------------


def _importable_plan(request, pk) -> MediaPlan:
    plan = _reported_plan(request, pk)
    if not rules.can_import_items(request.user, plan):
        raise PermissionDenied
    return plan


@login_required
def plan_import(request, pk):
    """The template's download and the upload of a filled-in one: only its size and type are
    checked here; its dry run is queued in Celery and shown by `plan_import_status`."""
    plan = _importable_plan(request, pk)
    form = ItemsImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if form.is_bound:
        if form.is_valid():
            token = uuid.uuid4().hex
            default_storage.save(exports.upload_name(token), form.cleaned_data["file"])
            document_request(
                kind=exports.IMPORT_CHECK,
                language=get_language(),
                filters={"plan": str(plan.pk), "token": token},
            )
            return redirect("mediaplans:plan_import_status", pk=pk, token=token)
    return render(
        request,
        "mediaplans/import.html",
        {"plan": plan, "form": form},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
def plan_import_template(request, pk):
    """The empty template in the page's language, built once in Celery."""
    plan = _importable_plan(request, pk)
    return document_response(
        request,
        kind=exports.IMPORT_TEMPLATE,
        filters={},
        context={
            "title": _("Template of media-plan items (XLSX)"),
            "back_url": reverse("mediaplans:plan_import", kwargs={"pk": plan.pk}),
        },
    )


def _import_documents(plan: MediaPlan, token: str):
    """The upload's dry run and its application (when confirmed), else None."""
    found = {
        document.kind: document
        for document in StoredDocument.objects.filter(
            kind__in=(exports.IMPORT_CHECK, exports.IMPORT),
            filters__plan=str(plan.pk),
            filters__token=token,
        ).order_by("pk")
    }
    return found.get(exports.IMPORT_CHECK), found.get(exports.IMPORT)


@login_required
def plan_import_status(request, pk, token):
    """One upload: the dry run's progress (the page reloads itself), then what it would add
    with the button that imports it, or every problem by row and column; once confirmed,
    the import's progress, then the plan with what it did."""
    plan = _importable_plan(request, pk)
    check, job = _import_documents(plan, token)
    if check is None:
        raise Http404
    if job is not None and job.is_done:
        result = exports.import_result(job) or {"errors": [_("The import's result is gone.")]}
        if result.get("errors"):
            messages.error(request, _("Nothing was imported:"))
            for message in result["errors"]:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Imported: %(added)s items added, %(same)s already in the plan.")
                % result["counts"],
            )
        return redirect("mediaplans:plan_detail", pk=pk)
    running = job if job is not None else check
    if document_needs_build(running):
        running = document_request(
            kind=running.kind, language=running.language, filters=running.filters
        )
    context = {"plan": plan, "running": None, "applying": job is not None}
    if not running.is_done:
        context["running"] = running
    else:
        result = exports.import_result(check) or {
            "errors": [_("The uploaded file is gone: upload it again.")]
        }
        context.update(
            errors=result.get("errors", []),
            counts=result.get("counts"),
            rows=result.get("rows", []),
            confirm_form=ItemsImportConfirmForm(initial={"token": token}),
            form=ItemsImportForm(),
        )
    response = render(request, "mediaplans/import_status.html", context)
    if context["running"] is not None and running.status in (
        DocumentStatus.QUEUED,
        DocumentStatus.RUNNING,
    ):
        response["Refresh"] = str(PROGRESS_REFRESH_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


@login_required
@require_POST
def plan_import_confirm(request, pk):
    """Apply a dry run that passed, in Celery: one application per upload and user, however
    often it is posted (and the import itself adds nothing twice)."""
    plan = _importable_plan(request, pk)
    form = ItemsImportConfirmForm(request.POST)
    check = _import_documents(plan, form.cleaned_data["token"])[0] if form.is_valid() else None
    result = exports.import_result(check) if check is not None and check.is_done else None
    if not result or "counts" not in result:
        return render(
            request,
            "mediaplans/import_bad_request.html",
            {"plan": plan, "message": _("Only a file whose check has passed can be imported.")},
            status=400,
        )
    document_request(
        kind=exports.IMPORT,
        language=check.language,
        filters={**check.filters, "by": str(request.user.pk)},
    )
    return redirect("mediaplans:plan_import_status", pk=pk, token=check.filters["token"])
