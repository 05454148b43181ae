"""The pages where a press secretary enters the week's events (004 §10): the agency's list with
its filters, the form with every field of the appendix (texts in kk/ru/en, speakers), and the
buttons of the state changes, which call the same services as the admin and the API. Another
agency's unpublished events are never shown, nor changed."""

import datetime as dt

import pytest
from django.urls import reverse

from eventgrid.choices import EventAction, EventState
from eventgrid.models import Event

from .factories import MONDAY_TEN, EventFactory, EventSpeakerFactory

pytestmark = pytest.mark.django_db


def list_url():
    return reverse("eventgrid:event_list")  # in English (conftest), /en/events/


def new_url():
    return reverse("eventgrid:event_create")


def edit_url(event):
    return reverse("eventgrid:event_edit", kwargs={"pk": event.pk})


def management(total=0, initial=0):
    return {"speakers-TOTAL_FORMS": str(total), "speakers-INITIAL_FORMS": str(initial)}


def full_form(agency, **fields):
    return {
        "agency": agency.pk,
        "format": "briefing",
        "starts_at": "2026-12-08T10:00",
        "ends_at": "2026-12-08T11:30",
        "main_news_candidate": "on",
        "title_kk": "Маусымдық тұмауға қарсы вакцинация",
        "title_ru": "Вакцинация против сезонного гриппа",
        "place_kk": "Астана, Үкімет үйі",
        "organisers_kk": "Денсаулық сақтау министрлігі",
        "goal_kk": "Халықты хабардар ету",
        "key_messages_kk": "Вакцина тегін",
        "expected_result_kk": "Вакцинацияның өсуі",
        "participants_ru": "Журналисты",
        "contacts": "press@health.gov.kz",
        **management(total=2),
        "speakers-0-name_kk": "Айгүл Серікқызы",
        "speakers-0-position_kk": "Вице-министр",
        "speakers-0-contacts": "+7 701 000 00 00",
        "speakers-0-language": "ru",
        "speakers-1-language": "kk",  # an empty row: left out
        **fields,
    }


@pytest.fixture
def signed_in(client, press_secretary):
    client.force_login(press_secretary)
    return client


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_the_agencys_events_only(signed_in, agency, other_agency):
    own_draft = EventFactory(agency=agency, state="draft", title_en="Our draft")
    EventFactory(agency=other_agency, state="draft", title_en="Their draft")
    EventFactory(agency=other_agency, title_en="Their published event")
    response = signed_in.get(list_url())
    assert response.status_code == 200
    assert list(response.context["page"]) == [own_draft]
    body = response.content.decode()
    assert "Their draft" not in body and "Their published event" not in body


def test_the_list_says_when_there_are_no_events_yet(signed_in):
    response = signed_in.get(list_url())
    assert "No events yet." in response.content.decode()
    filtered = signed_in.get(list_url(), {"state": "draft"})
    assert "No event matches these filters." in filtered.content.decode()


def test_the_list_filters_by_week_dates_state_and_words(signed_in, agency):
    monday = EventFactory(
        agency=agency, title_en="Vaccination briefing", title_kk="Вакцинация", state="draft"
    )
    next_week = EventFactory(
        agency=agency, starts_at=MONDAY_TEN + dt.timedelta(days=7), title_en="Results"
    )

    def listed(**query):
        return list(signed_in.get(list_url(), query).context["page"])

    assert listed(week="2026-W50") == [monday]
    assert listed(week="2026-W51") == [next_week]
    assert listed(start="2026-12-14", end="2026-12-14") == [next_week]
    assert listed(state="draft") == [monday]
    assert listed(q="vaccination") == [monday]
    assert listed(q="вакцинация") == [monday]  # in any language
    assert listed(q="vaccination results") == []  # every word
    assert listed() == [next_week, monday]


def test_a_bad_filter_answers_400_with_its_message(signed_in):
    response = signed_in.get(list_url(), {"week": "2026-W54"})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "week": ["Enter a week as “2026-W50”, in the years 1995 to 2100."]
    }
    reversed_period = signed_in.get(list_url(), {"start": "2026-12-10", "end": "2026-12-01"})
    assert reversed_period.context["form"].errors == {
        "end": ["The end of the period cannot precede its start."]
    }


