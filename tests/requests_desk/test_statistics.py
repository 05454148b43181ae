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
