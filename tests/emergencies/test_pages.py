"""The emergencies' pages: who opens and closes, who sees a draft, the public page in the
page's language with published statements only, and lists of constant cost."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from monitoring.emergencies import services
from monitoring.emergencies.models import Incident

from .conftest import texts

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"emergencies:{name}", kwargs=kwargs or None)


def test_a_draft_is_never_public(client, incident, published, own_draft):
    page = client.get(url("public_detail", pk=incident.pk)).content.decode()
    assert "PUBLISHED-en" in page
    assert "DRAFT-A" not in page
    api = client.get("/api/v1/emergencies/").json()
    assert [s["id"] for s in api["results"][0]["statements"]] == [published.pk]


def test_without_a_published_statement_the_public_page_is_not_there(client, incident, own_draft):
    assert client.get(url("public_detail", pk=incident.pk)).status_code == 404
    assert b"FLOOD" not in client.get(url("public_list")).content


def test_another_agencys_draft_stays_inside_it(
    client, incident, published, own_draft, other_draft, press_secretary
):
    client.force_login(press_secretary)
    page = client.get(url("incident_detail", pk=incident.pk)).content.decode()
    assert "DRAFT-A-en" in page and "PUBLISHED-en" in page
    assert "DRAFT-B" not in page
    assert client.get(url("statement_edit", pk=other_draft.pk)).status_code == 404
    assert client.post(url("statement_publish", pk=other_draft.pk)).status_code == 404
    other_draft.refresh_from_db()
    assert other_draft.state == "draft"


def test_the_ministry_sees_every_draft(client, incident, own_draft, other_draft, ministry_staff):
    client.force_login(ministry_staff)
    page = client.get(url("incident_detail", pk=incident.pk)).content.decode()
    assert "DRAFT-A-en" in page and "DRAFT-B-en" in page


def test_the_press_secretary_drafts_and_publishes_for_the_agency(
    client, incident, agency, press_secretary
):
    client.force_login(press_secretary)
    response = client.post(
        url("statement_new", pk=incident.pk),
        {"agency": agency.pk, **{f"text_{c}": t for c, t in texts("NEW").items()}},
    )
    assert response.status_code == 302
    statement = incident.statements.get()
    assert client.post(url("statement_publish", pk=statement.pk)).status_code == 302
    statement.refresh_from_db()
    assert statement.state == "published"
    assert b"NEW-en" in client.get(url("public_detail", pk=incident.pk)).content


def test_only_the_coordinating_ministry_opens_and_closes(
    client, incident, press_secretary, ministry_staff, ministry
):
    client.force_login(press_secretary)
    assert client.get(url("incident_new")).status_code == 403
    assert client.post(url("incident_close", pk=incident.pk), {"reason": "x"}).status_code == 403
    incident.refresh_from_db()
    assert incident.is_open
    client.force_login(ministry_staff)
    response = client.post(
        url("incident_new"),
        {
            "coordinator": ministry.pk,
            "kind": "social",
            "started_at": "2026-12-01 10:00",
            "title_ru": "Новое ЧП",
        },
    )
    assert response.status_code == 302
    assert Incident.objects.filter(title_ru="Новое ЧП", coordinator=ministry).exists()


def test_closing_without_a_reason_is_refused_with_a_message(client, incident, ministry_staff):
    client.force_login(ministry_staff)
    response = client.post(url("incident_close", pk=incident.pk), {"reason": ""})
    assert response.status_code == 400
    assert b"This field is required." in response.content
    incident.refresh_from_db()
    assert incident.is_open
    response = client.post(url("incident_close", pk=incident.pk), {"reason": "Су қайтты"})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.state, incident.close_reason) == ("closed", "Су қайтты")


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_public_page_is_in_the_pages_language(client, incident, published, language):
    page = client.get(url("public_detail", language=language, pk=incident.pk)).content.decode()
    assert f'<html lang="{language}">' in page
    assert f"PUBLISHED-{language}" in page
    assert f"FLOOD-{language}" in page
    others = {"kk", "ru", "en"} - {language}
    assert not any(f"PUBLISHED-{code}" in page for code in others)


def _incidents(count, ministry, ministry_staff, agency):
    for number in range(count):
        incident = services.incident_open(
            by=ministry_staff,
            coordinator=ministry,
            title=texts(f"I{number}"),
            kind="other",
            started_at=timezone.now() - dt.timedelta(hours=1),
            agencies=[agency],
        )
        draft = services.statement_draft(
            incident=incident, agency=ministry, by=ministry_staff, text=texts(f"S{number}")
        )
        services.statement_publish(statement=draft, by=ministry_staff)


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "address", ["/en/emergencies/", "/en/emergencies/manage/", "/api/v1/emergencies/"]
)
def test_lists_run_a_constant_number_of_queries(
    client, address, ministry, ministry_staff, agency, press_secretary
):
    client.force_login(press_secretary)
    _incidents(2, ministry, ministry_staff, agency)
    two = _queries(client, address)
    _incidents(8, ministry, ministry_staff, agency)
    assert _queries(client, address) == two


def test_an_empty_form_is_refused_and_nothing_opens(client, ministry_staff, ministry):
    client.force_login(ministry_staff)
    response = client.post(url("incident_new"), {})
    assert response.status_code == 400
    assert not Incident.objects.exists()