@pytest.mark.parametrize("size", [2, 12])
def test_the_list_costs_the_same_whatever_its_length(
    signed_in, agency, size, django_assert_max_num_queries
):
    for index in range(size):
        event = EventFactory(agency=agency, starts_at=MONDAY_TEN + dt.timedelta(hours=index))
        EventSpeakerFactory(event=event)
    signed_in.get(list_url())  # the session's first read
    with django_assert_max_num_queries(8):
        response = signed_in.get(list_url())
    assert len(response.context["page"]) == size


def test_a_journalist_has_no_event_pages(client, journalist):
    client.force_login(journalist)
    assert client.get(list_url()).status_code == 403
    assert client.get(new_url()).status_code == 403


# --- Adding and changing ---------------------------------------------------------------------


def test_a_new_event_is_saved_as_a_draft_with_its_speakers(signed_in, agency, press_secretary):
    response = signed_in.post(new_url(), full_form(agency))
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == edit_url(event)
    assert (event.agency, event.state, event.title_ru, event.main_news_candidate) == (
        agency,
        EventState.DRAFT,
        "Вакцинация против сезонного гриппа",
        True,
    )
    assert event.starts_at == MONDAY_TEN + dt.timedelta(days=1)
    assert list(event.speakers.values_list("name_kk", "position_kk", "contacts", "language")) == [
        ("Айгүл Серікқызы", "Вице-министр", "+7 701 000 00 00", "ru")
    ]
    assert list(event.changes.values_list("action", "actor")) == [
        (EventAction.CREATED, press_secretary.pk)
    ]
    assert event.appendix_gaps() == []


def test_a_failed_save_keeps_everything_typed_and_says_why(signed_in, agency):
    form = full_form(agency, title_kk="", ends_at="2026-12-08T09:00")
    response = signed_in.post(new_url(), form)
    assert response.status_code == 200
    assert not Event.objects.exists()
    assert response.context["form"].errors == {
        "title_kk": ["This field is required."],
        "__all__": ["The event must end after it starts."],
    }
    body = response.content.decode()
    for typed in ("Вакцинация против сезонного гриппа", "Вакцина тегін", "Айгүл Серікқызы"):
        assert typed in body


def test_the_errors_are_in_the_pages_language(client, press_secretary, agency):
    client.force_login(press_secretary)
    response = client.post("/ru/events/new/", full_form(agency, title_kk=""))
    assert response.context["form"].errors["title_kk"] == ["Обязательное поле."]


def test_a_speaker_needs_a_name(signed_in, agency):
    response = signed_in.post(
        new_url(), full_form(agency, **{"speakers-0-name_kk": "", "speakers-0-contacts": "x"})
    )
    assert response.status_code == 200
    assert response.context["formset"].forms[0].non_field_errors() == [
        "Give the speaker's name in at least one language."
    ]
    assert not Event.objects.exists()


def test_an_event_of_another_agency_cannot_be_added(signed_in, other_agency):
    response = signed_in.post(new_url(), full_form(other_agency))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["agency"]
    assert not Event.objects.exists()


def test_the_event_is_changed_with_its_speakers(signed_in, agency, press_secretary):
    event = EventFactory(agency=agency, state="draft")
    kept = EventSpeakerFactory(event=event, name_kk="Қалатын", contacts="1")
    removed = EventSpeakerFactory(event=event, name_kk="Кететін", contacts="2")
    form = full_form(
        agency,
        **management(total=3, initial=2),
        **{
            "speakers-0-id": kept.pk,
            "speakers-0-name_kk": "Қалатын",
            "speakers-0-contacts": "1",
            "speakers-0-language": "kk",
            "speakers-1-id": removed.pk,
            "speakers-1-name_kk": "Кететін",
            "speakers-1-language": "kk",
            "speakers-1-DELETE": "on",
            "speakers-2-name_ru": "Новый спикер",
            "speakers-2-language": "ru",
        },
    )
    del form["agency"]
    response = signed_in.post(edit_url(event), form)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.goal_kk == "Халықты хабардар ету"
    assert list(event.speakers.values_list("name_kk", "name_ru")) == [
        ("Қалатын", None),
        (None, "Новый спикер"),
    ]
    assert event.changes.last().action == EventAction.CHANGED


