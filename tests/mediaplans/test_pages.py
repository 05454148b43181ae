"""The press secretaries' and reviewers' pages of the media-plans (issue 9 items 2–3): the
list with its filters, a new plan, the plan's page with its deadline, what is missing, the
comments and every button of the review, each calling one service. Another agency's plan
is not there (404) for anything."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from mediaplans import services
from mediaplans.choices import PlanAction, PlanState
from mediaplans.models import MediaPlan, PlanComment, ThematicProposal
from portal.directory.choices import AgencyKind, Role
from tests.deadlines.factories import DeadlineFactory, almaty
from tests.deadlines.factories import rule as rule_named
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import item_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """Messages are compared in English (the lead's catalogues translate them)."""
    with translation.override("en"):
        yield


@pytest.fixture
def signed_in(client, press_secretary):
    client.force_login(press_secretary)
    return client


@pytest.fixture
def staff_client(client, ministry_staff):
    client.force_login(ministry_staff)
    return client


def url(name, plan=None, **kwargs):
    if plan is not None:
        kwargs["pk"] = plan.pk
    return reverse(f"mediaplans:{name}", kwargs=kwargs or None)


def submitted(plan, by):
    services.plan_submit(plan=plan, by=by)
    plan.refresh_from_db()
    return plan


# --- The list ---------------------------------------------------------------------------


def test_the_list_shows_the_agencys_plans_only(signed_in, plan, other_agency):
    services.plan_create(agency=other_agency, year=2027, by=None)
    response = signed_in.get(url("plan_list"))
    assert response.status_code == 200
    assert list(response.context["page"]) == [plan]
    assert response.context["page"][0].item_count == 2


def test_the_list_filters_by_year_state_and_agency_name(staff_client, plan, other_agency):
    other = services.plan_create(agency=other_agency, year=2026, by=None)
    assert list(staff_client.get(url("plan_list"), {"year": 2026}).context["page"]) == [other]
    assert list(staff_client.get(url("plan_list"), {"state": "submitted"}).context["page"]) == []
    found = staff_client.get(url("plan_list"), {"q": plan.agency.name_ru}).context["page"]
    assert list(found) == [plan]
    by_agency = staff_client.get(url("plan_list"), {"agency": other_agency.slug})
    assert list(by_agency.context["page"]) == [other]


def test_the_agency_filter_is_the_authorized_bodys_and_bad_filters_are_400(signed_in, plan):
    response = signed_in.get(url("plan_list"), {"year": "twenty"})
    assert response.status_code == 400
    assert "agency" not in response.context["form"].fields


def test_an_empty_list_says_so(signed_in):
    response = signed_in.get(url("plan_list"))
    assert b"No media-plans yet" in response.content


def test_a_journalist_has_no_list(client, journalist):
    client.force_login(journalist)
    assert client.get(url("plan_list")).status_code == 403


@pytest.mark.parametrize("size", [1, 3])
def test_the_list_costs_the_same_queries_whatever_its_size(
    staff_client, size, django_assert_num_queries
):
    for _ in range(size):
        plan = services.plan_create(agency=AgencyFactory(), year=2027, by=None)
        services.item_add(plan=plan, by=None, data=item_data())
    # session, user, memberships, unread notifications; the count, the page of plans with
    # their agencies and items counted; the agencies of the filter and of the new plan's form
    with django_assert_num_queries(8):
        response = staff_client.get(url("plan_list"), {"year": 2027})
    assert len(response.context["page"]) == size


def test_a_new_plan_is_started_for_one_of_the_users_agencies(signed_in, agency, other_agency):
    response = signed_in.post(url("plan_create"), {"agency": agency.pk, "year": 2027})
    plan = MediaPlan.objects.get(agency=agency)
    assert response.status_code == 302 and response["Location"] == url("plan_detail", plan)
    assert plan.history.get().action == PlanAction.CREATED
    refused = signed_in.post(url("plan_create"), {"agency": other_agency.pk, "year": 2027})
    assert refused.status_code == 400
    assert not MediaPlan.objects.filter(agency=other_agency).exists()


def test_a_second_plan_for_the_same_year_is_refused_with_the_services_words(signed_in, plan):
    response = signed_in.post(url("plan_create"), {"agency": plan.agency.pk, "year": 2027})
    assert response.status_code == 400
    assert response.context["form"].errors["year"] == [
        "The agency already has a media-plan for this year."
    ]


# --- The plan's page ----------------------------------------------------------------------


def test_the_plan_page_shows_items_missing_deadline_and_the_press_offices_buttons(signed_in, plan):
    services.item_add(plan=plan, by=None, data=item_data(topic_ru="", month=None))
    DeadlineFactory(
        rule=rule_named("mediaplan-submission"),
        agency=plan.agency,
        period_key="2026-12-01",
        due_at=almaty(2026, 12, 1, 18, 0),
    )
    response = signed_in.get(url("plan_detail", plan))
    assert response.status_code == 200
    context = response.context
    assert [row.item.topic_en for row in context["rows"]] == ["E-government services"] * 3
    assert context["missing"] == [
        "Item 3: topic in Russian.",
        "Item 3: a month or a quarter.",
    ]
    assert context["deadline"].due_at == almaty(2026, 12, 1, 18, 0)
    assert (context["can_submit"], context["can_review"], context["can_open_revision"]) == (
        True,
        False,
        False,
    )
    body = response.content.decode()
    assert "Due by 01.12.2026 18:00" in body
    assert url("plan_submit", plan) in body and url("plan_approve", plan) not in body
    assert "mediaplans/plan.js" in body


def test_without_a_stored_deadline_the_rule_computes_it(signed_in, plan):
    deadline = signed_in.get(url("plan_detail", plan)).context["deadline"]
    assert deadline.pk is None
    assert deadline.due_date == dt.date(2026, 12, 1)


def test_the_ministry_sees_the_review_buttons_of_a_submitted_plan(
    staff_client, plan, press_secretary
):
    submitted(plan, press_secretary)
    response = staff_client.get(url("plan_detail", plan))
    context = response.context
    assert (context["can_review"], context["can_submit"], context["amendment"]) == (
        True,
        False,
        True,
    )
    body = response.content.decode()
    assert url("plan_return", plan) in body and url("plan_approve", plan) in body
    assert "recorded as amendments" in body


@pytest.mark.parametrize(
    "name",
    [
        "plan_detail",
        "plan_revisions",
    ],
)
def test_another_agencys_press_secretary_gets_404_on_its_pages(client, plan, name):
    stranger = UserFactory()
    MembershipFactory(user=stranger, agency=AgencyFactory(), role=Role.PRESS_SECRETARY)
    client.force_login(stranger)
    assert client.get(url(name, plan)).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "plan_submit",
        "plan_return",
        "plan_approve",
        "plan_approve_regionally",
        "plan_revision_open",
        "plan_comment",
        "item_add",
    ],
)
def test_another_agencys_press_secretary_gets_404_on_every_button(client, plan, name):
    stranger = UserFactory()
    MembershipFactory(user=stranger, agency=AgencyFactory(), role=Role.PRESS_SECRETARY)
    client.force_login(stranger)
    assert client.post(url(name, plan), {"text": "x", "return-comment": "x"}).status_code == 404
    plan.refresh_from_db()
    assert (plan.state, plan.comments.count(), plan.items.count()) == (PlanState.DRAFT, 0, 2)


