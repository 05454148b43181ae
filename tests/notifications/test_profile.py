"""Each user chooses the language of their inbox, e-mails and calendar feed on
`/<lang>/profile/`, and their messages and feed link to pages in that language (issue 7 §2)."""

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from portal.deadlines import services as deadline_services
from portal.deadlines.models import CalendarFeed
from portal.notifications.models import Notification
from portal.notifications.services import user_set_language
from tests.deadlines.factories import DeadlineFactory, almaty
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def profile_url(language="en"):
    with translation.override(language):
        return reverse("notifications:profile")


def test_the_profile_shows_the_language_and_the_calendar_address(client, press_secretary):
    feed = deadline_services.calendar_feed_regenerate(user=press_secretary)
    client.force_login(press_secretary)
    response = client.get(profile_url())
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"]["preferred_language"].value() == "kk"
    assert f'value="{feed.absolute_url}"' in content
    assert f'href="{profile_url()}"' in content  # the header menu links it


def test_a_journalist_has_a_language_but_no_calendar(client, journalist):
    client.force_login(journalist)
    response = client.get(profile_url())
    assert response.status_code == 200
    assert response.context["can_have_feed"] is False
    assert client.post(profile_url(), {"action": "feed"}).status_code == 403
    assert not CalendarFeed.objects.filter(user=journalist).exists()


def test_choosing_a_language_changes_only_ones_own_and_shows_the_profile_in_it(
    client, press_secretary
):
    someone = UserFactory(preferred_language="kk")
    client.force_login(press_secretary)
    response = client.post(profile_url("en"), {"preferred_language": "ru"})
    assert response.status_code == 302
    assert response["Location"] == profile_url("ru")
    press_secretary.refresh_from_db()
    someone.refresh_from_db()
    assert (press_secretary.preferred_language, someone.preferred_language) == ("ru", "kk")
    followed = client.get(response["Location"])
    with translation.override("ru"):
        saved = gettext("Your language is saved.")
    assert [str(message) for message in followed.context["messages"]] == [saved]
    assert '<html lang="ru">' in followed.content.decode()


def test_an_unknown_language_is_a_translated_form_error(client, press_secretary):
    client.force_login(press_secretary)
    response = client.post(profile_url("ru"), {"preferred_language": "de"})
    assert response.status_code == 400
    assert response.context["form"].errors["preferred_language"]
    press_secretary.refresh_from_db()
    assert press_secretary.preferred_language == "kk"


def test_a_post_without_the_csrf_token_changes_nothing(press_secretary):
    client = Client(enforce_csrf_checks=True)
    client.force_login(press_secretary)
    assert client.post(profile_url(), {"preferred_language": "en"}).status_code == 403
    press_secretary.refresh_from_db()
    assert press_secretary.preferred_language == "kk"
    page = client.get(profile_url())
    token = page.cookies["csrftoken"].value
    response = client.post(
        profile_url(), {"preferred_language": "en", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    press_secretary.refresh_from_db()
    assert press_secretary.preferred_language == "en"


def test_a_new_calendar_address_from_the_profile_retires_the_old(client, press_secretary):
    old = deadline_services.calendar_feed_regenerate(user=press_secretary)
    old_path = old.feed_path()
    client.force_login(press_secretary)
    response = client.post(profile_url(), {"action": "feed"})
    assert response.status_code == 302
    assert response["Location"] == profile_url()
    new = CalendarFeed.objects.get(user=press_secretary)
    assert new.token != old.token
    assert client.get(old_path).status_code == 404
    assert client.get(new.feed_path()).status_code == 200


def test_the_service_refuses_a_language_the_portal_does_not_speak(press_secretary):
    with pytest.raises(ValidationError) as error:
        user_set_language(user=press_secretary, language="de")
    assert list(error.value.message_dict) == ["preferred_language"]


@pytest.mark.time_machine(almaty(2026, 4, 24, 9), tick=False)
def test_after_the_choice_reminders_and_the_feed_are_in_that_language_and_link_to_it(
    client, press_secretary, agency, settings
):
    settings.PORTAL_BASE_URL = "https://press.example.kz"
    deadline = DeadlineFactory(agency=agency, due_at=almaty(2026, 4, 24, 18))
    client.force_login(press_secretary)
    client.post(profile_url("kk"), {"preferred_language": "ru"})
    deadline_services.deadlines_send_reminders()
    [reminder] = Notification.objects.filter(recipient=press_secretary)
    page = f"/ru/deadlines/{deadline.pk}/"
    assert reminder.subject == "Ежемесячная информация о реализации медиаплана: срок сегодня"
    assert reminder.url == page
    assert f"\nhttps://press.example.kz{page}\n" in reminder.body_text
    assert f'href="https://press.example.kz{page}"' in reminder.body_html
    feed = deadline_services.calendar_feed_regenerate(user=press_secretary)
    [event] = icalendar.Calendar.from_ical(client.get(feed.feed_path()).content).walk("VEVENT")
    assert str(event["summary"]).startswith("Ежемесячная информация о реализации медиаплана")
    assert str(event["url"]) == f"https://press.example.kz{page}"
