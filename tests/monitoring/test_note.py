"""The monthly analytical note (000 §4.5; issue 11 item 7): per agency and overall, the
month's publications and tone shares, flagged items, response times and the share answered on
time; charts as SVG on the page and in the PDF in kk, ru and en, built in Celery."""

import datetime as dt
import itertools
import re
import warnings

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from monitoring import exports, tasks
from monitoring.models import Publication, PublicationMatch, ResonanceCase, Story
from monitoring.note import note_charts, note_figures, parse_month
from portal.documents.models import StoredDocument
from portal.documents.services import _publication_bump_now, publication_version
from portal.schedule import PERIODIC_TASKS
from tests.core.test_pdf import pdf_text
from tests.documents.helpers import build_queued, get_built
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

NOVEMBER = dt.date(2026, 11, 1)
_numbers = itertools.count(1)


def at(day: int, hour: int = 10, month: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2026, month, day, hour))


def publication(agencies, *, tone="neutral", when=None) -> Publication:
    number = next(_numbers)
    when = when or at(10)
    story = Story.objects.create(title=f"Story {number}", first_published_at=when)
    item = Publication.objects.create(
        url=f"https://news.kz/{number}",
        normalised_url=f"https://news.kz/{number}",
        title=f"Story {number}",
        published_at=when,
        story=story,
        tone=tone,
        scored_tone=tone,
    )
    for agency in agencies:
        PublicationMatch.objects.create(publication=item, agency=agency, terms=["x"])
    return item


def case(agency, *, flagged, due_hours=24, answered_after_hours=None) -> ResonanceCase:
    item = publication([agency], tone="negative", when=flagged)
    closed = (
        None if answered_after_hours is None else flagged + dt.timedelta(hours=answered_after_hours)
    )
    return ResonanceCase.objects.create(
        story=item.story,
        publication=item,
        agency=agency,
        reason="negative, audience reach 150 000 ≥ 100 000",
        source="auto",
        flagged_at=flagged,
        due_at=flagged + dt.timedelta(hours=due_hours),
        state="open" if closed is None else "closed",
        closed_at=closed,
    )


@pytest.fixture
def month_data():
    """Health: 4 publications in November (2 negative), 3 cases — answered in 10 h and
    30 h against 24 h, one never; Transport: 1 positive publication. Outside November: one."""
    health = AgencyFactory(
        slug="health",
        name_en="Ministry of Health",
        name_kk="Денсаулық сақтау министрлігі",
        short_name_en="",
    )
    transport = AgencyFactory(slug="transport", name_en="Ministry of Transport")
    publication([health], tone="neutral")
    publication([health, transport], tone="positive")
    publication([health], tone="positive", when=at(1, month=10))  # October: not counted
    case(health, flagged=at(5), answered_after_hours=10)
    case(health, flagged=at(12), answered_after_hours=30)
    case(health, flagged=at(20))
    return health, transport


def test_the_figures_per_agency_and_overall(month_data):
    health, transport = month_data
    figures = note_figures(NOVEMBER)
    rows = {row.agency_id: row.figures for row in figures.agencies}
    assert [row.agency_id for row in figures.agencies] == [health.pk, transport.pk]
    assert (rows[health.pk].publications, rows[health.pk].negative) == (5, 3)
    assert (rows[health.pk].neutral, rows[health.pk].positive) == (1, 1)
    assert rows[health.pk].flagged == 3 and rows[health.pk].closed == 2
    assert rows[health.pk].median_response_hours == 20.0
    assert (rows[health.pk].on_time, rows[health.pk].due) == (1, 3)
    assert rows[health.pk].negative_percent == 60
    assert (rows[transport.pk].publications, rows[transport.pk].positive) == (1, 1)
    assert rows[transport.pk].on_time_share is None  # no case: no share, not 0 %
    overall = figures.overall
    assert (overall.publications, overall.negative, overall.positive) == (5, 3, 1)
    assert (overall.flagged, overall.on_time, overall.due) == (3, 1, 3)


def test_a_case_not_yet_due_and_open_is_not_late(month_data):
    health, _ = month_data
    now = timezone.now()
    ResonanceCase.objects.filter(agency=health, state="open").update(
        flagged_at=at(28), due_at=now + dt.timedelta(days=1)
    )
    figures = note_figures(NOVEMBER)
    assert (figures.overall.on_time, figures.overall.due) == (1, 2)


def test_one_agencys_note_holds_only_its_figures(month_data):
    _, transport = month_data
    figures = note_figures(NOVEMBER, transport)
    assert [row.agency_id for row in figures.agencies] == [transport.pk]
    assert (figures.overall.publications, figures.overall.flagged) == (1, 0)


def _queries(month: dt.date) -> int:
    with CaptureQueriesContext(connection) as queries:
        note_figures(month)
    return len(queries)


def test_the_figures_take_the_same_queries_for_2_or_10_agencies():
    agencies = [AgencyFactory() for _ in range(10)]
    for agency in agencies[:2]:
        case(agency, flagged=at(3), answered_after_hours=5)
    two = _queries(NOVEMBER)
    for agency in agencies[2:]:
        publication([agency], tone="positive")
        case(agency, flagged=at(4), answered_after_hours=50)
    assert _queries(NOVEMBER) == two == 4


def test_the_charts_are_deterministic_svg_with_kazakh_letters(month_data):
    with translation.override("kk"), warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        figures = note_figures(NOVEMBER)
        charts = note_charts(figures)
        again = note_charts(note_figures(NOVEMBER))
    # The agency's Kazakh name is drawn: DejaVu Sans has every letter (no "Glyph missing").
    assert not [warning for warning in warned if "missing from" in str(warning.message)]
    assert set(charts) == {"tone", "on_time"}
    assert charts == again
    for svg in charts.values():
        assert svg.startswith("<svg") and "<dc:date>" not in svg
    # Two charts on one page share no id.
    assert not set(_ids(charts["tone"])) & set(_ids(charts["on_time"]))


