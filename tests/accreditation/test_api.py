"""/api/v1/accreditations/ (003 §8.3): a journalist reads their own, staff their agencies'."""

import pytest
from rest_framework.authtoken.models import Token

from tests.factories import UserFactory

from .conftest import apply

pytestmark = pytest.mark.django_db


def _get(api_client, user, **query):
    api_client.force_authenticate(user)
    return api_client.get("/api/v1/accreditations/", query)


def test_journalists_read_their_own_and_staff_their_agencies(
    api_client, journalist, agency, other_agency, press_secretary
):
    own = apply(journalist, agency)
    apply(journalist, other_agency)
    stranger = UserFactory()
    response = _get(api_client, press_secretary)
    assert [row["id"] for row in response.json()["results"]] == [own.pk]
    assert response.json()["results"][0]["agency"] == agency.slug
    assert len(_get(api_client, journalist).json()["results"]) == 2
    assert _get(api_client, stranger).json()["results"] == []


def test_filters_are_strict(api_client, journalist, agency):
    apply(journalist, agency)
    assert len(_get(api_client, journalist, state="applied").json()["results"]) == 1
    assert _get(api_client, journalist, state="approved").json()["results"] == []
    assert _get(api_client, journalist, status="applied").status_code == 400


def test_anonymous_is_refused(api_client, db):
    assert api_client.get("/api/v1/accreditations/").status_code == 401
    assert Token.objects.count() == 0
