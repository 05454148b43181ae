"""Holes found by probing the running portal: each test is the probe that found one."""

import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import models

from portal.deadlines.models import CalendarFeed
from portal.deadlines.services import calendar_feed_regenerate

# A field with one of these names holds a secret that no URL of the admin may show.
SECRET_FIELD = re.compile(r"token|secret|password|key", re.IGNORECASE)


def _secret_value(field) -> str:
    return f"sentinel{field.name.replace('_', '')}"


def _models_with_a_url():
    return [model for model in apps.get_models() if hasattr(model, "get_absolute_url")]


@pytest.mark.django_db
def test_view_on_site_in_the_admin_does_not_reveal_anothers_calendar_feed(
    client, press_secretary, ministry_staff
):
    feed = calendar_feed_regenerate(user=ministry_staff)
    client.force_login(press_secretary)
    content_type = ContentType.objects.get_for_model(CalendarFeed)
    response = client.get(f"/en/admin/r/{content_type.pk}/{feed.pk}/")
    assert response.status_code == 404
    assert feed.token not in response.get("Location", "")
    assert feed.token not in response.content.decode()


@pytest.mark.parametrize("model", _models_with_a_url(), ids=lambda model: model._meta.label)
def test_no_get_absolute_url_contains_a_secret_field(model):
    """`get_absolute_url` is what the admin's "view on site" redirects any staff member to."""
    values = {"pk": 1}
    secrets = []
    for field in model._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            values[field.attname] = _secret_value(field)
            if SECRET_FIELD.search(field.name):
                secrets.append(values[field.attname])
    url = model(**values).get_absolute_url()
    assert [secret for secret in secrets if secret in url] == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/feeds/deadlines/%00.ics",
        "/en/admin/portal/spokesperson/?post=%00",
        "/en/admin/autocomplete/?term=%00&app_label=portal&model_name=spokesperson"
        "&field_name=agency",
    ],
)
def test_a_nul_character_in_a_request_answers_400(client, ministry_staff, url):
    client.force_login(ministry_staff)
    assert client.get(url).status_code == 400


@pytest.mark.django_db
def test_a_nul_character_in_a_posted_form_answers_400(client, ministry_staff):
    client.force_login(ministry_staff)
    response = client.post("/en/admin/portal/spokesperson/add/", {"surname_kk": "A\x00"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_request_without_nul_characters_is_answered_as_before(client, ministry_staff):
    client.force_login(ministry_staff)
    assert client.get("/en/admin/portal/spokesperson/?post=person").status_code == 200


@pytest.mark.django_db
def test_a_nul_character_in_a_cookie_answers_400(client):
    client.cookies["sessionid"] = "abcdefgh\x00"
    assert client.get("/en/").status_code == 400


@pytest.mark.django_db
def test_a_nul_character_in_an_api_query_answers_the_apis_json_400(api_client):
    response = api_client.get("/api/v1/spokespersons/", {"q": "a\x00"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json() == {"detail": "Запрос содержит символ NUL."}
