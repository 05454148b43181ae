"""The notice of receipt carries the secret tracking link, and no row the staff read keeps
it (issue 10 item 10): it is sent by a task given the token once, after the commit."""

import smtplib

import pytest
from django.core import mail
from django.test import Client

from portal.notifications.models import Notification
from requests_desk import services, tasks
from requests_desk.services import _receipt_queue as queue_on_commit  # before the conftest's

from ..notifications import conftest as mail_servers
from .conftest import receive

start_mail_server = mail_servers.start_mail_server  # the real SMTP server's fixture

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """The real queueing (undoing the conftest's shortcut), the task run in-process."""
    monkeypatch.setattr(services, "_receipt_queue", queue_on_commit)
    calls = []
    monkeypatch.setattr(tasks.receipt_send, "delay", lambda **kwargs: calls.append(kwargs))
    return calls


def test_the_receipt_is_queued_on_commit_with_the_token_and_sent_by_the_task(
    agency, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case, token = receive(agency)
    assert queued == [{"case_id": case.pk, "token": token}]
    assert tasks.receipt_send.run(**queued[0]) is True
    assert token in mail.outbox[-1].body


def test_a_wrong_token_sends_nothing(agency):
    case, token = receive(agency)
    sent = len(mail.outbox)
    assert services.receipt_send(case_id=case.pk, token=token[:-1] + "x") is False
    assert len(mail.outbox) == sent


def test_no_notification_and_no_admin_page_shows_the_token(agency, django_user_model):
    case, token = receive(agency)
    assert token in mail.outbox[-1].body
    assert not [n for n in Notification.objects.all() if token in n.body_text + n.body_html + n.url]
    admin = django_user_model.objects.create_superuser("root", "root@example.kz", "x")
    client = Client()
    client.force_login(admin)
    pages = ["/en/admin/notifications/notification/"] + [
        f"/en/admin/notifications/notification/{pk}/change/"
        for pk in Notification.objects.values_list("pk", flat=True)
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200 and token not in response.content.decode()


# --- Once only (the task run again after a worker died having sent it) ----------------------


def test_the_task_run_twice_sends_one_notice(agency, queued, settings, start_mail_server):
    """Over a real SMTP server: the second run finds the notice claimed and sends nothing."""
    server = start_mail_server()
    server.use_in(settings)
    case, token = receive(agency)
    assert server.handler.count() == 0
    assert tasks.receipt_send.run(case_id=case.pk, token=token) is True
    assert tasks.receipt_send.run(case_id=case.pk, token=token) is False
    assert [message.recipient for message in server.handler.received] == ["aigul@example.kz"]
    case.refresh_from_db()
    assert case.receipt_sent_at is not None


def test_a_refusal_of_the_mail_server_releases_the_claim(
    agency, queued, settings, start_mail_server
):
    """Nothing left: a run again may send it."""
    server = start_mail_server(refuse=frozenset({"aigul@example.kz"}))
    server.use_in(settings)
    case, token = receive(agency)
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        tasks.receipt_send.run(case_id=case.pk, token=token)
    case.refresh_from_db()
    assert case.receipt_sent_at is None
    server.handler.refuse = frozenset()
    assert tasks.receipt_send.run(case_id=case.pk, token=token) is True
    assert server.handler.count() == 1
