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


# --- Decisions (003 §8.3): approve, refuse and revoke, as on the pages --------------------


def _decide(api_client, user, accreditation, name, body=None):
    api_client.force_authenticate(user)
    return api_client.post(
        f"/api/v1/accreditations/{accreditation.pk}/{name}/",
        body or {},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_press_secretary_approves_and_revokes_with_a_reason(
    api_client, journalist, agency, press_secretary
):
    accreditation = apply(journalist, agency)
    response = _decide(api_client, press_secretary, accreditation, "approve")
    assert (response.status_code, response.json()["state"]) == (200, "approved")
    response = _decide(api_client, press_secretary, accreditation, "revoke")
    assert (response.status_code, response.json()) == (400, {"reason": ["This field is required."]})
    response = _decide(
        api_client, press_secretary, accreditation, "revoke", {"reason": "Бұзушылық"}
    )
    assert (response.json()["state"], response.json()["reason"]) == ("revoked", "Бұзушылық")
    # The journalist reads the outcome of their own application.
    own = _get(api_client, journalist).json()["results"]
    assert [(row["state"], row["reason"]) for row in own] == [("revoked", "Бұзушылық")]


def test_a_refusal_needs_a_reason(api_client, journalist, agency, press_secretary):
    accreditation = apply(journalist, agency)
    response = _decide(api_client, press_secretary, accreditation, "refuse", {"reason": "  "})
    assert response.status_code == 400
    response = _decide(
        api_client, press_secretary, accreditation, "refuse", {"reason": "Толық емес"}
    )
    assert response.json()["state"] == "refused"
    # A decision the state no longer allows is not there for anyone.
    response = _decide(api_client, press_secretary, accreditation, "approve")
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This decision is not possible for you on this accreditation in its present state."
    }


def test_the_journalist_and_other_agencies_do_not_decide(
    api_client, journalist, agency, other_agency, press_secretary
):
    accreditation = apply(journalist, agency)
    elsewhere = apply(journalist, other_agency)
    assert _decide(api_client, journalist, accreditation, "approve").status_code == 403
    assert _decide(api_client, press_secretary, elsewhere, "approve").status_code == 404
    accreditation.refresh_from_db()
    assert accreditation.state == "applied"


def test_a_services_refusal_is_a_400(api_client, journalist, agency, press_secretary, monkeypatch):
    """Two decisions at once: the second finds the state moved and the service refuses."""
    from requests_desk.accreditation import rules

    accreditation = apply(journalist, agency)
    _decide(api_client, press_secretary, accreditation, "approve")
    monkeypatch.setattr(rules, "can_approve", lambda user, accreditation: True)
    response = _decide(api_client, press_secretary, accreditation, "approve")
    assert (response.status_code, response.json()) == (
        400,
        ["This step is not possible: the accreditation is Accredited."],
    )
