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

from monitoring import note, services, tasks
from monitoring.models import NoteBuild, Publication, PublicationMatch, ResonanceCase, Story
from monitoring.note import NoteFigures, note_charts, note_figures, parse_month
from portal.documents.models import StoredDocument
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


# --- Builds: the page and the PDFs read what a build stored ---------------------------------


def built(month=NOVEMBER, agency=None, *, rebuild=False) -> NoteBuild:
    """A note asked for and built by the task's own function, in this process."""
    build = services.note_request(month=month, agency=agency, rebuild=rebuild)
    assert services.note_build_run(build_id=build.pk) == "done"
    build.refresh_from_db()
    return build


def test_the_page_shows_the_stored_build_not_todays_figures(client, ministry_staff, month_data):
    health, _ = month_data
    build = built()
    assert (build.status, build.version, set(build.charts)) == ("done", 1, {"kk", "ru", "en"})
    publication([health], tone="negative")  # after the build: not in it
    client.force_login(ministry_staff)
    with translation.override("en"):
        response = client.get("/en/monitoring/note/2026-11/")
    assert response.status_code == 200 and "Refresh" not in response
    body = response.content.decode()
    assert "Analytical note for November 2026" in body
    assert "Ministry of Health" in body and "Ministry of Transport" in body
    assert '<th scope="row">Ministry of Health</th>\n  <td>5</td>' in body
    assert body.count("<svg") == 2
    assert "Build now" in body
    assert "/kk/monitoring/note/2026-11/pdf/" in body and "/ru/monitoring/note/2026-11/pdf/" in body


def test_the_stored_charts_are_in_the_readers_language(client, ministry_staff, month_data):
    built()
    client.force_login(ministry_staff)
    kazakh = client.get("/kk/monitoring/note/2026-11/").content.decode()
    english = client.get("/en/monitoring/note/2026-11/").content.decode()
    assert "Денсаулық сақтау министрлігі" in kazakh
    charts = re.findall(r"<svg.*?</svg>", kazakh, re.DOTALL)
    assert charts and charts != re.findall(r"<svg.*?</svg>", english, re.DOTALL)


def test_a_note_not_built_is_asked_for_then_shows_its_progress(client, month_data):
    from tests.conftest import _persona

    _, transport = month_data
    client.force_login(_persona("press_secretary", transport))
    with translation.override("en"):
        first = client.get("/en/monitoring/note/2026-11/")
        assert "has not been built yet" in first.content.decode()
        assert "Build the note" in first.content.decode() and "Refresh" not in first
        assert NoteBuild.objects.count() == 0  # reading asks for nothing
        assert client.post("/en/monitoring/note/2026-11/build/").status_code == 302
        client.post("/en/monitoring/note/2026-11/build/")
        [build] = NoteBuild.objects.all()
        assert (build.agency, build.status, build.version) == (transport, "queued", 1)
        waiting = client.get("/en/monitoring/note/2026-11/")
        assert waiting["Refresh"] == "3" and "The note is being built." in waiting.content.decode()
        assert "Build the note" not in waiting.content.decode()
        # The PDF's address has nothing to serve yet: the page with the progress.
        assert client.get("/en/monitoring/note/2026-11/pdf/")["Location"] == (
            "/en/monitoring/note/2026-11/?agency=transport"
        )
        services.note_build_run(build_id=build.pk)
        done = client.get("/en/monitoring/note/2026-11/")
    assert "Refresh" not in done and "Ministry of Transport" in done.content.decode()
    # A member may ask for a first build, not build again.
    client.post("/en/monitoring/note/2026-11/build/")
    assert NoteBuild.objects.count() == 1


