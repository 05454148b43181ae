"""The API: staff read their agencies' requests; the requester reads the public status by
the secret token (issue 10 item 11)."""

import pytest
from django.urls import reverse

from requests_desk import services

from ..factories import AgencyFactory
from .conftest import receive

pytestmark = pytest.mark.django_db


def test_the_status_by_token_shows_the_public_steps_only(api_client, agency, press_secretary):
    case, token = receive(agency)
    services.request_comment(case=case, by=press_secretary, text="Ішкі ескерту")
    response = api_client.get(reverse("api:request-status", args=[token]))
    assert response.status_code == 200
    assert [event["action"] for event in response.json()["events"]] == ["received", "registered"]
    assert "Ішкі ескерту" not in response.content.decode()
    assert "aigul@example.kz" not in response.content.decode()
    assert api_client.get(reverse("api:request-status", args=["x" * 43])).status_code == 404


def test_staff_list_only_their_agencies_requests(api_client, agency, press_secretary):
    mine, _ = receive(agency)
    receive(AgencyFactory())
    api_client.force_authenticate(press_secretary)
    response = api_client.get(reverse("api:information-request-list"))
    assert [row["number"] for row in response.json()["results"]] == [mine.number]
    assert (
        api_client.get(reverse("api:information-request-list"), {"state": "x"}).status_code == 400
    )
