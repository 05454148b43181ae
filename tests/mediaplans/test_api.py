"""/api/v1/media-plans/: who reads which plans, the filters, the items with their version
check, every review step through the services, revisions and monthly reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIClient

from mediaplans import services
from mediaplans.choices import PlanAction, PlanState
from mediaplans.models import MediaPlan, PlanItem
from portal.directory.choices import AgencyKind, Role
from portal.directory.models import User
from tests.eventgrid.factories import EventFactory
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import item_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    """These tests read the English source texts: the client and the services speak English
    (the Kazakh and Russian texts are the catalogues', tested in tests/l10n)."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


LIST = "/api/v1/media-plans/"


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def plan_url(plan, suffix="") -> str:
    return f"{LIST}{plan.pk}/{suffix}"


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def other_plan(other_agency):
    by = UserFactory()
    MembershipFactory(user=by, agency=other_agency, role=Role.PRESS_SECRETARY)
    plan = services.plan_create(agency=other_agency, year=2027, by=by)
    services.item_add(plan=plan, by=by, data=item_data())
    return plan


def submitted(plan, by):
    services.plan_submit(plan=plan, by=by)
    plan.refresh_from_db()
    return plan


def approved(plan, by, staff):
    services.plan_approve(plan=submitted(plan, by), by=staff)
    plan.refresh_from_db()
    return plan


# --- Who reads what ---------------------------------------------------------------------


def test_a_press_secretary_reads_their_agencys_plans_only(plan, other_plan, press_secretary):
    assert ids(client_for(press_secretary).get(LIST)) == {plan.pk}
    assert client_for(press_secretary).get(plan_url(other_plan)).status_code == 404
    for suffix in ("items/", "revisions/", "reports/", "submit/"):
        method = "post" if suffix == "submit/" else "get"
        response = getattr(client_for(press_secretary), method)(plan_url(other_plan, suffix))
        assert response.status_code == 404, suffix
    other_plan.refresh_from_db()
    assert other_plan.state == PlanState.DRAFT


def test_the_authorized_body_reads_every_plan(plan, other_plan, ministry_staff):
    assert ids(client_for(ministry_staff).get(LIST)) == {plan.pk, other_plan.pk}


def test_plans_are_not_public(plan, journalist):
    assert client_for().get(LIST).status_code == 401
    assert client_for(journalist).get(LIST).status_code == 403
    assert client_for(journalist).get(plan_url(plan)).status_code == 403


def test_a_plan_reads_with_its_items_and_what_is_missing(agency, press_secretary):
    plan = services.plan_create(agency=agency, year=2027, by=press_secretary)
    services.item_add(plan=plan, by=press_secretary, data=item_data(month=None))
    body = client_for(press_secretary).get(plan_url(plan), HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["agency"], body["year"], body["state"], body["revision"]) == (
        agency.slug,
        2027,
        "draft",
        1,
    )
    assert [item["topic_ru"] for item in body["items"]] == ["Услуги электронного правительства"]
    assert body["missing"] == ["Item 1: a month or a quarter."]


# --- Filters ----------------------------------------------------------------------------


def test_filters_by_year_agency_and_state(plan, other_plan, ministry_staff, press_secretary):
    later = services.plan_create(agency=plan.agency, year=2028, by=press_secretary)
    submitted(other_plan, ministry_staff)
    client = client_for(ministry_staff)
    assert ids(client.get(LIST, {"year": 2028})) == {later.pk}
    assert ids(client.get(LIST, {"agency": other_plan.agency.slug})) == {other_plan.pk}
    assert ids(client.get(LIST, {"state": "submitted"})) == {other_plan.pk}
    assert ids(client.get(LIST, {"year": 2027, "state": "draft"})) == {plan.pk}


@pytest.mark.parametrize(
    "query",
    [{"yaer": "2027"}, {"year": "1999"}, {"year": "two"}, {"agency": "nobody"}, {"state": "x"}],
)
def test_a_bad_filter_is_a_400_naming_it(plan, ministry_staff, query):
    response = client_for(ministry_staff).get(LIST, query)
    assert response.status_code == 400
    assert list(response.json()) == list(query)


# --- Creating a plan --------------------------------------------------------------------


def test_a_press_secretary_creates_their_agencys_plan(agency, other_agency, press_secretary):
    client = client_for(press_secretary)
    response = client.post(LIST, {"agency": agency.slug, "year": 2027}, format="json")
    assert response.status_code == 201, response.content
    plan = MediaPlan.objects.get()
    assert (response.json()["id"], plan.agency, plan.state) == (plan.pk, agency, "draft")
    assert plan.history.get().action == PlanAction.CREATED
    again = client.post(LIST, {"agency": agency.slug, "year": 2027}, format="json")
    assert again.status_code == 400
    assert again.json() == {"year": ["The agency already has a media-plan for this year."]}
    other = client.post(LIST, {"agency": other_agency.slug, "year": 2027}, format="json")
    assert other.json() == {"agency": ["You may not make media-plans of this agency."]}
    assert MediaPlan.objects.count() == 1


def test_creating_refuses_unknown_keys_in_the_requests_language(agency, press_secretary):
    client = client_for(press_secretary)
    unknown = client.post(
        LIST,
        {"agency": agency.slug, "year": 2027, "state": "approved"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert (unknown.status_code, unknown.json()) == (400, {"state": ["Unknown parameter."]})
    missing = client.post(LIST, {"agency": agency.slug}, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    assert (missing.status_code, missing.json()) == (400, {"year": ["Обязательное поле."]})
    assert not MediaPlan.objects.exists()


# --- Items and the version check (issue 9 items 1, 5) -----------------------------------


def test_items_are_added_changed_and_deleted_on_a_draft(plan, press_secretary):
    client = client_for(press_secretary)
    added = client.post(plan_url(plan, "items/"), item_data(topic_ru="Третий"), format="json")
    assert added.status_code == 201, added.content
    item = PlanItem.objects.get(pk=added.json()["id"])
    assert (item.topic_ru, item.position, item.formats) == ("Третий", 3, ["briefing"])
    url = plan_url(plan, f"items/{item.pk}/")
    changed = client.patch(
        url, {"version": item.version, "quarter": 2, "month": None}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert (changed.json()["quarter"], changed.json()["version"]) == (2, item.version + 1)
    deleted = client.delete(f"{url}?version={item.version + 1}")
    assert deleted.status_code == 204
    assert not PlanItem.objects.filter(pk=item.pk).exists()


def test_the_second_save_of_a_stale_item_is_a_409_and_changes_nothing(plan, press_secretary):
    item = plan.items.first()
    read_by_both = item.version
    client = client_for(press_secretary)
    url = plan_url(plan, f"items/{item.pk}/")
    assert (
        client.patch(url, {"version": read_by_both, "month": 6}, format="json").status_code == 200
    )
    stale = client.patch(url, {"version": read_by_both, "month": 7}, format="json")
    assert stale.status_code == 409
    assert stale.json()["detail"].startswith("Someone else changed this media-plan")
    assert client.delete(f"{url}?version={read_by_both}").status_code == 409
    item.refresh_from_db()
    assert item.month == 6


def test_a_new_item_on_a_plan_changed_since_is_a_409(plan, press_secretary):
    response = client_for(press_secretary).post(
        plan_url(plan, "items/"), item_data(plan_version=plan.version - 1), format="json"
    )
    assert response.status_code == 409
    assert plan.items.count() == 2


def test_a_change_or_deletion_without_version_is_a_400(plan, press_secretary):
    item = plan.items.first()
    url = plan_url(plan, f"items/{item.pk}/")
    client = client_for(press_secretary)
    response = client.patch(url, {"month": 6}, format="json")
    assert (response.status_code, list(response.json())) == (400, ["version"])
    assert client.delete(url).status_code == 400
    item.refresh_from_db()
    assert item.month == 3


@pytest.mark.parametrize(
    "change",
    [
        {"formats": ["telepathy"]},
        {"month": 13},
        {"month": 3, "quarter": 2},
        {"topic_kk": "x" * 501},
        {"topic_kk": None},
        {"position": 1},
    ],
)
def test_bad_item_input_is_a_400_that_changes_nothing(plan, press_secretary, change):
    item = plan.items.first()
    before = (item.version, item.month, item.quarter, item.formats, item.topic_kk)
    response = client_for(press_secretary).patch(
        plan_url(plan, f"items/{item.pk}/"), {"version": item.version, **change}, format="json"
    )
    assert response.status_code == 400, response.content
    item.refresh_from_db()
    assert (item.version, item.month, item.quarter, item.formats, item.topic_kk) == before


def test_formats_are_kept_once_in_the_order_of_the_choices(plan, press_secretary):
    response = client_for(press_secretary).post(
        plan_url(plan, "items/"),
        item_data(formats=["interview", "briefing", "interview"]),
        format="json",
    )
    assert PlanItem.objects.get(pk=response.json()["id"]).formats == ["briefing", "interview"]


def test_the_press_office_cannot_change_a_plan_under_review(plan, press_secretary):
    submitted(plan, press_secretary)
    item = plan.items.first()
    client = client_for(press_secretary)
    url = plan_url(plan, f"items/{item.pk}/")
    assert (
        client.patch(url, {"version": item.version, "month": 9}, format="json").status_code == 403
    )
    assert client.post(plan_url(plan, "items/"), item_data(), format="json").status_code == 403
    assert client.delete(f"{url}?version={item.version}").status_code == 403
    item.refresh_from_db()
    assert (item.month, plan.items.count()) == (3, 2)


def test_the_authorized_body_amends_a_plan_under_review(plan, press_secretary, ministry_staff):
    submitted(plan, press_secretary)
    item = plan.items.first()
    response = client_for(ministry_staff).patch(
        plan_url(plan, f"items/{item.pk}/"),
        {"version": item.version, "month": 9, "comment": "Перенесено на сентябрь"},
        format="json",
    )
    assert response.status_code == 200, response.content
    change = plan.history.get(action=PlanAction.AMENDED)
    assert (change.actor, change.comment) == (ministry_staff, "Перенесено на сентябрь")


# --- The review's steps (000 §2.2–2.4; 004 §5) ------------------------------------------


def step(user, plan, name, data=None):
    return client_for(user).post(plan_url(plan, f"{name}/"), data or {}, format="json")


def test_submit_return_resubmit_approve_and_open_a_revision(plan, press_secretary, ministry_staff):
    response = step(press_secretary, plan, "submit")
    assert (response.status_code, response.json()["state"]) == (200, "submitted")
    assert plan.revisions.get().snapshot["items"][0]["month"] == 3
    returned = step(ministry_staff, plan, "return", {"comment": "Добавьте аудитории"})
    assert returned.json()["state"] == "returned"
    assert plan.comments.get().text == "Добавьте аудитории"
    assert step(press_secretary, plan, "submit").json()["state"] == "submitted"
    approved_ = step(ministry_staff, plan, "approve", {"comment": "Келісілді"})
    assert approved_.json()["state"] == "approved"
    reopened = step(press_secretary, plan, "open-revision")
    assert (reopened.json()["state"], reopened.json()["revision"]) == ("draft", 2)
    assert [change.action for change in plan.history.order_by("at", "pk")] == [
        PlanAction.CREATED,
        PlanAction.SUBMITTED,
        PlanAction.RETURNED,
        PlanAction.RESUBMITTED,
        PlanAction.APPROVED,
        PlanAction.REVISION_OPENED,
    ]


def test_returning_without_a_comment_is_a_400_that_changes_nothing(
    plan, press_secretary, ministry_staff
):
    submitted(plan, press_secretary)
    for body in ({}, {"comment": "   "}):
        response = step(ministry_staff, plan, "return", body)
        assert (response.status_code, list(response.json())) == (400, ["comment"])
    plan.refresh_from_db()
    assert (plan.state, plan.comments.count()) == (PlanState.SUBMITTED, 0)


def test_submitting_an_incomplete_plan_says_what_is_missing(agency, press_secretary):
    plan = services.plan_create(agency=agency, year=2027, by=press_secretary)
    response = step(press_secretary, plan, "submit")
    assert (response.status_code, response.json()) == (400, ["The plan has no items yet."])
    plan.refresh_from_db()
    assert (plan.state, plan.revisions.count()) == (PlanState.DRAFT, 0)


@pytest.mark.parametrize("name", ["return", "approve", "approve-regionally", "open-revision"])
def test_the_press_office_does_not_review_its_own_plan(plan, press_secretary, name):
    submitted(plan, press_secretary)
    response = step(press_secretary, plan, name, {"comment": "Сам себе"})
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED


def test_a_step_the_state_refuses_is_a_403_that_changes_nothing(plan, ministry_staff):
    assert step(ministry_staff, plan, "approve").status_code == 403
    assert step(ministry_staff, plan, "open-revision").status_code == 403
    plan.refresh_from_db()
    assert (plan.state, plan.history.count()) == (PlanState.DRAFT, 1)


def test_a_regional_plan_is_reviewed_then_approved_by_the_akimat(ministry_staff):
    akimat = AgencyFactory(kind=AgencyKind.LOCAL_BODY)
    approver, secretary = UserFactory(), UserFactory()
    MembershipFactory(user=approver, agency=akimat, role=Role.REGIONAL_APPROVER)
    MembershipFactory(user=secretary, agency=akimat, role=Role.PRESS_SECRETARY)
    plan = services.plan_create(agency=akimat, year=2027, by=secretary)
    services.item_add(plan=plan, by=secretary, data=item_data())
    submitted(plan, secretary)
    assert step(ministry_staff, plan, "approve").json()["state"] == "reviewed"
    assert step(secretary, plan, "approve-regionally").status_code == 403
    assert step(ministry_staff, plan, "approve-regionally").status_code == 403
    response = step(approver, plan, "approve-regionally", {"comment": "Бекітілді"})
    assert (response.status_code, response.json()["state"]) == (200, "approved")


# --- Revisions --------------------------------------------------------------------------


def test_revisions_list_without_and_read_with_their_snapshot(plan, press_secretary, ministry_staff):
    approved(plan, press_secretary, ministry_staff)
    client = client_for(press_secretary)
    rows = client.get(plan_url(plan, "revisions/")).json()["results"]
    assert [(row["label"], row["outcome"]) for row in rows] == [("1.1", "approved")]
    assert "snapshot" not in rows[0]
    body = client.get(plan_url(plan, f"revisions/{rows[0]['id']}/")).json()
    assert [item["topic"]["ru"] for item in body["snapshot"]["items"]] == [
        "Услуги электронного правительства",
        "Второй",
    ]
    assert client.post(plan_url(plan, "revisions/"), {}, format="json").status_code == 405


# --- Monthly reports (004 §8) -----------------------------------------------------------


def test_a_report_is_written_and_sent_on_an_approved_plan(plan, press_secretary, ministry_staff):
    client = client_for(press_secretary)
    item = plan.items.first()
    entry = {"item": item.pk, "status": "done", "text_ru": "Проведён брифинг", "links": []}
    refused = client.put(plan_url(plan, "reports/3/"), {"entries": [entry]}, format="json")
    assert refused.json() == ["Only an approved media-plan is reported on."]
    approved(plan, press_secretary, ministry_staff)
    event = EventFactory(agency=plan.agency)
    foreign = EventFactory(agency=AgencyFactory())
    bad = client.put(
        plan_url(plan, "reports/3/"),
        {"entries": [{**entry, "events": [foreign.pk]}]},
        format="json",
    )
    assert (bad.status_code, list(bad.json())) == (400, ["entries"])
    saved = client.put(
        plan_url(plan, "reports/3/"),
        {"entries": [{**entry, "links": ["https://gov.kz/news/1"], "events": [event.pk]}]},
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["entries"] == [
        {
            "item": item.pk,
            "status": "done",
            "status_display": "Done",
            "text_kk": "",
            "text_ru": "Проведён брифинг",
            "text_en": "",
            "links": ["https://gov.kz/news/1"],
            "events": [event.pk],
        }
    ]
    sent = client.post(plan_url(plan, "reports/3/submit/"))
    assert sent.status_code == 200 and sent.json()["submitted_at"]
    again = client.post(plan_url(plan, "reports/3/submit/"))
    assert again.json() == ["This report was already sent."]
    assert client.get(plan_url(plan, "reports/")).json()["results"][0]["month"] == 3


def test_a_report_names_only_the_plans_own_items(plan, other_plan, press_secretary, ministry_staff):
    approved(plan, press_secretary, ministry_staff)
    foreign_item = other_plan.items.first()
    response = client_for(press_secretary).put(
        plan_url(plan, "reports/3/"),
        {"entries": [{"item": foreign_item.pk, "status": "done", "links": []}]},
        format="json",
    )
    assert response.status_code == 400
    assert not plan.reports.exists()


# --- Query counts -----------------------------------------------------------------------


def _count(user, url) -> int:
    """Queries of one request, the user read afresh (its memberships are cached on it)."""
    client = client_for(User.objects.get(pk=user.pk))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _grow(plan, by, ministry_staff, n):
    """n more agencies' approved plans of 2027 with items, revisions and a report each."""
    for _ in range(n):
        agency = AgencyFactory()
        other = services.plan_create(agency=agency, year=2027, by=by)
        for month in (1, 2, 3):
            services.item_add(plan=other, by=by, data=item_data(month=month))
        approved(other, by, ministry_staff)
    for month in (4, 5):
        services.item_add(plan=plan, by=by, data=item_data(month=month))


def test_the_lists_cost_the_same_queries_at_two_sizes(plan, press_secretary, ministry_staff):
    approved(plan, press_secretary, ministry_staff)
    services.report_save(
        plan=plan,
        month=1,
        by=press_secretary,
        entries=[{"item": item, "status": "done"} for item in plan.items.all()],
    )
    urls = [
        LIST,
        plan_url(plan),
        plan_url(plan, "items/"),
        plan_url(plan, "revisions/"),
        plan_url(plan, "reports/"),
    ]
    small = [_count(ministry_staff, url) for url in urls]
    services.plan_revision_open(plan=plan, by=press_secretary)
    _grow(plan, ministry_staff, ministry_staff, 3)
    approved(plan, press_secretary, ministry_staff)
    services.report_save(
        plan=plan,
        month=2,
        by=press_secretary,
        entries=[{"item": item, "status": "done"} for item in plan.items.all()],
    )
    assert MediaPlan.objects.count() == 4 and plan.items.count() == 4
    assert [_count(ministry_staff, url) for url in urls] == small
