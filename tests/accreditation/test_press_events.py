"""Press events (003 §8.4): accredited journalists register for the agency's published
press conferences, briefings and interviews; a question left unanswered becomes a media
request in one step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from requests_desk.accreditation import services
from requests_desk.accreditation.models import PressRegistration
from requests_desk.models import InformationRequest
from tests.eventgrid.factories import EventFactory

from .conftest import accredited, apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def briefing(agency):
    starts = timezone.now() + dt.timedelta(days=3)
    return EventFactory(agency=agency, starts_at=starts, ends_at=starts + dt.timedelta(hours=1))


def test_an_accredited_journalist_registers_once(journalist, agency, press_secretary, briefing):
    accredited(journalist, agency, press_secretary)
    registration = services.press_register(event=briefing, journalist=journalist)
    assert registration.accreditation.journalist == journalist
    with pytest.raises(ValidationError):
        services.press_register(event=briefing, journalist=journalist)
    services.press_unregister(event=briefing, journalist=journalist)
    assert not PressRegistration.objects.exists()


def test_an_application_is_not_enough(journalist, agency, briefing):
    apply(journalist, agency)
    with pytest.raises(ValidationError):
        services.press_register(event=briefing, journalist=journalist)


def test_another_agency_s_accreditation_is_not_enough(
    journalist, agency, other_agency, ministry_staff, briefing
):
    accredited(journalist, other_agency, ministry_staff)
    with pytest.raises(ValidationError):
        services.press_register(event=briefing, journalist=journalist)


def test_an_accreditation_ending_before_the_event_is_not_enough(
    journalist, agency, press_secretary, briefing
):
    today = timezone.localdate()
    accredited(
        journalist,
        agency,
        press_secretary,
        kind="temporary",
        valid_from=today,
        valid_until=today + dt.timedelta(days=1),
    )
    with pytest.raises(ValidationError):
        services.press_register(event=briefing, journalist=journalist)


@pytest.mark.parametrize(("field", "value"), [("format", "forum"), ("state", "draft")])
def test_only_published_press_formats(journalist, agency, press_secretary, briefing, field, value):
    accredited(journalist, agency, press_secretary)
    setattr(briefing, field, value)
    briefing.save()
    with pytest.raises(ValidationError):
        services.press_register(event=briefing, journalist=journalist)


def test_a_question_left_unanswered_becomes_a_media_request(
    journalist, agency, press_secretary, briefing
):
    journalist.preferred_language = "ru"
    journalist.save()
    accredited(journalist, agency, press_secretary, email="press@kazinform.kz")
    registration = services.press_register(event=briefing, journalist=journalist)
    question = services.question_to_media_request(
        registration=registration, text="Когда откроется новая школа?", by=press_secretary
    )
    case = InformationRequest.objects.get()
    assert question.media_request == case
    assert case.channel == "media" and case.agency == agency
    assert case.requester_email == "press@kazinform.kz"
    assert case.requester_organisation == "Kazinform"
    assert case.language == "ru"
    assert case.text == "Когда откроется новая школа?"
    with pytest.raises(ValidationError):
        services.question_to_media_request(registration=registration, text=" ", by=press_secretary)
    # A registration with a question recorded stays.
    with pytest.raises(ValidationError):
        services.press_unregister(event=briefing, journalist=journalist)


class TestPages:
    def test_the_journalist_registers_on_the_page(
        self, client, journalist, agency, press_secretary, briefing
    ):
        accredited(journalist, agency, press_secretary)
        client.force_login(journalist)
        listing = client.get(reverse("accreditation:press_events"))
        register = reverse("accreditation:press_register", args=[briefing.pk])
        assert register.encode() in listing.content
        client.post(register)
        assert PressRegistration.objects.filter(journalist=journalist).exists()
        assert (
            client.get(reverse("accreditation:press_event", args=[briefing.pk])).status_code == 403
        )

    def test_staff_see_the_list_and_record_a_question(
        self, client, journalist, agency, press_secretary, briefing
    ):
        accredited(journalist, agency, press_secretary, full_name="Айдана Серік")
        registration = services.press_register(event=briefing, journalist=journalist)
        client.force_login(press_secretary)
        page = client.get(reverse("accreditation:press_event", args=[briefing.pk]))
        assert "Айдана Серік".encode() in page.content
        empty = client.post(
            reverse("accreditation:press_question", args=[briefing.pk]),
            {"registration": registration.pk, "text": ""},
        )
        assert empty.status_code == 400
        assert not InformationRequest.objects.exists()
        done = client.post(
            reverse("accreditation:press_question", args=[briefing.pk]),
            {"registration": registration.pk, "text": "<b>Бюджет?</b>"},
        )
        assert done.status_code == 302
        case = InformationRequest.objects.get()
        page = client.get(reverse("accreditation:press_event", args=[briefing.pk]))
        assert case.number.encode() in page.content
        assert b"&lt;b&gt;" in page.content and b"<b>" not in page.content

    def test_another_agency_s_draft_event_is_not_there(self, client, journalist, other_agency):
        draft = EventFactory(agency=other_agency, state="draft")
        client.force_login(journalist)
        assert (
            client.post(reverse("accreditation:press_register", args=[draft.pk])).status_code == 404
        )
