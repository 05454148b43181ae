"""Monthly statistics (issue 10 item 6): per agency and across agencies, counted in SQL,
as a page and an XLSX built in Celery; an agency's members see their agency only."""

import datetime as dt
from io import BytesIO

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from portal.documents.models import StoredDocument
from portal.documents.services import document_build
from requests_desk import exports, queries, services

from .conftest import at, receive

pytestmark = pytest.mark.django_db


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def march(agency, other_agency, head, press_secretary, competent_agency):
    """In March 2026: agency A answered one on time, extended one, redirected one (the
    competent agency received it) and left one open, overdue from the 18th; agency B
    received one. One request of April is not counted."""
    with time_machine.travel(at(2026, 3, 2), tick=False):
        answered, _ = receive(agency, when=at(2026, 3, 2))
        services.answer_draft(case=answered, by=press_secretary, text="Жауап", language="kk")
        services.answer_approve(case=answered, by=head)
        services.answer_send(case=answered, by=press_secretary)
        extended, _ = receive(agency, when=at(2026, 3, 2))
        services.request_extend(case=extended, by=head, days=10, reason="Тексеру")
        redirected, _ = receive(agency, when=at(2026, 3, 2))
        services.request_redirect(case=redirected, by=press_secretary, agency=competent_agency)
        receive(agency, when=at(2026, 3, 2))  # left open: overdue by April
        receive(other_agency, when=at(2026, 3, 3))
    receive(agency, when=at(2026, 4, 1))


@time_machine.travel(at(2026, 3, 25), tick=False)
def test_the_months_counts_per_agency_and_in_total(march, agency, other_agency):
    rows, totals = queries.request_statistics(dt.date(2026, 3, 1))
    by_agency = {row["agency"]: row for row in rows}
    assert {k: by_agency[agency][k] for k in queries.STATISTICS} == {
        "received": 4,
        "on_time": 1,
        "extended": 1,
        "redirected": 1,
        "overdue": 1,
    }
    assert by_agency[other_agency]["received"] == 1 and by_agency[other_agency]["overdue"] == 1
    assert totals["received"] == 6 and totals["overdue"] == 3


@time_machine.travel(at(2026, 3, 25), tick=False)
def test_an_agency_sees_its_own_and_the_ministry_every_agency(
    march, agency, other_agency, press_secretary, ministry_staff
):
    url = "/en/requests/statistics/"
    own = client_for(press_secretary).get(url, {"month": "2026-03"}).content.decode()
    assert str(agency.name_en) in own and str(other_agency.name_en) not in own
    every = client_for(ministry_staff).get(url, {"month": "2026-03"}).content.decode()
    assert str(agency.name_en) in every and str(other_agency.name_en) in every


def test_a_bad_month_is_a_bad_request(press_secretary):
    response = client_for(press_secretary).get(
        reverse("requests_desk:request_statistics"), {"month": "2026-13"}
    )
    assert response.status_code == 400


def test_the_page_runs_a_constant_number_of_queries(
    agency, other_agency, ministry_staff, django_assert_max_num_queries
):
    client = client_for(ministry_staff)
    url = reverse("requests_desk:request_statistics")
    for _ in range(2):
        receive(agency)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(10):
        receive(agency)
        receive(other_agency)
    with django_assert_max_num_queries(len(few.captured_queries) + 1):
        client.get(url)


@time_machine.travel(at(2026, 3, 25), tick=False)
def test_the_xlsx_is_built_in_celery_with_the_pages_counts(march, agency, ministry_staff):
    response = client_for(ministry_staff).get(
        "/en/requests/statistics/", {"month": "2026-03", "format": "xlsx"}
    )
    assert response.status_code == 200  # the progress page: built by a task
    document = StoredDocument.objects.get(kind=exports.STATISTICS_XLSX)
    document_build(document_id=document.pk)
    document.refresh_from_db()
    sheet = load_workbook(BytesIO(document.file.read())).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][:2] == ["Agency", "Received"]
    assert [str(agency.name_en), 4, 1, 1, 1, 1] in values
    assert values[-1] == ["Total", 6, 1, 1, 1, 3]


# --- The API: GET /api/v1/requests/statistics/ (issue 10 item 11) -------------------------


def api_statistics(api_client, user, **query):
    api_client.force_authenticate(user)
    return api_client.get(
        reverse("api:information-request-statistics"), query, HTTP_ACCEPT_LANGUAGE="en"
    )


@time_machine.travel(at(2026, 3, 25), tick=False)
def test_the_api_gives_the_pages_figures_to_the_authorized_body(
    api_client, march, agency, other_agency, competent_agency, ministry_staff
):
    rows, totals = queries.request_statistics(dt.date(2026, 3, 1))
    response = api_statistics(api_client, ministry_staff, month="2026-03")
    assert response.status_code == 200
    answer = response.json()
    assert answer["month"] == "2026-03"
    assert answer["total"] == {name: totals[name] for name in queries.STATISTICS}
    assert answer["agencies"] == [
        {
            "agency": row["agency"].slug,
            "agency_name": row["agency"].name,
            **{name: row[name] for name in queries.STATISTICS},
        }
        for row in rows
    ]
    assert {row["agency"] for row in answer["agencies"]} == {
        agency.slug,
        other_agency.slug,
        competent_agency.slug,
    }
    one = api_statistics(api_client, ministry_staff, month="2026-03", agency=other_agency.slug)
    assert [row["agency"] for row in one.json()["agencies"]] == [other_agency.slug]
    assert one.json()["total"]["received"] == 1


@time_machine.travel(at(2026, 3, 25), tick=False)
def test_an_agencys_staff_see_their_agency_only(
    api_client, march, agency, other_agency, press_secretary
):
    answer = api_statistics(api_client, press_secretary, month="2026-03").json()
    assert [row["agency"] for row in answer["agencies"]] == [agency.slug]
    assert answer["total"]["received"] == 4
    response = api_statistics(
        api_client, press_secretary, month="2026-03", agency=other_agency.slug
    )
    assert (response.status_code, response.json()) == (
        403,
        {"detail": "You see the statistics of your own agencies only."},
    )
    response = api_statistics(api_client, press_secretary, month="2026-03", agency="nowhere")
    assert (response.status_code, response.json()) == (
        400,
        {"agency": ["No agency has this slug."]},
    )


MONTH_FORMAT = "Give the month as YYYY-MM, from 2000-01 to 2100-12, e.g. 2026-03."


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ({"month": "2026-13"}, {"month": [MONTH_FORMAT]}),
        ({"month": "9999-12"}, {"month": [MONTH_FORMAT]}),
        ({"month": "1699-01"}, {"month": [MONTH_FORMAT]}),
        ({"month": ""}, {"month": ["This field may not be blank."]}),
        ({"mont": "2026-03"}, {"mont": ["Unknown parameter."]}),
    ],
)
def test_a_bad_month_is_a_translated_400(api_client, press_secretary, query, errors):
    response = api_statistics(api_client, press_secretary, **query)
    assert (response.status_code, response.json()) == (400, errors)


def test_a_month_out_of_range_is_refused_on_the_page_too(press_secretary):
    response = client_for(press_secretary).get(
        reverse("requests_desk:request_statistics"), {"month": "9999-12"}
    )
    assert response.status_code == 400


def test_journalists_get_no_statistics(api_client, journalist):
    assert api_statistics(api_client, journalist).status_code == 403
