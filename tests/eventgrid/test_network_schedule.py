"""The republican network schedule (000 §3.4): the central service consolidates every
agency's submitted event series of a period — as submitted, not as the events are now —
for the Office of the Prime Minister. Only the authorized body's staff and superusers read
it; it can be narrowed by agency, region, format and language of speech, and downloaded as
PDF and XLSX."""

import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from eventgrid import services
from eventgrid.series import parse_period
from tests.core.test_pdf import pdf_text
from tests.deadlines.factories import almaty
from tests.documents.helpers import get_built
from tests.factories import AgencyFactory

from .test_series import BEFORE, series_event

pytestmark = pytest.mark.django_db

JANUARY = parse_period("2027-01")
PAGE = "/en/network-schedule/2027-01/"


@pytest.fixture
def schedule(agency, other_agency):
    """Agency A (Astana) submitted a forum with a Russian speaker; agency B (Almaty) a
    briefing with a Kazakh speaker; agency C has a draft series (not submitted)."""
    agency.name_en = "Ministry of Digital Development"
    agency.save()
    other_agency.region = "almaty_city"
    other_agency.name_en = "Akimat of Almaty"
    other_agency.save()
    forum = series_event(agency)
    briefing = series_event(
        other_agency,
        format="briefing",
        title_en="Almaty briefing",
        starts_at=almaty(2027, 1, 8, 11, 0),
        ends_at=almaty(2027, 1, 8, 12, 0),
    )
    briefing.speakers.update(language="kk")
    services.series_submit(agency=agency, period=JANUARY, by=None, at=BEFORE)
    services.series_submit(agency=other_agency, period=JANUARY, by=None, at=BEFORE)
    unsent = AgencyFactory()
    series_event(unsent, title_en="Not submitted")
    # Changed after the submission: the schedule shows what was submitted.
    services.event_update(event=forum, by=None, title_en="Renamed afterwards")
    return {"forum": forum, "briefing": briefing}


def _titles(response):
    return [row.title for row in response.context["rows"]]


def test_the_schedule_consolidates_the_submitted_series(client, schedule, ministry_staff):
    client.force_login(ministry_staff)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert _titles(page) == ["Almaty briefing", "Digital government forum"]
    assert [row.agency for row in page.context["rows"]] == [
        "Akimat of Almaty",
        "Ministry of Digital Development",
    ]
    assert page.context["agencies"] == 2


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ({"region": "almaty_city"}, ["Almaty briefing"]),
        ({"format": "forum"}, ["Digital government forum"]),
        ({"language": "ru"}, ["Digital government forum"]),
        ({"language": "en"}, []),
    ],
)
def test_the_filters(client, schedule, ministry_staff, query, titles):
    client.force_login(ministry_staff)
    assert _titles(client.get(PAGE, query)) == titles


def test_the_agency_filter_and_bad_filters(client, schedule, ministry_staff, agency):
    client.force_login(ministry_staff)
    assert _titles(client.get(PAGE, {"agency": agency.slug})) == ["Digital government forum"]
    for query in ({"agency": "no-such"}, {"format": "party"}, {"language": "de"}):
        assert client.get(PAGE, query).status_code == 400, query
    assert client.get("/en/network-schedule/2027-01.pdf", {"format": "party"}).status_code == 400


def test_only_the_authorized_body_reads_it(client, schedule, press_secretary, agency_head):
    assert client.get(PAGE)["Location"].startswith("/en/login/")
    for user in (press_secretary, agency_head):
        client.force_login(user)
        for path in (PAGE, "/en/network-schedule/2027-01.pdf", "/en/network-schedule/"):
            assert client.get(path).status_code == 403, path


def test_the_latest_is_the_coming_month(client, ministry_staff):
    client.force_login(ministry_staff)
    answer = client.get("/en/network-schedule/")
    assert answer.status_code == 302
    assert answer["Location"].startswith("/en/network-schedule/")
    assert client.get(answer["Location"]).status_code == 200


def test_an_empty_period_says_so(client, ministry_staff):
    client.force_login(ministry_staff)
    page = client.get("/en/network-schedule/2027-Q2/")
    assert "No agency has submitted its event series for this period yet." in (
        page.content.decode()
    )


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_pdf_in_each_language(client, schedule, ministry_staff, language):
    client.force_login(ministry_staff)
    response = get_built(client, f"/{language}/network-schedule/2027-01.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    flat = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    with translation.override(language):
        assert gettext("Republican network schedule") in flat
        assert gettext("Key theses and accents") in flat
    assert "08.01.2027 11:00" in flat and "14.01.2027 10:00" in flat
    if language == "kk":
        assert "Цифрлық үкімет форумы" in flat
    elif language == "ru":
        assert "Форум цифрового правительства" in flat
    else:
        assert "Digital government forum" in flat and "Renamed afterwards" not in flat


def test_the_pdf_keeps_the_filters(client, schedule, ministry_staff):
    client.force_login(ministry_staff)
    response = get_built(client, "/en/network-schedule/2027-01.pdf", {"region": "almaty_city"})
    flat = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    assert "Almaty briefing" in flat and "Digital government forum" not in flat


def test_the_xlsx_reads_back(client, schedule, ministry_staff):
    client.force_login(ministry_staff)
    response = get_built(client, "/en/network-schedule/2027-01.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Republican network schedule"
    assert rows[2][:3] == ["№", "Agency", "Event"]
    assert [row[1:4] for row in rows[3:]] == [
        ["Akimat of Almaty", "Almaty briefing", "Briefing"],
        ["Ministry of Digital Development", "Digital government forum", "Forum"],
    ]


def test_the_page_runs_a_constant_number_of_queries(
    client, ministry_staff, django_assert_max_num_queries
):
    client.force_login(ministry_staff)

    def submit(count):
        for _index in range(count):
            agency = AgencyFactory()
            series_event(agency)
            services.series_submit(agency=agency, period=JANUARY, by=None, at=BEFORE)

    submit(1)
    with django_assert_max_num_queries(10) as small:
        client.get(PAGE)
    submit(10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(PAGE)
    assert len(page.context["rows"]) == 11
