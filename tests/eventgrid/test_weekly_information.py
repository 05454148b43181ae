"""The weekly information (004 §10 and its appendix): every Thursday an agency sends the
authorized body its events of the coming week on the appendix form — date, time and place;
organisers and contacts; goal and tasks; key messages; speakers (position, contacts); expected
result. The week W+1's information is due on the Thursday of week W at 18:00 (the rule
"weekly-information"); the submission freezes what was sent and completes that deadline.

The week of these tests: Monday 7 – Sunday 13 December 2026 (2026-W50), due Thursday
3 December 2026, 18:00 Astana time."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from eventgrid import services
from eventgrid.choices import WeeklyInformationAction, WeeklyInformationState
from eventgrid.exports import WEEKLY_INFORMATION
from eventgrid.models import WeeklyInformation
from eventgrid.queries import week_events
from eventgrid.weeks import parse_week
from portal.deadlines.models import Deadline, DeadlineEvent
from portal.deadlines.services import deadlines_open_recurring
from portal.documents.models import StoredDocument
from portal.documents.services import _publication_bump_now
from tests.core.test_pdf import pdf_text
from tests.deadlines.factories import DeadlineFactory, almaty, rule
from tests.documents.helpers import get_built
from tests.factories import AgencyFactory

from .factories import MONDAY_TEN, EventFactory, EventSpeakerFactory

pytestmark = pytest.mark.django_db

WEEK = dt.date(2026, 12, 7)  # 2026-W50
THURSDAY_BEFORE = dt.date(2026, 12, 3)
DUE = almaty(2026, 12, 3, 18, 0)
WEDNESDAY_NOON = almaty(2026, 12, 2, 12, 0)
FRIDAY_MORNING = almaty(2026, 12, 4, 9, 0)


def complete_event(agency, **fields):
    """An event with every field the appendix asks for, and one speaker."""
    values = {
        "state": "planned",
        "title_kk": "Ұлттық бірыңғай тестілеудің жаңа форматы",
        "title_ru": "Новый формат единого национального тестирования",
        "title_en": "The new format of the unified national testing",
        "place_kk": "Астана, Үкімет үйі",
        "organisers_kk": "Оқу-ағарту министрлігінің баспасөз қызметі",
        "organisers_ru": "Пресс-служба Министерства просвещения",
        "contacts": "press@edu.gov.kz, +7 7172 74 00 00",
        "goal_kk": "Түлектерге жаңа форматты түсіндіру",
        "goal_ru": "Разъяснить выпускникам новый формат",
        "key_messages_kk": "Тест әділ әрі ашық өтеді",
        "key_messages_ru": "Тестирование пройдёт честно и открыто",
        "expected_result_kk": "Ата-аналар мен түлектер хабардар",
        "expected_result_ru": "Родители и выпускники информированы",
        **fields,
    }
    event = EventFactory(agency=agency, **values)
    EventSpeakerFactory(
        event=event,
        name_kk="Айгүл Серікқызы",
        name_ru="Айгуль Серикова",
        position_kk="Вице-министр",
        position_ru="Вице-министр",
        contacts="+7 701 000 00 00",
    )
    return event


@pytest.fixture
def open_deadline(agency):
    """The week's deadline as beat opens it, a week ahead (`deadlines_open_recurring`)."""
    deadlines_open_recurring(now=almaty(2026, 11, 30, 8, 0))
    return Deadline.objects.get(
        rule__code="weekly-information", agency=agency, period_key=THURSDAY_BEFORE.isoformat()
    )


def submit(agency, user, at, **kwargs):
    return services.weekly_information_submit(
        agency=agency, week_start=WEEK, by=user, at=at, **kwargs
    )


# --- Submission and the deadline ------------------------------------------------------------


def test_the_weeks_deadline_falls_on_the_thursday_before_it(agency, open_deadline):
    assert open_deadline.due_at == DUE


