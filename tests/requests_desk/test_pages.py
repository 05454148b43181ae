"""The public form and tracking page, the inbox and a request's page (issue 10 items 2, 5,
6, 10)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from requests_desk.models import InformationRequest

from ..factories import AgencyFactory
from .conftest import receipt, receive

pytestmark = pytest.mark.django_db


def form_data(agency, **overrides):
    return {
        "requester_name": "Айгүл",
        "requester_email": "aigul@example.kz",
        "requester_organisation": "",
        "channel": "feedback",
        "agency": agency.pk,
        "language": "kk",
        "text": "Сұрақ <script>alert(1)</script>",
        "website": "",
        **overrides,
    }


def test_a_citizen_sends_a_request_in_kazakh_and_follows_it_by_the_secret_link(agency):
    client = Client()
    response = client.post(reverse("requests_desk:request_new"), form_data(agency))
    assert response.status_code == 302
    case = InformationRequest.objects.get()
    sent = client.get(response["Location"])
    assert case.number in sent.content.decode()
    link = re.search(r"https?://\S+/requests/track/\S+/", receipt(case).body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert path.startswith("kk/")
    page = Client().get("/" + path)
    assert page.status_code == 200
    body = page.content.decode()
    assert case.number in body and "&lt;script&gt;" not in body  # the text is not shown
    assert (
        page["Cache-Control"].startswith("max-age=0") and page["Referrer-Policy"] == "no-referrer"
    )


def test_a_wrong_token_shows_nothing(agency):
    case, token = receive(agency)
    response = Client().get(reverse("requests_desk:request_track", args=[token[:-2] + "xy"]))
    assert response.status_code == 404 and case.number not in response.content.decode()


def test_the_honeypot_is_answered_as_sent_and_registers_nothing(agency):
    response = Client().post(
        reverse("requests_desk:request_new"), form_data(agency, website="http://spam")
    )
    assert response.status_code == 302 and not InformationRequest.objects.exists()


def test_one_address_sends_a_limited_number_of_requests_per_hour(agency):
    client = Client()
    for _ in range(settings.REQUESTS_PUBLIC_PER_HOUR):
        assert (
            client.post(reverse("requests_desk:request_new"), form_data(agency)).status_code == 302
        )
    refused = client.post(reverse("requests_desk:request_new"), form_data(agency))
    assert refused.status_code == 400
    assert InformationRequest.objects.count() == settings.REQUESTS_PUBLIC_PER_HOUR


def test_a_bad_form_is_a_400(agency):
    response = Client().post(
        reverse("requests_desk:request_new"), form_data(agency, requester_email="x")
    )
    assert response.status_code == 400 and not InformationRequest.objects.exists()


def test_the_staff_page_escapes_html_and_shows_the_timeline(agency, press_secretary):
    case, _ = receive(agency, text="<script>alert(1)</script>")
    client = Client()
    client.force_login(press_secretary)
    body = client.get(reverse("requests_desk:request_detail", args=[case.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    assert case.number in body


def test_the_page_hides_extend_after_the_extension(agency, head):
    case, _ = receive(agency)
    client = Client()
    client.force_login(head)
    url = reverse("requests_desk:request_detail", args=[case.pk])
    extend = reverse("requests_desk:request_extend", args=[case.pk])
    assert extend in client.get(url).content.decode()
    assert client.post(extend, {"days": "31", "reason": "Себеп"}).status_code == 400
    assert client.post(extend, {"days": "10", "reason": "Себеп"}).status_code == 302
    assert extend not in client.get(url).content.decode()
    assert client.post(extend, {"days": "5", "reason": "Тағы"}).status_code == 403


def test_the_press_secretary_sees_no_extend_button(agency, press_secretary):
    case, _ = receive(agency)
    client = Client()
    client.force_login(press_secretary)
    body = client.get(reverse("requests_desk:request_detail", args=[case.pk])).content.decode()
    assert reverse("requests_desk:request_extend", args=[case.pk]) not in body


def test_the_inbox_lists_the_agencys_requests_filtered(agency, press_secretary):
    mine, _ = receive(agency, channel="media")
    receive(agency, channel="feedback")
    theirs, _ = receive(AgencyFactory())
    client = Client()
    client.force_login(press_secretary)
    url = reverse("requests_desk:request_list")
    body = client.get(url).content.decode()
    assert mine.number in body and theirs.number not in body
    filtered = client.get(url, {"channel": "media"})
    assert filtered.context["page"].paginator.count == 1
    assert client.get(url, {"due": "whenever"}).status_code == 400


def test_overdue_and_due_soon(agency, press_secretary):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    with time_machine.travel(timezone.now() - dt.timedelta(days=30), tick=False):
        late, _ = receive(agency)
    soon, _ = receive(agency, channel="media")
    client = Client()
    client.force_login(press_secretary)
    url = reverse("requests_desk:request_list")
    assert [c.pk for c in client.get(url, {"due": "overdue"}).context["page"]] == [late.pk]
    soon_pks = [c.pk for c in client.get(url, {"due": "soon"}).context["page"]]
    assert late.pk not in soon_pks


@pytest.mark.parametrize("count", [1, 3])
def test_the_inbox_costs_the_same_queries_for_one_or_three(
    agency, press_secretary, count, django_assert_num_queries
):
    for _ in range(count):
        receive(agency)
    client = Client()
    client.force_login(press_secretary)
    client.get(reverse("requests_desk:request_list"))  # warm the session
    with django_assert_num_queries(6):
        client.get(reverse("requests_desk:request_list"))
