"""The review of a media-plan (000 §2.2–2.4; 004 §5–6): each step, who it tells, what it
freezes, and what it refuses."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from mediaplans import revisions, services
from mediaplans.choices import PlanAction, PlanState
from portal.directory.choices import AgencyKind, Role
from portal.notifications.models import Notification
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import item_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """These tests read the services' English source texts (the Kazakh and Russian texts are
    the catalogues', tested in tests/l10n)."""
    with translation.override("en"):
        yield


def test_submission_freezes_the_items_as_revision_one(plan, press_secretary):
    revision = services.plan_submit(plan=plan, by=press_secretary)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert (revision.number, revision.attempt) == (1, 1)
    assert [item["topic"]["ru"] for item in revision.snapshot["items"]] == [
        "Услуги электронного правительства",
        "Второй",
    ]


def test_a_plan_without_items_or_periods_says_what_is_missing(agency, press_secretary):
    plan = services.plan_create(agency=agency, year=2027, by=press_secretary)
    with pytest.raises(ValidationError, match="no items"):
        services.plan_submit(plan=plan, by=press_secretary)
    services.item_add(plan=plan, by=press_secretary, data=item_data(month=None, topic_kk=""))
    with pytest.raises(ValidationError) as error:
        services.plan_submit(plan=plan, by=press_secretary)
    assert len(error.value.messages) == 2  # the Kazakh topic, the month or quarter
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_returning_needs_a_comment_and_the_press_office_hears_it(
    plan, press_secretary, ministry_staff
):
    services.plan_submit(plan=plan, by=press_secretary)
    with pytest.raises(ValidationError):
        services.plan_return(plan=plan, by=ministry_staff, comment="  ")
    services.plan_return(plan=plan, by=ministry_staff, comment="Добавьте аудитории")
    plan.refresh_from_db()
    assert plan.state == PlanState.RETURNED
    assert plan.comments.get().text == "Добавьте аудитории"
    assert Notification.objects.filter(recipient=press_secretary).exists()
    revision = services.plan_submit(plan=plan, by=press_secretary)
    assert (revision.number, revision.attempt) == (1, 2)
    assert plan.history.last().action == PlanAction.RESUBMITTED


def test_approval_then_a_change_opens_revision_two_while_one_stays_in_force(
    plan, press_secretary, ministry_staff
):
    services.plan_submit(plan=plan, by=press_secretary)
    services.plan_approve(plan=plan, by=ministry_staff)
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    services.plan_revision_open(plan=plan, by=press_secretary)
    item = plan.items.first()
    services.item_update(
        item=item, by=press_secretary, data={"topic_ru": "Новая тема"}, version=item.version
    )
    in_force = services.in_force_revisions(2027)
    assert [revision.number for revision in in_force] == [1]
    assert in_force[0].snapshot["items"][0]["topic"]["ru"] == "Услуги электронного правительства"
    services.plan_submit(plan=plan, by=press_secretary)
    first, second = plan.revisions.order_by("number")
    difference = revisions.snapshot_difference(first.snapshot, second.snapshot)
    assert [(d.kind, [c.field for c in d.changes]) for d in difference] == [("changed", ["topic"])]


def test_an_amendment_by_the_ministry_is_what_gets_approved(plan, press_secretary, ministry_staff):
    services.plan_submit(plan=plan, by=press_secretary)
    item = plan.items.first()
    with pytest.raises(ValidationError):  # the press office may not change it under review
        services.item_update(item=item, by=press_secretary, data={"month": 4}, version=item.version)
    services.item_update(
        item=item, by=ministry_staff, data={"month": 4}, version=item.version, amendment=True
    )
    services.plan_approve(plan=plan, by=ministry_staff)
    approved = services.in_force_revisions(2027)[0]
    assert approved.attempt == 2 and approved.snapshot["items"][0]["month"] == 4
    assert plan.revisions.get(attempt=1).snapshot["items"][0]["month"] == 3


def test_a_regional_plan_is_approved_by_the_akimat_after_the_central_review(
    press_secretary, ministry_staff
):
    akimat = AgencyFactory(kind=AgencyKind.LOCAL_BODY)
    approver = UserFactory()
    MembershipFactory(user=approver, agency=akimat, role=Role.REGIONAL_APPROVER)
    plan = services.plan_create(agency=akimat, year=2027, by=approver)
    services.item_add(plan=plan, by=approver, data=item_data())
    services.plan_submit(plan=plan, by=approver)
    services.plan_approve(plan=plan, by=ministry_staff)
    plan.refresh_from_db()
    assert plan.state == PlanState.REVIEWED
    assert services.in_force_revisions(2027) == []
    services.plan_approve_regionally(plan=plan, by=approver)
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED


def test_the_second_save_of_a_stale_item_is_refused(plan, press_secretary):
    item = plan.items.first()
    read_by_both = item.version
    services.item_update(item=item, by=press_secretary, data={"month": 6}, version=read_by_both)
    with pytest.raises(ValidationError, match="Someone else changed"):
        services.item_update(item=item, by=press_secretary, data={"month": 7}, version=read_by_both)
    item.refresh_from_db()
    assert item.month == 6
