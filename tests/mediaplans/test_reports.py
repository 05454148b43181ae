"""The monthly report (004 §8): per item of the plan in force, plan versus fact from the
grid's events, links checked, the 25th met or missed; and the quarterly and annual summaries
(000 §8.2–8.3) built from it."""

import io

import pytest
from pypdf import PdfReader

from mediaplans import services
from mediaplans.models import MonthlyReport
from tests.deadlines.factories import almaty
from tests.documents.helpers import get_built
from tests.eventgrid.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(plan, press_secretary, ministry_staff):
    services.plan_submit(plan=plan, by=press_secretary)
    services.plan_approve(plan=plan, by=ministry_staff)
    plan.refresh_from_db()
    return plan


def entry_form(item, **fields):
    data = {
        f"item-{item.pk}-status": "done",
        f"item-{item.pk}-text_kk": "Брифинг өтті",
        f"item-{item.pk}-links": "https://example.kz/news/1",
    }
    return {**data, **{f"item-{item.pk}-{k}": v for k, v in fields.items()}}


def test_the_months_events_are_offered_and_matching_ones_suggested(
    client, press_secretary, approved
):
    matching = EventFactory(
        agency=approved.agency,
        title="Брифинг: электрондық үкімет",
        title_kk="Брифинг: электрондық үкімет",
        starts_at=almaty(2027, 3, 10, 10),
        ends_at=almaty(2027, 3, 10, 11),
    )
    other = EventFactory(
        agency=approved.agency,
        title="Спорт күні",
        title_kk="Спорт күні",
        starts_at=almaty(2027, 3, 12, 10),
        ends_at=almaty(2027, 3, 12, 11),
    )
    EventFactory(
        agency=approved.agency, starts_at=almaty(2027, 4, 2, 10), ends_at=almaty(2027, 4, 2, 11)
    )
    client.force_login(press_secretary)
    response = client.get(f"/en/media-plans/{approved.pk}/reports/3/")
    assert response.status_code == 200
    [(item, form)] = response.context["forms"]  # the March item; the May one is not due
    assert item.topic_ru == "Услуги электронного правительства"
    assert [pk for pk, _label in form.fields["events"].choices] == [matching.pk, other.pk]
    assert form.initial["events"] == [matching.pk]


def test_saving_and_submitting_meets_the_25th(client, press_secretary, approved):
    item = approved.items.get(month=3)
    event = EventFactory(
        agency=approved.agency, starts_at=almaty(2027, 3, 10, 10), ends_at=almaty(2027, 3, 10, 11)
    )
    client.force_login(press_secretary)
    url = f"/en/media-plans/{approved.pk}/reports/3/"
    assert client.post(url, entry_form(item, events=[event.pk])).status_code == 302
    report = MonthlyReport.objects.get(plan=approved, month=3)
    entry = report.entries.get()
    assert (entry.status, entry.text_kk, entry.links) == (
        "done",
        "Брифинг өтті",
        ["https://example.kz/news/1"],
    )
    assert list(entry.events.all()) == [event]
    assert client.post(url + "submit/").status_code == 302
    report.refresh_from_db()
    assert report.submitted_at is not None
    assert report.is_late is False


def test_a_report_after_the_25th_is_late(press_secretary, approved):
    item = approved.items.get(month=3)
    report = services.report_save(
        plan=approved, month=3, by=press_secretary, entries=[{"item": item, "status": "done"}]
    )
    report = services.report_submit(report=report, by=press_secretary, at=almaty(2027, 3, 27, 10))
    assert report.is_late is True


def test_a_link_that_is_not_a_web_address_is_refused(client, press_secretary, approved):
    item = approved.items.get(month=3)
    client.force_login(press_secretary)
    response = client.post(
        f"/en/media-plans/{approved.pk}/reports/3/", entry_form(item, links="javascript:alert(1)")
    )
    assert response.status_code == 400
    assert not MonthlyReport.objects.exists()


def test_another_agency_cannot_see_the_report(client, approved, other_agency):
    from tests.factories import MembershipFactory, UserFactory

    stranger = UserFactory()
    MembershipFactory(user=stranger, agency=other_agency, role="press_secretary")
    client.force_login(stranger)
    assert client.get(f"/en/media-plans/{approved.pk}/reports/3/").status_code == 404


def test_the_quarter_summary_counts_statuses_events_and_late_reports(
    client, press_secretary, ministry_staff, approved
):
    item = approved.items.get(month=3)
    event = EventFactory(
        agency=approved.agency, starts_at=almaty(2027, 3, 10, 10), ends_at=almaty(2027, 3, 10, 11)
    )
    report = services.report_save(
        plan=approved,
        month=3,
        by=press_secretary,
        entries=[{"item": item, "status": "done", "events": [event]}],
    )
    services.report_submit(report=report, by=press_secretary, at=almaty(2027, 3, 27, 10))
    client.force_login(ministry_staff)
    response = client.get("/en/media-plans/summaries/2027/Q1/")
    assert response.status_code == 200
    [row] = response.context["summary"].rows
    assert (row.items, row.statuses["done"], row.events, row.reports_sent, row.reports_late) == (
        1,
        1,
        1,
        1,
        1,
    )
    year = client.get("/en/media-plans/summaries/2027/").context["summary"]
    assert (year.totals.items, year.totals.statuses[""]) == (2, 1)  # May's item is not reported on


def test_the_summary_is_the_agencys_own_for_its_members(
    client, press_secretary, journalist, approved
):
    client.force_login(press_secretary)
    assert len(client.get("/en/media-plans/summaries/2027/Q1/").context["summary"].rows) == 1
    client.force_login(journalist)
    assert client.get("/en/media-plans/summaries/2027/Q1/").status_code == 403


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_summary_pdf_in_each_language(client, ministry_staff, approved, language):
    client.force_login(ministry_staff)
    response = get_built(client, f"/{language}/media-plans/summaries/2027/Q1/pdf/")
    page = PdfReader(io.BytesIO(b"".join(response.streaming_content))).pages[0]
    text = " ".join(page.extract_text().split())
    name = getattr(approved.agency, f"name_{language}") or approved.agency.name_kk
    assert name in text
    assert "2027" in text
