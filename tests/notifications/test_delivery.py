"""Delivery in this process: the queries it runs, and a refused message, through a real SMTP
server. Workers killed mid-batch and workers racing: test_delivery_crash.py."""

import os
import subprocess
import sys
from collections import Counter

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from portal.notifications.models import Notification
from portal.notifications.services import (
    SEND_WINDOW,
    STALE_CLAIM,
    notifications_deliver,
    notifications_save,
)
from tests.factories import UserFactory
from tests.workers import ROOT


def notify(people) -> None:
    notifications_save(
        Notification(
            recipient=person,
            key=f"delivery-test:{person.pk}",
            subject=f"Reminder for {person.username}",
            body_text="The monthly report is due tomorrow.",
        )
        for person in people
    )


@pytest.mark.parametrize("emails", [1, 3])
def test_delivery_reads_the_batch_once_then_claims_and_marks_each_email(
    emails, db, mailoutbox, django_assert_num_queries
):
    notify(UserFactory.create_batch(emails))

    # The batch, one UPDATE per email that claims it and marks the one before, one that
    # marks the last; on PostgreSQL two more: synchronous_commit set off for the run and
    # reset after it.
    session = 2 if connection.vendor == "postgresql" else 0
    with django_assert_num_queries(1 + emails + 1 + session):
        assert notifications_deliver() == emails

    assert len(mailoutbox) == emails
    assert not Notification.objects.awaiting_email().exists()


def test_a_recipient_without_an_address_is_marked_without_an_email(db, mailoutbox):
    notify([UserFactory(email=""), UserFactory(email="press@gov.kz")])

    assert notifications_deliver() == 1

    assert [message.to for message in mailoutbox] == [["press@gov.kz"]]
    assert not Notification.objects.awaiting_email().exists()


def test_a_refused_message_waits_for_the_next_run_and_the_others_go_out(
    db, start_mail_server, settings
):
    people = UserFactory.create_batch(3)
    refused = people[1]
    server = start_mail_server(refuse=frozenset({refused.email}))
    server.use_in(settings)
    notify(people)

    assert notifications_deliver() == 2

    assert server.handler.per_recipient() == Counter({people[0].email: 1, people[2].email: 1})
    left = Notification.objects.get(recipient=refused)
    assert (left.emailed_at, left.email_claim, left.email_claimed_at) == (None, "", None)

    server.handler.refuse = frozenset()  # the mailbox exists now
    assert notifications_deliver() == 1
    assert server.handler.per_recipient() == Counter({person.email: 1 for person in people})
    assert not Notification.objects.awaiting_email().exists()


class AnotherWorkerMeanwhile(EmailBackend):
    """The outbox, where another worker takes rows (`meanwhile(sent)`) as each e-mail goes."""

    meanwhile = staticmethod(lambda sent: None)

    def send_messages(self, messages):
        sent = super().send_messages(messages)
        type(self).meanwhile(len(mail.outbox))
        return sent


def another_worker_takes(*notifications) -> None:
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
        email_claim="another-worker", email_claimed_at=timezone.now()
    )


def test_a_row_another_worker_claims_first_is_left_to_it_and_the_one_before_is_marked(
    db, settings, monkeypatch
):
    settings.EMAIL_BACKEND = f"{__name__}.AnotherWorkerMeanwhile"
    notify(UserFactory.create_batch(3))
    first, second, third = Notification.objects.order_by("pk")
    monkeypatch.setattr(
        AnotherWorkerMeanwhile, "meanwhile", lambda sent: sent == 1 and another_worker_takes(second)
    )

    assert notifications_deliver() == 2

    assert [message.to for message in mail.outbox] == [[first.address], [third.address]]
    rows = Notification.objects.order_by("pk")
    assert [(row.emailed_at is not None, row.email_claim != "another-worker") for row in rows] == [
        (True, True),
        (False, False),
        (True, True),
    ]


def test_a_row_taken_over_while_it_was_sent_is_not_marked_by_the_first_worker(
    db, settings, monkeypatch
):
    """Its claim went stale while the mail server took its time, and another worker holds
    it now: whether it was sent is that worker's to record."""
    settings.EMAIL_BACKEND = f"{__name__}.AnotherWorkerMeanwhile"
    notify(UserFactory.create_batch(2))
    first, last = Notification.objects.order_by("pk")
    monkeypatch.setattr(
        AnotherWorkerMeanwhile,
        "meanwhile",
        lambda sent: another_worker_takes({1: first, 2: last}[sent]),
    )

    assert notifications_deliver() == 2

    rows = Notification.objects.order_by("pk")
    assert [(row.emailed_at, row.email_claim) for row in rows] == [
        (None, "another-worker"),
        (None, "another-worker"),
    ]


def test_a_killed_task_comes_back_after_a_live_claim_would_have_gone_stale():
    """The order the guarantees rest on: a live worker stops starting emails (SEND_WINDOW)
    well before its claims go stale (STALE_CLAIM); Redis hands a killed worker's task out
    again (the visibility timeout) only once its claims are stale, and only after any task
    could still be running (the time limit). Read from the settings as production has them."""
    probe = (
        "from django.conf import settings as s; "
        "print(s.CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'], s.CELERY_TASK_TIME_LIMIT)"
    )
    output = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {probe}"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",  # read, never connected to
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout
    visibility_timeout, time_limit = map(int, output.split())

    assert 2 * SEND_WINDOW <= STALE_CLAIM
    assert STALE_CLAIM.total_seconds() < visibility_timeout <= 15 * 60  # within minutes
    assert time_limit < visibility_timeout
