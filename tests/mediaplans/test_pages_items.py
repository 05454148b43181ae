"""Editing the items on the plan's page (issue 9 items 2 and 5): the page's script posts to
small JSON endpoints, a browser without it posts the same forms and is redirected. A save
against a version someone else changed meanwhile answers 409 with the stale message and
keeps what was typed; a bad form answers 400 with its errors; neither saves anything."""

import pytest
from django.urls import reverse
from django.utils import translation

from mediaplans import services
from mediaplans.choices import PlanAction
from mediaplans.models import PlanItem

from .conftest import item_data

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def signed_in(client, press_secretary):
    client.force_login(press_secretary)
    return client


def form_data(plan=None, item=None, **fields) -> dict:
    """What the item's form posts: every field, the versions read."""
    data = {
        name: value for name, value in item_data().items() if name not in ("formats", "channels")
    }
    data.update(formats=["briefing"], channels=["tv", "online"])
    if plan is not None:
        data["plan_version"] = plan.version
    if item is not None:
        data["version"] = item.version
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}


def item_url(name, item):
    return reverse(f"mediaplans:{name}", kwargs={"pk": item.plan_id, "item_pk": item.pk})


def add_url(plan):
    return reverse("mediaplans:item_add", kwargs={"pk": plan.pk})


def topics(plan):
    return list(plan.items.order_by("position", "pk").values_list("topic_ru", flat=True))


# --- Through the page's script (JSON) -------------------------------------------------------


def test_adding_answers_the_new_row_and_the_plans_new_version(signed_in, plan):
    response = signed_in.post(add_url(plan), form_data(plan, topic_ru="Третий"), **JSON)
    assert response.status_code == 201
    answer = response.json()
    item = plan.items.get(topic_ru="Третий")
    plan.refresh_from_db()
    assert (answer["ok"], answer["item"], answer["plan_version"]) == (
        True,
        {"id": item.pk, "version": 1},
        plan.version,
    )
    assert answer["order"] == list(plan.items.order_by("position").values_list("pk", flat=True))
    assert f'id="item-{item.pk}"' in answer["row"] and "E-government services" in answer["row"]
    assert 'name="plan_version"' in answer["add_form"]
    assert "can be submitted" in answer["missing"]


def test_editing_answers_the_row_with_the_items_new_version(signed_in, plan):
    item = plan.items.first()
    data = form_data(item=item, topic_ru="Новая тема", month=None, quarter=2)
    response = signed_in.post(item_url("item_edit", item), data, **JSON)
    assert response.status_code == 200
    item.refresh_from_db()
    assert (item.topic_ru, item.month, item.quarter, item.version) == ("Новая тема", None, 2, 2)
    answer = response.json()
    assert answer["item"] == {"id": item.pk, "version": 2}
    assert 'name="version" value="2"' in answer["row"]


def test_a_stale_edit_answers_409_and_keeps_what_was_typed(signed_in, plan, press_secretary):
    item = plan.items.first()
    read = item.version
    services.item_update(item=item, by=press_secretary, data={"month": 6}, version=read)
    data = form_data(topic_ru="То, что я набрал", version=read)
    response = signed_in.post(item_url("item_edit", item), data, **JSON)
    assert response.status_code == 409
    answer = response.json()
    assert answer["message"] == str(services.STALE_MESSAGE)
    assert "То, что я набрал" in answer["form"]
    assert f'name="version" value="{read + 1}"' in answer["form"]  # saving again is a choice
    item.refresh_from_db()
    assert (item.month, item.topic_ru) == (6, "Услуги электронного правительства")


def test_a_stale_add_answers_409_and_saves_nothing(signed_in, plan, press_secretary):
    read = plan.version
    services.item_add(plan=plan, by=press_secretary, data=item_data(topic_ru="Чужой"))
    response = signed_in.post(
        add_url(plan), form_data(topic_ru="Мой пункт", plan_version=read), **JSON
    )
    assert response.status_code == 409
    assert "Мой пункт" in response.json()["form"]
    assert "Мой пункт" not in topics(plan)


def test_a_bad_item_answers_400_with_the_fields_errors_and_saves_nothing(signed_in, plan):
    data = form_data(
        plan,
        topic_kk="",
        topic_ru="",
        topic_en="",
        month=3,
        quarter=1,
        formats=["telepathy"],
    )
    response = signed_in.post(add_url(plan), data, **JSON)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert set(errors) == {"topic_kk", "quarter", "formats"}
    assert errors["quarter"][0]["message"] == "Give a month or a quarter, not both."
    assert plan.items.count() == 2


