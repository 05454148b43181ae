"""A request as the public form leaves it, and the people of the agency who work on it."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from portal.directory.choices import Role
from requests_desk import services

from ..factories import AgencyFactory, MembershipFactory, UserFactory


def at(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def receive(agency, *, channel="feedback", language="kk", when=None, **fields):
    data = {
        "agency": agency,
        "channel": channel,
        "requester_name": "Айгүл Сәрсенова",
        "requester_email": "aigul@example.kz",
        "text": "Мектеп салу жоспары туралы ақпарат беріңізші.",
        "language": language,
        "at": when or timezone.now(),
        **fields,
    }
    return services.request_receive(**data)


@pytest.fixture(autouse=True)
def _receipts_sent_at_once(monkeypatch):
    """The notice of receipt is queued on commit (never run inside a test's transaction);
    here it is sent at once, into `mail.outbox`. test_receipt.py tests the queueing."""
    monkeypatch.setattr(
        services,
        "_receipt_queue",
        lambda case, token: services.receipt_send(case_id=case.pk, token=token),
    )


def receipt(case):
    """The e-mail sent to the requester of `case` last."""
    return [m for m in mail.outbox if case.number in m.subject or case.number in m.body][-1]


@pytest.fixture
def head(agency):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.AGENCY_HEAD, agency=agency)
    return user


@pytest.fixture
def competent_agency(db):
    return AgencyFactory()