def test_submitted_before_thursday_evening_is_on_time_and_completes_the_deadline(
    agency, press_secretary, open_deadline
):
    complete_event(agency)
    information = submit(agency, press_secretary, WEDNESDAY_NOON)
    assert (information.state, information.late, information.submitted_at) == (
        WeeklyInformationState.SUBMITTED,
        False,
        WEDNESDAY_NOON,
    )
    assert information.submitted_by == press_secretary
    open_deadline.refresh_from_db()
    assert (open_deadline.state, open_deadline.completed_at) == ("done_on_time", WEDNESDAY_NOON)
    assert list(DeadlineEvent.objects.values_list("deadline", "action", "actor")) == [
        (open_deadline.pk, "done", press_secretary.pk)
    ]


def test_submitted_on_friday_is_late_and_the_deadline_is_done_late(
    agency, press_secretary, open_deadline
):
    complete_event(agency)
    information = submit(agency, press_secretary, FRIDAY_MORNING)
    assert information.late is True
    open_deadline.refresh_from_db()
    assert open_deadline.state == "done_late"


def test_the_stored_due_moment_decides_not_the_rule(agency, press_secretary):
    """A deadline moved by the ministry (stored due_at) is the one that counts."""
    DeadlineFactory(
        rule=rule("weekly-information"),
        agency=agency,
        period_key=THURSDAY_BEFORE.isoformat(),
        due_at=almaty(2026, 12, 4, 18, 0),
    )
    complete_event(agency)
    assert submit(agency, press_secretary, FRIDAY_MORNING).late is False


def test_without_an_opened_deadline_the_rule_decides_lateness(agency, press_secretary):
    complete_event(agency)
    assert not Deadline.objects.exists()
    assert submit(agency, press_secretary, FRIDAY_MORNING).late is True


def test_on_time_without_an_opened_deadline(agency, press_secretary):
    complete_event(agency)
    assert submit(agency, press_secretary, WEDNESDAY_NOON).late is False


@time_machine.travel(WEDNESDAY_NOON, tick=False)
def test_the_moment_defaults_to_now(agency, press_secretary):
    complete_event(agency)
    information = services.weekly_information_submit(
        agency=agency, week_start=WEEK, by=press_secretary
    )
    assert (information.submitted_at, information.late) == (WEDNESDAY_NOON, False)


@time_machine.travel(FRIDAY_MORNING, tick=False)
def test_the_page_submits_late_on_friday(client, agency, press_secretary, open_deadline):
    complete_event(agency)
    client.force_login(press_secretary)
    response = client.post(reverse("eventgrid:weekly_submit", kwargs={"week": WEEK}))
    assert response.status_code == 302
    information = WeeklyInformation.objects.get(agency=agency, week_start=WEEK)
    assert (information.state, information.late) == ("submitted", True)
    open_deadline.refresh_from_db()
    assert open_deadline.state == "done_late"


# --- Refusals --------------------------------------------------------------------------------


def test_a_submission_is_refused_with_what_each_event_lacks(agency, press_secretary):
    EventFactory(
        agency=agency,
        title_kk="Брифинг",
        title_ru="",
        title_en="Briefing",
        place_kk="Астана",
        organisers_kk="Баспасөз қызметі",
        contacts="press@gov.kz",
        key_messages_kk="Тезис",
    )
    complete_event(agency, starts_at=MONDAY_TEN + dt.timedelta(days=1))
    with pytest.raises(ValidationError) as error:
        submit(agency, press_secretary, WEDNESDAY_NOON)
    assert error.value.messages == [
        "“Briefing” (07.12.2026 10:00) lacks: title in Russian, goal and tasks, speakers, "
        "expected result."
    ]
    assert not WeeklyInformation.objects.exists()
    assert Deadline.objects.filter(state="open").count() == 0  # none opened, none completed


def test_a_speaker_needs_a_position_and_contacts(agency, press_secretary):
    event = complete_event(agency)
    EventSpeakerFactory(event=event, position_kk="", contacts="")
    with pytest.raises(ValidationError) as error:
        submit(agency, press_secretary, WEDNESDAY_NOON)
    assert error.value.messages == [
        "“The new format of the unified national testing” (07.12.2026 10:00) lacks: each "
        "speaker's position and contacts."
    ]


