"""E-mail subscription to the weekly media-grid without an account (issue 8 §5): double
opt-in, one-click unsubscribe (RFC 8058), and one e-mail per confirmed subscriber and
published version, in the subscriber's language. E-mails go through the real delivery
(`notifications_deliver`) into Django's test outbox."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from eventgrid import services as grid_services
from eventgrid.tasks import media_grid_mail
from portal.notifications.models import EmailSubscription, Notification
from portal.notifications.services import notifications_deliver
from tests.eventgrid.factories import MONDAY_TEN, EventFactory, submit_week

pytestmark = pytest.mark.django_db

WEEK = MONDAY_TEN.date()
SUBSCRIBE = "/en/media-grid/subscribe/"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def subscribe(client, email, language="en", **extra):
    return client.post(SUBSCRIBE, {"email": email, "language": language, "website": "", **extra})


def sent_link(message) -> str:
    return re.search(r"http://\S+/subscriptions/confirm/\S+/", message.body).group(0)


def local(url: str) -> str:
    return url.removeprefix("http://127.0.0.1:8000")


def subscribed(client, email, language="en"):
    """Subscribe and confirm `email` as a journalist does, by the mail's link."""
    mail.outbox.clear()
    subscribe(client, email, language)
    notifications_deliver()
    (message,) = mail.outbox
    assert client.post(local(sent_link(message))).status_code == 200
    mail.outbox.clear()
    return EmailSubscription.objects.get(email=email)


@pytest.fixture
def week_events(agency, other_agency):
    briefing = EventFactory(agency=agency, title_ru="Брифинг министра", title_kk="Министр брифингі")
    forum = EventFactory(
        agency=other_agency,
        title_ru="Форум",
        title_kk="Форум",
        title_en="Forum",
        starts_at=MONDAY_TEN + dt.timedelta(days=5),
    )
    submit_week(agency, [briefing])
    submit_week(other_agency, [forum])
    return {"briefing": briefing, "forum": forum}


def publish(ministry_staff, *, cancel=None):
    """Publish the week's grid (a correction when it is published already), run the task
    the commit queues, and return the e-mails it sent."""
    if cancel is not None:
        grid_services.event_cancel(event=cancel, reason={"en": "Bad weather"}, by=ministry_staff)
    grid = grid_services.media_grid_compose(week_start=WEEK, by=ministry_staff)
    version = grid_services.media_grid_publish(grid=grid, by=ministry_staff)
    mail.outbox.clear()
    media_grid_mail(version_id=version.pk)
    return version, list(mail.outbox)


def test_double_opt_in_subscribes_only_after_the_link_is_confirmed(client):
    response = subscribe(client, " Reporter@Example.KZ ", language="ru")
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:subscription_sent")
    assert client.get(response["Location"]).status_code == 200

    subscription = EmailSubscription.objects.get()
    assert (subscription.email, subscription.is_active) == ("reporter@example.kz", False)
    assert notifications_deliver() == 1
    (message,) = mail.outbox
    assert message.to == ["reporter@example.kz"]
    link = sent_link(message)
    assert "/ru/subscriptions/confirm/" in link  # the page in the language asked for

    page = client.get(local(link))  # a mail scanner opening the link subscribes nobody
    assert page.status_code == 200
    assert "Подтвердить подписку" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active is False

    assert client.post(local(link)).status_code == 200
    subscription.refresh_from_db()
    assert (subscription.is_active, subscription.language) == (True, "ru")


def test_an_expired_or_forged_link_is_a_clear_400_and_subscribes_nobody(client):
    subscribe(client, "late@example.kz")
    notifications_deliver()
    link = local(sent_link(mail.outbox[0]))
    forged = link[:-3] + ("A" if link[-3] != "A" else "B") + link[-2:]

    with translation.override("en"):
        response = client.post(forged)
    assert response.status_code == 400
    assert b"This confirmation link is not valid." in response.content

    with time_machine.travel(timezone.now() + dt.timedelta(days=4)):
        for method in (client.get, client.post):
            response = method(link)
            assert response.status_code == 400
            assert b"This confirmation link has expired" in response.content
    assert not EmailSubscription.objects.active().exists()