def test_delete_and_moves_answer_the_new_order(signed_in, plan):
    first, second = plan.items.order_by("position")
    plan.refresh_from_db()
    response = signed_in.post(
        item_url("item_move", second), {"direction": "up", "plan_version": plan.version}, **JSON
    )
    assert response.json()["order"] == [second.pk, first.pk]
    assert topics(plan) == ["Второй", "Услуги электронного правительства"]
    stale = signed_in.post(
        item_url("item_move", second), {"direction": "down", "plan_version": plan.version}, **JSON
    )
    assert stale.status_code == 409
    assert stale.json()["message"] == str(services.STALE_MESSAGE)
    response = signed_in.post(item_url("item_delete", first), {"version": first.version}, **JSON)
    assert response.status_code == 200
    assert response.json()["order"] == [second.pk]
    assert "can be submitted" in response.json()["missing"]  # the one left is complete
    assert topics(plan) == ["Второй"]


def test_a_stale_delete_is_refused(signed_in, plan, press_secretary):
    item = plan.items.first()
    read = item.version
    services.item_update(item=item, by=press_secretary, data={"month": 6}, version=read)
    response = signed_in.post(item_url("item_delete", item), {"version": read}, **JSON)
    assert response.status_code == 409
    assert plan.items.filter(pk=item.pk).exists()


def test_the_endpoints_need_the_csrf_header_or_token(client, plan, press_secretary):
    from django.test import Client

    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(press_secretary)
    response = guarded.post(add_url(plan), form_data(plan), **JSON)
    assert response.status_code == 403
    assert plan.items.count() == 2


def test_items_of_a_submitted_plan_are_not_the_press_offices_to_change(
    signed_in, plan, press_secretary
):
    services.plan_submit(plan=plan, by=press_secretary)
    item = plan.items.first()
    assert signed_in.post(add_url(plan), form_data(plan), **JSON).status_code == 403
    assert signed_in.post(item_url("item_edit", item), form_data(item=item)).status_code == 403


def test_the_authorized_body_amends_a_plan_under_review_with_a_comment(
    client, plan, press_secretary, ministry_staff
):
    services.plan_submit(plan=plan, by=press_secretary)
    client.force_login(ministry_staff)
    item = plan.items.first()
    data = form_data(item=item, month=4, comment="Перенесено на апрель")
    response = client.post(item_url("item_edit", item), data, **JSON)
    assert response.status_code == 200
    item.refresh_from_db()
    assert item.month == 4
    change = plan.history.last()
    assert (change.action, change.comment) == (PlanAction.AMENDED, "Перенесено на апрель")


# --- Without the script: ordinary forms and redirects ----------------------------------------


def test_without_the_script_adding_redirects_to_the_new_item(signed_in, plan):
    response = signed_in.post(add_url(plan), form_data(plan, topic_ru="Третий"))
    item = plan.items.get(topic_ru="Третий")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/media-plans/{plan.pk}/#item-{item.pk}")


def test_without_the_script_a_bad_item_is_the_form_again_with_everything_typed(signed_in, plan):
    data = form_data(plan, topic_kk="", topic_ru="", topic_en="", speaker_ru="Иванов И.")
    response = signed_in.post(add_url(plan), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Иванов И." in body and "Give it in one language at least" in body
    assert plan.items.count() == 2


def test_without_the_script_an_item_is_edited_on_its_own_page(signed_in, plan):
    item = plan.items.first()
    page = signed_in.get(item_url("item_edit", item))
    assert page.status_code == 200
    assert page.context["form"].initial["topic_ru"] == "Услуги электронного правительства"
    response = signed_in.post(
        item_url("item_edit", item), form_data(item=item, speaker_kk="Ахметов")
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.speaker_kk == "Ахметов"


def test_without_the_script_a_stale_edit_is_409_with_what_was_typed(
    signed_in, plan, press_secretary
):
    item = plan.items.first()
    read = item.version
    services.item_update(item=item, by=press_secretary, data={"month": 6}, version=read)
    response = signed_in.post(
        item_url("item_edit", item), form_data(speaker_ru="Мой", version=read)
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Someone else changed this media-plan" in body and "Мой" in body


def test_without_the_script_moves_and_deletes_redirect_to_the_items(signed_in, plan):
    first, second = plan.items.order_by("position")
    plan.refresh_from_db()
    response = signed_in.post(
        item_url("item_move", first), {"direction": "down", "plan_version": plan.version}
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#item-{first.pk}")
    assert topics(plan) == ["Второй", "Услуги электронного правительства"]
    response = signed_in.post(item_url("item_delete", second), {"version": second.version})
    assert response.status_code == 302
    assert topics(plan) == ["Услуги электронного правительства"]
    stale = signed_in.post(item_url("item_delete", first), {"version": 99}, follow=True)
    assert "Someone else changed" in stale.content.decode()
    assert PlanItem.objects.filter(pk=first.pk).exists()