def test_a_text_given_in_one_language_is_given(agency, press_secretary):
    complete_event(agency, goal_kk="", goal_ru="", goal_en="Explain it")
    assert submit(agency, press_secretary, WEDNESDAY_NOON).is_submitted


def test_an_empty_week_is_refused_unless_the_agency_says_so(agency, press_secretary):
    with pytest.raises(ValidationError) as error:
        submit(agency, press_secretary, WEDNESDAY_NOON)
    assert error.value.messages == [
        "There is no event in this week. Add the week's events, or submit that there are none."
    ]
    information = submit(agency, press_secretary, WEDNESDAY_NOON, no_events=True)
    assert (information.state, information.no_events, information.snapshot) == (
        "submitted",
        True,
        [],
    )


def test_no_events_is_refused_when_the_week_has_events(agency, press_secretary):
    complete_event(agency)
    with pytest.raises(ValidationError) as error:
        submit(agency, press_secretary, WEDNESDAY_NOON, no_events=True)
    assert error.value.messages == [
        "This week has 1 event: submit it, or cancel or move it before saying there are none."
    ]


def test_a_week_starts_on_a_monday(agency, press_secretary):
    with pytest.raises(ValidationError) as error:
        services.weekly_information_submit(
            agency=agency, week_start=dt.date(2026, 12, 8), by=press_secretary, no_events=True
        )
    assert error.value.messages == ["A week starts on a Monday."]


def test_the_week_lists_held_events_of_its_own_days_only(agency):
    held = complete_event(agency)
    complete_event(agency, state="cancelled", state_reason_kk="Себебі")
    complete_event(agency, state="postponed", state_reason_kk="Себебі")
    complete_event(agency, starts_at=MONDAY_TEN + dt.timedelta(days=7))  # the next week
    complete_event(agency, starts_at=MONDAY_TEN - dt.timedelta(hours=11))  # Sunday 23:00
    complete_event(AgencyFactory())  # another agency's
    assert week_events(agency=agency, week_start=WEEK) == [held]


# --- The snapshot and resubmission ----------------------------------------------------------


def test_the_snapshot_keeps_what_was_submitted(agency, press_secretary):
    event = complete_event(agency)
    information = submit(agency, press_secretary, WEDNESDAY_NOON)
    services.event_update(event=event, by=press_secretary, title_ru="Изменённое название")
    information.refresh_from_db()
    [entry] = information.snapshot
    assert entry["title"] == {
        "kk": "Ұлттық бірыңғай тестілеудің жаңа форматы",
        "ru": "Новый формат единого национального тестирования",
        "en": "The new format of the unified national testing",
    }
    assert entry["speakers"] == [
        {
            "name": {"kk": "Айгүл Серікқызы", "ru": "Айгуль Серикова", "en": "Aigul Serikova"},
            "position": {"kk": "Вице-министр", "ru": "Вице-министр", "en": ""},
            "contacts": "+7 701 000 00 00",
            "language": "kk",
        }
    ]
    assert entry["starts_at"] == "2026-12-07T05:00:00+00:00"


def test_a_correction_is_resubmitted_and_recorded_keeping_the_first_moment(
    agency, press_secretary, agency_head
):
    event = complete_event(agency)
    submit(agency, press_secretary, WEDNESDAY_NOON)
    services.event_update(event=event, by=press_secretary, title_ru="Изменённое название")
    information = submit(agency, agency_head, FRIDAY_MORNING)
    assert information.snapshot[0]["title"]["ru"] == "Изменённое название"
    assert (information.submitted_at, information.submitted_by, information.late) == (
        WEDNESDAY_NOON,
        press_secretary,
        False,
    )
    assert list(information.changes.values_list("action", "actor", "at")) == [
        (WeeklyInformationAction.SUBMITTED, press_secretary.pk, WEDNESDAY_NOON),
        (WeeklyInformationAction.RESUBMITTED, agency_head.pk, FRIDAY_MORNING),
    ]


