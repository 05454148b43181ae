"""Each user's pending deadlines as an ICS feed behind a secret address."""

import datetime as dt

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from portal.deadlines import services
from portal.deadlines.models import CalendarFeed
from portal.directory.choices import Role
from portal.directory.models import Membership
from tests.factories import AgencyFactory, MembershipFactory, UserFactory

from .factories import NOW, DeadlineFactory, almaty, rule

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(NOW, tick=False)]

UTC = dt.UTC


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def feed_of(user) -> CalendarFeed:
    return services.calendar_feed_regenerate(user=user)


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return [
        {
            "uid": str(event["uid"]),
            "start": event.decoded("dtstart"),
            "summary": str(event["summary"]),
            "description": str(event["description"]),
        }
        for event in calendar.walk("VEVENT")
    ]


def test_a_feed_lists_own_pending_deadlines_in_the_users_language(
    client, press_secretary, agency, other_agency, settings
):
    settings.PORTAL_BASE_URL = "https://press.example.kz"
    press_secretary.preferred_language = "ru"
    press_secretary.save()
    soon = DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 25, 18))
    missed = DeadlineFactory(
        agency=agency,
        rule=rule("weekly-information"),
        due_at=almaty(2026, 5, 14, 18),
        state="overdue",
    )
    DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 7, 18), state="done_on_time")
    DeadlineFactory(agency=agency, due_at=almaty(2026, 4, 1, 18), state="overdue")  # too old
    DeadlineFactory(agency=agency, due_at=almaty(2027, 7, 1, 18))  # too far ahead
    DeadlineFactory(agency=other_agency, due_at=almaty(2026, 5, 25, 18))
    response = client.get(feed_of(press_secretary).feed_path())
    assert events(response) == [
        {
            "uid": f"deadline-{missed.pk}@press-office-portal",
            "start": dt.datetime(2026, 5, 14, 13, 0, tzinfo=UTC),
            "summary": f"Информация на предстоящую неделю — {agency.name_ru}",
            "description": (
                "Еженедельно по четвергам направляется уполномоченному органу по форме "
                "приложения (004, п. 10).\n\n"
                f"https://press.example.kz/ru/deadlines/{missed.pk}/"
            ),
        },
        {
            "uid": f"deadline-{soon.pk}@press-office-portal",
            "start": dt.datetime(2026, 5, 25, 13, 0, tzinfo=UTC),
            "summary": f"Ежемесячная информация о реализации медиаплана — {agency.name_ru}",
            "description": (
                "Ежемесячно, не позднее 25 числа отчётного периода, в произвольной форме "
                "(004, п. 8).\n\n"
                f"https://press.example.kz/ru/deadlines/{soon.pk}/"
            ),
        },
    ]


def test_the_summary_uses_the_short_name_and_the_feed_is_named(client, press_secretary, agency):
    agency.short_name_en = "MoH"
    agency.save()
    press_secretary.preferred_language = "en"
    press_secretary.save()
    DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 25, 18))
    response = client.get(feed_of(press_secretary).feed_path())
    assert [event["summary"] for event in events(response)] == [
        "Monthly report on the media-plan — MoH"
    ]
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["x-wr-calname"]) == "Deadlines · Press Office Portal"


def test_the_authorized_body_gets_every_agencys_deadlines(
    client, ministry_staff, agency, other_agency
):
    ours, theirs = (
        DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 25, 18)),
        DeadlineFactory(agency=other_agency, due_at=almaty(2026, 5, 26, 18)),
    )
    response = client.get(feed_of(ministry_staff).feed_path())
    assert [event["uid"] for event in events(response)] == [
        f"deadline-{ours.pk}@press-office-portal",
        f"deadline-{theirs.pk}@press-office-portal",
    ]


def test_the_feed_follows_the_users_current_memberships(client, press_secretary, agency):
    DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 25, 18))
    feed_url = feed_of(press_secretary).feed_path()
    Membership.objects.filter(user=press_secretary).delete()
    assert events(client.get(feed_url)) == []


def test_calendar_programs_may_ask_with_head(client, press_secretary):
    response = client.head(feed_of(press_secretary).feed_path())
    assert (response.status_code, response["Content-Type"]) == (
        200,
        "text/calendar; charset=utf-8",
    )


def test_unknown_tokens_and_inactive_users_get_404(client, press_secretary):
    feed_url = feed_of(press_secretary).feed_path()
    assert (
        client.get(reverse("feeds:deadline_feed", kwargs={"token": "not-a-token"})).status_code
        == 404
    )
    press_secretary.is_active = False
    press_secretary.save()
    assert client.get(feed_url).status_code == 404


def test_the_deadline_page_offers_an_address_and_a_post_creates_it(
    client, press_secretary, settings
):
    settings.PORTAL_BASE_URL = "https://press.example.kz"
    client.force_login(press_secretary)
    response = client.get(url("deadlines:deadline_list"))
    assert (response.context["can_have_feed"], response.context["feed"]) == (True, None)
    assert "Get a calendar address" in response.content.decode()
    response = client.post(url("deadlines:deadline_feed_regenerate"))
    assert (response.status_code, response.url) == (302, "/en/deadlines/")
    feed = CalendarFeed.objects.get(user=press_secretary)
    assert len(feed.token) == 43
    page = client.get(url("deadlines:deadline_list")).content.decode()
    assert f'value="https://press.example.kz/feeds/deadlines/{feed.token}.ics"' in page


def test_regenerating_the_address_invalidates_the_old_one(client, press_secretary):
    old_url = feed_of(press_secretary).feed_path()
    assert client.get(old_url).status_code == 200
    client.force_login(press_secretary)
    client.post(url("deadlines:deadline_feed_regenerate"))
    new_feed = CalendarFeed.objects.get(user=press_secretary)
    assert new_feed.feed_path() != old_url
    client.logout()
    assert client.get(old_url).status_code == 404
    assert client.get(new_feed.feed_path()).status_code == 200


def test_journalists_get_no_feed(client, journalist):
    client.force_login(journalist)
    response = client.get(url("deadlines:deadline_list"))
    assert response.context["can_have_feed"] is False
    assert "calendar-feed" not in response.content.decode()
    assert client.post(url("deadlines:deadline_feed_regenerate")).status_code == 403
    assert CalendarFeed.objects.filter(user=journalist).exists() is False


def test_regenerating_needs_login_and_post(client, press_secretary):
    response = client.post(url("deadlines:deadline_feed_regenerate"))
    assert (response.status_code, response.url.startswith("/en/login/")) == (302, True)
    client.force_login(press_secretary)
    assert client.get(url("deadlines:deadline_feed_regenerate")).status_code == 405


@pytest.mark.parametrize("count", [1, 5])
def test_the_feed_runs_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    user = UserFactory()
    for agency in AgencyFactory.create_batch(count):
        MembershipFactory(user=user, agency=agency, role=Role.PRESS_SECRETARY)
        DeadlineFactory(agency=agency, due_at=almaty(2026, 5, 25, 18))
    feed_url = feed_of(user).feed_path()
    with django_assert_max_num_queries(3):
        assert len(events(client.get(feed_url))) == count