def test_another_agencys_press_secretary_gets_404_on_the_items(client, plan):
    stranger = UserFactory()
    MembershipFactory(user=stranger, agency=AgencyFactory(), role=Role.PRESS_SECRETARY)
    client.force_login(stranger)
    item = plan.items.first()
    kwargs = {"pk": plan.pk, "item_pk": item.pk}
    for name in ("item_edit", "item_delete", "item_move"):
        assert client.post(reverse(f"mediaplans:{name}", kwargs=kwargs), {}).status_code == 404
    assert client.get(reverse("mediaplans:item_edit", kwargs=kwargs)).status_code == 404


# --- The buttons --------------------------------------------------------------------------


def test_submit_freezes_the_plan_and_says_so(signed_in, plan):
    response = signed_in.post(url("plan_submit", plan), follow=True)
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    assert plan.revisions.get().label == "1.1"
    assert "The media-plan is submitted." in [str(m) for m in response.context["messages"]]


def test_a_refused_submission_lists_what_is_missing_and_changes_nothing(signed_in, agency):
    plan = services.plan_create(agency=agency, year=2027, by=None)
    response = signed_in.post(url("plan_submit", plan))
    assert response.status_code == 400
    assert "The plan has no items yet." in [str(m) for m in response.context["messages"]]
    plan.refresh_from_db()
    assert plan.state == PlanState.DRAFT