def test_submitting_the_same_twice_changes_nothing(agency, press_secretary):
    complete_event(agency)
    first = submit(agency, press_secretary, WEDNESDAY_NOON)
    again = submit(agency, press_secretary, FRIDAY_MORNING)
    assert again.pk == first.pk
    assert again.changes.count() == 1
    assert WeeklyInformation.objects.count() == 1


def test_the_agency_reopens_its_submission_before_the_week(agency, press_secretary):
    complete_event(agency)
    information = submit(agency, press_secretary, WEDNESDAY_NOON)
    reopened = services.weekly_information_reopen(
        information=information, by=press_secretary, at=FRIDAY_MORNING
    )
    assert reopened.state == WeeklyInformationState.DRAFT
    assert reopened.changes.last().action == WeeklyInformationAction.REOPENED
    again = submit(agency, press_secretary, almaty(2026, 12, 5, 10, 0))
    assert (again.state, again.submitted_at, again.changes.last().action) == (
        "submitted",
        WEDNESDAY_NOON,
        WeeklyInformationAction.RESUBMITTED,
    )


def test_no_reopening_once_the_week_has_begun(agency, press_secretary):
    complete_event(agency)
    information = submit(agency, press_secretary, WEDNESDAY_NOON)
    with pytest.raises(ValidationError) as error:
        services.weekly_information_reopen(
            information=information, by=press_secretary, at=almaty(2026, 12, 7, 0, 0)
        )
    assert error.value.code == "too_late"


def test_no_reopening_once_the_media_grid_is_composed(agency, press_secretary):
    complete_event(agency)
    information = submit(agency, press_secretary, WEDNESDAY_NOON)
    DeadlineFactory(
        rule=rule("media-grid"),
        agency=AgencyFactory(kind="authorized"),
        period_key=THURSDAY_BEFORE.isoformat(),
        state="done_on_time",
    )
    with pytest.raises(ValidationError) as error:
        services.weekly_information_reopen(
            information=information, by=press_secretary, at=FRIDAY_MORNING
        )
    assert error.value.code == "too_late"


def test_a_draft_is_not_reopened(agency, press_secretary):
    information = WeeklyInformation.objects.create(agency=agency, week_start=WEEK)
    with pytest.raises(ValidationError) as error:
        services.weekly_information_reopen(information=information, by=press_secretary)
    assert error.value.messages == ["Only submitted information can be returned to draft."]


def test_one_row_per_agency_and_week_in_the_database(agency):
    from django.db import IntegrityError, transaction

    WeeklyInformation.objects.create(agency=agency, week_start=WEEK)
    with pytest.raises(IntegrityError), transaction.atomic():
        WeeklyInformation.objects.create(agency=agency, week_start=WEEK)


# --- Strict week addresses -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "monday"),
    [
        ("2026-W50", dt.date(2026, 12, 7)),
        ("2026-W53", dt.date(2026, 12, 28)),  # 2026 has 53 ISO weeks
        ("2027-W01", dt.date(2027, 1, 4)),
        ("1995-W01", dt.date(1995, 1, 2)),
        ("2100-W52", dt.date(2100, 12, 27)),
    ],
)
def test_an_iso_week_is_its_monday(text, monday):
    assert parse_week(text) == monday


@pytest.mark.parametrize(
    "text",
    [
        "2025-W53",  # 2025 has 52 weeks
        "2026-W00",
        "2026-W54",
        "1994-W52",
        "2101-W01",
        "2026-W5",
        "2026W50",
        "2026-w50",
        "٢٠٢٦-W50",  # Arabic-Indic digits
        "2026-W50-1",
        "",
    ],
)
def test_anything_else_is_no_week(text):
    with pytest.raises(ValueError):
        parse_week(text)


@pytest.mark.parametrize(
    "week", ["2025-W53", "2026-W00", "2026-W54", "1994-W52", "2101-W01", "2026-W5", "2026-w50"]
)
def test_a_malformed_or_impossible_week_address_answers_404(client, press_secretary, week):
    client.force_login(press_secretary)
    for suffix in ("/", ".pdf", "/submit/"):
        path = f"/en/weekly-information/{week}{suffix}"
        assert client.get(path).status_code == 404, path


