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
    scope_for_user,
    sees_every_agency,
)

from .choices import EDITABLE_STATES, UNDER_REVIEW_STATES, PlanState
from .models import MediaPlan


def scope_plans(queryset: QuerySet, user, *, agency_field: str = "agency") -> QuerySet:
    return scope_for_user(queryset, user, agency_field=agency_field)


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


def can_review_plan(user, plan: MediaPlan) -> bool:
    """Return, amend or approve (for a regional plan: review positively) a submitted plan."""
    return sees_every_agency(user) and plan.state == PlanState.SUBMITTED


def can_amend_plan(user, plan: MediaPlan) -> bool:
    return sees_every_agency(user) and plan.state in UNDER_REVIEW_STATES


def needs_regional_approval(plan: MediaPlan) -> bool:
    """Plans of local executive bodies are approved by the region after the central review
    (000 §2.4)."""
    return plan.agency.kind == AgencyKind.LOCAL_BODY


def can_approve_regionally(user, plan: MediaPlan) -> bool:
    return plan.state == PlanState.REVIEWED and (
        user.is_superuser or has_role_in(user, Role.REGIONAL_APPROVER, plan.agency)
    )


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