def test_building_twice_is_one_build(month_data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        first = services.note_request(month=NOVEMBER)
        again = services.note_request(month=NOVEMBER, rebuild=True)  # pending: that one
    assert first == again and len(queued) == 1
    assert services.note_build_run(build_id=first.pk) == "done"
    assert services.note_build_run(build_id=first.pk) == "not claimed"
    assert services.note_request(month=NOVEMBER) == first  # done: nothing new
    assert NoteBuild.objects.count() == 1


def test_a_failed_or_dead_build_leaves_the_previous_one_shown(
    client, ministry_staff, month_data, monkeypatch
):
    health, _ = month_data
    built()
    publication([health], tone="negative")
    second = services.note_request(month=NOVEMBER, rebuild=True)
    assert second.version == 2

    def crash(_figures):
        raise RuntimeError("the worker fell over")

    monkeypatch.setattr(note, "note_charts_all", crash)
    assert services.note_build_run(build_id=second.pk) == "failed"
    client.force_login(ministry_staff)
    with translation.override("en"):
        body = client.get("/en/monitoring/note/2026-11/").content.decode()
    assert "Build 1," in body and "<td>5</td>" in body
    monkeypatch.undo()
    # A worker died holding the third build: shown as under way, the first build still read;
    # after the documents' STALE_CLAIM another worker takes it over.
    third = services.note_request(month=NOVEMBER, rebuild=True)
    NoteBuild.objects.filter(pk=third.pk).update(
        status="running", claim="dead", claimed_at=timezone.now(), progress=40
    )
    with translation.override("en"):
        body = client.get("/en/monitoring/note/2026-11/").content.decode()
    assert "A new build of the note is under way" in body and "Build 1," in body
    assert services.note_build_run(build_id=third.pk) == "not claimed"
    NoteBuild.objects.filter(pk=third.pk).update(
        claimed_at=timezone.now() - dt.timedelta(minutes=16)
    )
    assert services.note_build_run(build_id=third.pk) == "done"
    with translation.override("en"):
        body = client.get("/en/monitoring/note/2026-11/").content.decode()
    assert "Build 3," in body and "<td>6</td>" in body


def test_a_lost_pending_build_is_queued_again(month_data, django_capture_on_commit_callbacks):
    build = services.note_request(month=NOVEMBER)
    NoteBuild.objects.filter(pk=build.pk).update(
        queued_at=timezone.now() - dt.timedelta(minutes=16)
    )
    with django_capture_on_commit_callbacks() as queued:
        assert services.note_request(month=NOVEMBER) == build
        services.note_request(month=NOVEMBER)
    assert len(queued) == 1


def test_a_month_not_begun_has_no_note(client, ministry_staff):
    client.force_login(ministry_staff)
    response = client.post("/en/monitoring/note/2100-01/build/", follow=True)
    assert response.status_code == 200 and NoteBuild.objects.count() == 0
    with translation.override("en"):
        assert "only for a month that has begun" in response.content.decode()


def test_a_press_secretary_sees_only_their_agency(client, month_data):
    from tests.conftest import _persona

    health, transport = month_data
    built(agency=transport)
    press = _persona("press_secretary", transport)
    client.force_login(press)
    with translation.override("en"):
        body = client.get("/en/monitoring/note/2026-11/").content.decode()
    assert "Ministry of Transport" in body and "Ministry of Health" not in body
    assert "Build now" not in body and "Build the note" not in body
    assert client.get(f"/en/monitoring/note/2026-11/?agency={health.slug}").status_code == 404
    assert client.post(f"/en/monitoring/note/2026-11/build/?agency={health.slug}").status_code == (
        404
    )


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
    built()
    client.get("/en/monitoring/note/2026-11/")  # the session and the versions cached
    with CaptureQueriesContext(connection) as two:
        client.get("/en/monitoring/note/2026-11/")
    for agency in agencies[2:]:
        case(agency, flagged=at(4), answered_after_hours=50)
    built(rebuild=True)
    client.get("/en/monitoring/note/2026-11/")
    with CaptureQueriesContext(connection) as ten:
        response = client.get("/en/monitoring/note/2026-11/")
    assert response.content.decode().count('<th scope="row">') == 11  # 10 agencies, overall
    assert len(ten) == len(two)


# --- The PDFs, rendered by the build from its stored figures ----------------------------------


def test_the_build_renders_the_pdf_in_each_language_from_its_figures(
    client, ministry_staff, month_data
):
    health, _ = month_data
    build = built()
    documents = StoredDocument.objects.filter(kind="monitoring-note")
    assert sorted(documents.values_list("language", "status")) == [
        ("en", "queued"),
        ("kk", "queued"),
        ("ru", "queued"),
    ]
    assert build_queued() == ["done"] * 3
    assert {document.filters["build"] for document in documents} == {str(build.version)}
    publication([health], tone="negative")  # after the build: in none of its PDFs
    client.force_login(ministry_staff)
    for language, words in (
        ("ru", ["Ноябрь 2026", "Министерство"]),
        ("kk", ["Қараша 2026", "Денсаулық сақтау министрлігі"]),
        ("en", ["Analytical note for November 2026", "Ministry of Health 5 3 (60%)"]),
    ):
        response = client.get(f"/{language}/monitoring/note/2026-11/pdf/")
        assert response["Content-Type"] == "application/pdf"
        text = " ".join(pdf_text(b"".join(response.streaming_content)).split())
        for word in words:
            assert word in text, (language, word)


def test_a_lost_pdf_is_rendered_again_from_the_same_build(client, ministry_staff, month_data):
    build = built()
    build_queued()
    StoredDocument.objects.filter(language="en").delete()
    client.force_login(ministry_staff)
    response = get_built(client, "/en/monitoring/note/2026-11/pdf/")
    assert response["Content-Type"] == "application/pdf"
    [document] = StoredDocument.objects.filter(language="en")
    assert document.filters["build"] == str(build.version)


def test_build_now_queues_a_new_build(
    client, ministry_staff, month_data, django_capture_on_commit_callbacks
):
    built()
    client.force_login(ministry_staff)
    with django_capture_on_commit_callbacks() as queued:
        response = client.post("/en/monitoring/note/2026-11/build/")
    assert response.status_code == 302
    assert response["Location"] == "/en/monitoring/note/2026-11/"
    assert len(queued) == 1
    assert list(NoteBuild.objects.values_list("version", "status")) == [
        (2, "queued"),
        (1, "done"),
    ]


def test_the_monthly_run_asks_for_every_note_of_the_month_once(month_data):
    health, transport = month_data
    assert services.notes_request_month(month=NOVEMBER) == 3
    assert services.notes_request_month(month=NOVEMBER) == 0  # still queued: nothing more
    assert sorted(NoteBuild.objects.values_list("agency__slug", flat=True), key=str) == sorted(
        [None, "health", "transport"], key=str
    )
    for build in NoteBuild.objects.all():
        services.note_build_run(build_id=build.pk)
    assert services.notes_request_month(month=NOVEMBER) == 0


@pytest.mark.time_machine(dt.datetime(2026, 12, 1, 1, 30, tzinfo=dt.UTC), tick=False)
def test_the_monthly_task_builds_last_months_notes(month_data):
    assert tasks.note_last_month() == 3
    assert set(NoteBuild.objects.values_list("month", flat=True)) == {NOVEMBER}


def test_beat_asks_for_the_note_citing_000_4_5():
    [entry] = [
        periodic for periodic in PERIODIC_TASKS if periodic.task == "monitoring.note_last_month"
    ]
    assert "000 §4.5" in entry.why


def test_the_stored_figures_read_back_the_same(month_data):
    figures = note_figures(NOVEMBER)
    again = NoteFigures.from_json(figures.to_json(), month=NOVEMBER, agency=None)
    assert again == figures
