"""The consolidated republican media-plan (000 §2.3): frozen editions, their page with
filters and pages, the PDF in three languages and the XLSX built in Celery, the dispatches."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from mediaplans import services, tasks
from mediaplans.models import (
    ConsolidatedDispatch,
    ConsolidatedFreeze,
    ConsolidatedPlan,
    PlanRevision,
)
from portal.directory.choices import Region
from tests.core.test_pdf import structure_types
from tests.documents.helpers import get_built
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .conftest import item_data

pytestmark = pytest.mark.django_db


def approved_plan(agency, by, ministry, *items):
    plan = services.plan_create(agency=agency, year=2027, by=by)
    for data in items or (item_data(),):
        services.item_add(plan=plan, by=by, data=data)
    services.plan_submit(plan=plan, by=by)
    services.plan_approve(plan=plan, by=ministry)
    return plan


@pytest.fixture
def edition(agency, press_secretary, ministry_staff):
    approved_plan(
        agency,
        press_secretary,
        ministry_staff,
        item_data(),
        item_data(
            topic_kk="Жастар саясаты",
            topic_ru="Молодёжная политика",
            topic_en="Youth policy",
            month=None,
            quarter=3,
            is_preventive=True,
        ),
    )
    other = AgencyFactory(region=Region.ABAI)
    secretary = UserFactory()
    MembershipFactory(user=secretary, agency=other, role="press_secretary")
    approved_plan(
        other,
        secretary,
        ministry_staff,
        item_data(
            topic_kk="Өңір жаңалықтары",
            topic_ru="Новости региона",
            topic_en="Regional news",
            month=8,
        ),
    )
    return services.consolidated_freeze(year=2027, by=ministry_staff)


def page(client, edition, language="en", **query):
    return client.get(f"/{language}/media-plans/consolidated/2027/{edition.edition}/", query)


def topics(response) -> list[str]:
    return [row.topic for row in response.context["rows"]]


def test_the_edition_lists_every_approved_item(client, ministry_staff, edition):
    client.force_login(ministry_staff)
    response = page(client, edition)
    assert response.status_code == 200
    assert sorted(topics(response)) == ["E-government services", "Regional news", "Youth policy"]
    assert response.context["plans"] == 2


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"topic": "YOUTH"}, ["Youth policy"]),
        ({"topic": "жастар"}, ["Youth policy"]),  # found in any language
        ({"month": "8"}, ["Youth policy", "Regional news"]),  # August is in the 3rd quarter
        ({"month": "3"}, ["E-government services"]),
        ({"region": "abai"}, ["Regional news"]),
    ],
)
def test_filters_narrow_the_edition(client, ministry_staff, edition, query, expected):
    client.force_login(ministry_staff)
    assert sorted(topics(page(client, edition, **query))) == sorted(expected)


def test_the_agency_filter_offers_the_editions_agencies(client, ministry_staff, edition, agency):
    client.force_login(ministry_staff)
    response = page(client, edition, agency=str(agency.pk))
    assert sorted(topics(response)) == ["E-government services", "Youth policy"]
    assert page(client, edition, agency="999999").status_code == 400
    assert page(client, edition, month="13").status_code == 400


def test_the_page_costs_the_same_queries_whatever_the_size(client, ministry_staff, edition):
    client.force_login(ministry_staff)
    page(client, edition)
    with CaptureQueriesContext(connection) as small:
        page(client, edition)
    agencies = [AgencyFactory() for _ in range(3)]
    for other in agencies:
        approved_plan(
            other,
            ministry_staff,
            ministry_staff,
            item_data(),
            item_data(topic_ru="Ещё", topic_kk="Тағы"),
        )
    bigger = services.consolidated_freeze(year=2027, by=ministry_staff)
    with CaptureQueriesContext(connection) as large:
        response = page(client, bigger)
    assert len(response.context["rows"]) == 9
    assert len(large) == len(small)


def test_only_the_authorized_body_consolidates(client, press_secretary, edition):
    client.force_login(press_secretary)
    assert page(client, edition).status_code == 403
    assert client.post("/en/media-plans/consolidated/2027/freeze/").status_code == 403


@pytest.fixture
def queued(monkeypatch):
    """The freezing tasks the requests queued (their ids), not run."""
    sent = []
    monkeypatch.setattr(tasks.consolidated_freeze, "delay", lambda **kw: sent.append(kw))
    return sent


def test_freezing_is_queued_never_done_in_the_request(
    client, ministry_staff, edition, queued, django_capture_on_commit_callbacks
):
    client.force_login(ministry_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/media-plans/consolidated/2027/freeze/")
    freeze = ConsolidatedFreeze.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/media-plans/consolidated/2027/freeze/{freeze.pk}/"
    assert queued == [{"request_id": freeze.pk}]
    assert ConsolidatedPlan.objects.count() == 1  # nothing frozen yet
    progress = client.get(response["Location"])
    assert progress.status_code == 200
    assert progress["Refresh"]
    assert "being frozen" in progress.content.decode()


def test_the_task_makes_the_next_edition_once_however_often_it_runs(
    client, ministry_staff, edition, queued
):
    client.force_login(ministry_staff)
    client.post("/en/media-plans/consolidated/2027/freeze/")
    freeze = ConsolidatedFreeze.objects.get()
    assert tasks.consolidated_freeze(request_id=freeze.pk) == "done"
    assert tasks.consolidated_freeze(request_id=freeze.pk) == "not claimed"
    assert list(ConsolidatedPlan.objects.values_list("edition", flat=True)) == [2, 1]
    freeze.refresh_from_db()
    assert (freeze.status, freeze.progress, freeze.consolidated.edition) == ("done", 100, 2)
    assert freeze.consolidated.items.count() == 3
    response = client.get(f"/en/media-plans/consolidated/2027/freeze/{freeze.pk}/")
    assert response["Location"] == "/en/media-plans/consolidated/2027/2/"


def test_a_second_click_waits_for_the_pending_freezing(client, ministry_staff, edition, queued):
    client.force_login(ministry_staff)
    first = client.post("/en/media-plans/consolidated/2027/freeze/")
    second = client.post("/en/media-plans/consolidated/2027/freeze/")
    assert first["Location"] == second["Location"]
    assert ConsolidatedFreeze.objects.count() == 1
    assert "being frozen" in client.get("/en/media-plans/consolidated/2027/").content.decode()


def test_a_crash_midway_leaves_no_half_edition(client, ministry_staff, edition, monkeypatch):
    freeze = services.consolidated_freeze_request(year=2027, by=ministry_staff, language="en")

    def crash(*args, **kwargs):
        raise RuntimeError("worker lost its database")

    monkeypatch.setattr(services.ConsolidatedItem.objects, "bulk_create", crash)
    assert services.consolidated_freeze_run(request_id=freeze.pk) == "failed"
    assert ConsolidatedPlan.objects.count() == 1
    freeze.refresh_from_db()
    assert freeze.status == "failed" and freeze.consolidated is None
    client.force_login(ministry_staff)
    response = client.get(f"/en/media-plans/consolidated/2027/freeze/{freeze.pk}/")
    assert "could not be frozen" in response.content.decode()
    assert not response.has_header("Refresh")


def test_a_killed_workers_freezing_is_done_by_the_redelivered_task(ministry_staff, edition):
    freeze = services.consolidated_freeze_request(year=2027, by=ministry_staff, language="en")
    # The worker marked it running, then died inside the transaction: nothing was written.
    ConsolidatedFreeze.objects.filter(pk=freeze.pk).update(
        status="running", claimed_at=timezone.now()
    )
    assert services.consolidated_freeze_run(request_id=freeze.pk) == "done"
    assert ConsolidatedPlan.objects.count() == 2


def test_a_lost_freezing_task_is_queued_again(
    ministry_staff, edition, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        freeze = services.consolidated_freeze_request(year=2027, by=ministry_staff, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.consolidated_freeze_request(year=2027, by=ministry_staff, language="en")
    assert len(queued) == 1  # still under way: not queued twice
    ConsolidatedFreeze.objects.filter(pk=freeze.pk).update(
        queued_at=timezone.now() - dt.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = services.consolidated_freeze_request(year=2027, by=ministry_staff, language="en")
    assert again.pk == freeze.pk
    assert queued == [{"request_id": freeze.pk}] * 2


def test_a_refusal_at_freezing_time_is_shown_in_the_requesters_language(ministry_staff, edition):
    freeze = services.consolidated_freeze_request(year=2027, by=ministry_staff, language="en")
    PlanRevision.objects.update(outcome="returned")
    assert services.consolidated_freeze_run(request_id=freeze.pk) == "failed"
    freeze.refresh_from_db()
    assert freeze.error == "No media-plan of 2027 is approved yet."


def test_freezing_a_year_without_approved_plans_says_so(client, ministry_staff, db):
    client.force_login(ministry_staff)
    response = client.post("/en/media-plans/consolidated/2031/freeze/", follow=True)
    assert "No media-plan of 2031 is approved yet." in [
        str(m) for m in response.context["messages"]
    ]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("kk", ["Электрондық үкімет қызметтері", "Жастар саясаты", "Өңір жаңалықтары"]),
        ("ru", ["Услуги электронного правительства", "Молодёжная политика"]),
        ("en", ["E-government services", "Youth policy", "Regional news"]),
    ],
)
def test_the_pdf_in_each_language(client, ministry_staff, edition, language, expected):
    client.force_login(ministry_staff)
    response = get_built(client, f"/{language}/media-plans/consolidated/2027/1/pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert reader.pages[0].mediabox.width > reader.pages[0].mediabox.height  # landscape
    for topic in expected:
        assert topic in text
    assert "1 / 1" in text  # page numbers


def test_the_filtered_xlsx(client, ministry_staff, edition):
    client.force_login(ministry_staff)
    response = get_built(client, "/kk/media-plans/consolidated/2027/1/xlsx/", {"month": "8"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[4] for row in rows[3:]] == ["Жастар саясаты", "Өңір жаңалықтары"]
    assert rows[3][7] in ("иә", "yes")


def test_a_dispatch_is_recorded_once_per_recipient(client, ministry_staff, edition):
    client.force_login(ministry_staff)
    url = "/en/media-plans/consolidated/2027/1/dispatch/"
    assert client.post(url, {"recipient": "presidential", "reference": "№ 12"}).status_code == 302
    response = client.post(url, {"recipient": "presidential"}, follow=True)
    assert "This edition was already sent to them." in [
        str(m) for m in response.context["messages"]
    ]
    dispatch = ConsolidatedDispatch.objects.get()
    assert (dispatch.recipient, dispatch.reference, dispatch.sent_by) == (
        "presidential",
        "№ 12",
        ministry_staff,
    )
    assert client.post(url, {"recipient": "nobody"}).status_code == 400


# --- The edition's items as rows (issue 9 item 11): filtered and paged in the database -------


def test_freezing_stores_one_row_per_item_in_each_languages_order(ministry_staff):
    justice = AgencyFactory(name_kk="Әділет министрлігі", name_en="Ministry of Justice")
    education = AgencyFactory(name_kk="Білім министрлігі", name_en="Ministry of Education")
    for agency in (justice, education):
        approved_plan(agency, ministry_staff, ministry_staff, item_data(), item_data(month=4))
    edition = services.consolidated_freeze(year=2027, by=ministry_staff)
    rows = edition.items.order_by("order_kk")
    # Kazakh: Ә comes before Б (in code points it comes after); English: E before J.
    assert [(row.agency_id, row.plan_position) for row in rows] == [
        (justice.pk, 0),
        (justice.pk, 1),
        (education.pk, 0),
        (education.pk, 1),
    ]
    assert [row.agency_id for row in edition.items.order_by("order_en")] == [
        education.pk,
        education.pk,
        justice.pk,
        justice.pk,
    ]
    assert [row.order_ru for row in rows] == [0, 1, 2, 3]  # "Министерство N": by creation
    assert rows[1].month == 4 and rows[1].item["topic"]["kk"] == "Электрондық үкімет қызметтері"


def test_the_page_is_in_the_readers_alphabet(client, ministry_staff):
    justice = AgencyFactory(name_kk="Әділет министрлігі", name_en="Ministry of Justice")
    education = AgencyFactory(name_kk="Білім министрлігі", name_en="Ministry of Education")
    for agency in (justice, education):
        approved_plan(agency, ministry_staff, ministry_staff)
    edition = services.consolidated_freeze(year=2027, by=ministry_staff)
    client.force_login(ministry_staff)
    kazakh = page(client, edition, language="kk")
    assert [row.agency for row in kazakh.context["rows"]] == [
        "Әділет министрлігі",
        "Білім министрлігі",
    ]
    english = page(client, edition)
    assert [row.agency for row in english.context["rows"]] == [
        "Ministry of Education",
        "Ministry of Justice",
    ]
    assert [label for _pk, label in english.context["form"].fields["agency"].choices][1:] == [
        "Ministry of Education",
        "Ministry of Justice",
    ]


def test_pages_are_numbered_on(client, ministry_staff, edition, monkeypatch):
    from mediaplans import views

    monkeypatch.setattr(views, "CONSOLIDATED_PER_PAGE", 2)
    client.force_login(ministry_staff)
    first, second = page(client, edition), page(client, edition, page="2")
    assert [row.number for row in first.context["rows"]] == [1, 2]
    assert [row.number for row in second.context["rows"]] == [3]
    assert second.context["total"] == 3
    assert sorted(topics(first) + topics(second)) == [
        "E-government services",
        "Regional news",
        "Youth policy",
    ]


def test_a_topic_with_like_wildcards_is_taken_literally(client, ministry_staff, edition):
    client.force_login(ministry_staff)
    assert topics(page(client, edition, topic="%")) == []
    assert topics(page(client, edition, topic="_")) == []


def many_plans(ministry, count: int):
    for _ in range(count):
        approved_plan(
            AgencyFactory(), ministry, ministry, item_data(), item_data(topic_en="Second", month=8)
        )
    return services.consolidated_freeze(year=2027, by=ministry)


@pytest.mark.parametrize("plans", [1, 3])
def test_the_page_reads_five_queries_and_never_the_snapshot(
    client, ministry_staff, django_assert_num_queries, plans
):
    edition = many_plans(ministry_staff, plans)
    client.force_login(ministry_staff)
    # The edition, its agencies, the count, the page's rows, the dispatches; and the session,
    # the user, their memberships and unread notifications of every signed-in page.
    with django_assert_num_queries(9) as captured:
        response = page(client, edition, month="8", topic="second")
    assert len(response.context["rows"]) == plans
    assert not any("snapshot" in query["sql"] for query in captured.captured_queries)


# --- The PDF in chunks: page numbers and row numbers run on across them ----------------------


def pdf_pages(content: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(content)).pages]


def test_the_pdf_in_chunks_numbers_its_pages_across_them(ministry_staff, edition, monkeypatch):
    from mediaplans import exports

    monkeypatch.setattr(exports, "PDF_CHUNK_ROWS", 1)
    content = exports.consolidated_pdf(language="kk", filters={"year": "2027", "edition": "1"})
    pages = pdf_pages(content)
    assert len(pages) == 3  # a chunk of one row is one page
    types = structure_types(content)  # tagged as one document, the chunks' tables in it
    assert (types[0], types.count("/Document"), types.count("/H1")) == ("/Document", 1, 1)
    assert types.count("/Table") == 3
    for number, text in enumerate(pages, start=1):
        assert text.endswith(f"{number} / 3")
        assert "№" in text  # the header row on every page
        assert f" {number} Министрлік" in text  # the rows numbered on too
    assert "2027" in pages[0] and "2027" not in pages[1]  # the heading once, on top
    texts = " ".join(pages)
    for topic in ("Электрондық үкімет қызметтері", "Жастар саясаты", "Өңір жаңалықтары"):
        assert texts.count(topic) == 1


def test_a_pdf_filtered_to_nothing_has_its_heading(ministry_staff, edition):
    from mediaplans import exports

    pages = pdf_pages(
        exports.consolidated_pdf(
            language="en", filters={"year": "2027", "edition": "1", "topic": "nothing like it"}
        )
    )
    assert len(pages) == 1
    assert "Republican media-plan 2027, edition 1" in pages[0] and "1 / 1" in pages[0]


def test_the_xlsx_reads_the_rows_in_chunks(ministry_staff, edition, monkeypatch):
    from mediaplans import exports

    monkeypatch.setattr(exports, "XLSX_CHUNK_ROWS", 2)
    content = exports.consolidated_xlsx(language="en", filters={"year": "2027", "edition": "1"})
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))[3:]
    assert [row[0] for row in rows] == [1, 2, 3]
    assert sorted(row[4] for row in rows) == [
        "E-government services",
        "Regional news",
        "Youth policy",
    ]
