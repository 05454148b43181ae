"""Event series (000 §3.1–3.3): an agency's plan-schedule of its main events for a month, a
quarter and a year, as one table — event name, format, dates and place, key theses and
accents, speakers with the language of their speech — submitted to the central service. A
month's series is due on the 25th of the month before, a quarter's on the 25th of the month
before the quarter, a year's on 1 December before (rules `event-series-*`, 18:00).

The period of these tests: January 2027 ("2027-01"), due Friday 25 December 2026, 18:00."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from eventgrid import services
from eventgrid.choices import SeriesAction, SeriesState
from eventgrid.models import EventSeries
from eventgrid.queries import series_deadline, series_events
from eventgrid.series import (
    Period,
    coming_period,
    due_anchor,
    parse_period,
    period_of,
    series_rows,
)
from portal.deadlines.models import Deadline
from portal.deadlines.services import deadlines_open_recurring
from portal.documents.services import _publication_bump_now
from tests.core.test_pdf import pdf_text
from tests.deadlines.factories import almaty
from tests.documents.helpers import get_built
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .factories import EventFactory, EventSpeakerFactory

pytestmark = pytest.mark.django_db

JANUARY = parse_period("2027-01")
DUE = almaty(2026, 12, 25, 18, 0)
BEFORE = almaty(2026, 12, 20, 12, 0)
AFTER = almaty(2026, 12, 28, 9, 0)
MID_JANUARY = almaty(2027, 1, 14, 10, 0)


def series_event(agency, **fields):
    """A planned event in January 2027 with all the table asks for, and one Russian-speaking
    speaker."""
    values = {
        "state": "planned",
        "title_kk": "Цифрлық үкімет форумы",
        "title_ru": "Форум цифрового правительства",
        "title_en": "Digital government forum",
        "format": "forum",
        "starts_at": MID_JANUARY,
        "ends_at": MID_JANUARY + dt.timedelta(hours=6),
        "place_kk": "Астана, Тәуелсіздік сарайы",
        "place_ru": "Астана, Дворец Независимости",
        "key_messages_kk": "Мемлекеттік қызметтердің 90 пайызы онлайн",
        "key_messages_ru": "90 процентов госуслуг онлайн",
        **fields,
    }
    event = EventFactory(agency=agency, **values)
    EventSpeakerFactory(
        event=event,
        name_kk="Ерлан Сапаров",
        name_ru="Ерлан Сапаров",
        position_kk="Вице-министр",
        position_ru="Вице-министр",
        language="ru",
    )
    return event


# --- Periods and their deadlines ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "starts_on", "last_day", "anchor"),
    [
        ("2027-01", "month", dt.date(2027, 1, 1), dt.date(2027, 1, 31), dt.date(2026, 12, 25)),
        ("2027-Q2", "quarter", dt.date(2027, 4, 1), dt.date(2027, 6, 30), dt.date(2027, 3, 25)),
        ("2027", "year", dt.date(2027, 1, 1), dt.date(2027, 12, 31), dt.date(2026, 12, 1)),
    ],
)
def test_a_period_is_written_as_its_month_quarter_or_year(text, kind, starts_on, last_day, anchor):
    period = parse_period(text)
    assert (period.kind, period.starts_on, period.last_day) == (kind, starts_on, last_day)
    assert period.label == text
    assert due_anchor(period) == anchor


@pytest.mark.parametrize("text", ["2027-13", "2027-Q5", "2027-00", "27-01", "1900", "2027-1"])
def test_a_malformed_period_is_refused(text):
    with pytest.raises(ValueError):
        parse_period(text)


def test_the_coming_period_is_the_one_after_today():
    today = dt.date(2026, 12, 2)
    assert coming_period("month", today) == Period("month", dt.date(2027, 1, 1))
    assert coming_period("quarter", today) == Period("quarter", dt.date(2027, 1, 1))
    assert coming_period("year", today) == Period("year", dt.date(2027, 1, 1))
    assert period_of("quarter", dt.date(2027, 8, 15)).label == "2027-Q3"


def test_the_due_moment_follows_the_rules(agency):
    assert series_deadline(agency=agency, period=JANUARY).due_at == DUE
    assert series_deadline(agency=agency, period=parse_period("2027")).due_at == almaty(
        2026, 12, 1, 18, 0
    )


def test_a_holiday_moves_the_due_date(agency):
    """November 2026's series is due on 25 October, Republic Day, a Sunday: the day off moves
    to Monday 26 October, so the series is due on Tuesday 27 October."""
    deadline = series_deadline(agency=agency, period=parse_period("2026-11"))
    assert deadline.due_at == almaty(2026, 10, 27, 18, 0)
    assert deadline.computation["moved_from"] is not None


# --- The table (000 §3.3) -------------------------------------------------------------------


def test_the_table_lists_the_held_events_of_the_period(agency, other_agency):
    forum = series_event(agency)
    published = series_event(
        agency,
        state="published",
        title_ru="Брифинг",
        starts_at=almaty(2027, 1, 5, 11, 0),
        ends_at=almaty(2027, 1, 5, 12, 0),
    )
    series_event(agency, state="draft", title_ru="Черновик")
    series_event(agency, starts_at=almaty(2027, 2, 1, 0, 0), ends_at=almaty(2027, 2, 1, 1, 0))
    series_event(agency, starts_at=almaty(2026, 12, 31, 23, 0), ends_at=almaty(2027, 1, 1, 1, 0))
    series_event(other_agency)
    events = series_events(agency=agency, period=JANUARY)
    assert events == [published, forum]
    from eventgrid.queries import weekly_snapshot

    [_brief, row] = series_rows(weekly_snapshot(events), "ru")
    assert (row.title, row.format, row.place, row.key_messages) == (
        "Форум цифрового правительства",
        "Forum",  # the label in the active language (English in these tests)
        "Астана, Дворец Независимости",
        "90 процентов госуслуг онлайн",
    )
    assert (row.starts_at, row.ends_at) == (MID_JANUARY, MID_JANUARY + dt.timedelta(hours=6))
    assert [(s.name, s.position, s.language) for s in row.speakers] == [
        ("Ерлан Сапаров", "Вице-министр", "Russian")
    ]


# --- Submission, lateness, resubmission, reopening -----------------------------------------


def test_the_submission_freezes_the_table_and_meets_the_deadline(agency, press_secretary):
    event = series_event(agency)
    deadlines_open_recurring(now=almaty(2026, 12, 12, 8, 0))
    series = services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    assert (series.state, series.submitted_at, series.late) == ("submitted", BEFORE, False)
    assert [entry["id"] for entry in series.snapshot] == [event.pk]
    deadline = Deadline.objects.get(rule__code="event-series-month", agency=agency)
    assert (deadline.period_key, deadline.state, deadline.completed_at) == (
        "2026-12-25",
        "done_on_time",
        BEFORE,
    )
    assert [(c.action, c.actor, c.events) for c in series.changes.all()] == [
        (SeriesAction.SUBMITTED, press_secretary, 1)
    ]


def test_a_submission_before_the_deadline_opens_still_meets_it(agency, press_secretary):
    series_event(agency)
    services.series_submit(
        agency=agency, period=JANUARY, by=press_secretary, at=almaty(2026, 11, 2, 9, 0)
    )
    deadline = Deadline.objects.get(rule__code="event-series-month", agency=agency)
    assert deadline.state == "done_on_time"


def test_a_submission_after_the_due_moment_is_late(agency, press_secretary):
    series_event(agency)
    series = services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=AFTER)
    assert series.late is True
    assert Deadline.objects.get(rule__code="event-series-month").state == "done_late"


def test_a_resubmission_keeps_the_first_moment(agency, press_secretary, agency_head):
    event = series_event(agency)
    services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    services.event_update(event=event, by=press_secretary, title_ru="Исправленное название")
    series = services.series_submit(agency=agency, period=JANUARY, by=agency_head, at=AFTER)
    assert (series.submitted_at, series.submitted_by, series.late) == (
        BEFORE,
        press_secretary,
        False,
    )
    assert series.snapshot[0]["title"]["ru"] == "Исправленное название"
    assert [c.action for c in series.changes.all()] == [
        SeriesAction.SUBMITTED,
        SeriesAction.RESUBMITTED,
    ]
    again = services.series_submit(agency=agency, period=JANUARY, by=agency_head, at=AFTER)
    assert again.changes.count() == 2  # the same again: nothing recorded


def test_an_incomplete_event_is_named_and_nothing_is_submitted(agency, press_secretary):
    series_event(agency, key_messages_kk="", key_messages_ru="", title_ru="")
    with pytest.raises(ValidationError) as refused:
        services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    [message] = refused.value.messages
    assert "title in Russian" in message and "key theses and accents" in message
    assert not EventSeries.objects.filter(state="submitted").exists()


def test_an_empty_period_is_submitted_by_saying_so(agency, press_secretary):
    with pytest.raises(ValidationError) as refused:
        services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    assert refused.value.code == "no_events"
    series = services.series_submit(
        agency=agency, period=JANUARY, by=press_secretary, at=BEFORE, no_events=True
    )
    assert (series.state, series.snapshot) == ("submitted", [])


def test_reopening_until_the_period_begins(agency, press_secretary):
    series_event(agency)
    series = services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    reopened = services.series_reopen(series=series, by=press_secretary, at=AFTER)
    assert reopened.state == SeriesState.DRAFT
    assert reopened.submitted_at == BEFORE  # the deadline stays met by the first submission
    assert Deadline.objects.get(rule__code="event-series-month").state == "done_on_time"
    with pytest.raises(ValidationError):
        services.series_reopen(series=reopened, by=press_secretary, at=AFTER)  # a draft
    services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=AFTER)
    with pytest.raises(ValidationError) as refused:
        services.series_reopen(series=series, by=press_secretary, at=almaty(2027, 1, 1, 0, 0))
    assert refused.value.code == "too_late"
    assert [c.action for c in series.changes.all()] == [
        SeriesAction.SUBMITTED,
        SeriesAction.REOPENED,
        SeriesAction.RESUBMITTED,
    ]


# --- Pages ---------------------------------------------------------------------------------


def _detail(agency, period="2027-01", suffix="/"):
    return f"/en/event-series/{period}{suffix}?agency={agency.slug}"


@time_machine.travel(BEFORE, tick=False)
def test_the_page_shows_the_table_state_deadline_and_buttons(client, agency, press_secretary):
    series_event(agency)
    client.force_login(press_secretary)
    page = client.get(_detail(agency))
    assert page.status_code == 200
    body = page.content.decode()
    for text in (
        "Digital government forum",
        "Астана, Тәуелсіздік сарайы",
        "Language of speech: Russian",
        "25.12.2026 18:00",
        "Submit to the central service",
        "Download the import template (XLSX)",
    ):
        assert text in body, text
    answer = client.post(f"/en/event-series/2027-01/submit/?agency={agency.slug}")
    assert answer.status_code == 302
    series = EventSeries.objects.get()
    assert (series.state, series.submitted_by, series.late) == ("submitted", press_secretary, False)
    body = client.get(_detail(agency)).content.decode()
    assert "Return to draft" in body and "First submitted on 20.12.2026 12:00" in body
    client.post(f"/en/event-series/2027-01/reopen/?agency={agency.slug}")
    assert EventSeries.objects.get().state == "draft"


def test_a_member_without_agency_sees_their_own(client, agency, press_secretary):
    client.force_login(press_secretary)
    page = client.get("/en/event-series/2027-Q1/")
    assert page.status_code == 200
    assert page.context["agency"] == agency
    assert page.context["period"] == parse_period("2027-Q1")


def test_another_agencys_press_secretary_is_refused(client, agency, other_agency):
    series_event(agency)
    stranger = UserFactory()
    MembershipFactory(user=stranger, role="press_secretary", agency=other_agency)
    client.force_login(stranger)
    for suffix in ("/", ".pdf", ".xlsx", "/template.xlsx"):
        assert client.get(_detail(agency, suffix=suffix)).status_code == 403, suffix
    assert client.post(_detail(agency, suffix="/submit/")).status_code == 403
    assert not EventSeries.objects.exists()


def test_a_malformed_period_is_no_address(client, press_secretary):
    client.force_login(press_secretary)
    assert client.get("/en/event-series/2027-13/").status_code == 404


def test_the_list_filters_and_paginates_in_constant_queries(
    client, agency, ministry_staff, django_assert_max_num_queries
):
    client.force_login(ministry_staff)
    empty = client.get(reverse("eventgrid:series_list"))
    assert "No event series yet" in empty.content.decode()

    def submitted(count):
        for _index in range(count):
            services.series_submit(
                agency=AgencyFactory(), period=JANUARY, by=None, at=BEFORE, no_events=True
            )

    submitted(2)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("eventgrid:series_list"), {"period": "2027-01"})
    submitted(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        page = client.get(reverse("eventgrid:series_list"), {"period": "2027-01"})
    assert len(page.context["page"].object_list) == 22
    assert client.get(reverse("eventgrid:series_list"), {"period": "2027-13"}).status_code == 400
    quarter = client.get(reverse("eventgrid:series_list"), {"kind": "quarter"})
    assert list(quarter.context["page"].object_list) == []


def test_the_members_list_holds_only_their_agencys_series(client, agency, press_secretary):
    services.series_submit(agency=agency, period=JANUARY, by=None, at=BEFORE, no_events=True)
    services.series_submit(
        agency=AgencyFactory(), period=JANUARY, by=None, at=BEFORE, no_events=True
    )
    client.force_login(press_secretary)
    page = client.get(reverse("eventgrid:series_list"))
    assert [row.agency for row in page.context["page"].object_list] == [agency]


# --- PDF and XLSX ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_pdf_of_the_series_in_each_language(client, agency, press_secretary, language):
    agency.name_kk = "Цифрлық даму министрлігі"
    agency.name_ru = "Министерство цифрового развития"
    agency.name_en = "Ministry of Digital Development"
    agency.save()
    series_event(agency)
    services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    client.force_login(press_secretary)
    response = get_built(client, f"/{language}/event-series/2027-01.pdf?agency={agency.slug}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"]
    flat = " ".join(pdf_text(b"".join(response.streaming_content)).split())
    with translation.override(language):
        for header in (
            gettext("Event series"),
            gettext("Key theses and accents"),
            gettext("Speakers (language of speech)"),
        ):
            assert header in flat, header
    assert "14.01.2027 10:00" in flat
    if language == "kk":
        assert "Цифрлық даму министрлігі" in flat
        assert "Цифрлық үкімет форумы" in flat
        assert set("әқүі") <= set(flat)  # Kazakh letters, in DejaVu Sans
    elif language == "ru":
        assert "Министерство цифрового развития" in flat
        assert "Форум цифрового правительства" in flat
    else:
        assert "Digital government forum" in flat


def test_the_pdf_follows_a_resubmission(client, agency, press_secretary):
    event = series_event(agency)
    services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    client.force_login(press_secretary)
    path = f"/ru/event-series/2027-01.pdf?agency={agency.slug}"
    first = pdf_text(b"".join(get_built(client, path).streaming_content))
    assert "Форум цифрового" in " ".join(first.split())
    services.event_update(event=event, by=press_secretary, title_ru="Исправленный форум")
    services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=AFTER)
    _publication_bump_now("eventgrid")  # on commit, which the test's transaction never reaches
    second = pdf_text(b"".join(get_built(client, path).streaming_content))
    assert "Исправленный форум" in " ".join(second.split())


def test_the_header_row_is_repeated_on_every_page(agency, press_secretary):
    from pypdf import PdfReader

    from eventgrid.exports import event_series_pdf

    long_text = "Мемлекеттік қызметтер онлайн. " * 14
    for day in range(1, 16):
        series_event(
            agency,
            key_messages_kk=long_text,
            starts_at=almaty(2027, 1, day, 10, 0),
            ends_at=almaty(2027, 1, day, 12, 0),
        )
    services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    content = event_series_pdf(language="en", filters={"agency": agency.slug, "period": "2027-01"})
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) > 1
    for page in pages:
        flat = " ".join(page.extract_text().split())
        assert "Key theses and accents" in flat and "Speakers (language of speech)" in flat
    assert pages[0].mediabox.width > pages[0].mediabox.height  # A4 landscape


def test_the_xlsx_of_the_series_reads_back(client, agency, press_secretary):
    series_event(agency)
    client.force_login(press_secretary)
    response = get_built(client, f"/ru/event-series/2027-01.xlsx?agency={agency.slug}")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    with translation.override("ru"):
        assert rows[2][:4] == ["№", gettext("Event"), gettext("Format"), gettext("Starts")]
        assert rows[3][:5] == [
            1,
            "Форум цифрового правительства",
            gettext("Forum"),
            dt.datetime(2027, 1, 14, 10, 0),
            dt.datetime(2027, 1, 14, 16, 0),
        ]
    assert rows[3][5:] == [
        "Астана, Дворец Независимости",
        "90 процентов госуслуг онлайн",
        "Ерлан Сапаров; Вице-министр; " + _language_label("ru", "ru"),
    ]


def _language_label(code, language):
    from portal.directory.choices import Language

    with translation.override(language):
        return str(Language(code).label)


# --- The back office ---------------------------------------------------------------------------


def test_the_admin_shows_the_agencys_series_read_only(client, agency, press_secretary):
    series_event(agency)
    own = services.series_submit(agency=agency, period=JANUARY, by=press_secretary, at=BEFORE)
    other = services.series_submit(
        agency=AgencyFactory(), period=JANUARY, by=None, at=BEFORE, no_events=True
    )
    client.force_login(press_secretary)
    listing = client.get(reverse("admin:eventgrid_eventseries_changelist"))
    assert list(listing.context["cl"].result_list) == [own]
    assert "2027-01" in listing.content.decode()
    page = client.get(reverse("admin:eventgrid_eventseries_change", args=[own.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Digital government forum" in body  # the snapshot, as a table
    assert "Submitted" in body  # the history inline
    assert 'name="snapshot"' not in body
    change = reverse("admin:eventgrid_eventseries_change", args=[own.pk])
    assert client.post(change, {}).status_code == 403
    assert client.get(reverse("admin:eventgrid_eventseries_add")).status_code == 403
    assert (
        client.get(reverse("admin:eventgrid_eventseries_change", args=[other.pk])).status_code
        == 302
    )  # not among the user's rows
