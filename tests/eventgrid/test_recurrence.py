"""Repeating events (issue 8, item 1): the Repeat fieldset's choices become an RFC 5545 rule
(eventgrid/recurrence.py, read by python-dateutil in Asia/Almaty's wall-clock time), the
rule becomes one stored event per occurrence, and an edit of one occurrence changes only
it, it and the following ones (the series is split there) or all of them. Events already
begun and cancelled ones are never rewritten; published ones are never silently removed."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from eventgrid import recurrence, services
from eventgrid.choices import EventAction, EventState
from eventgrid.models import Event, EventChange, EventRecurrence, EventSpeaker, MediaGridEntry
from tests.deadlines.factories import almaty

from .factories import EventFactory, EventSpeakerFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
# Tuesday 8 December 2026, 10:00 in Astana: the first briefing of the series.
TUESDAY = almaty(2026, 12, 8, 10, 0)
WEEK = dt.timedelta(days=7)
# The tests run on Tuesday 1 December 2026, before every event of the series.
TODAY = almaty(2026, 12, 1, 9, 0)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def starts(rule, first=TUESDAY, duration=HOUR, excluded=()):
    return recurrence.occurrences(
        rule=rule, first_starts_at=first, duration=duration, excluded_dates=excluded
    )


def refusal(rule, first=TUESDAY, duration=HOUR, excluded=()) -> dict:
    with pytest.raises(ValidationError) as error:
        starts(rule, first, duration, excluded)
    return error.value.message_dict


# --- Rules from the fieldset's choices and back ----------------------------------------------


@pytest.mark.parametrize(
    ("repeat", "rule"),
    [
        (
            recurrence.Repeat("weekly", weekdays=("TU", "TH"), count=10),
            "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10",
        ),
        (recurrence.Repeat("daily", interval=2, count=5), "FREQ=DAILY;INTERVAL=2;COUNT=5"),
        (
            recurrence.Repeat("monthly", until=dt.date(2027, 6, 30)),
            "FREQ=MONTHLY;UNTIL=20270630T235959",
        ),
        (recurrence.Repeat("weekly", count=3), "FREQ=WEEKLY;COUNT=3"),
    ],
)
def test_the_choices_become_a_rule_and_back(repeat, rule):
    assert recurrence.rule_text(repeat) == rule
    assert recurrence.repeat_of(rule) == repeat


def test_the_weekdays_are_written_in_the_weeks_order():
    repeat = recurrence.Repeat("weekly", weekdays=("TH", "TU"), count=10)
    assert recurrence.rule_text(repeat) == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10"


def test_a_weekly_rule_with_an_excluded_day_in_almaty():
    assert starts("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=5", excluded=[dt.date(2026, 12, 10)]) == [
        almaty(2026, 12, 8, 10, 0),
        almaty(2026, 12, 15, 10, 0),
        almaty(2026, 12, 17, 10, 0),
        almaty(2026, 12, 22, 10, 0),
    ]


def test_the_last_day_is_included_until_its_end():
    assert starts("FREQ=WEEKLY;UNTIL=20261222T235959") == [
        almaty(2026, 12, 8, 10, 0),
        almaty(2026, 12, 15, 10, 0),
        almaty(2026, 12, 22, 10, 0),
    ]


def test_a_monthly_rule_from_the_31st_skips_the_shorter_months():
    expected = [almaty(2027, month, 31, 10, 0) for month in (1, 3, 5, 7, 8)]
    first = almaty(2027, 1, 31, 10, 0)
    assert starts("FREQ=MONTHLY;COUNT=5", first=first) == expected
    assert starts("FREQ=MONTHLY;BYMONTHDAY=31;COUNT=5", first=first) == expected


def test_the_wall_clock_time_stays_across_the_2024_change_of_offset():
    """Almaty moved from UTC+6 to UTC+5 on 1 March 2024: a 10:00 event stays at 10:00."""
    before = timezone.make_aware(dt.datetime(2024, 2, 27, 10, 0))
    assert [start.utcoffset() for start in starts("FREQ=WEEKLY;COUNT=2", first=before)] == [
        dt.timedelta(hours=6),
        dt.timedelta(hours=5),
    ]
    assert [start.hour for start in starts("FREQ=WEEKLY;COUNT=2", first=before)] == [10, 10]


@pytest.mark.parametrize(
    ("rule", "kwargs", "errors"),
    [
        (
            "FREQ=WEEKLY",
            {},
            {"rule": ["A repeat rule ends: after a number of events or on a date, one of them."]},
        ),
        (
            "FREQ=WEEKLY;COUNT=3;UNTIL=20261231T235959",
            {},
            {"rule": ["A repeat rule ends: after a number of events or on a date, one of them."]},
        ),
        ("FREQ=YEARLY;COUNT=3", {}, {"rule": ["A repeat rule repeats daily, weekly or monthly."]}),
        ("FREQ=WEEKLY;COUNT=101", {}, {"rule": ["COUNT is a whole number from 1 to 100."]}),
        (
            "FREQ=DAILY;UNTIL=20270630T235959",
            {},
            {"rule": ["A repeating event has at most 100 occurrences; this rule gives more."]},
        ),
        (
            "FREQ=MONTHLY;COUNT=30",
            {},
            {"rule": ["A repeating event's occurrences all start within 2 years of the first."]},
        ),
        (
            "FREQ=WEEKLY;BYDAY=WE;COUNT=3",
            {},
            {
                "rule": [
                    "The first event, on 08.12.2026, is not a day of its repeat rule: choose "
                    "its weekday too, or move its start to one of the rule's days."
                ]
            },
        ),
        (
            "FREQ=WEEKLY;BYDAY=XX;COUNT=3",
            {},
            {"rule": ["“FREQ=WEEKLY;BYDAY=XX;COUNT=3” is not a repeat rule the portal reads."]},
        ),
        (
            "FREQ=WEEKLY;BYSETPOS=1;COUNT=3",
            {},
            {"rule": ["“BYSETPOS=1” is not a part of a repeat rule the portal reads."]},
        ),
        (
            "FREQ=WEEKLY;COUNT=3",
            {"excluded": [dt.date(2026, 12, 9)]},
            {
                "excluded_dates": [
                    "No event of the rule falls on 09.12.2026: exclude only days of the series."
                ]
            },
        ),
        (
            "FREQ=WEEKLY;COUNT=1",
            {"excluded": [dt.date(2026, 12, 8)]},
            {"excluded_dates": ["Every event of the rule is excluded: none is left."]},
        ),
        (
            "FREQ=DAILY;COUNT=3",
            {"duration": dt.timedelta(hours=25)},
            {"ends_at": ["Each event of the series must end before the next one starts."]},
        ),
        (
            "FREQ=MONTHLY;COUNT=3",
            {"duration": dt.timedelta(days=32)},
            {"ends_at": ["Each event must end after it starts and last at most 31 days."]},
        ),
    ],
)
def test_a_bad_rule_is_refused_by_what_is_wrong(rule, kwargs, errors):
    with translation.override("en"):
        assert refusal(rule, **kwargs) == errors


def test_the_refusals_are_translated():
    with translation.override("ru"):
        message = refusal("FREQ=WEEKLY")["rule"][0]
    with translation.override("en"):
        english = refusal("FREQ=WEEKLY")["rule"][0]
    assert english == "A repeat rule ends: after a number of events or on a date, one of them."
    assert message == (
        "Правило повторения должно завершаться одним из способов: после определённого числа "
        "мероприятий или в определённую дату."
    )


def test_a_rule_is_cut_before_an_occurrence_and_counted():
    third = TUESDAY + 2 * WEEK
    assert recurrence.rule_ending_before("FREQ=WEEKLY;COUNT=10", third) == (
        "FREQ=WEEKLY;UNTIL=20261222T095959"
    )
    assert (
        recurrence.instances_before(
            rule="FREQ=WEEKLY;COUNT=10", first_starts_at=TUESDAY, moment=third
        )
        == 2
    )
    assert recurrence.rule_with_count("FREQ=WEEKLY;COUNT=10", 8) == "FREQ=WEEKLY;COUNT=8"


# --- Creating a repeating event --------------------------------------------------------------


def briefing(agency, **fields):
    return {
        "agency": agency,
        "title_kk": "Апталық брифинг",
        "title_ru": "Еженедельный брифинг",
        "format": "briefing",
        "starts_at": TUESDAY,
        "ends_at": TUESDAY + HOUR,
        "place_kk": "Астана, Үкімет үйі",
        **fields,
    }


SPEAKER = {
    "name_kk": "Айгүл Серікова",
    "name_ru": "",
    "name_en": "Aigul Serikova",
    "position_kk": "Вице-министр",
    "position_ru": "",
    "position_en": "",
    "contacts": "+7 701 000 00 00",
    "language": "ru",
}


def weekly(agency, user=None, rule="FREQ=WEEKLY;COUNT=5", excluded=(), **fields):
    return services.event_create_recurring(
        rule=rule,
        excluded_dates=excluded,
        by=user,
        speakers=[SPEAKER],
        **briefing(agency, **fields),
    )


def series_of(event) -> list[Event]:
    return list(Event.objects.filter(recurrence=event.recurrence_id).order_by("recurrence_start"))


def test_a_weekly_event_with_an_excluded_day_is_stored_as_its_occurrences(
    agency, other_agency, press_secretary
):
    first = weekly(
        agency,
        press_secretary,
        rule="FREQ=WEEKLY;COUNT=4",
        excluded=[dt.date(2026, 12, 15)],
        co_organisers=None,
    )
    events = series_of(first)
    assert [event.starts_at for event in events] == [
        almaty(2026, 12, 8, 10, 0),
        almaty(2026, 12, 22, 10, 0),
        almaty(2026, 12, 29, 10, 0),
    ]
    assert [event.recurrence_start for event in events] == [e.starts_at for e in events]
    assert {(e.state, e.title_kk, e.ends_at - e.starts_at) for e in events} == {
        (EventState.DRAFT, "Апталық брифинг", HOUR)
    }
    row = first.recurrence
    assert (row.agency, row.rule, row.first_starts_at, row.duration, row.excluded_dates) == (
        agency,
        "FREQ=WEEKLY;COUNT=4",
        TUESDAY,
        HOUR,
        ["2026-12-15"],
    )
    assert row.created_by == press_secretary
    for event in events:
        assert list(event.speakers.values_list("name_kk", "language")) == [("Айгүл Серікова", "ru")]
        assert list(event.changes.values_list("action", "actor")) == [
            (EventAction.CREATED, press_secretary.pk)
        ]


def test_a_bad_rule_creates_nothing(agency):
    with pytest.raises(ValidationError) as error, translation.override("en"):
        weekly(agency, rule="FREQ=DAILY;COUNT=500")
    assert error.value.message_dict == {"rule": ["COUNT is a whole number from 1 to 100."]}
    assert not Event.objects.exists() and not EventRecurrence.objects.exists()


# --- Editing one, the following or all ---------------------------------------------------------


def test_this_event_only(agency, press_secretary):
    events = series_of(weekly(agency))
    third = events[2]
    moved = third.starts_at + dt.timedelta(days=1)
    services.event_update_recurring(
        event=third,
        scope="this",
        by=press_secretary,
        title_kk="Ерекше брифинг",
        starts_at=moved,
        ends_at=moved + HOUR,
    )
    after = series_of(events[0])
    assert [e.title_kk for e in after] == ["Апталық брифинг"] * 2 + ["Ерекше брифинг"] + [
        "Апталық брифинг"
    ] * 2
    # It stays in the series, as the occurrence it was.
    assert (after[2].recurrence_id, after[2].recurrence_start, after[2].starts_at) == (
        events[0].recurrence_id,
        TUESDAY + 2 * WEEK,
        moved,
    )


def test_the_rule_changes_only_for_more_than_one_event(agency):
    events = series_of(weekly(agency))
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.event_update_recurring(event=events[1], scope="this", rule="FREQ=WEEKLY;COUNT=7")
    assert list(error.value.message_dict) == ["scope"]
    assert Event.objects.count() == 5


def test_all_events_move_to_the_new_time_but_not_those_begun(agency, press_secretary):
    events = series_of(weekly(agency))
    services.event_publish(event=events[3])
    with time_machine.travel(TUESDAY + WEEK + HOUR / 2, tick=False):  # the second has begun
        services.event_update_recurring(
            event=events[2],
            scope="all",
            by=press_secretary,
            rule="FREQ=WEEKLY;COUNT=5",
            reason="Перенос на час позже",
            title_ru="Брифинг министерства",
            starts_at=events[2].starts_at + HOUR,
            ends_at=events[2].ends_at + 2 * HOUR,
        )
    after = series_of(events[0])
    assert [(e.starts_at, e.ends_at - e.starts_at, e.title_ru) for e in after] == [
        (TUESDAY, HOUR, "Еженедельный брифинг"),
        (TUESDAY + WEEK, HOUR, "Еженедельный брифинг"),
        *[(TUESDAY + n * WEEK + HOUR, 2 * HOUR, "Брифинг министерства") for n in range(2, 5)],
    ]
    # The published one is rescheduled with the reason journalists read.
    assert (after[3].state, after[3].state_reason) == (
        EventState.RESCHEDULED,
        "Перенос на час позже",
    )
    row = EventRecurrence.objects.get()
    assert (row.first_starts_at, row.duration) == (TUESDAY + HOUR, 2 * HOUR)
    assert [e.recurrence_start for e in after] == [TUESDAY + n * WEEK + HOUR for n in range(5)]


def test_this_and_the_following_split_the_series(agency, press_secretary):
    events = series_of(
        weekly(
            agency,
            rule="FREQ=WEEKLY;COUNT=5",
            excluded=[dt.date(2026, 12, 15), dt.date(2027, 1, 5)],
        )
    )
    assert len(events) == 3  # 8.12, 22.12, 29.12
    third = events[1]  # 22 December, the third of the rule
    services.event_update_recurring(
        event=third,
        scope="following",
        by=press_secretary,
        rule="FREQ=WEEKLY;COUNT=5",
        excluded_dates=[dt.date(2026, 12, 15), dt.date(2027, 1, 5)],
        place_kk="Астана, Баспасөз орталығы",
    )
    old, new = EventRecurrence.objects.order_by("pk")
    assert (old.rule, old.excluded_dates) == ("FREQ=WEEKLY;UNTIL=20261222T095959", ["2026-12-15"])
    # The whole series had 5 events by its rule, 2 of them before the split.
    assert (new.rule, new.first_starts_at, new.excluded_dates) == (
        "FREQ=WEEKLY;COUNT=3",
        third.starts_at,
        ["2027-01-05"],
    )
    assert [(e.recurrence_id, e.place_kk) for e in Event.objects.order_by("starts_at")] == [
        (old.pk, "Астана, Үкімет үйі"),
        (new.pk, "Астана, Баспасөз орталығы"),
        (new.pk, "Астана, Баспасөз орталығы"),
    ]
    # The same save again changes nothing: no new history, no new rule.
    changes = EventChange.objects.count()
    services.event_update_recurring(
        event=Event.objects.get(pk=third.pk),
        scope="following",
        by=press_secretary,
        rule=new.rule,
        excluded_dates=[dt.date(2027, 1, 5)],
        place_kk="Астана, Баспасөз орталығы",
    )
    assert (EventChange.objects.count(), EventRecurrence.objects.count()) == (changes, 2)


def test_the_following_events_move_to_a_new_time_the_earlier_ones_stay(agency):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;UNTIL=20261229T235959"))
    later = events[2].starts_at + 2 * HOUR
    services.event_update_recurring(
        event=events[2],
        scope="following",
        rule="FREQ=WEEKLY;UNTIL=20261229T235959",
        starts_at=later,
        ends_at=later + HOUR,
    )
    assert [e.starts_at for e in Event.objects.order_by("starts_at")] == [
        TUESDAY,
        TUESDAY + WEEK,
        TUESDAY + 2 * WEEK + 2 * HOUR,
        TUESDAY + 3 * WEEK + 2 * HOUR,
    ]
    old, new = EventRecurrence.objects.order_by("pk")
    assert (old.rule, old.first_starts_at) == ("FREQ=WEEKLY;UNTIL=20261222T095959", TUESDAY)
    assert (new.rule, new.first_starts_at) == ("FREQ=WEEKLY;UNTIL=20261229T235959", later)
    assert list(
        new.occurrences.order_by("starts_at").values_list("recurrence_start", flat=True)
    ) == [
        later,
        later + WEEK,
    ]


def test_an_api_correction_changes_only_that_occurrence(api_client, agency, press_secretary):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=2"))
    api_client.force_authenticate(press_secretary)
    answer = api_client.patch(f"/api/v1/events/{events[1].pk}/", {"place": "Алматы"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["recurrence"]["recurrence_start"] == "2026-12-15T10:00:00+05:00"
    assert [e.place for e in series_of(events[0])] == ["Астана, Үкімет үйі", "Алматы"]


def test_a_new_rule_keeps_the_matching_events_and_adds_the_missing_ones(agency):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=3"))
    services.event_plan(event=events[1])
    services.event_update_recurring(
        event=events[0], scope="all", rule="FREQ=WEEKLY;BYDAY=TU,TH;COUNT=6"
    )
    after = series_of(events[0])
    assert [e.starts_at for e in after] == [
        TUESDAY + n * WEEK + extra for n in range(3) for extra in (dt.timedelta(0), 2 * 24 * HOUR)
    ]
    # The kept ones are the same rows, as they were; the new ones are drafts.
    assert [e.pk for e in after[::2]] == [e.pk for e in events]
    assert [e.state for e in after] == ["draft", "draft", "planned", "draft", "draft", "draft"]
    assert EventChange.objects.filter(action="changed").count() == 0


def test_drafts_the_new_rule_drops_are_deleted_published_ones_cancelled(agency):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=4"))
    services.event_publish(event=events[3])
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.event_update_recurring(event=events[0], scope="all", rule="FREQ=WEEKLY;COUNT=2")
    assert error.value.message_dict == {
        "reason": [
            f"These published events would be moved or cancelled: “{events[3].title}” "
            "(29.12.2026 10:00). Give the reason journalists read."
        ]
    }
    assert Event.objects.count() == 4  # nothing changed
    services.event_update_recurring(
        event=events[0], scope="all", rule="FREQ=WEEKLY;COUNT=2", reason="Брифингтер аяқталды"
    )
    assert [(e.pk, e.state) for e in Event.objects.order_by("starts_at")] == [
        (events[0].pk, "draft"),
        (events[1].pk, "draft"),
        (events[3].pk, "cancelled"),
    ]
    cancelled = Event.objects.get(pk=events[3].pk)
    assert cancelled.state_reason == "Брифингтер аяқталды"


def test_excluding_a_day_removes_its_draft_and_cancels_its_publication(agency):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=3"))
    services.event_publish(event=events[2])
    services.event_update_recurring(
        event=events[0],
        scope="all",
        rule="FREQ=WEEKLY;COUNT=3",
        excluded_dates=[dt.date(2026, 12, 15), dt.date(2026, 12, 22)],
        reason="Министр іссапарда",
    )
    assert [(e.pk, e.state) for e in Event.objects.order_by("starts_at")] == [
        (events[0].pk, "draft"),
        (events[2].pk, "cancelled"),
    ]
    assert EventRecurrence.objects.get().excluded_dates == ["2026-12-15", "2026-12-22"]


def test_a_planned_event_in_the_media_grid_is_not_removed(agency, ministry_staff):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=2"))
    services.event_plan(event=events[1])
    grid = services.media_grid_compose(week_start=dt.date(2026, 12, 14), by=ministry_staff)
    MediaGridEntry.objects.create(grid=grid, event=events[1])
    with pytest.raises(ValidationError) as error, translation.override("en"):
        services.event_update_recurring(event=events[0], scope="all", rule="FREQ=WEEKLY;COUNT=1")
    assert list(error.value.message_dict) == ["rule"]
    assert Event.objects.count() == 2


def test_a_single_event_becomes_the_first_of_a_series(agency, press_secretary):
    event = EventFactory(agency=agency, state="draft", starts_at=TUESDAY)
    EventSpeakerFactory(event=event)
    services.event_update_recurring(
        event=event, by=press_secretary, rule="FREQ=WEEKLY;COUNT=3", excluded_dates=[]
    )
    events = series_of(Event.objects.get(pk=event.pk))
    assert [e.starts_at for e in events] == [TUESDAY + n * WEEK for n in range(3)]
    assert events[0].pk == event.pk
    assert [e.speakers.count() for e in events] == [1, 1, 1]
    assert EventSpeaker.objects.count() == 3


# --- The pages ------------------------------------------------------------------------------


def new_url():
    return reverse("eventgrid:event_create")


def edit_url(event):
    return reverse("eventgrid:event_edit", kwargs={"pk": event.pk})


def page_form(agency, **fields):
    return {
        "agency": agency.pk,
        "format": "briefing",
        "starts_at": "2026-12-08T10:00",
        "ends_at": "2026-12-08T11:00",
        "title_kk": "Апталық брифинг",
        "title_ru": "Еженедельный брифинг",
        "speakers-TOTAL_FORMS": "1",
        "speakers-INITIAL_FORMS": "0",
        "speakers-0-name_kk": "Айгүл Серікова",
        "speakers-0-language": "kk",
        **fields,
    }


def edit_form(event, **fields):
    """The event's page as it shows the event, with `fields` changed."""
    local = recurrence.local
    data = {
        "format": event.format,
        "starts_at": local(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": local(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "title_kk": event.title_kk,
        "title_ru": event.title_ru or "",
        "place_kk": event.place_kk or "",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
    }
    if event.recurrence_id:
        repeat = recurrence.repeat_of(event.recurrence.rule)
        data.update(
            {
                "repeat-frequency": repeat.frequency,
                "repeat-interval": str(repeat.interval),
                "repeat-weekdays": list(repeat.weekdays),
                "repeat-count": str(repeat.count or ""),
                "repeat-until": repeat.until.isoformat() if repeat.until else "",
                "repeat-excluded_dates": ", ".join(
                    day.strftime("%d.%m.%Y")
                    for day in recurrence.dates_of_json(event.recurrence.excluded_dates)
                ),
            }
        )
    data.update(fields)
    return data


@pytest.fixture
def signed_in(client, press_secretary):
    client.force_login(press_secretary)
    return client


def test_the_page_saves_a_weekly_event_and_the_list_marks_it(signed_in, agency):
    response = signed_in.post(
        new_url(),
        page_form(
            agency,
            **{
                "repeat-frequency": "weekly",
                "repeat-interval": "1",
                "repeat-weekdays": ["TU", "TH"],
                "repeat-count": "4",
                "repeat-excluded_dates": "10.12.2026",
            },
        ),
    )
    events = list(Event.objects.order_by("starts_at"))
    assert response.status_code == 302
    assert response["Location"] == edit_url(events[0])
    assert [recurrence.local(e.starts_at) for e in events] == [
        dt.datetime(2026, 12, 8, 10, 0),
        dt.datetime(2026, 12, 15, 10, 0),
        dt.datetime(2026, 12, 17, 10, 0),
    ]
    assert events[0].recurrence.rule == "FREQ=WEEKLY;BYDAY=TU,TH;COUNT=4"
    assert [e.speakers.get().name_kk for e in events] == ["Айгүл Серікова"] * 3
    listing = signed_in.get(reverse("eventgrid:event_list")).content.decode()
    assert listing.count('class="repeats"') == 3
    single = EventFactory(agency=agency, state="draft", title_en="Single")
    assert edit_url(single) in signed_in.get(reverse("eventgrid:event_list")).content.decode()
    assert (
        signed_in.get(reverse("eventgrid:event_list")).content.decode().count('class="repeats"')
        == 3
    )


@pytest.mark.parametrize(
    ("repeat", "errors"),
    [
        (
            {"repeat-frequency": "weekly", "repeat-count": "500"},
            {"count": ["Убедитесь, что это значение меньше либо равно 100."]},
        ),
        (
            {"repeat-frequency": "weekly"},
            {
                "count": [
                    "Укажите, когда завершается повторение: после определённого числа "
                    "мероприятий или в определённый день."
                ]
            },
        ),
        (
            {"repeat-frequency": "daily", "repeat-until": "2027-06-30"},
            {
                "__all__": [
                    "Повторяющееся мероприятие может иметь не более 100 повторов; по этому "
                    "правилу их получается больше."
                ]
            },
        ),
        (
            {
                "repeat-frequency": "weekly",
                "repeat-count": "3",
                "repeat-excluded_dates": "9.12.2026",
            },
            {
                "excluded_dates": [
                    "Ни одно мероприятие по правилу не приходится на 09.12.2026: исключайте "
                    "только дни серии."
                ]
            },
        ),
        (
            {"repeat-frequency": "weekly", "repeat-count": "3", "repeat-excluded_dates": "Tuesday"},
            {"excluded_dates": ["«Tuesday» — не дата: укажите её в виде 15.12.2026."]},
        ),
    ],
)
def test_a_bad_repeat_answers_400_keeps_what_was_typed_and_saves_nothing(
    client, press_secretary, agency, repeat, errors
):
    client.force_login(press_secretary)
    response = client.post(
        "/ru/events/new/", page_form(agency, **{"repeat-interval": "1", **repeat})
    )
    assert response.status_code == 400
    form = response.context["repeat"]
    assert form.errors == errors
    assert not Event.objects.exists() and not EventRecurrence.objects.exists()
    body = response.content.decode()
    assert "Еженедельный брифинг" in body and "Айгүл Серікова" in body
    for value in repeat.values():
        assert f'value="{value}"' in body or value in ("weekly", "daily")


def test_an_occurrence_asks_which_events_change(signed_in, agency):
    events = series_of(weekly(agency))
    response = signed_in.post(edit_url(events[1]), edit_form(events[1], title_kk="Жаңа"))
    assert response.status_code == 400
    assert response.context["repeat"].errors == {"scope": ["This field is required."]}
    assert 'name="repeat-scope"' in response.content.decode()
    assert Event.objects.filter(title_kk="Жаңа").count() == 0


def test_the_page_saves_this_and_the_following(signed_in, agency):
    events = series_of(weekly(agency))
    response = signed_in.post(
        edit_url(events[2]),
        edit_form(events[2], title_kk="Жаңа атау", **{"repeat-scope": "following"}),
    )
    assert response.status_code == 302
    assert [e.title_kk for e in Event.objects.order_by("starts_at")] == [
        "Апталық брифинг",
        "Апталық брифинг",
        "Жаңа атау",
        "Жаңа атау",
        "Жаңа атау",
    ]
    assert EventRecurrence.objects.count() == 2
    page = signed_in.get(edit_url(events[3])).content.decode()
    assert "FREQ=WEEKLY;COUNT=3" in page


def test_the_page_refuses_a_rule_change_for_this_event_only(signed_in, agency):
    events = series_of(weekly(agency))
    response = signed_in.post(
        edit_url(events[1]),
        edit_form(events[1], **{"repeat-scope": "this", "repeat-count": "8"}),
    )
    assert response.status_code == 400
    assert list(response.context["repeat"].errors) == ["scope"]
    assert Event.objects.count() == 5


def test_another_agency_cannot_edit_the_series(client, agency, other_agency, press_secretary):
    events = series_of(weekly(other_agency))
    client.force_login(press_secretary)
    response = client.post(
        edit_url(events[0]), edit_form(events[0], title_kk="Бөтен", **{"repeat-scope": "all"})
    )
    assert response.status_code == 404
    services.event_publish(event=events[0])
    response = client.post(
        edit_url(events[0]), edit_form(events[0], title_kk="Бөтен", **{"repeat-scope": "all"})
    )
    assert response.status_code == 403
    assert not Event.objects.filter(title_kk="Бөтен").exists()


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_of_repeating_events_costs_the_same_whatever_its_length(
    signed_in, agency, size, django_assert_num_queries
):
    weekly(agency, rule=f"FREQ=WEEKLY;COUNT={size}")
    signed_in.get(reverse("eventgrid:event_list"))  # the session's first read
    with django_assert_num_queries(8):  # the same for 2 and for 12
        response = signed_in.get(reverse("eventgrid:event_list"))
    assert len(response.context["page"]) == size


# --- The API, the calendar feed and the admin -------------------------------------------------


def test_the_api_shows_the_rule_of_an_occurrence_to_its_agency(api_client, agency, press_secretary):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=2", excluded=()))
    for event in events:
        services.event_publish(event=event)
    single = EventFactory(agency=agency)
    api_client.force_authenticate(press_secretary)
    answer = api_client.get("/api/v1/events/").json()["results"]
    by_id = {row["id"]: row["recurrence"] for row in answer}
    assert by_id[single.pk] is None
    assert by_id[events[1].pk] == {
        "id": events[0].recurrence_id,
        "rule": "FREQ=WEEKLY;COUNT=2",
        "first_starts_at": "2026-12-08T10:00:00+05:00",
        "excluded_dates": [],
        "recurrence_start": "2026-12-15T10:00:00+05:00",
    }


def test_the_public_does_not_see_the_rule_that_tells_unpublished_dates(api_client, agency):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=3", excluded=()))
    services.event_publish(event=events[0])  # the other two are still drafts

    answer = api_client.get("/api/v1/events/").json()["results"]

    assert [(row["id"], row["recurrence"]) for row in answer] == [(events[0].pk, None)]


def test_each_occurrence_is_its_own_event_in_the_calendar_feed(client, agency):
    events = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=3"))
    for event in events:
        services.event_publish(event=event)
    body = client.get(reverse("feeds:events")).content.decode()
    assert [line for line in body.splitlines() if line.startswith("UID:")] == [
        f"UID:event-{event.pk}@{_host()}" for event in events
    ]
    assert "RRULE" not in body and "RECURRENCE-ID" not in body


def _host():
    from urllib.parse import urlparse

    from django.conf import settings

    return urlparse(settings.PORTAL_BASE_URL).hostname


def test_the_admin_shows_the_rule_and_only_the_agencys_series(
    client, agency, other_agency, press_secretary
):
    own = series_of(weekly(agency, rule="FREQ=WEEKLY;COUNT=2"))
    other = series_of(weekly(other_agency, rule="FREQ=WEEKLY;COUNT=3"))
    client.force_login(press_secretary)
    page = client.get(reverse("admin:eventgrid_event_change", args=[own[1].pk]))
    assert "FREQ=WEEKLY;COUNT=2" in page.content.decode()
    listing = client.get(reverse("admin:eventgrid_eventrecurrence_changelist"))
    assert list(listing.context["cl"].result_list) == [own[0].recurrence]
    change = client.get(
        reverse("admin:eventgrid_eventrecurrence_change", args=[own[0].recurrence_id])
    )
    assert change.status_code == 200
    gone = client.get(
        reverse("admin:eventgrid_eventrecurrence_change", args=[other[0].recurrence_id])
    )
    assert gone.status_code == 302  # "no such object", to the admin's index
    assert client.get(reverse("admin:eventgrid_eventrecurrence_add")).status_code == 403
