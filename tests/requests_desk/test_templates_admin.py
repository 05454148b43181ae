"""Answer templates (issue 10 item 6) and the requests desk in the admin: a draft started
from a template in the request's language; templates kept by their agency or, global, by
the authorized body; requests shown read-only with their timeline, stepped by the services."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from requests_desk import services
from requests_desk.models import AnswerTemplate

from .conftest import receive

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def template(agency=None, **bodies):
    return AnswerTemplate.objects.create(agency=agency, title="Үлгі", **bodies)


def test_the_draft_starts_from_a_template_in_the_requests_language(agency, press_secretary):
    case, _ = receive(agency, language="ru")
    chosen = template(agency, body_kk="Құрметті", body_ru="Уважаемый заявитель")
    url = reverse("requests_desk:request_detail", args=[case.pk])
    page = client_for(press_secretary).get(url, {"template": chosen.pk}).content.decode()
    assert "Уважаемый заявитель</textarea>" in page


def test_only_templates_of_the_agency_or_global_with_the_language_are_offered(
    agency, other_agency, press_secretary
):
    case, _ = receive(agency, language="kk")
    others = template(other_agency, body_kk="Басқа агенттік")
    russian_only = template(None, body_ru="Только по-русски")
    client = client_for(press_secretary)
    url = reverse("requests_desk:request_detail", args=[case.pk])
    for refused in (others, russian_only):
        assert client.get(url, {"template": refused.pk}).status_code == 400
    assert client.get(url, {"template": template(None, body_kk="Жалпы").pk}).status_code == 200


def test_a_global_template_is_the_authorized_bodys(press_secretary, ministry_staff, agency):
    with pytest.raises(ValidationError):
        services.answer_template_save(
            template=AnswerTemplate(title="Жалпы", body_kk="Мәтін"), by=press_secretary
        )
    saved = services.answer_template_save(
        template=AnswerTemplate(title="Жалпы", body_kk="Мәтін"), by=ministry_staff
    )
    assert saved.pk
    own = services.answer_template_save(
        template=AnswerTemplate(agency=agency, title="Біздің", body_kk="Мәтін"), by=press_secretary
    )
    assert own.agency == agency


def test_a_template_needs_a_text(ministry_staff):
    with pytest.raises(ValidationError):
        services.answer_template_save(template=AnswerTemplate(title="Бос"), by=ministry_staff)


def test_a_press_secretary_makes_a_template_in_the_admin_but_not_a_global_one(
    agency, press_secretary
):
    client = client_for(press_secretary)
    url = reverse("admin:requests_desk_answertemplate_add")
    refused = client.post(url, {"title": "Жалпы", "body_kk": "Мәтін"})
    assert refused.status_code == 200 and not AnswerTemplate.objects.exists()
    made = client.post(url, {"agency": agency.pk, "title": "Біздің", "body_kk": "Мәтін"})
    assert made.status_code == 302
    assert AnswerTemplate.objects.get().agency == agency


def test_the_admin_shows_a_request_with_its_timeline_and_never_its_token(agency, press_secretary):
    case, token = receive(agency)
    page = client_for(press_secretary).get(
        reverse("admin:requests_desk_informationrequest_change", args=[case.pk])
    )
    body = page.content.decode()
    assert page.status_code == 200 and case.number in body
    assert token not in body and case.tracking_token_hash not in body


def test_the_admins_bulk_approval_goes_through_the_services_and_their_rules(
    agency, press_secretary, head
):
    case, _ = receive(agency)
    services.answer_draft(case=case, by=press_secretary, text="Жауап", language="kk")
    changelist = reverse("admin:requests_desk_informationrequest_changelist")
    action = {"action": "approve_selected", "_selected_action": [case.pk]}
    client_for(press_secretary).post(changelist, action)
    case.refresh_from_db()
    assert case.state == "drafted"  # only the head approves a feedback-form answer
    client_for(head).post(changelist, action)
    case.refresh_from_db()
    assert case.state == "approved"
