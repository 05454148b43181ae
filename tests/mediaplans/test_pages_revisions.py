"""The difference between two submissions of a plan (issue 9 item 4): item by item (added,
removed, changed, moved) and field by field, in the page's language, the other languages'
changes labelled; bad parameters answer 400 with a translated message."""

import pytest
from django.urls import reverse
from django.utils import translation

from mediaplans import services

from .conftest import item_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_revisions(plan, press_secretary, ministry_staff):
    """Revision 1 approved; revision 2 changes the first item's Russian topic and Kazakh
    speaker, moves the second item first, deletes nothing and adds a third."""
    services.plan_submit(plan=plan, by=press_secretary)
    services.plan_approve(plan=plan, by=ministry_staff)
    services.plan_revision_open(plan=plan, by=press_secretary)
    first, second = plan.items.order_by("position")
    services.item_update(
        item=first,
        by=press_secretary,
        data={"topic_en": "E-services for villages", "speaker_kk": "Ахметов", "month": 4},
        version=first.version,
    )
    plan.refresh_from_db()
    services.items_reorder(
        plan=plan, by=press_secretary, order=[second.pk, first.pk], plan_version=plan.version
    )
    services.item_add(plan=plan, by=press_secretary, data=item_data(topic_en="Youth policy"))
    services.plan_submit(plan=plan, by=press_secretary)
    return plan


def diff_url(plan, **query):
    with translation.override("en"):
        return reverse("mediaplans:plan_revisions", kwargs={"pk": plan.pk}), query


def test_the_difference_item_by_item_and_field_by_field(client, press_secretary, two_revisions):
    client.force_login(press_secretary)
    path, query = diff_url(two_revisions, **{"from": "1.1", "to": "2.1"})
    response = client.get(path, query)
    assert response.status_code == 200
    differences = response.context["differences"]
    assert [(d["kind"], d["moved"], d["topic"]) for d in differences] == [
        ("changed", True, "E-government services"),
        ("changed", True, "E-services for villages"),
        ("added", False, "Youth policy"),
    ]
    changed = differences[1]["changes"]
    assert [(c.label, c.language, c.old, c.new) for c in changed] == [
        ("Topic", "", "E-government services", "E-services for villages"),
        ("Month", "", "March", "April"),
        ("Speaker", "Kazakh", "—", "Ахметов"),
    ]


def test_in_russian_the_changes_in_other_languages_are_labelled_after_the_others(
    client, press_secretary, two_revisions
):
    client.force_login(press_secretary)
    with translation.override("ru"):
        path = reverse("mediaplans:plan_revisions", kwargs={"pk": two_revisions.pk})
    response = client.get(path, {"from": "1.1", "to": "2.1"})
    changed = response.context["differences"][1]["changes"]
    assert [(c.label, c.language) for c in changed] == [
        ("Месяц", ""),
        ("Тема", "Английский"),
        ("Спикер", "Казахский"),
    ]


def test_without_a_choice_the_last_two_submissions_are_compared(
    client, press_secretary, two_revisions
):
    client.force_login(press_secretary)
    path, _query = diff_url(two_revisions)
    response = client.get(path)
    assert (response.context["old"].label, response.context["new"].label) == ("1.1", "2.1")


@pytest.mark.parametrize("query", [{"from": "1.1", "to": "9.1"}, {"from": "x"}, {"to": "2.1"}])
def test_bad_parameters_answer_400_with_a_message(client, press_secretary, two_revisions, query):
    client.force_login(press_secretary)
    path, _query = diff_url(two_revisions)
    with translation.override("en"):
        response = client.get(path, query)
    assert response.status_code == 400
    assert response.context["differences"] is None
    assert response.context["form"].errors


def test_an_unknown_submission_is_named_in_the_message(client, press_secretary, two_revisions):
    client.force_login(press_secretary)
    path, _query = diff_url(two_revisions)
    response = client.get(path, {"from": "1.1", "to": "9.1"})
    assert response.context["form"].errors["to"] == [
        "The plan has no submission “9.1”: choose one from the list."
    ]


def test_a_plan_never_submitted_has_nothing_to_compare(client, press_secretary, plan):
    client.force_login(press_secretary)
    path, _query = diff_url(plan)
    response = client.get(path)
    assert response.status_code == 200
    assert b"nothing to compare" in response.content


def test_the_plan_page_lists_the_revisions_with_links_to_their_difference(
    client, press_secretary, two_revisions
):
    client.force_login(press_secretary)
    with translation.override("en"):
        response = client.get(reverse("mediaplans:plan_detail", kwargs={"pk": two_revisions.pk}))
    assert [revision.label for revision in response.context["revisions"]] == ["1.1", "2.1"]
    path, _query = diff_url(two_revisions)
    assert f"{path}?from=1.1&amp;to=2.1" in response.content.decode()