# --- Pages ---------------------------------------------------------------------------------


def detail_url(agency=None, week=WEEK):
    url = reverse("eventgrid:weekly_detail", kwargs={"week": week})
    return url + (f"?agency={agency.slug}" if agency else "")


@time_machine.travel(almaty(2026, 12, 1, 9, 0), tick=False)
def test_the_agency_sees_the_coming_week_first_with_its_due_date(client, agency, press_secretary):
    client.force_login(press_secretary)
    response = client.get(reverse("eventgrid:weekly_list"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.label for row in rows[:3]] == ["2026-W50", "2026-W49", "2026-W48"]
    assert rows[0].deadline.due_at == DUE
    assert response.context["explanation"].due_at == DUE
    assert "Due by 03.12.2026 18:00 (Astana time)." in response.content.decode()


@time_machine.travel(almaty(2026, 12, 1, 9, 0), tick=False)
def test_the_week_page_lists_what_is_missing_and_submits(client, agency, press_secretary):
    incomplete = complete_event(agency, goal_kk="", goal_ru="")
    client.force_login(press_secretary)
    response = client.get(detail_url())
    assert response.status_code == 200
    assert response.context["gaps"] == [(incomplete, ["goal and tasks"])]
    assert response.context["rows"][0].title == "The new format of the unified national testing"
    refused = client.post(reverse("eventgrid:weekly_submit", kwargs={"week": WEEK}), follow=True)
    assert [str(message) for message in refused.context["messages"]] == [
        "“The new format of the unified national testing” (07.12.2026 10:00) lacks: goal and tasks."
    ]
    services.event_update(event=incomplete, by=press_secretary, goal_ru="Разъяснить формат")
    done = client.post(reverse("eventgrid:weekly_submit", kwargs={"week": WEEK}), follow=True)
    assert [str(message) for message in done.context["messages"]] == [
        "The weekly information is submitted to the authorized body."
    ]
    assert done.context["submitted"] is True
    assert done.context["can_reopen"] is True


def test_the_page_shows_the_snapshot_and_says_when_events_changed(client, agency, press_secretary):
    event = complete_event(agency)
    submit(agency, press_secretary, WEDNESDAY_NOON)
    services.event_update(event=event, by=press_secretary, title_en="Renamed")
    client.force_login(press_secretary)
    response = client.get(detail_url())
    assert response.context["rows"][0].title == "The new format of the unified national testing"
    assert response.context["changed_since"] is True


def test_an_empty_week_is_submitted_as_such_on_the_page(client, agency, press_secretary):
    client.force_login(press_secretary)
    client.post(reverse("eventgrid:weekly_submit", kwargs={"week": WEEK}), {"no_events": "on"})
    information = WeeklyInformation.objects.get(agency=agency)
    assert (information.state, information.no_events) == ("submitted", True)


def test_another_agencys_press_secretary_gets_403(client, agency, press_secretary):
    other = AgencyFactory(slug="other-agency")
    complete_event(other)
    client.force_login(press_secretary)
    assert client.get(detail_url(other)).status_code == 403
    pdf = reverse("eventgrid:weekly_pdf", kwargs={"week": WEEK}) + f"?agency={other.slug}"
    assert client.get(pdf).status_code == 403
    submit_url = reverse("eventgrid:weekly_submit", kwargs={"week": WEEK})
    assert client.post(f"{submit_url}?agency={other.slug}").status_code == 403
    assert not WeeklyInformation.objects.exists()
    assert not StoredDocument.objects.exists()  # nothing built for the refused request
    assert client.get(reverse("eventgrid:weekly_list") + "?agency=other-agency").status_code == 403


def test_an_unknown_agency_is_a_bad_request_with_a_message(client, ministry_staff):
    client.force_login(ministry_staff)
    response = client.get(detail_url() + "?agency=no-such-agency")
    assert response.status_code == 400
    assert response.context["message"] == (
        "There is no agency “no-such-agency”. Choose one from the list of weeks."
    )


def test_a_journalist_has_no_weekly_information(client, journalist):
    client.force_login(journalist)
    assert client.get(reverse("eventgrid:weekly_list")).status_code == 403
    assert client.get(detail_url()).status_code == 403


@time_machine.travel(almaty(2026, 12, 1, 9, 0), tick=False)
def test_the_authorized_body_sees_every_agencys_week_and_who_is_missing(client, ministry_staff):
    done = AgencyFactory(slug="done", region="astana", name_en="Ministry of Done")
    late = AgencyFactory(slug="late", region="shymkent", name_en="Ministry of Late")
    AgencyFactory(slug="quiet", region="astana", name_en="Ministry of Quiet")
    complete_event(done)
    submit(done, None, WEDNESDAY_NOON)
    submit(late, None, FRIDAY_MORNING, no_events=True)
    client.force_login(ministry_staff)
    response = client.get(reverse("eventgrid:weekly_list"))
    assert response.status_code == 200
    assert response.context["week"] == WEEK  # the coming week by default
    counts = response.context["counts"]
    assert (counts["submitted"], counts["late"]) == (2, 1)
    rows = {
        agency.slug: (agency.week_state, agency.week_late) for agency in response.context["page"]
    }
    assert rows == {
        "done": ("submitted", False),
        "late": ("submitted", True),
        "quiet": (None, None),
    }

    missing = client.get(reverse("eventgrid:weekly_list"), {"state": "missing"})
    assert [agency.slug for agency in missing.context["page"]] == ["quiet"]
    in_astana = client.get(
        reverse("eventgrid:weekly_list"), {"region": "astana", "week": "2026-W50"}
    )
    assert sorted(agency.slug for agency in in_astana.context["page"]) == ["done", "quiet"]
    other_week = client.get(reverse("eventgrid:weekly_list"), {"week": "2026-W51"})
    assert {agency.week_state for agency in other_week.context["page"]} == {None}
    assert client.get(reverse("eventgrid:weekly_list"), {"week": "2026-W54"}).status_code == 400
    one = client.get(detail_url(done))
    assert (one.status_code, one.context["agency"]) == (200, done)
    assert client.get(detail_url()).status_code == 302  # which agency? the overview


def test_the_overview_costs_the_same_for_more_agencies(
    client, ministry_staff, django_assert_max_num_queries
):
    client.force_login(ministry_staff)
    client.get(reverse("eventgrid:weekly_list"))  # the session, the rule's cache warm
    for count in (2, 20):
        for _index in range(count):
            submit(AgencyFactory(), None, WEDNESDAY_NOON, no_events=True)
        with django_assert_max_num_queries(10):
            client.get(reverse("eventgrid:weekly_list"), {"week": "2026-W50"})


# --- The appendix form as a PDF ------------------------------------------------------------


def _pdf(client, agency, language):
    path = f"/{language}/weekly-information/2026-W50.pdf?agency={agency.slug}"
    return get_built(client, path)


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_pdf_of_the_appendix_form_in_kazakh_and_russian(
    client, agency, press_secretary, language
):
    agency.name_kk = "Оқу-ағарту министрлігі"
    agency.name_ru = "Министерство просвещения"
    agency.save()
    complete_event(agency, main_news_candidate=True)
    submit(agency, press_secretary, WEDNESDAY_NOON)
    client.force_login(press_secretary)
    response = _pdf(client, agency, language)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'inline; filename="weekly-information-{agency.slug}-2026-W50-{language}.pdf"'
    )
    assert "private" in response["Cache-Control"]  # unpublished events: no shared cache
    text = pdf_text(b"".join(response.streaming_content))
    with translation.override(language):
        headers = [
            gettext("Information for the coming week"),
            gettext("Date, time and place"),
            gettext("Organisers and contacts"),
            gettext("Goal and tasks"),
            gettext("Key messages"),
            gettext("Speakers (position, contacts)"),
            gettext("Expected result"),
        ]
    flat = " ".join(text.split())
    for header in headers:
        assert header in flat, header
    assert "07.12.2026 – 13.12.2026" in flat
    if language == "kk":
        assert "Оқу-ағарту министрлігі" in flat
        assert "Ұлттық бірыңғай тестілеудің жаңа форматы" in flat
        assert "Айгүл Серікқызы" in flat
        assert set("әғқңүіҰ") <= set(flat)  # Kazakh letters, in DejaVu Sans
    else:
        assert "Министерство просвещения" in flat
        assert "Новый формат единого национального тестирования" in flat
        assert "Айгуль Серикова" in flat


