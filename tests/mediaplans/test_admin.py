"""The media-plans' back office: ministry staff take every review step here through the same
services (000 §2.2–2.4), items change inline through the item services, a press secretary
sees only their agency's plans, and nothing frozen is edited or shown as JSON."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from mediaplans import services
from mediaplans.choices import PlanAction, PlanState
from mediaplans.models import PlanItem
from portal.directory.choices import AgencyKind, Role
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import item_data

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """The values a browser would send for the page's main form (the change form)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                self.data[name] = attrs.get("value", "")
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.lstrip("\n") if not self.data[self._textarea] else data
            )


def change_form(client, plan) -> dict:
    response = client.get(change_url(plan))
    assert response.status_code == 200
    parser = _Form()
    parser.feed(response.content.decode())
    return parser.data


def admin_url(name, *args) -> str:
    """In English: the messages asserted are the English source."""
    with translation.override("en"):
        return reverse(name, args=args)


def change_url(plan) -> str:
    return admin_url("admin:mediaplans_mediaplan_change", plan.pk)


def step_url(plan, step) -> str:
    return admin_url(f"admin:mediaplans_mediaplan_{step}", plan.pk)


def signed_in(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def staff(client, ministry_staff):
    return signed_in(client, ministry_staff)


def submitted(plan, by):
    services.plan_submit(plan=plan, by=by)
    plan.refresh_from_db()
    return plan


# --- Whose plans ---------------------------------------------------------------------------


def test_a_press_secretary_sees_only_their_agencys_plans(
    client, plan, other_agency, press_secretary
):
    other = services.plan_create(agency=other_agency, year=2027, by=press_secretary)
    signed_in(client, press_secretary)
    listing = client.get(admin_url("admin:mediaplans_mediaplan_changelist"))
    assert list(listing.context["cl"].queryset) == [plan]
    assert client.get(change_url(other)).status_code == 302  # "not there", to the index
    assert client.get(step_url(plan, "approve")).status_code == 403


def test_the_roles_groups_carry_the_media_plan_permissions():
    codenames = {
        role: set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        for role in (Role.PRESS_SECRETARY, Role.AUTHORIZED_STAFF, Role.REGIONAL_APPROVER)
    }
    assert {"change_mediaplan", "change_planitem", "delete_planitem"} <= codenames[
        "press_secretary"
    ]
    assert "view_consolidatedplan" in codenames["authorized_staff"]
    assert "view_consolidatedplan" not in codenames["press_secretary"]
    assert "change_planitem" not in codenames["regional_approver"]
    assert "delete_mediaplan" not in set().union(*codenames.values())


def test_the_list_filters_by_year_state_kind_and_region(staff, plan):
    response = staff.get(
        admin_url("admin:mediaplans_mediaplan_changelist"),
        {"year": 2027, "state__exact": "draft", "agency__kind__exact": plan.agency.kind},
    )
    assert list(response.context["cl"].queryset) == [plan]
    searched = staff.get(
        admin_url("admin:mediaplans_mediaplan_changelist"), {"q": plan.agency.name_ru}
    )
    assert list(searched.context["cl"].queryset) == [plan]


def test_a_plan_is_added_through_the_service(client, agency, other_agency, press_secretary):
    signed_in(client, press_secretary)
    url = admin_url("admin:mediaplans_mediaplan_add")
    refused = client.post(url, {"agency": other_agency.pk, "year": 2027})
    assert refused.status_code == 200 and "agency" in refused.context["form"].errors
    response = client.post(url, {"agency": agency.pk, "year": 2027})
    plan = agency.media_plans.get()
    assert response["Location"] == change_url(plan)
    assert plan.history.get().action == PlanAction.CREATED
    again = client.post(url, {"agency": agency.pk, "year": 2027})
    assert again.context["form"].errors == {
        "year": ["The agency already has a media-plan for this year."]
    }


# --- The review's steps (000 §2.2–2.4) ------------------------------------------------------


def test_staff_return_with_a_required_comment_then_approve(staff, plan, press_secretary):
    submitted(plan, press_secretary)
    empty = staff.post(step_url(plan, "return"), {"return-comment": "  "})
    assert empty.status_code == 200 and empty.context["form"].errors
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    returned = staff.post(step_url(plan, "return"), {"return-comment": "Добавьте аудитории"})
    assert returned["Location"] == change_url(plan)
    plan.refresh_from_db()
    assert (plan.state, plan.comments.get().text) == (PlanState.RETURNED, "Добавьте аудитории")
    submitted(plan, press_secretary)
    staff.post(step_url(plan, "approve"), {"decision-comment": ""})
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED


def test_a_refused_step_shows_the_services_message_and_changes_nothing(staff, plan):
    page = staff.get(step_url(plan, "approve"))
    assert page.status_code == 200 and page.context["possible"] is False
    response = staff.post(step_url(plan, "approve"), {"decision-comment": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The media-plan is Draft: this step is not possible now."
    ]
    plan.refresh_from_db()
    assert (plan.state, plan.history.count(), plan.revisions.count()) == (PlanState.DRAFT, 1, 0)


def test_a_regional_plan_is_reviewed_in_the_admin_then_approved_by_the_akimat(
    client, ministry_staff
):
    akimat = AgencyFactory(kind=AgencyKind.LOCAL_BODY)
    approver = UserFactory()
    MembershipFactory(user=approver, agency=akimat, role=Role.REGIONAL_APPROVER)
    plan = services.plan_create(agency=akimat, year=2027, by=approver)
    services.item_add(plan=plan, by=approver, data=item_data())
    submitted(plan, approver)
    signed_in(client, ministry_staff)
    page = client.get(change_url(plan))
    assert "Positive review" in page.content.decode()
    assert client.get(step_url(plan, "regional")).status_code == 403
    client.post(step_url(plan, "approve"), {"decision-comment": ""})
    plan.refresh_from_db()
    assert plan.state == PlanState.REVIEWED
    signed_in(client, approver)
    client.post(step_url(plan, "regional"), {"decision-comment": "Бекітілді"})
    plan.refresh_from_db()
    assert plan.state == PlanState.APPROVED
    assert plan.history.last().comment == "Бекітілді"


def test_bulk_approval_approves_the_submitted_and_names_the_refused(
    staff, plan, agency, press_secretary, other_agency
):
    submitted(plan, press_secretary)
    draft = services.plan_create(agency=other_agency, year=2027, by=press_secretary)
    response = staff.post(
        admin_url("admin:mediaplans_mediaplan_changelist"),
        {"action": "approve_selected", "_selected_action": [plan.pk, draft.pk]},
        follow=True,
    )
    plan.refresh_from_db()
    draft.refresh_from_db()
    assert (plan.state, draft.state) == (PlanState.APPROVED, PlanState.DRAFT)
    shown = messages_of(response)
    assert any(message.startswith(str(draft)) for message in shown)


def test_bulk_return_asks_for_the_comment_first(staff, plan, press_secretary):
    submitted(plan, press_secretary)
    changelist = admin_url("admin:mediaplans_mediaplan_changelist")
    chosen = {"action": "return_selected", "_selected_action": [plan.pk]}
    page = staff.post(changelist, chosen)
    assert page.status_code == 200 and list(page.context["plans"]) == [plan]
    staff.post(changelist, {**chosen, "apply": "1", "return-comment": ""})
    plan.refresh_from_db()
    assert plan.state == PlanState.SUBMITTED
    staff.post(changelist, {**chosen, "apply": "1", "return-comment": "Уточните сроки"})
    plan.refresh_from_db()
    assert (plan.state, plan.comments.get().text) == (PlanState.RETURNED, "Уточните сроки")


def test_the_press_office_has_no_review_actions(client, plan, press_secretary):
    signed_in(client, press_secretary)
    response = client.get(admin_url("admin:mediaplans_mediaplan_changelist"))
    form = response.context["action_form"]  # None: no action at all
    actions = [value for value, _label in form.fields["action"].choices] if form else []
    assert "approve_selected" not in actions and "return_selected" not in actions


# --- Items inline, through the services -----------------------------------------------------


def test_the_press_office_edits_an_item_inline_through_the_service(client, plan, press_secretary):
    signed_in(client, press_secretary)
    data = change_form(client, plan)
    assert data["items-0-formats"] == ["briefing"]  # checkboxes, not a JSON textarea
    item = plan.items.get(pk=data["items-0-id"])
    data.update({"items-0-month": "", "items-0-quarter": "2", "items-0-channels": ["radio"]})
    response = client.post(change_url(plan), data)
    assert response.status_code == 302, response.context and response.context["errors"]
    item.refresh_from_db()
    assert (item.month, item.quarter, item.channels, item.version) == (None, 2, ["radio"], 2)


def test_a_stale_inline_save_is_refused_and_keeps_what_was_typed(client, plan, press_secretary):
    signed_in(client, press_secretary)
    data = change_form(client, plan)
    item = plan.items.get(pk=data["items-0-id"])
    services.item_update(item=item, by=press_secretary, data={"month": 6}, version=item.version)
    data["items-0-topic_ru"] = "Моя правка"
    response = client.post(change_url(plan), data)
    assert response.status_code == 200
    assert str(services.STALE_MESSAGE) in response.content.decode()
    assert "Моя правка" in response.content.decode()
    item.refresh_from_db()
    assert (item.month, item.topic_ru) == (6, "Услуги электронного правительства")


def test_an_inline_item_is_added_and_deleted_through_the_services(client, plan, press_secretary):
    signed_in(client, press_secretary)
    data = change_form(client, plan)
    first = data["items-0-id"]
    data.update(
        {
            "items-TOTAL_FORMS": "3",
            "items-2-plan": str(plan.pk),
            "items-2-topic_kk": "Жаңа",
            "items-2-strategic_direction_kk": "Бағыт",
            "items-2-formats": ["interview"],
            "items-2-month": "9",
            "items-0-DELETE": "on",
        }
    )
    response = client.post(change_url(plan), data)
    assert response.status_code == 302
    assert not PlanItem.objects.filter(pk=first).exists()
    added = plan.items.get(topic_kk="Жаңа")
    assert (added.formats, added.month, added.position, plan.items.count()) == (
        ["interview"],
        9,
        3,
        2,
    )


def test_staff_amend_under_review_and_the_amendment_is_recorded(staff, plan, press_secretary):
    submitted(plan, press_secretary)
    data = change_form(staff, plan)
    data["items-0-month"] = "11"
    assert staff.post(change_url(plan), data).status_code == 302
    assert plan.items.get(pk=data["items-0-id"]).month == 11
    assert plan.history.filter(action=PlanAction.AMENDED).count() == 1


def test_the_press_office_cannot_change_items_under_review(client, plan, press_secretary):
    submitted(plan, press_secretary)
    signed_in(client, press_secretary)
    data = change_form(client, plan)
    assert "items-0-month" not in data  # shown read-only
    item = plan.items.order_by("position").first()
    client.post(change_url(plan), {**data, "items-0-month": "11"})
    item.refresh_from_db()
    assert item.month == 3


def test_a_comment_is_added_inline_through_the_service(client, plan, press_secretary):
    signed_in(client, press_secretary)
    data = change_form(client, plan)
    data["comments-0-text"] = "Дополним до пятницы"
    assert client.post(change_url(plan), data).status_code == 302
    comment = plan.comments.get()
    assert (comment.author, comment.text, comment.revision) == (
        press_secretary,
        "Дополним до пятницы",
        1,
    )


# --- Shown only -----------------------------------------------------------------------------


def test_a_revision_reads_as_a_table_not_json(staff, plan, press_secretary):
    revision = services.plan_submit(plan=plan, by=press_secretary)
    response = staff.get(admin_url("admin:mediaplans_planrevision_change", revision.pk))
    content = response.content.decode()
    assert "<table>" in content and "E-government services" in content
    assert '"topic"' not in content and "<textarea" not in content
    assert (
        staff.post(admin_url("admin:mediaplans_planrevision_change", revision.pk), {}).status_code
        == 403
    )
