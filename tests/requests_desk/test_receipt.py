"""The notice of receipt carries the secret tracking link, and no row the staff read keeps
it (issue 10 item 10): it is sent by a task given the token once, after the commit."""

import pytest
from django.core import mail
from django.test import Client

from portal.notifications.models import Notification
from requests_desk import services, tasks
from requests_desk.services import _receipt_queue as queue_on_commit  # before the conftest's

from .conftest import receive

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