def test_a_published_event_keeps_its_dates_on_the_form(signed_in, agency):
    event = EventFactory(agency=agency)  # published, Monday 10:00
    form = full_form(agency, starts_at="2026-12-20T10:00", ends_at="2026-12-20T11:00")
    del form["agency"]
    assert signed_in.post(edit_url(event), form).status_code == 302
    event.refresh_from_db()
    assert (event.starts_at, event.place_kk) == (MONDAY_TEN, "Астана, Үкімет үйі")


def test_another_agencys_events_are_not_there_or_not_yours(signed_in, other_agency):
    draft = EventFactory(agency=other_agency, state="draft")
    published = EventFactory(agency=other_agency)
    assert signed_in.get(edit_url(draft)).status_code == 404
    assert signed_in.get(edit_url(published)).status_code == 403
    for name in ("eventgrid:event_plan", "eventgrid:event_publish"):
        assert signed_in.post(reverse(name, kwargs={"pk": draft.pk})).status_code == 404
    draft.refresh_from_db()
    assert draft.state == EventState.DRAFT
    announce = reverse("eventgrid:event_announce", kwargs={"pk": published.pk})
    assert signed_in.post(announce, {"action": "cancel", "reason_en": "No"}).status_code == 403
    published.refresh_from_db()
    assert published.state == EventState.PUBLISHED


# --- State changes ---------------------------------------------------------------------------


def test_the_buttons_plan_and_publish_the_event(signed_in, agency, press_secretary):
    event = EventFactory(agency=agency, state="draft")
    page = signed_in.get(edit_url(event))
    assert (page.context["can_plan"], page.context["can_publish"]) == (True, True)
    signed_in.post(reverse("eventgrid:event_plan", kwargs={"pk": event.pk}))
    event.refresh_from_db()
    assert event.state == EventState.PLANNED
    response = signed_in.post(reverse("eventgrid:event_publish", kwargs={"pk": event.pk}))
    assert response["Location"] == edit_url(event)
    event.refresh_from_db()
    assert event.state == EventState.PUBLISHED
    assert list(event.changes.values_list("action", "actor")) == [
        (EventAction.PLANNED, press_secretary.pk),
        (EventAction.PUBLISHED, press_secretary.pk),
    ]


def test_a_refused_change_says_why(signed_in, agency):
    event = EventFactory(agency=agency)  # published
    response = signed_in.post(reverse("eventgrid:event_plan", kwargs={"pk": event.pk}), follow=True)
    assert [str(message) for message in response.context["messages"]] == [
        "Only a draft can be planned; this event is “Published”."
    ]


def test_a_published_event_is_rescheduled_with_a_reason(signed_in, agency):
    event = EventFactory(agency=agency)
    url = reverse("eventgrid:event_announce", kwargs={"pk": event.pk})
    assert signed_in.get(url).status_code == 200
    response = signed_in.post(
        url,
        {
            "action": "reschedule",
            "starts_at": "2026-12-09T15:00",
            "ends_at": "2026-12-09T16:00",
            "reason_ru": "Перенос по просьбе спикера",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.state, event.state_reason_ru) == ("rescheduled", "Перенос по просьбе спикера")
    assert event.starts_at == MONDAY_TEN + dt.timedelta(days=2, hours=5)


def test_an_announcement_without_a_reason_is_refused(signed_in, agency):
    event = EventFactory(agency=agency)
    url = reverse("eventgrid:event_announce", kwargs={"pk": event.pk})
    response = signed_in.post(url, {"action": "cancel"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Give the reason in at least one language: journalists read it."
    ]
    event.refresh_from_db()
    assert event.state == EventState.PUBLISHED


def test_a_cancelled_event_is_shown_and_not_changed(signed_in, agency):
    event = EventFactory(agency=agency, state="cancelled", state_reason_kk="Себебі")
    page = signed_in.get(edit_url(event))
    assert "A cancelled event cannot be changed." in page.content.decode()
    form = full_form(agency, title_kk="Жаңа атауы")
    del form["agency"]
    response = signed_in.post(edit_url(event), form)
    assert response.context["form"].non_field_errors() == ["A cancelled event cannot be changed."]
    event.refresh_from_db()
    assert event.title_kk != "Жаңа атауы"