def test_the_press_office_cannot_review_its_own_plan(signed_in, plan, press_secretary):
    submitted(plan, press_secretary)
    for name in ("plan_approve", "plan_return", "plan_approve_regionally"):
        assert signed_in.post(url(name, plan), {"return-comment": "x"}).status_code == 403
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED


def test_return_needs_a_comment_and_keeps_what_was_typed(staff_client, plan, press_secretary):
    submitted(plan, press_secretary)
    response = staff_client.post(url("plan_return", plan), {"return-comment": "   "})
    assert response.status_code == 400
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    response = staff_client.post(url("plan_return", plan), {"return-comment": "Добавьте аудитории"})
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.state == PlanState.RETURNED
    assert plan.comments.get().text == "Добавьте аудитории"
    page = staff_client.get(url("plan_detail", plan)).content.decode()
    assert "Добавьте аудитории" in page


def test_approve_with_a_comment_goes_into_the_history(staff_client, plan, press_secretary):
    submitted(plan, press_secretary)
    staff_client.post(url("plan_approve", plan), {"decision-comment": "Согласовано"})
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert plan.history.last().comment == "Согласовано"


def test_a_regional_plan_is_reviewed_then_approved_by_the_akimat(client, ministry_staff):
    akimat = AgencyFactory(kind=AgencyKind.LOCAL_BODY)
    approver = UserFactory()
    MembershipFactory(user=approver, agency=akimat, role=Role.REGIONAL_APPROVER)
    plan = services.plan_create(agency=akimat, year=2027, by=approver)
    services.item_add(plan=plan, by=approver, data=item_data())
    submitted(plan, approver)
    client.force_login(ministry_staff)
    page = client.get(url("plan_detail", plan)).content.decode()
    assert "Review positively (to the akimat)" in page
    client.post(url("plan_approve", plan))
    plan.refresh_from_db()
    assert plan.state == PlanState.REVIEWED
    client.force_login(approver)
    assert (
        url("plan_approve_regionally", plan)
        in client.get(url("plan_detail", plan)).content.decode()
    )
    client.post(url("plan_approve_regionally", plan), {"decision-comment": ""})
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED


def test_a_new_revision_is_opened_after_approval_only(
    signed_in, plan, press_secretary, ministry_staff
):
    assert signed_in.post(url("plan_revision_open", plan)).status_code == 403
    submitted(plan, press_secretary)
    services.plan_approve(plan=plan, by=ministry_staff)
    response = signed_in.post(url("plan_revision_open", plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.revision, plan.state) == (2, PlanState.DRAFT)


def test_a_step_no_longer_possible_is_refused_with_a_message(staff_client, plan, press_secretary):
    """Two reviewers on one page: the second click finds the plan approved already."""
    submitted(plan, press_secretary)
    page = staff_client.get(url("plan_detail", plan))
    assert page.context["can_review"]
    services.plan_approve(plan=plan, by=None)
    response = staff_client.post(url("plan_return", plan), {"return-comment": "Поздно"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED


# --- Comments -----------------------------------------------------------------------------


def test_comments_on_the_plan_and_on_an_item(signed_in, plan, press_secretary):
    item = plan.items.first()
    signed_in.post(url("plan_comment", plan), {"text": "Общий вопрос"})
    response = signed_in.post(url("plan_comment", plan), {"text": "По пункту", "item": item.pk})
    assert response["Location"].endswith(f"#item-{item.pk}")
    assert [(c.text, c.item_id) for c in PlanComment.objects.order_by("pk")] == [
        ("Общий вопрос", None),
        ("По пункту", item.pk),
    ]
    context = signed_in.get(url("plan_detail", plan)).context
    assert [c.text for c in context["plan_comments"]] == ["Общий вопрос"]
    assert [c.text for c in context["rows"][0].comments] == ["По пункту"]


def test_an_empty_comment_or_another_plans_item_is_400(signed_in, plan, other_agency):
    other = services.plan_create(agency=other_agency, year=2027, by=None)
    foreign = services.item_add(plan=other, by=None, data=item_data())
    assert signed_in.post(url("plan_comment", plan), {"text": "  "}).status_code == 400
    response = signed_in.post(url("plan_comment", plan), {"text": "x", "item": foreign.pk})
    assert response.status_code == 400
    assert PlanComment.objects.count() == 0


# --- Thematic proposals (004 §5) ----------------------------------------------------------


def test_the_agency_sends_its_thematic_proposals_for_the_coming_deadline(
    signed_in, agency, other_agency
):
    response = signed_in.post(
        url("thematic_proposals"), {"agency": agency.pk, "text_ru": "Цифровизация села"}
    )
    assert response.status_code == 302
    proposal = ThematicProposal.objects.get()
    assert (proposal.agency, proposal.text_ru) == (agency, "Цифровизация села")
    assert proposal.due_on in (dt.date(2027, 1, 1), dt.date(2026, 7, 1))
    refused = signed_in.post(url("thematic_proposals"), {"agency": other_agency.pk, "text_ru": "x"})
    assert refused.status_code == 400
    empty = signed_in.post(url("thematic_proposals"), {"agency": agency.pk})
    assert empty.status_code == 400
    assert ThematicProposal.objects.count() == 1


def test_the_authorized_body_sees_every_agencys_proposals(
    staff_client, agency, other_agency, ministry_staff
):
    for each in (agency, other_agency):
        services.thematic_proposal_submit(
            agency=each, due_on=dt.date(2027, 1, 1), texts={"ru": "Темы"}, by=ministry_staff
        )
    response = staff_client.get(url("thematic_proposals"))
    assert {p.agency for p in response.context["page"]} == {agency, other_agency}


def test_a_press_secretary_sees_only_the_agencys_proposals(
    signed_in, agency, other_agency, ministry_staff
):
    services.thematic_proposal_submit(
        agency=other_agency, due_on=dt.date(2027, 1, 1), texts={"ru": "Чужие"}, by=ministry_staff
    )
    response = signed_in.get(url("thematic_proposals"))
    assert list(response.context["page"]) == []
    assert "Чужие" not in response.content.decode()


@pytest.mark.parametrize("size", [1, 4])
def test_the_plan_page_costs_the_same_queries_whatever_its_size(
    signed_in, agency, press_secretary, size, django_assert_num_queries
):
    plan = services.plan_create(agency=agency, year=2027, by=press_secretary)
    for number in range(size):
        item = services.item_add(plan=plan, by=press_secretary, data=item_data())
        services.comment_add(plan=plan, by=press_secretary, text=f"№{number}", item=item)
    # session, user, memberships, unread notifications; the plan, its items, comments,
    # the deadline (none stored: its rule), the calendar's corrections, the revisions and
    # the history, the attachments
    with django_assert_num_queries(13):
        response = signed_in.get(url("plan_detail", plan))
    assert len(response.context["rows"]) == size
