"""Reads of the media-plans used by more than one page; each list starts from what the user
may see (`rules.scope_plans`)."""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from portal.calendar import working_calendar
from portal.deadlines.computation import compute_due_for_anchor
from portal.deadlines.models import Deadline, DeadlineRule
from portal.directory.models import Agency
from portal.directory.queries import agency_search, name_ordering

from . import rules
from .models import (
    ConsolidatedItem,
    ConsolidatedPlan,
    MediaPlan,
    PlanChange,
    PlanComment,
    PlanItem,
    PlanRevision,
    ThematicProposal,
)
from .reports import ConsolidatedFilter, quarter_of
from .revisions import LANGUAGES, in_language
from .services import SUBMISSION_RULE


def plans_for_user(user) -> QuerySet[MediaPlan]:
    """The plans the user may see, with their agency and number of items: one query."""
    return rules.scope_plans(
        MediaPlan.objects.select_related("agency").annotate(item_count=Count("items")), user
    )


def plan_search(queryset: QuerySet[MediaPlan], text: str) -> QuerySet[MediaPlan]:
    """Plans whose agency's name (any language, any common spelling) has every word."""
    return queryset.filter(agency__in=agency_search(Agency.objects.all(), text=text))


def plans_listed(queryset: QuerySet[MediaPlan]) -> QuerySet[MediaPlan]:
    """Latest year first, then by the agency's name in the page's alphabet."""
    return queryset.order_by("-year", *name_ordering(MediaPlan, "agency__"), "pk")


def plan_items(plan: MediaPlan) -> list[PlanItem]:
    return list(plan.items.order_by("position", "pk"))


def plan_history(plan: MediaPlan) -> QuerySet[PlanChange]:
    return plan.history.select_related("actor").order_by("at", "pk")


def plan_comments(plan: MediaPlan) -> list[PlanComment]:
    """The whole thread, oldest first; a remark on an item carries it (or None once deleted)."""
    return list(plan.comments.select_related("author", "item").order_by("at", "pk"))


def plan_attachments(plan: MediaPlan) -> list:
    """The plan's documents, each with its item (None: the whole plan's), in one query."""
    return list(plan.attachments.select_related("item").order_by("pk"))


def plan_revisions(plan: MediaPlan) -> list[PlanRevision]:
    """Every submission, oldest first, without the snapshots (they can be large)."""
    return list(
        plan.revisions.defer("snapshot")
        .select_related("submitted_by", "decided_by")
        .order_by("number", "attempt")
    )


def revision_by_label(plan: MediaPlan, label: str) -> PlanRevision | None:
    """The submission named "2.1" (revision 2, first submission), or None."""
    number, _dot, attempt = (label or "").partition(".")
    if not (number.isdigit() and attempt.isdigit()):
        return None
    return plan.revisions.filter(number=int(number), attempt=int(attempt)).first()


def submission_deadline(plan: MediaPlan, *, calendar=None) -> Deadline | None:
    """Revision 1's deadline: the 1 December of the year before (000 §2.2), as the engine
    stored it for the agency, else as the rule computes it (not yet opened); None when the
    rule is gone. Two queries at most."""
    key = dt.date(plan.year - 1, 12, 1)
    stored = (
        Deadline.objects.filter(
            rule__code=SUBMISSION_RULE, agency_id=plan.agency_id, period_key=key.isoformat()
        )
        .select_related("rule__counts_from")
        .first()
    )
    if stored is not None:
        return stored
    rule = (
        DeadlineRule.objects.filter(code=SUBMISSION_RULE, is_active=True)
        .select_related("counts_from")
        .first()
    )
    if rule is None:
        return None
    due = compute_due_for_anchor(rule, anchor=key, calendar=calendar or working_calendar())
    return Deadline(
        rule=rule,
        agency=plan.agency,
        period_key=key.isoformat(),
        starts_on=due.starts_on,
        due_at=due.due_at,
        computation=due.computation,
    )


def next_thematic_due(today: dt.date | None = None) -> dt.date:
    """The coming deadline of the thematic proposals: 1 January or 1 July (004 §5)."""
    today = today or timezone.localdate()
    july = dt.date(today.year, 7, 1)
    if (today.month, today.day) == (1, 1):
        return today
    return july if today <= july else dt.date(today.year + 1, 1, 1)


def proposals_for_user(user) -> QuerySet[ThematicProposal]:
    return rules.scope_plans(
        ThematicProposal.objects.select_related("agency", "submitted_by"), user
    ).order_by("-due_on", *name_ordering(ThematicProposal, "agency__"), "pk")


# --- The consolidated republican media-plan (000 §2.3) --------------------------------------


def consolidated_order(language: str) -> str:
    """The column of the table's order in `language` (Kazakh's for a language the portal
    does not have)."""
    return f"order_{language if language in LANGUAGES else LANGUAGES[0]}"


def consolidated_entries(
    consolidated: ConsolidatedPlan, wanted: ConsolidatedFilter, language: str
) -> QuerySet[ConsolidatedItem]:
    """The edition's items that `wanted` keeps, in the table's order of `language`. A month
    keeps the items of that month and those of its quarter; the topic is searched in every
    language, ignoring case."""
    entries = consolidated.items.all()
    if wanted.agency:
        entries = entries.filter(agency_id=wanted.agency)
    if wanted.region:
        entries = entries.filter(region=wanted.region)
    if wanted.month:
        entries = entries.filter(Q(month=wanted.month) | Q(quarter=quarter_of(wanted.month)))
    if topic := wanted.topic.strip().casefold():
        entries = entries.filter(topic_search__contains=topic)
    return entries.order_by(consolidated_order(language))


def consolidated_agencies(consolidated: ConsolidatedPlan, language: str) -> list[tuple[int, str]]:
    """(agency id, frozen name) of the edition's plans in the table's order: one query."""
    return [
        (agency_id, in_language(names, language))
        for agency_id, names in consolidated.items.filter(plan_position=0)
        .order_by(consolidated_order(language))
        .values_list("agency_id", "agency_name")
    ]
