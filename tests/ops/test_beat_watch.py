"""Beat's heartbeat and its watch (issue 12 §5): `core.beat_heartbeat` runs every minute;
`manage.py check_beat`, run from outside beat, e-mails each superuser once per outage when
beat has not sent it for BEAT_STALE_MINUTES."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone, translation
from django_celery_beat.models import PeriodicTask

from portal.health import HEARTBEAT_TASK
from portal.notifications.models import Notification
from portal.schedule import PERIODIC_TASKS
from portal.tasks import beat_heartbeat
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stale_after_ten_minutes(settings):
    settings.BEAT_STALE_MINUTES = 10
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def admins():
    return [
        UserFactory(is_superuser=True, is_staff=True, preferred_language=language)
        for language in ("en", "kk")
    ]


def _beat_ran(minutes_ago: float) -> dt.datetime:
    at = timezone.now() - dt.timedelta(minutes=minutes_ago)
    PeriodicTask.objects.filter(task=HEARTBEAT_TASK).update(last_run_at=at)
    return at


def _check_beat(*args) -> str:
    out, err = StringIO(), StringIO()
    call_command("check_beat", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


def test_the_heartbeat_is_scheduled_every_minute_with_its_reason():
    [entry] = [p for p in PERIODIC_TASKS if p.task == HEARTBEAT_TASK]
    assert (entry.minute, entry.hour) == ("*", "*") and "issue 12" in entry.why
    assert beat_heartbeat.name == "core.beat_heartbeat"
    assert beat_heartbeat.apply().get()  # runs, changes nothing


def test_a_running_beat_tells_nobody(admins):
    _beat_ran(2)
    assert "beat ok" in _check_beat()
    assert not Notification.objects.exists() and not mail.outbox


def test_a_stopped_beat_emails_each_superuser_once_per_outage(admins):
    UserFactory(is_superuser=False, is_staff=True)  # staff, not an administrator
    UserFactory(is_superuser=True, is_active=False)  # a former administrator
    _beat_ran(11)
    assert "2 notified, 2 e-mailed" in _check_beat()
    assert sorted(mail.outbox[i].to[0] for i in range(2)) == sorted(a.email for a in admins)
    assert set(Notification.objects.values_list("recipient", flat=True)) == {a.pk for a in admins}
    with translation.override("en"):
        [english] = [m for m in mail.outbox if m.to == [admins[0].email]]
    assert "Celery beat" in english.subject and "/healthz" in english.body

    _check_beat()
    _check_beat()
    assert Notification.objects.count() == 2 and len(mail.outbox) == 2  # the same outage

    _beat_ran(1)  # beat is back …
    _check_beat()
    assert Notification.objects.count() == 2
    _beat_ran(11)  # … and stops again (a later last run): a new outage, a new message each
    _check_beat()
    assert Notification.objects.count() == 4 and len(mail.outbox) == 4


def test_a_beat_that_never_ran_is_an_outage_too(admins):
    assert "last run never; 2 notified" in _check_beat()
    _check_beat()
    assert Notification.objects.count() == 2


def test_fail_when_stale_exits_with_an_error_for_monitors(admins):
    _beat_ran(30)
    with pytest.raises(CommandError):
        _check_beat("--fail-when-stale")
    assert Notification.objects.count() == 2
    _beat_ran(0)
    assert "beat ok" in _check_beat("--fail-when-stale")
