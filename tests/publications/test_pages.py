"""The press secretary's week queue and a request's page (issue 10 item 8; 002 §11–14):
only the agency's items, filters, a late hand-over flagged, steps as buttons, constant
queries, files behind the permission check, the API read-only."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from requests_desk.publications.models import PublicationRequest
from tests.factories import AgencyFactory, UserFactory

from .conftest import almaty, hand_over, pdf

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(almaty(2026, 3, 16, 10), tick=False)]


def url(name, *args, **query):
    with translation.override("en"):
        address = reverse(f"publications:{name}", args=args)
    if query:
        address += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return address


def test_the_queue_shows_this_weeks_material_of_the_agency_only_with_the_late_flagged(
    client, agency, other_agency, press_secretary
):
    on_time = hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20))
    late = hand_over(
        agency, press_secretary, publication_date=dt.date(2026, 3, 17), title="Кеш материал"
    )
    next_week = hand_over(
        agency, press_secretary, publication_date=dt.date(2026, 3, 27), title="Келесі апта"
    )
    hand_over(other_agency, press_secretary, publication_date=dt.date(2026, 3, 20), title="Бөгде")
    client.force_login(press_secretary)

    page = client.get(url("publication_list")).content.decode()
    assert on_time.title in page and late.title in page
    assert next_week.title not in page and "Бөгде" not in page
    # Due on 13 March (2 working days before the 17th), handed over on the 16th: late.
    assert late.is_late and not on_time.is_late
    assert page.count('<tr class="late">') == 1
    assert page.index('<tr class="late">') < page.index(late.title) < page.index(on_time.title)

    late_only = client.get(url("publication_list", late="on")).content.decode()
    assert late.title in late_only and on_time.title not in late_only
    week = client.get(url("publication_list", week="2026-W13")).content.decode()
    assert next_week.title in week and on_time.title not in week


def test_the_queue_filters_by_stage_and_refuses_a_bad_week(client, agency, press_secretary):
    edited = hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20))
    client.force_login(press_secretary)
    client.post(url("publication_edit", edited.pk), {"edited_text": "Өңделді."})
    hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20), title="Басқа")

    page = client.get(url("publication_list", stage="edited")).content.decode()
    assert edited.title in page and "Басқа" not in page
    for week in ("2026-W54", "2026-13", "٢٠٢٦-W10", "9999-W01"):
        response = client.get(url("publication_list", week=week))
        assert response.status_code == 400
        assert "YYYY-Www" in response.content.decode()


def test_the_queue_runs_the_same_queries_for_two_and_for_ten_items(client, agency, press_secretary):
    client.force_login(press_secretary)

    def queries_for_the_page():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url("publication_list")).status_code == 200
        return len(captured)

    for day in (17, 18):
        hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, day))
    two = queries_for_the_page()
    for index in range(8):
        hand_over(
            AgencyFactory() if index % 2 else agency,
            press_secretary,
            publication_date=dt.date(2026, 3, 19),
        )
    ten_visible = PublicationRequest.objects.filter(agency=agency).count()
    assert ten_visible == 6
    assert queries_for_the_page() == two


def test_a_unit_member_hands_over_on_the_page_and_the_press_secretary_takes_the_steps(
    client, agency, unit_member, press_secretary
):
    client.force_login(unit_member)
    response = client.post(
        url("publication_new"),
        {
            "agency": agency.slug,
            "unit": "Департамент",
            "title": "<b>Жаңалық</b>",
            "text": "Мәтін",
            "kind": "regular",
            "publication_date": "2026-03-20",
            "files": [pdf()],
        },
    )
    assert response.status_code == 302
    publication = PublicationRequest.objects.get()
    detail = client.get(url("publication_detail", publication.pk)).content.decode()
    assert "&lt;b&gt;Жаңалық&lt;/b&gt;" in detail and "<b>Жаңалық" not in detail
    # A member who is not the press office sees it, but takes no step.
    assert (
        client.post(url("publication_edit", publication.pk), {"edited_text": "x"}).status_code
        == 403
    )
    (stored,) = publication.files.all()
    download = client.get(url("publication_file", publication.pk, stored.pk))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")

    client.force_login(press_secretary)
    assert (
        client.post(url("publication_edit", publication.pk), {"edited_text": ""}).status_code == 400
    )
    assert (
        client.post(url("publication_edit", publication.pk), {"edited_text": "Өңделді"}).status_code
        == 302
    )
    assert client.post(url("publication_translation", publication.pk)).status_code == 302
    assert client.post(url("publication_translated", publication.pk)).status_code == 302
    assert (
        client.post(url("publication_post", publication.pk), {"posted_url": "nope"}).status_code
        == 400
    )
    assert (
        client.post(url("publication_post", publication.pk), {"posted_url": "https://gov.kz/n/1"})
    ).status_code == 302
    publication.refresh_from_db()
    assert publication.stage == "posted"
    detail = client.get(url("publication_detail", publication.pk)).content.decode()
    assert "https://gov.kz/n/1" in detail and "Posting on the website" in detail


def test_a_refused_file_on_the_page_is_a_clear_error_and_nothing_is_stored(
    client, agency, press_secretary
):
    client.force_login(press_secretary)
    response = client.post(
        url("publication_new"),
        {
            "agency": agency.slug,
            "unit": "Департамент",
            "title": "Жаңалық",
            "text": "Мәтін",
            "kind": "regular",
            "publication_date": "2026-03-20",
            "files": [pdf("brief.pdf", b"<html>not a pdf</html>")],
        },
    )
    assert response.status_code == 400
    assert "is not a PDF file" in response.content.decode()
    assert not PublicationRequest.objects.exists()


def test_another_agencys_material_is_not_there(client, agency, other_agency, press_secretary):
    theirs = hand_over(other_agency, None, publication_date=dt.date(2026, 3, 20), files=[pdf()])
    client.force_login(press_secretary)
    assert client.get(url("publication_detail", theirs.pk)).status_code == 404
    assert client.post(url("publication_edit", theirs.pk), {"edited_text": "x"}).status_code == 404
    stored = theirs.files.get()
    assert client.get(url("publication_file", theirs.pk, stored.pk)).status_code == 404
    # Handing over for an agency the user is not a member of is refused.
    response = client.post(
        url("publication_new"),
        {
            "agency": other_agency.slug,
            "unit": "U",
            "title": "T",
            "text": "X",
            "kind": "regular",
            "publication_date": "2026-03-20",
        },
    )
    assert response.status_code == 400
    assert PublicationRequest.objects.count() == 1


def test_journalists_have_no_queue(client, journalist):
    client.force_login(journalist)
    assert client.get(url("publication_list")).status_code == 403
    assert client.get(url("publication_new")).status_code == 403


def test_the_api_lists_the_agencys_requests_read_only_with_strict_filters(
    client, agency, other_agency, press_secretary
):
    mine = hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 17))
    hand_over(other_agency, None, publication_date=dt.date(2026, 3, 20))
    client.force_login(press_secretary)
    listed = client.get("/api/v1/publication-requests/").json()
    assert [item["id"] for item in listed["results"]] == [mine.pk]
    assert listed["results"][0]["is_late"] is True
    assert listed["results"][0]["events"][0]["action"] == "handed_over"
    late = client.get("/api/v1/publication-requests/", {"late": "false"}).json()
    assert late["results"] == []
    assert client.get("/api/v1/publication-requests/", {"stag": "x"}).status_code == 400
    for unclear in ("null", "maybe", ""):
        assert client.get("/api/v1/publication-requests/", {"late": unclear}).status_code == 400
    late_ones = client.get("/api/v1/publication-requests/", {"late": "true"}).json()
    assert [item["id"] for item in late_ones["results"]] == [mine.pk]
    assert client.post("/api/v1/publication-requests/", {}).status_code == 405
    detail = client.get(f"/api/v1/publication-requests/{mine.pk}/").json()
    assert detail["stage_due_at"] == "2026-03-18T18:00:00+05:00"  # translation: 2 days


def test_the_api_list_runs_the_same_queries_for_two_and_for_ten(client, agency, press_secretary):
    client.force_login(press_secretary)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/publication-requests/").status_code == 200
        return len(captured)

    for _ in range(2):
        hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20))
    two = count()
    for _ in range(8):
        hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20))
    assert count() == two


def test_the_admin_shows_only_the_users_agency_and_allows_no_change(
    client, agency, other_agency, press_secretary
):
    mine = hand_over(agency, press_secretary, publication_date=dt.date(2026, 3, 20))
    theirs = hand_over(other_agency, None, publication_date=dt.date(2026, 3, 20), title="Бөгде")
    press_secretary.is_staff = True
    press_secretary.save()
    client.force_login(press_secretary)
    listing = client.get("/en/admin/publications/publicationrequest/").content.decode()
    assert mine.title in listing and theirs.title not in listing
    response = client.post(
        f"/en/admin/publications/publicationrequest/{mine.pk}/change/", {"title": "x"}
    )
    mine.refresh_from_db()
    assert mine.title != "x" and response.status_code in (200, 403)
    superuser = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(superuser)
    assert theirs.title in client.get("/en/admin/publications/publicationrequest/").content.decode()
