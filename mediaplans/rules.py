"""Who may see and change media-plans: the directory's rules applied to them.

A plan is the agency's and the authorized body's business until it is consolidated: its
members and the authorized body read it, whatever its state; nobody else does. The press office
edits and submits; the authorized body's staff review, return, amend and approve (000 §2.2); a
regional plan, once reviewed positively, is approved by the region's approver (000 §2.4)."""

from django.db.models import QuerySet

from portal.directory.choices import AgencyKind, Role
from portal.directory.rules import (
    can_change_agency,
    has_role_in,
    member_agency_ids,
    scope_for_user,
    sees_every_agency,
)

from .choices import EDITABLE_STATES, UNDER_REVIEW_STATES, PlanState
from .models import MediaPlan


def scope_plans(queryset: QuerySet, user, *, agency_field: str = "agency") -> QuerySet:
    return scope_for_user(queryset, user, agency_field=agency_field)


def works_with_plans(user) -> bool:
    """Plans are the agencies' members' and the authorized body's, never public (000 §2)."""
    return bool(member_agency_ids(user)) or sees_every_agency(user)


def can_view_plan(user, plan: MediaPlan) -> bool:
    return can_change_agency(user, plan.agency)


def can_create_plan(user, agency) -> bool:
    return can_change_agency(user, agency)


def can_edit_plan(user, plan: MediaPlan) -> bool:
    """The press office edits its draft or a returned plan; the authorized body amends one
    under review (000 §2.2) through `can_amend_plan`."""
    return plan.state in EDITABLE_STATES and can_change_agency(user, plan.agency)


def can_submit_plan(user, plan: MediaPlan) -> bool:
    return can_edit_plan(user, plan)


def reviews_plans(user) -> bool:
    """The authorized body reviews, returns, amends and approves plans (000 §2.2)."""
    return sees_every_agency(user)


def can_review_plan(user, plan: MediaPlan) -> bool:
    """Return, amend or approve (for a regional plan: review positively) a submitted plan."""
    return reviews_plans(user) and plan.state == PlanState.SUBMITTED


def can_amend_plan(user, plan: MediaPlan) -> bool:
    return sees_every_agency(user) and plan.state in UNDER_REVIEW_STATES


def needs_regional_approval(plan: MediaPlan) -> bool:
    """Plans of local executive bodies are approved by the region after the central review
    (000 §2.4)."""
    return plan.agency.kind == AgencyKind.LOCAL_BODY


def approves_regionally(user, plan: MediaPlan) -> bool:
    """The region's approver of the plan's agency (000 §2.4)."""
    return user.is_superuser or has_role_in(user, Role.REGIONAL_APPROVER, plan.agency)


def can_approve_regionally(user, plan: MediaPlan) -> bool:
    return plan.state == PlanState.REVIEWED and approves_regionally(user, plan)


def can_open_revision(user, plan: MediaPlan) -> bool:
    return plan.state == PlanState.APPROVED and can_change_agency(user, plan.agency)


def can_comment_plan(user, plan: MediaPlan) -> bool:
    return can_view_plan(user, plan)


def can_report(user, plan: MediaPlan) -> bool:
    """The press office reports on an approved plan (004 §8)."""
    return can_change_agency(user, plan.agency)


def can_consolidate(user) -> bool:
    """The republican media-plan is the authorized body's (000 §2.3)."""
    return sees_every_agency(user)


def summary_agency_ids(user) -> frozenset[int] | None:
    """Whose quarterly and annual summaries (000 §8.2–8.3) the user reads: every agency's for
    the authorized body (None), else those of the user's agencies (empty: none at all)."""
    if sees_every_agency(user):
        return None
    return member_agency_ids(user)


def can_import_items(user, plan: MediaPlan) -> bool:
    """The XLSX import adds items to a plan the press office may edit (issue 9 item 2)."""
    return can_edit_plan(user, plan)


def can_change_attachments(user, plan: MediaPlan) -> bool:
    """Attachments change with the items: the press office's on its draft, the authorized
    body's while it amends a plan under review (000 §2.2)."""
    return can_edit_plan(user, plan) or can_amend_plan(user, plan)


def can_view_attachment(user, attachment) -> bool:
    """An attachment is as private as its plan (another agency's: not there)."""
    return can_view_plan(user, attachment.plan)


def can_propose_themes(user, agency) -> bool:
    """An agency's members send its thematic proposals (004 §5); the authorized body may
    enter them for an agency."""
    return can_change_agency(user, agency)