def test_asking_again_gives_the_same_answer_and_only_rate_limited_confirmations(client, settings):
    settings.SUBSCRIPTION_CONFIRMATIONS_PER_HOUR = 2
    subscribed(client, "known@example.kz")
    new = subscribe(client, "new@example.kz")
    for _ in range(3):
        again = subscribe(client, "known@example.kz")
        assert (again.status_code, again["Location"]) == (new.status_code, new["Location"])
    notifications_deliver()
    # The confirmed address got one more confirmation (the first was its own), no more.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "known@example.kz",
        "new@example.kz",
    ]
    assert EmailSubscription.objects.get(email="known@example.kz").is_active


def test_a_filled_honeypot_or_a_bad_form(client):
    response = subscribe(client, "robot@example.kz", website="http://spam.example")
    assert response.status_code == 302
    assert not EmailSubscription.objects.exists() and not Notification.objects.exists()

    response = subscribe(client, "not an address", language="de")
    assert response.status_code == 400
    assert b"Enter a valid email address." in response.content
    assert not EmailSubscription.objects.exists()


def test_a_version_and_its_correction_reach_each_confirmed_subscriber_once_in_their_language(
    client, week_events, ministry_staff
):
    ru = subscribed(client, "ru@example.kz", "ru")
    kk = subscribed(client, "kk@example.kz", "kk")
    gone = subscribed(client, "gone@example.kz")
    client.post(local(f"/en/subscriptions/unsubscribe/{gone.unsubscribe_token}/"))
    subscribe(client, "unconfirmed@example.kz")
    notifications_deliver()  # the unconfirmed address's confirmation
    mail.outbox.clear()

    first, sent = publish(ministry_staff)
    assert sorted(message.to[0] for message in sent) == [kk.email, ru.email]
    by_address = {message.to[0]: message for message in sent}
    assert "2026-W50" in by_address[ru.email].subject
    assert "/ru/media-grid/2026-W50/?version=1" in by_address[ru.email].body
    assert "/ru/media-grid/2026-W50.pdf?version=1" in by_address[ru.email].body
    assert "/kk/media-grid/2026-W50/?version=1" in by_address[kk.email].body

    media_grid_mail(version_id=first.pk)  # the task again (a retry): nothing more
    notifications_deliver()
    assert len(mail.outbox) == 2

    second, sent = publish(ministry_staff, cancel=week_events["forum"])
    assert second.number == 2
    assert sorted(message.to[0] for message in sent) == [kk.email, ru.email]
    ru_mail = next(message for message in sent if message.to == [ru.email])
    assert "исправление: версия 2" in ru_mail.subject
    assert "Форум" in ru_mail.body  # the changelog in the subscriber's language
    assert "/ru/media-grid/2026-W50/?version=2" in ru_mail.body


def test_every_grid_mail_unsubscribes_in_one_click(client, week_events, ministry_staff):
    subscription = subscribed(client, "reader@example.kz")
    _version, (message,) = publish(ministry_staff)

    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert link in message.body
    assert local(link) == f"/en/subscriptions/unsubscribe/{subscription.unsubscribe_token}/"

    page = client.get(local(link))  # a person following the link: a button, nothing done
    assert page.status_code == 200 and b"Unsubscribe" in page.content
    subscription.refresh_from_db()
    assert subscription.is_active

    # The mail program's POST (RFC 8058), without any CSRF token.
    response = client.post(
        local(link),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active is False

    _version, sent = publish(ministry_staff, cancel=week_events["forum"])
    assert sent == []


def test_an_unknown_unsubscribe_link_is_a_400(client):
    for method in (client.get, client.post):
        response = method("/en/subscriptions/unsubscribe/nope/")
        assert response.status_code == 400
        assert b"This unsubscribe link is not valid." in response.content


def test_an_old_confirmation_link_does_not_resubscribe_after_unsubscribing(client):
    subscribe(client, "twice@example.kz")
    notifications_deliver()
    link = local(sent_link(mail.outbox[0]))
    assert client.post(link).status_code == 200
    subscription = EmailSubscription.objects.get()
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=5)):
        client.post(f"/en/subscriptions/unsubscribe/{subscription.unsubscribe_token}/")
        response = client.post(link)
    assert response.status_code == 400
    assert b"You unsubscribed after this link was sent." in response.content
    subscription.refresh_from_db()
    assert subscription.is_active is False


def test_the_media_grid_pages_link_to_the_subscription(client):
    response = client.get("/en/media-grid/")
    assert response.status_code == 200
    assert b'href="/en/media-grid/subscribe/"' in response.content
