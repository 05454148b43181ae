"""Every write of the media-plans: pages, admin, API and tasks call these.

Each state change is one function (000 §2.2–2.4; 004 §5–8) that locks the plan, checks the
state it starts from, writes the change with who, when and why (`PlanChange`), and meets its
deadline in the deadlines engine. Who may call it is decided by `rules`, before.
"""

import datetime as dt
import logging
from collections.abc import Mapping

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import attachments
from portal.deadlines.choices import DeadlineState
from portal.deadlines.models import Deadline
from portal.deadlines.services import deadline_complete, deadline_complete_for
from portal.directory.choices import AgencyKind, AgencyStatus, Role
from portal.directory.models import Agency
from portal.directory.queries import active_members
from portal.directory.search import sort_key
from portal.documents.choices import DocumentStatus
from portal.documents.models import StoredDocument
from portal.documents.services import STALE_CLAIM
from portal.notifications.services import notifications_each, notifications_save

from . import revisions
from .choices import (
    EDITABLE_STATES,
    UNDER_REVIEW_STATES,
    ItemChannel,
    ItemFormat,
    ItemStatus,
    PlanAction,
    PlanState,
)
from .models import (
    ConsolidatedDispatch,
    ConsolidatedFreeze,
    ConsolidatedItem,
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
from .rules import needs_regional_approval

SUBMISSION_RULE = "mediaplan-submission"  # 1 December (000 §2.2)
THEMATIC_RULE = "thematic-proposals"  # 1 January and 1 July (004 §5)
APPROVAL_RULE = "mediaplan-approval"  # the 20th of January and July (004 §6)
QUARTERLY_RULE = "mediaplan-quarterly-update"  # once a quarter (004 §5)
REPORT_RULE = "monthly-report"  # the 25th of the reporting month (004 §8)
REPORT_DAY = 25
# The languages every item's topic and strategic direction must have before submission: the
# state language and Russian (Law on languages art. 8); English is welcome, not required.
REQUIRED_LANGUAGES = ("kk", "ru")

logger = logging.getLogger(__name__)
ITEM_FIELDS = (
    *(
        f"{name}_{language}"
        for name in revisions.TRANSLATED_FIELDS
        for language in revisions.LANGUAGES
    ),
    "is_preventive",
    "formats",
    "channels",
    "month",
    "quarter",
)
YEARS_AHEAD = 2

STALE_MESSAGE = gettext_lazy(
    "Someone else changed this media-plan since you opened it. Nothing was saved; what you "
    "typed is kept: reload the plan in another tab, compare, and save again."
)


def _locked(plan: MediaPlan) -> MediaPlan:
    return MediaPlan.objects.select_for_update().select_related("agency").get(pk=plan.pk)


def _record(plan, action, *, by, at=None, comment="") -> PlanChange:
    return PlanChange.objects.create(
        plan=plan,
        action=action,
        actor=by,
        at=at or timezone.now(),
        revision=plan.revision,
        comment=comment,
    )


def _bump(plan: MediaPlan) -> None:
    MediaPlan.objects.filter(pk=plan.pk).update(version=F("version") + 1, updated_at=timezone.now())
    plan.refresh_from_db(fields=["version", "updated_at"])


def _check_version(current: int, expected) -> None:
    if expected is not None and int(expected) != current:
        raise ValidationError(STALE_MESSAGE, code="stale")


# --- The plan and its items (000 §2.1; 004 §7) ------------------------------------------------


@transaction.atomic
def plan_create(*, agency: Agency, year: int, by) -> MediaPlan:
    """The agency's plan for a year: one per year; next year's may be started now."""
    this_year = timezone.localdate().year
    if not this_year - 1 <= year <= this_year + YEARS_AHEAD:
        raise ValidationError(
            {
                "year": _("A media-plan can be made for %(first)s to %(last)s.")
                % {"first": this_year - 1, "last": this_year + YEARS_AHEAD}
            }
        )
    if agency.status != AgencyStatus.ACTIVE:
        raise ValidationError(_("Only an active agency makes a media-plan."))
    if MediaPlan.objects.filter(agency=agency, year=year).exists():
        raise ValidationError({"year": _("The agency already has a media-plan for this year.")})
    plan = MediaPlan(agency=agency, year=year)
    plan.full_clean()
    plan.save()
    _record(plan, PlanAction.CREATED, by=by)
    return plan


def _check_item_data(data: dict) -> dict:
    unknown = set(data) - set(ITEM_FIELDS) - {"position"}
    if unknown:
        raise ValidationError(
            _("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    errors = {}
    for name, choices in (("formats", ItemFormat), ("channels", ItemChannel)):
        values = data.get(name)
        if values is not None and (
            not isinstance(values, list) or not set(values) <= set(choices.values)
        ):
            errors[name] = _("Choose from the list.")
    if errors:
        raise ValidationError(errors)
    return data


def _check_changeable(plan: MediaPlan, *, amendment: bool) -> None:
    """The press office changes a draft or a returned plan; the authorized body amends one
    under review (000 §2.2)."""
    allowed = UNDER_REVIEW_STATES if amendment else EDITABLE_STATES
    if plan.state not in allowed:
        raise ValidationError(
            _("The media-plan is %(state)s: its items cannot be changed now.")
            % {"state": plan.get_state_display()}
        )


def _save_item(item: PlanItem) -> None:
    item.full_clean()
    item.save()


def _amended(plan, *, by, amendment: bool, comment: str) -> None:
    if amendment:
        _record(plan, PlanAction.AMENDED, by=by, comment=comment)


@transaction.atomic
def item_add(
    *, plan: MediaPlan, by, data: dict, plan_version=None, amendment=False, comment=""
) -> PlanItem:
    plan = _locked(plan)
    _check_changeable(plan, amendment=amendment)
    _check_version(plan.version, plan_version)
    data = _check_item_data(dict(data))
    last = plan.items.aggregate(last=Max("position"))["last"]
    data.setdefault("position", (last or 0) + 1)
    item = PlanItem(plan=plan, **data)
    _save_item(item)
    _bump(plan)
    _amended(plan, by=by, amendment=amendment, comment=comment)
    return item


@transaction.atomic
def item_update(
    *, item: PlanItem, by, data: dict, version, amendment=False, comment=""
) -> PlanItem:
    """Change an item; `version` is the item's edit version the editor read, so a change made
    meanwhile by someone else is never overwritten silently."""
    plan = _locked(item.plan)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    _check_changeable(plan, amendment=amendment)
    _check_version(item.version, version)
    for name, value in _check_item_data(dict(data)).items():
        setattr(item, name, value)
    item.version += 1
    _save_item(item)
    _bump(plan)
    _amended(plan, by=by, amendment=amendment, comment=comment)
    return item


@transaction.atomic
def item_delete(*, item: PlanItem, by, version, amendment=False, comment="") -> None:
    plan = _locked(item.plan)
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    _check_changeable(plan, amendment=amendment)
    _check_version(item.version, version)
    if item.report_entries.exists():
        raise ValidationError(
            _(
                "This item has been reported on; it cannot be deleted. Mark it cancelled in the "
                "monthly report instead."
            )
        )
    item.delete()
    _bump(plan)
    _amended(plan, by=by, amendment=amendment, comment=comment)


@transaction.atomic
def items_reorder(*, plan: MediaPlan, by, order: list[int], plan_version, amendment=False) -> None:
    """Put the items in `order` (every item's id once)."""
    plan = _locked(plan)
    _check_changeable(plan, amendment=amendment)
    _check_version(plan.version, plan_version)
    items = {item.pk: item for item in plan.items.select_for_update()}
    if sorted(order) != sorted(items):
        raise ValidationError(_("The new order must list every item of the plan once."))
    for position, pk in enumerate(order, start=1):
        items[pk].position = position
    PlanItem.objects.bulk_update(items.values(), ["position"])
    _bump(plan)
    _amended(plan, by=by, amendment=amendment, comment="")


def plan_missing(plan: MediaPlan, items=None) -> list[str]:
    """What must still be filled in before the plan can be submitted, in the reader's words."""
    items = list(plan.items.all()) if items is None else items
    if not items:
        return [_("The plan has no items yet.")]
    missing = []
    for number, item in enumerate(items, start=1):
        for name in ("topic", "strategic_direction"):
            for language in REQUIRED_LANGUAGES:
                if not (getattr(item, f"{name}_{language}") or "").strip():
                    missing.append(
                        _("Item %(number)s: %(field)s in %(language)s.")
                        % {
                            "number": number,
                            "field": PlanItem._meta.get_field(name).verbose_name,
                            "language": translation.get_language_info(language)["name_translated"],
                        }
                    )
        if item.month is None and item.quarter is None:
            missing.append(_("Item %(number)s: a month or a quarter.") % {"number": number})
        if not item.formats:
            missing.append(_("Item %(number)s: at least one format.") % {"number": number})
    return missing


# --- Review (000 §2.2–2.4; 004 §5–6) ---------------------------------------------------------


def _quarter_end(day: dt.date) -> dt.date:
    month = ((day.month - 1) // 3 + 1) * 3
    following = dt.date(day.year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _meet_submission_deadline(plan: MediaPlan, *, by, at) -> bool:
    """Revision 1 meets the 1 December deadline of the year before (000 §2.2); a later
    revision is the quarter's update (004 §5). Returns whether it came late."""
    if plan.revision == 1:
        rule, key = SUBMISSION_RULE, dt.date(plan.year - 1, 12, 1).isoformat()
    else:
        rule, key = QUARTERLY_RULE, _quarter_end(timezone.localdate(at)).isoformat()
    return _meet_deadline(rule=rule, agency=plan.agency, period_key=key, by=by, at=at)


def _meet_deadline(*, rule: str, agency, period_key: str, by, at) -> bool:
    """Complete the period's deadline of `rule`; whether it stands as done late (also when
    it was completed before)."""
    deadline_complete_for(rule_code=rule, agency=agency, period_key=period_key, by=by, at=at)
    return Deadline.objects.filter(
        rule__code=rule, agency=agency, period_key=period_key, state=DeadlineState.DONE_LATE
    ).exists()


@transaction.atomic
def plan_submit(*, plan: MediaPlan, by, at: dt.datetime | None = None) -> PlanRevision:
    """Send the working revision to the authorized body, frozen as a snapshot."""
    at = at or timezone.now()
    plan = _locked(plan)
    if plan.state not in EDITABLE_STATES:
        raise ValidationError(
            _("The media-plan is %(state)s: it cannot be submitted now.")
            % {"state": plan.get_state_display()}
        )
    items = list(plan.items.order_by("position", "pk"))
    missing = plan_missing(plan, items)
    if missing:
        raise ValidationError(missing)
    resubmission = plan.state == PlanState.RETURNED
    attempt = plan.revisions.filter(number=plan.revision).count() + 1
    revision = PlanRevision.objects.create(
        plan=plan,
        number=plan.revision,
        attempt=attempt,
        submitted_at=at,
        submitted_by=by,
        snapshot=revisions.plan_snapshot(items),
        is_late=_meet_submission_deadline(plan, by=by, at=at) if attempt == 1 else False,
    )
    plan.state = PlanState.SUBMITTED
    plan.save(update_fields=["state", "updated_at"])
    _record(plan, PlanAction.RESUBMITTED if resubmission else PlanAction.SUBMITTED, by=by, at=at)
    _tell(plan, people=_authorized_staff(), template="media_plan_submitted", key=revision.pk)
    return revision


def _decide(plan: MediaPlan, outcome: PlanState, *, by, at) -> PlanRevision:
    """Write the review's outcome on the submission under review; an amended plan is first
    frozen again, so the snapshot that is approved is what the authorized body amended."""
    revision = plan.revisions.filter(number=plan.revision).order_by("-attempt").first()
    if PlanChange.objects.filter(
        plan=plan, revision=plan.revision, action=PlanAction.AMENDED, at__gt=revision.submitted_at
    ).exists():
        revision = PlanRevision.objects.create(
            plan=plan,
            number=plan.revision,
            attempt=revision.attempt + 1,
            submitted_at=at,
            submitted_by=by,
            snapshot=revisions.plan_snapshot(plan.items.order_by("position", "pk")),
        )
    revision.outcome, revision.decided_at, revision.decided_by = outcome, at, by
    revision.save(update_fields=["outcome", "decided_at", "decided_by"])
    return revision


def _check_state(plan: MediaPlan, *states) -> None:
    if plan.state not in states:
        raise ValidationError(
            _("The media-plan is %(state)s: this step is not possible now.")
            % {"state": plan.get_state_display()}
        )


@transaction.atomic
def plan_return(*, plan: MediaPlan, by, comment: str, at: dt.datetime | None = None) -> MediaPlan:
    """Back to the press office with the reasons (000 §2.2): a comment is required."""
    at = at or timezone.now()
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what must be changed: a comment is required.")})
    plan = _locked(plan)
    _check_state(plan, *UNDER_REVIEW_STATES)
    _decide(plan, PlanState.RETURNED, by=by, at=at)
    PlanComment.objects.create(plan=plan, revision=plan.revision, author=by, text=comment, at=at)
    plan.state = PlanState.RETURNED
    plan.save(update_fields=["state", "updated_at"])
    _record(plan, PlanAction.RETURNED, by=by, at=at, comment=comment)
    _tell(
        plan,
        people=_press_office(plan),
        template="media_plan_returned",
        key=plan.version,
        comment=comment,
    )
    return plan


@transaction.atomic
def plan_approve(*, plan: MediaPlan, by, comment: str = "", at=None) -> MediaPlan:
    """The authorized body approves; a regional plan's positive central review sends it to
    the region's approver instead (000 §2.4)."""
    at = at or timezone.now()
    plan = _locked(plan)
    _check_state(plan, PlanState.SUBMITTED)
    regional = needs_regional_approval(plan)
    outcome = PlanState.REVIEWED if regional else PlanState.APPROVED
    _decide(plan, outcome, by=by, at=at)
    plan.state = outcome
    plan.save(update_fields=["state", "updated_at"])
    action = PlanAction.REVIEWED if regional else PlanAction.APPROVED
    _record(plan, action, by=by, at=at, comment=(comment or "").strip())
    people = _regional_approvers(plan) if regional else _press_office(plan)
    _tell(plan, people=people, template="media_plan_approved", key=f"{plan.revision}:{outcome}")
    return plan


@transaction.atomic
def plan_approve_regionally(*, plan: MediaPlan, by, comment: str = "", at=None) -> MediaPlan:
    """The region's akimat approves a plan the centre reviewed positively (000 §2.4)."""
    at = at or timezone.now()
    plan = _locked(plan)
    _check_state(plan, PlanState.REVIEWED)
    _decide(plan, PlanState.APPROVED, by=by, at=at)
    plan.state = PlanState.APPROVED
    plan.save(update_fields=["state", "updated_at"])
    _record(plan, PlanAction.APPROVED, by=by, at=at, comment=(comment or "").strip())
    _tell(plan, people=_press_office(plan), template="media_plan_approved", key=plan.revision)
    return plan


@transaction.atomic
def plan_revision_open(*, plan: MediaPlan, by, at=None) -> MediaPlan:
    """A change after approval opens revision N+1 (the quarterly update, 004 §5); revision N
    stays in force until N+1 is approved."""
    plan = _locked(plan)
    _check_state(plan, PlanState.APPROVED)
    plan.revision += 1
    plan.state = PlanState.DRAFT
    plan.save(update_fields=["revision", "state", "updated_at"])
    _bump(plan)
    _record(plan, PlanAction.REVISION_OPENED, by=by, at=at)
    return plan


@transaction.atomic
def comment_add(*, plan: MediaPlan, by, text: str, item: PlanItem | None = None) -> PlanComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment first.")})
    if item is not None and item.plan_id != plan.pk:
        raise ValidationError({"item": _("That item belongs to another media-plan.")})
    comment = PlanComment(
        plan=plan, item=item, revision=plan.revision, author=by, text=text, at=timezone.now()
    )
    comment.full_clean()
    comment.save()
    return comment


# --- Thematic proposals (004 §5) -------------------------------------------------------------


@transaction.atomic
def thematic_proposal_submit(*, agency: Agency, due_on: dt.date, texts: dict, by, at=None):
    """The agency's proposals for the deadline of `due_on` (1 January or 1 July); sending
    them again before the authorized body decides replaces the text, not the first moment."""
    at = at or timezone.now()
    if (due_on.month, due_on.day) not in ((1, 1), (7, 1)):
        raise ValidationError({"due_on": _("Proposals are due on 1 January or 1 July.")})
    if not any((text or "").strip() for text in texts.values()):
        raise ValidationError({"text": _("Write the proposals first.")})
    proposal, created = ThematicProposal.objects.select_for_update().get_or_create(
        agency=agency, due_on=due_on, defaults={"submitted_at": at, "submitted_by": by}
    )
    for language, text in texts.items():
        setattr(proposal, f"text_{language}", (text or "").strip())
    proposal.full_clean()
    proposal.save()
    if created:
        deadline_complete_for(
            rule_code=THEMATIC_RULE, agency=agency, period_key=due_on.isoformat(), by=by, at=at
        )
    return proposal


# --- The consolidated republican media-plan (000 §2.3; 004 §6) --------------------------------


def in_force_revisions(year: int):
    """The approved revision in force of each plan of the year: the latest approved one."""
    latest = {}
    for revision in (
        PlanRevision.objects.filter(plan__year=year, outcome=PlanState.APPROVED)
        .select_related("plan__agency")
        .order_by("plan_id", "number", "attempt")
    ):
        latest[revision.plan_id] = revision
    return list(latest.values())


@transaction.atomic
def consolidated_freeze(*, year: int, by, at=None) -> ConsolidatedPlan:
    """Freeze the year's approved plans into a new edition (its snapshot, and its items as
    rows for its page), and meet the authorized body's approval deadline open now (004 §6)."""
    at = at or timezone.now()
    plans = []
    for revision in in_force_revisions(year):
        agency = revision.plan.agency
        plans.append(
            {
                "plan_id": revision.plan_id,
                "agency_id": agency.pk,
                "agency": {
                    lang: getattr(agency, f"name_{lang}") or "" for lang in revisions.LANGUAGES
                },
                "region": agency.region,
                "kind": agency.kind,
                "revision": revision.label,
                "approved_at": revision.decided_at.isoformat(),
                "items": revision.snapshot["items"],
            }
        )
    if not plans:
        raise ValidationError(_("No media-plan of %(year)s is approved yet.") % {"year": year})
    last = (
        ConsolidatedPlan.objects.select_for_update().filter(year=year).aggregate(n=Max("edition"))
    )
    consolidated = ConsolidatedPlan.objects.create(
        year=year,
        edition=(last["n"] or 0) + 1,
        frozen_at=at,
        frozen_by=by,
        snapshot={"plans": plans},
    )
    ConsolidatedItem.objects.bulk_create(_consolidated_items(consolidated, plans), batch_size=1000)
    deadline = (
        Deadline.objects.pending()
        .filter(rule__code=APPROVAL_RULE, agency__kind=AgencyKind.AUTHORIZED_BODY)
        .filter(starts_on__lte=timezone.localdate(at))
        .order_by("due_at")
        .first()
    )
    if deadline is not None:
        deadline_complete(deadline=deadline, by=by, at=at)
    return consolidated


# The freezing runs in Celery (6 s at 20,000 rows): the page asks for it and shows its
# progress; the task claims the request and writes the edition in one transaction.


def consolidated_freeze_request(*, year: int, by, language: str) -> ConsolidatedFreeze:
    """Ask for a new edition of the year (000 §2.3): the one call of the page (and of any
    other caller) that queues the task, on commit. While a request of the year is pending,
    that one is returned (and queued again if its task was lost), so a second click makes
    no second edition. Refused while no plan of the year is approved."""
    if not PlanRevision.objects.filter(plan__year=year, outcome=PlanState.APPROVED).exists():
        raise ValidationError(_("No media-plan of %(year)s is approved yet.") % {"year": year})
    pending = ConsolidatedFreeze.objects.filter(
        year=year, status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]
    ).first()
    if pending is not None:
        _consolidated_freeze_resume(pending)
        return pending
    request = ConsolidatedFreeze(year=year, language=language, requested_by=by)
    request.queued_at = timezone.now()
    request.full_clean()
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # another request of the year was made meanwhile
        return ConsolidatedFreeze.objects.get(
            year=year, status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]
        )
    _consolidated_freeze_queue(request.pk)
    return request


def _consolidated_freeze_resume(request: ConsolidatedFreeze) -> None:
    """Queue a pending request again when its task is lost (queued or started longer than
    the documents' STALE_CLAIM ago): the UPDATE must find the row as it was read, so two
    pages queue it once."""
    now = timezone.now()
    since = request.claimed_at or request.queued_at
    if since >= now - STALE_CLAIM:
        return
    restarted = ConsolidatedFreeze.objects.filter(
        pk=request.pk,
        status=request.status,
        queued_at=request.queued_at,
        claimed_at=request.claimed_at,
    ).update(status=DocumentStatus.QUEUED, progress=0, claimed_at=None, queued_at=now)
    if restarted:
        _consolidated_freeze_queue(request.pk)


def _consolidated_freeze_queue(request_id: int) -> None:
    from .tasks import consolidated_freeze as task

    transaction.on_commit(lambda: task.delay(request_id=request_id))


def consolidated_freeze_run(*, request_id: int) -> str:
    """Freeze the edition a request asked for (the task mediaplans.consolidated_freeze):
    claimed, frozen and marked done in one transaction, so a task delivered twice waits on
    the first one's lock and then finds the request done, and a worker killed mid-way leaves
    no edition and the request to be run again. Returns "done", "failed" or "not claimed"."""
    # Seen by the progress page at once; the claim itself is taken inside the transaction.
    ConsolidatedFreeze.objects.filter(pk=request_id, status=DocumentStatus.QUEUED).update(
        status=DocumentStatus.RUNNING, progress=10, claimed_at=timezone.now()
    )
    try:
        with transaction.atomic():
            request = (
                ConsolidatedFreeze.objects.select_for_update()
                .filter(pk=request_id)
                .exclude(status__in=[DocumentStatus.DONE, DocumentStatus.FAILED])
                .first()
            )
            if request is None:
                logger.info("Freezing request %s is gone or finished: nothing to do", request_id)
                return "not claimed"
            with translation.override(request.language):
                consolidated = consolidated_freeze(year=request.year, by=request.requested_by)
            request.status, request.progress = DocumentStatus.DONE, 100
            request.consolidated, request.finished_at = consolidated, timezone.now()
            request.save(update_fields=["status", "progress", "consolidated", "finished_at"])
    except Exception as error:
        # A refusal (no plan approved any more) was worded in the requester's language and
        # is shown on the page; anything else is logged and the page says it failed.
        if isinstance(error, ValidationError):
            message = " ".join(error.messages)
        else:
            logger.exception("Freezing request %s failed", request_id)
            message = ""
        ConsolidatedFreeze.objects.filter(pk=request_id).exclude(status=DocumentStatus.DONE).update(
            status=DocumentStatus.FAILED, error=message, finished_at=timezone.now()
        )
        return "failed"
    return "done"


def _consolidated_items(consolidated: ConsolidatedPlan, plans: list[dict]):
    """The edition's items as the rows its page filters and pages (issue 9 item 11), each
    with its place in the table of every language: the plans in that language's alphabet
    (Kazakh: А Ә Б … Қ …), each plan's items in its order."""
    starts = {}
    for language in revisions.LANGUAGES:
        start = 0
        for plan in sorted(
            plans,
            key=lambda plan: (
                sort_key(revisions.in_language(plan["agency"], language), language),
                plan["plan_id"],
            ),
        ):
            starts[plan["plan_id"], language] = start
            start += len(plan["items"])
    return [
        ConsolidatedItem(
            consolidated=consolidated,
            agency_id=plan["agency_id"],
            agency_name=plan["agency"],
            region=plan["region"] or "",
            plan_position=position,
            **{
                f"order_{language}": starts[plan["plan_id"], language] + position
                for language in revisions.LANGUAGES
            },
            month=item.get("month"),
            quarter=item.get("quarter"),
            is_preventive=bool(item.get("is_preventive")),
            topic_search="\n".join((text or "").casefold() for text in item["topic"].values()),
            item=item,
        )
        for plan in plans
        for position, item in enumerate(plan["items"])
    ]


@transaction.atomic
def consolidated_dispatch_record(
    *, consolidated: ConsolidatedPlan, recipient: str, by, reference: str = "", at=None
) -> ConsolidatedDispatch:
    """That the edition went to one recipient of 000 §2.3; each is recorded once."""
    if consolidated.dispatches.filter(recipient=recipient).exists():
        raise ValidationError({"recipient": _("This edition was already sent to them.")})
    dispatch = ConsolidatedDispatch(
        consolidated=consolidated,
        recipient=recipient,
        sent_at=at or timezone.now(),
        sent_by=by,
        reference=(reference or "").strip(),
    )
    dispatch.full_clean()
    dispatch.save()
    return dispatch


# --- Monthly reports (004 §8) ----------------------------------------------------------------


def report_due_key(plan: MediaPlan, month: int) -> str:
    return dt.date(plan.year, month, REPORT_DAY).isoformat()


@transaction.atomic
def report_save(*, plan: MediaPlan, month: int, by, entries: list[dict]) -> MonthlyReport:
    """Write the month's entries (each: item, status, text_<lang>, links, events); a report
    already submitted may still be corrected, its submission moment stays."""
    if not 1 <= int(month) <= 12:
        raise ValidationError({"month": _("Choose a month from 1 to 12.")})
    if not plan.revisions.filter(outcome=PlanState.APPROVED).exists():
        raise ValidationError(_("Only an approved media-plan is reported on."))
    report, _created = MonthlyReport.objects.select_for_update().get_or_create(
        plan=plan, month=month
    )
    item_ids = set(plan.items.values_list("pk", flat=True))
    for data in entries:
        data = dict(data)
        item = data.pop("item")
        if item.pk not in item_ids:
            raise ValidationError(_("That item belongs to another media-plan."))
        events = data.pop("events", None)
        if data.get("status", ItemStatus.NOT_STARTED) not in ItemStatus.values:
            raise ValidationError({"status": _("Choose a status from the list.")})
        entry, _new = ReportEntry.objects.get_or_create(report=report, item=item)
        for name, value in data.items():
            setattr(entry, name, value)
        entry.full_clean()
        entry.save()
        if events is not None:
            entry.events.set([event for event in events if event.agency_id == plan.agency_id])
    return report


@transaction.atomic
def report_submit(*, report: MonthlyReport, by, at=None) -> MonthlyReport:
    """Send the month's report to the authorized body: meets that month's 25th."""
    at = at or timezone.now()
    report = (
        MonthlyReport.objects.select_for_update().select_related("plan__agency").get(pk=report.pk)
    )
    if report.submitted_at is not None:
        raise ValidationError(_("This report was already sent."))
    if not report.entries.exists():
        raise ValidationError(_("Report on at least one item first."))
    report.is_late = _meet_deadline(
        rule=REPORT_RULE,
        agency=report.plan.agency,
        period_key=report_due_key(report.plan, report.month),
        by=by,
        at=at,
    )
    report.submitted_at, report.submitted_by = at, by
    report.save(update_fields=["submitted_at", "submitted_by", "is_late", "updated_at"])
    return report


# --- Import of items from the XLSX template (issue 9 item 2) -----------------------------------

IMPORT_ADD, IMPORT_SAME = "add", "same"


def items_import_preview(*, plan: MediaPlan, content: bytes):
    """What importing the template `content` would do, changing nothing: ([(action, row)],
    problems). A row whose Kazakh or Russian topic is an item's of the plan already is the
    same, so importing a file twice adds nothing; the problems name their row and column."""
    from . import importing

    rows, problems = importing.read_import(content)
    if not plan.is_editable:
        problems.insert(
            0,
            importing.ImportProblem(
                0,
                "",
                "",
                _("The media-plan is %(state)s: its items cannot be changed now.")
                % {"state": plan.get_state_display()},
            ),
        )
    known = {
        (language, (topic or "").strip().casefold())
        for kk, ru in plan.items.values_list("topic_kk", "topic_ru")
        for language, topic in (("kk", kk), ("ru", ru))
        if (topic or "").strip()
    }
    actions = [
        (
            IMPORT_SAME
            if ("kk", row.data["topic_kk"].casefold()) in known
            or ("ru", row.data["topic_ru"].casefold()) in known
            else IMPORT_ADD,
            row,
        )
        for row in rows
    ]
    return actions, problems


@transaction.atomic
def items_import(*, plan: MediaPlan, content: bytes, by) -> dict:
    """Add the template's items to the plan through `item_add`: all of them or, on any
    problem, none (ValidationError listing every problem by row and column). Rows already in
    the plan change nothing, so running it twice adds nothing more. Returns the counts
    {"added": n, "same": n}."""
    plan = _locked(plan)
    actions, problems = items_import_preview(plan=plan, content=content)
    if problems:
        raise ValidationError([str(problem) for problem in problems], code="import")
    for action, row in actions:
        if action != IMPORT_ADD:
            continue
        try:
            item_add(plan=plan, by=by, data=row.data)
        except ValidationError as error:
            raise ValidationError(
                [
                    _("Row %(row)s: %(message)s") % {"row": row.row, "message": message}
                    for message in error.messages
                ],
                code="import",
            ) from error
    added = sum(1 for action, _row in actions if action == IMPORT_ADD)
    return {"added": added, "same": len(actions) - added}


# --- Attachments of plans and items (000 §2.1; issue 9 item 1) ------------------------------

# A text in the active language, or per language code ({"kk": ..., "ru": ...}).
Texts = str | Mapping[str, str]
LANGUAGE_CODES = tuple(code for code, _label in settings.LANGUAGES)


def _check_attachments_changeable(plan: MediaPlan) -> None:
    """Attachments change while the items may: a draft, a returned plan, or one under review
    that the authorized body amends (000 §2.2); an approved one opens a revision first."""
    if plan.state not in (*EDITABLE_STATES, *UNDER_REVIEW_STATES):
        raise ValidationError(
            _("The media-plan is %(state)s: its attachments cannot be changed now.")
            % {"state": plan.get_state_display()}
        )


@transaction.atomic
def attachment_add(
    *, plan: MediaPlan, title: Texts, file, item: PlanItem | None = None, by=None
) -> PlanAttachment:
    """Attach a document to the plan or one of its items. The file must be one of
    `portal.attachments.TYPES` by its name and first bytes, not empty, within
    EVENT_ATTACHMENT_MAX_MB; it is stored under a name of the portal's (default storage).
    Refused with nothing stored."""
    plan = _locked(plan)
    _check_attachments_changeable(plan)
    if item is not None and item.plan_id != plan.pk:
        raise ValidationError({"item": _("This item is not in this media-plan.")})
    kind = attachments.file_type(file)
    attachment = PlanAttachment(plan=plan, item=item, uploaded_by=by)
    if isinstance(title, Mapping):
        for code in LANGUAGE_CODES:
            setattr(attachment, f"title_{code}", (title.get(code) or "").strip() or None)
    else:
        attachment.title = (title or "").strip() or None
    if not any(getattr(attachment, f"title_{code}") for code in LANGUAGE_CODES):
        raise ValidationError({"title": _("Give the document's title in at least one language.")})
    attachment.full_clean(exclude=["file", *(f"title_{code}" for code in LANGUAGE_CODES)])
    attachment.file.save(attachments.stored_name(kind=kind, size=file.size), file, save=False)
    name, storage = attachment.file.name, attachment.file.storage
    try:
        attachment.save()
    except BaseException:
        storage.delete(name)
        raise
    return attachment


@transaction.atomic
def attachment_remove(*, attachment: PlanAttachment, by=None) -> None:
    """Take the document off the plan; its file is deleted once the removal is committed."""
    _check_attachments_changeable(_locked(attachment.plan))
    name, storage = attachment.file.name, attachment.file.storage
    PlanAttachment.objects.filter(pk=attachment.pk).delete()
    transaction.on_commit(lambda: storage.delete(name))


# --- Nightly cleanup of files nobody asks for again (task mediaplans.files_cleanup) ---------


def files_cleanup(*, at: dt.datetime | None = None, days: int | None = None) -> dict[str, int]:
    """Delete, once older than `days` (MEDIAPLANS_CLEANUP_DAYS): the PDFs and XLSX of editions
    a newer edition of their year superseded (000 §2.3), the summaries' PDFs a newer one of
    the same period, agencies and language superseded (000 §8.2–8.3), and the uploads of
    imports never confirmed with their dry runs (issue 9 item 2). The edition in force's
    documents, the latest summaries and imports under way are kept. Each stored document
    goes with its file; a done one asked for again is built anew. Returns the counts."""
    from . import exports

    at = at or timezone.now()
    cutoff = at - dt.timedelta(days=settings.MEDIAPLANS_CLEANUP_DAYS if days is None else days)
    finished = StoredDocument.objects.filter(
        status__in=[DocumentStatus.DONE, DocumentStatus.FAILED], queued_at__lt=cutoff
    )
    latest = dict(
        ConsolidatedPlan.objects.values("year")
        .annotate(last=Max("edition"))
        .values_list("year", "last")
    )
    editions = [
        document
        for document in finished.filter(kind__in=[exports.CONSOLIDATED, exports.CONSOLIDATED_XLSX])
        if int(document.filters["edition"]) < latest.get(int(document.filters["year"]), 0)
    ]
    newest = {}
    for document in StoredDocument.objects.filter(kind=exports.SUMMARY).order_by("queued_at", "pk"):
        newest[
            document.language, document.filters.get("period"), document.filters.get("agencies")
        ] = document.pk
    summaries = [
        document
        for document in finished.filter(kind=exports.SUMMARY)
        if newest[
            document.language, document.filters.get("period"), document.filters.get("agencies")
        ]
        != document.pk
    ]
    under_way = set(
        StoredDocument.objects.filter(kind=exports.IMPORT)
        .exclude(status__in=[DocumentStatus.DONE, DocumentStatus.FAILED])
        .values_list("filters__token", flat=True)
    )
    checks = [
        document
        for document in finished.filter(kind=exports.IMPORT_CHECK)
        if document.filters.get("token") not in under_way
    ]
    for document in checks:
        default_storage.delete(exports.upload_name(document.filters["token"]))
    # Uploads whose dry run is gone already (or never was made): by the file's own age.
    uploads = 0
    if default_storage.exists(exports.UPLOADS):
        for name in default_storage.listdir(exports.UPLOADS)[1]:
            path = f"{exports.UPLOADS}/{name}"
            if name.removesuffix(".xlsx") in under_way:
                continue
            if default_storage.get_modified_time(path) < cutoff:
                default_storage.delete(path)
                uploads += 1
    for document in (*editions, *summaries, *checks):
        if document.file:
            default_storage.delete(document.file.name)
    StoredDocument.objects.filter(pk__in=[d.pk for d in (*editions, *summaries, *checks)]).delete()
    return {
        "editions": len(editions),
        "summaries": len(summaries),
        "imports": len(checks),
        "uploads": uploads,
    }


# --- Who hears of it -------------------------------------------------------------------------


def _press_office(plan):
    return active_members(Role.PRESS_SECRETARY, agency_id=plan.agency_id)


def _regional_approvers(plan):
    return active_members(Role.REGIONAL_APPROVER, agency_id=plan.agency_id)


def _authorized_staff():
    return active_members(Role.AUTHORIZED_STAFF)


def _tell(plan: MediaPlan, *, people, template: str, key, comment: str = "") -> None:
    """Each person learns of the step in their language, with a link to the plan, once."""
    notifications_save(
        notifications_each(
            recipients=people,
            event_key=f"{template}:{plan.pk}:{key}",
            template=template,
            context={"plan": plan, "agency": plan.agency, "comment": comment},
            path=lambda: reverse("mediaplans:plan_detail", kwargs={"pk": plan.pk}),
        )
    )
