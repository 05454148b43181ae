"""/api/v1/emergencies/: published statements for everyone, drafts of their own agencies
and the staff's fields for members and the ministry; strict filters."""

import pytest

from .conftest import texts  # noqa: F401  (fixtures come from conftest)

pytestmark = pytest.mark.django_db


def test_the_public_reads_published_statements_only(api_client, incident, published, own_draft):
    body = api_client.get(f"/api/v1/emergencies/{incident.pk}/").json()
    assert [s["text_ru"] for s in body["statements"]] == ["PUBLISHED-ru"]
    assert "close_reason" not in body
    assert "state" not in body["statements"][0]


def test_a_member_reads_its_own_drafts_not_others(
    api_client, incident, published, own_draft, other_draft, press_secretary
):
    api_client.force_authenticate(press_secretary)
    body = api_client.get(f"/api/v1/emergencies/{incident.pk}/").json()
    assert [(s["id"], s["state"]) for s in body["statements"]] == [
        (published.pk, "published"),
        (own_draft.pk, "draft"),
    ]
    assert body["close_reason"] == ""


def test_an_incident_without_published_statements_is_not_public(
    api_client, incident, own_draft, press_secretary
):
    assert api_client.get(f"/api/v1/emergencies/{incident.pk}/").status_code == 404
    api_client.force_authenticate(press_secretary)
    assert api_client.get(f"/api/v1/emergencies/{incident.pk}/").status_code == 200


def test_filters_are_strict(api_client, incident, published):
    assert api_client.get("/api/v1/emergencies/?state=open").json()["count"] == 1
    assert api_client.get("/api/v1/emergencies/?state=closed").json()["count"] == 0
    assert api_client.get("/api/v1/emergencies/?stat=open").status_code == 400
    assert api_client.get("/api/v1/emergencies/?state=maybe").status_code == 400