def test_the_pdf_follows_a_resubmission(client, agency, press_secretary):
    event = complete_event(agency)
    submit(agency, press_secretary, WEDNESDAY_NOON)
    client.force_login(press_secretary)
    first = pdf_text(b"".join(_pdf(client, agency, "ru").streaming_content))
    assert "Новый формат" in " ".join(first.split())
    services.event_update(event=event, by=press_secretary, title_ru="Исправленное название")
    submit(agency, press_secretary, FRIDAY_MORNING)
    _publication_bump_now("eventgrid")  # on commit, which the test's transaction never reaches
    second = pdf_text(b"".join(_pdf(client, agency, "ru").streaming_content))
    assert "Исправленное название" in " ".join(second.split())


def test_the_pdf_is_a_stored_document_of_its_kind(client, agency, press_secretary):
    client.force_login(press_secretary)
    response = client.get(f"/en/weekly-information/2026-W50.pdf?agency={agency.slug}")
    assert response.status_code == 200  # the progress page
    assert response["Refresh"] == "3"
    [document] = StoredDocument.objects.all()
    assert (document.kind, document.filters) == (
        WEEKLY_INFORMATION,
        {"agency": agency.slug, "week": "2026-W50"},
    )


# --- The back office -----------------------------------------------------------------------


def test_the_admin_shows_the_agencys_weeks_and_the_snapshot_read_only(
    client, agency, press_secretary
):
    complete_event(agency)
    own = submit(agency, press_secretary, WEDNESDAY_NOON)
    other = submit(AgencyFactory(), None, WEDNESDAY_NOON, no_events=True)
    client.force_login(press_secretary)
    listing = client.get(reverse("admin:eventgrid_weeklyinformation_changelist"))
    assert list(listing.context["cl"].result_list) == [own]
    page = client.get(reverse("admin:eventgrid_weeklyinformation_change", args=[own.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "The new format of the unified national testing" in body
    assert 'name="snapshot"' not in body  # shown, not edited
    assert (
        client.post(
            reverse("admin:eventgrid_weeklyinformation_change", args=[own.pk]), {}
        ).status_code
        == 403
    )
    assert (
        client.get(reverse("admin:eventgrid_weeklyinformation_change", args=[other.pk])).status_code
        == 302
    )  # not among the user's rows


def test_the_forms_header_is_repeated_on_every_page(agency, press_secretary):
    from pypdf import PdfReader

    from eventgrid.exports import weekly_information_pdf

    long_text = "Тест әділ әрі ашық өтеді. " * 12
    for hour in range(12):
        complete_event(
            agency, key_messages_kk=long_text, starts_at=MONDAY_TEN + dt.timedelta(hours=hour)
        )
    submit(agency, press_secretary, WEDNESDAY_NOON)
    content = weekly_information_pdf(
        language="en", filters={"agency": agency.slug, "week": "2026-W50"}
    )
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) > 1
    for page in pages:
        flat = " ".join(page.extract_text().split())
        assert "Goal and tasks" in flat and "Expected result" in flat


def test_a_deadline_opened_after_the_submission_is_met_by_it(agency, press_secretary):
    """Beat opens the week's deadline a week ahead; information sent before that counts."""
    complete_event(agency)
    early = almaty(2026, 11, 20, 10, 0)
    submit(agency, press_secretary, early)
    deadlines_open_recurring(now=almaty(2026, 11, 30, 8, 0))
    submit(agency, press_secretary, WEDNESDAY_NOON)  # the same again
    deadline = Deadline.objects.get(rule__code="weekly-information", agency=agency)
    assert (deadline.state, deadline.completed_at) == ("done_on_time", early)
    assert DeadlineEvent.objects.get().actor == press_secretary
