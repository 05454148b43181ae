"""The staff's transitions through the API (issue 10 item 11): one POST action per step of
the request's page, each calling the same service with the same rules; a service's refusal
is a translated 400 in DRF's error shape, never a 500, and changes nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from requests_desk.models import AnswerTemplate, InformationRequest, RequestEvent

from ..factories import AgencyFactory
from .conftest import receive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


def step(api_client, user, case, name, body=None, language="en"):
    api_client.force_authenticate(user)
    return api_client.post(
        reverse(f"api:information-request-{name}", args=[case.pk]),
        body or {},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def actions(case) -> list[str]:
    return list(case.events.order_by("at", "pk").values_list("action", flat=True))


def test_a_request_goes_from_assignment_to_the_answer_sent(
    api_client, agency, press_secretary, head
):
    case, _token = receive(agency)
    response = step(api_client, press_secretary, case, "assign", {"unit": "Заң бөлімі"})
    assert response.status_code == 200
    assert (response.json()["state"], response.json()["assigned_unit"]) == (
        "assigned",
        "Заң бөлімі",
    )
    assert step(api_client, press_secretary, case, "comment", {"text": "Ішкі"}).status_code == 200
    response = step(api_client, press_secretary, case, "answer", {"text": "Жауап мәтіні"})
    assert response.json()["state"] == "drafted"
    assert case.answer.language == "kk"  # the request's language when none is given
    assert step(api_client, head, case, "approve").json()["state"] == "approved"
    response = step(api_client, press_secretary, case, "send", {"outcome": "partly"})
    assert (response.json()["state"], response.json()["outcome"]) == ("closed", "partly")
    assert actions(case) == [
        "received",
        "registered",
        "assigned",
        "comment",
        "drafted",
        "approved",
        "answered",
    ]


def test_the_answer_starts_from_a_template_in_the_requests_language(
    api_client, agency, press_secretary
):
    case, _token = receive(agency, language="ru")
    template = AnswerTemplate.objects.create(agency=agency, title="Т", body_ru="Уважаемый…")
    elsewhere = AnswerTemplate.objects.create(agency=AgencyFactory(), title="Б", body_ru="Чужой")
    kazakh_only = AnswerTemplate.objects.create(agency=None, title="К", body_kk="Құрметті…")
    assert (
        step(api_client, press_secretary, case, "answer", {"template": template.pk}).status_code
        == 200
    )
    case.answer.refresh_from_db()
    assert (case.answer.text, case.answer.language) == ("Уважаемый…", "ru")
    for other in (elsewhere, kazakh_only):
        response = step(api_client, press_secretary, case, "answer", {"template": other.pk})
        assert response.status_code == 400
        assert list(response.json()) == ["template"]
    response = step(api_client, press_secretary, case, "answer", {})
    assert response.json() == {"non_field_errors": ["Give either the text or a template."]}


def test_the_head_extends_once_and_the_press_secretary_may_not(
    api_client, agency, press_secretary, head
):
    case, _token = receive(agency)
    body = {"days": 10, "reason": "Тексеру қажет"}
    response = step(api_client, press_secretary, case, "extend", body)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "This step is not possible for you on this request in its present state."
    }
    response = step(api_client, head, case, "extend", body)
    assert (response.status_code, response.json()["extended_days"]) == (200, 10)
    assert "notice_sent" in actions(case)
    # At the limit the step is no longer there, as on the page.
    assert step(api_client, head, case, "extend", body).status_code == 403


def test_a_services_refusal_is_a_translated_400_and_changes_nothing(api_client, agency, head):
    case, _token = receive(agency)
    before = RequestEvent.objects.count()
    response = step(api_client, head, case, "extend", {"days": 31, "reason": "Ұзақ"})
    assert (response.status_code, response.json()) == (400, {"days": ["Extend by 1 to 30 days."]})
    response = step(api_client, head, case, "extend", {"days": 31, "reason": "Ұзақ"}, language="ru")
    assert response.status_code == 400
    assert response.json()["days"] != ["Extend by 1 to 30 days."]  # the Russian catalogue's
    response = step(api_client, head, case, "refuse", {"reason": "   "})
    assert (response.status_code, response.json()) == (
        400,
        {"reason": ["This field may not be blank."]},
    )
    assert RequestEvent.objects.count() == before
    assert InformationRequest.objects.get(pk=case.pk).state == "registered"


def test_an_answer_in_another_language_is_not_sent(api_client, agency, press_secretary, head):
    case, _token = receive(agency, language="kk")
    step(api_client, press_secretary, case, "answer", {"text": "Answer", "language": "en"})
    step(api_client, head, case, "approve")
    response = step(api_client, press_secretary, case, "send")
    assert response.status_code == 400
    assert response.json() == [
        "The answer is in English but the request in Kazakh: an answer is given in the "
        "language of the request."
    ]
    assert InformationRequest.objects.get(pk=case.pk).state == "approved"


def test_a_media_requests_answer_is_signed_off_by_the_press_secretary(
    api_client, agency, press_secretary
):
    feedback, _token = receive(agency)
    media, _token = receive(agency, channel="media")
    for case in (feedback, media):
        step(api_client, press_secretary, case, "answer", {"text": "Жауап"})
    assert step(api_client, press_secretary, feedback, "approve").status_code == 403
    assert step(api_client, press_secretary, media, "approve").status_code == 200


def test_the_head_refuses_with_a_reason(api_client, agency, press_secretary, head):
    case, _token = receive(agency)
    assert step(api_client, press_secretary, case, "refuse", {"reason": "Жоқ"}).status_code == 403
    response = step(api_client, head, case, "refuse", {"reason": "Құзыретке жатпайды"})
    assert response.json()["outcome"] == "refused"
    assert response.json()["outcome_reason"] == "Құзыретке жатпайды"


def test_redirecting_a_part_opens_a_linked_request(
    api_client, agency, press_secretary, competent_agency
):
    case, _token = receive(agency)
    response = step(
        api_client,
        press_secretary,
        case,
        "redirect",
        {"agency": competent_agency.slug, "part": "Екінші сұрақ"},
    )
    assert (response.status_code, response.json()["state"]) == (200, "registered")
    linked = InformationRequest.objects.get(redirected_from=case)
    assert (linked.agency, linked.text) == (competent_agency, "Екінші сұрақ")
    response = step(api_client, press_secretary, case, "redirect", {"agency": agency.slug})
    assert response.json() == {"agency": ["Choose another agency than the request's own."]}


def test_assignment_needs_a_member_of_the_agency(
    api_client, agency, press_secretary, ministry_staff
):
    case, _token = receive(agency)
    response = step(api_client, press_secretary, case, "assign", {"person": ministry_staff.pk})
    assert response.json() == {"person": ["Choose a member of the agency."]}
    for nobody in (2**31 - 1, ministry_staff.pk + 1000):
        response = step(api_client, press_secretary, case, "assign", {"person": nobody})
        assert response.json() == {"person": ["Choose a member of the agency."]}
    response = step(api_client, press_secretary, case, "assign", {"person": 2**40})
    assert list(response.json()) == ["person"]
    response = step(api_client, press_secretary, case, "assign", {"unit": "x", "extra": 1})
    assert response.json() == {"extra": ["Unknown parameter."]}


def test_the_ministry_reads_and_comments_but_takes_no_step(api_client, agency, ministry_staff):
    case, _token = receive(agency)
    api_client.force_authenticate(ministry_staff)
    detail = reverse("api:information-request-detail", args=[case.pk])
    assert api_client.get(detail).status_code == 200
    for name, body in (("assign", {"unit": "x"}), ("answer", {"text": "x"})):
        assert step(api_client, ministry_staff, case, name, body).status_code == 403
    assert step(api_client, ministry_staff, case, "comment", {"text": "Назар"}).status_code == 200


def test_another_agencys_request_is_not_there(api_client, agency, press_secretary):
    case, _token = receive(AgencyFactory())
    assert step(api_client, press_secretary, case, "assign", {"unit": "x"}).status_code == 404
    assert actions(case) == ["received", "registered"]