def _ids(svg: str) -> list[str]:
    return [found for found in re.findall(r'id="([^"]+)"', svg) if not found.startswith("DejaVu")]


def test_an_empty_month_has_no_charts():
    figures = note_figures(NOVEMBER)
    assert figures.agencies == () and note_charts(figures) == {}


@pytest.mark.parametrize("bad", ["2026-13", "2026-1", "26-11", "abcd-ef", "1999-01", ""])
def test_a_month_is_yyyy_mm(bad):
    with pytest.raises(ValueError):
        parse_month(bad)


# --- The page ---------------------------------------------------------------------------


def test_the_ministry_sees_every_agency_and_may_build(client, ministry_staff, month_data):
    client.force_login(ministry_staff)
    response = client.get("/en/monitoring/note/2026-11/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Analytical note for November 2026" in body
    assert "Ministry of Health" in body and "Ministry of Transport" in body
    assert body.count("<svg") == 2
    assert "Build now" in body
    assert "/kk/monitoring/note/2026-11/pdf/" in body and "/ru/monitoring/note/2026-11/pdf/" in body


def test_a_press_secretary_sees_only_their_agency(client, month_data):
    from tests.conftest import _persona

    health, transport = month_data
    press = _persona("press_secretary", transport)
    client.force_login(press)
    body = client.get("/en/monitoring/note/2026-11/").content.decode()
    assert "Ministry of Transport" in body and "Ministry of Health" not in body
    assert "Build now" not in body
    assert client.get(f"/en/monitoring/note/2026-11/?agency={health.slug}").status_code == 404
    assert client.post("/en/monitoring/note/2026-11/build/").status_code == 403


def test_a_journalist_and_a_bad_month_are_refused(client, journalist, ministry_staff):
    client.force_login(journalist)
    assert client.get("/en/monitoring/note/2026-11/").status_code == 403
    client.force_login(ministry_staff)
    response = client.get("/en/monitoring/note/2026-13/")
    assert response.status_code == 404


def test_the_page_runs_the_same_queries_for_2_or_10_agencies(client, ministry_staff):
    client.force_login(ministry_staff)
    agencies = [AgencyFactory() for _ in range(10)]
    for agency in agencies[:2]:
        case(agency, flagged=at(3), answered_after_hours=5)
    client.get("/en/monitoring/note/2026-11/")  # the session and the versions cached
    with CaptureQueriesContext(connection) as two:
        client.get("/en/monitoring/note/2026-11/")
    for agency in agencies[2:]:
        case(agency, flagged=at(4), answered_after_hours=50)
    with CaptureQueriesContext(connection) as ten:
        client.get("/en/monitoring/note/2026-11/")
    assert len(ten) == len(two)


# --- The PDF, built in Celery -------------------------------------------------------------


def test_the_pdf_is_prepared_then_served_in_each_language(client, ministry_staff, month_data):
    client.force_login(ministry_staff)
    first = client.get("/ru/monitoring/note/2026-11/pdf/")
    assert first.status_code == 200 and first["Refresh"]  # the "being prepared" page
    [document] = StoredDocument.objects.all()
    assert (document.kind, document.filters) == (
        "monitoring-note",
        {"month": "2026-11", "agency": ""},
    )
    for language, words in (
        ("ru", ["Ноябрь 2026", "Министерство"]),
        ("kk", ["Қараша 2026", "Денсаулық сақтау министрлігі"]),
        ("en", ["Analytical note for November 2026", "Ministry of Health"]),
    ):
        response = get_built(client, f"/{language}/monitoring/note/2026-11/pdf/")
        assert response["Content-Type"] == "application/pdf"
        text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
        for word in words:
            assert word in text, (language, word)


def test_build_now_raises_the_version_and_asks_for_three_languages(
    client, ministry_staff, month_data, django_capture_on_commit_callbacks
):
    client.force_login(ministry_staff)
    before = publication_version(exports.NOTE_PUBLICATION)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/monitoring/note/2026-11/build/")
    assert response.status_code == 302
    assert response["Location"] == "/en/monitoring/note/2026-11/"
    assert publication_version(exports.NOTE_PUBLICATION) == before + 1
    documents = StoredDocument.objects.filter(kind="monitoring-note")
    assert sorted(documents.values_list("language", flat=True)) == ["en", "kk", "ru"]
    assert {document.version for document in documents} == {before + 1}


def test_the_monthly_task_asks_for_last_months_note_once(month_data):
    assert tasks.note_last_month() == 3
    assert tasks.note_last_month() == 3  # still queued: nothing more
    assert StoredDocument.objects.filter(kind="monitoring-note").count() == 3
    month = f"{exports.last_month():%Y-%m}"
    assert set(StoredDocument.objects.values_list("filters__month", flat=True)) == {month}
    build_queued()
    assert tasks.note_last_month() == 0


def test_beat_asks_for_the_note_citing_000_4_5():
    [entry] = [
        periodic for periodic in PERIODIC_TASKS if periodic.task == "monitoring.note_last_month"
    ]
    assert "000 §4.5" in entry.why


def test_a_rebuilt_note_has_a_new_key(month_data):
    exports.note_request(month=NOVEMBER)
    _publication_bump_now(exports.NOTE_PUBLICATION)
    exports.note_request(month=NOVEMBER)
    assert StoredDocument.objects.filter(kind="monitoring-note").count() == 6
