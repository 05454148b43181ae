"""/healthz (issue 12 §5): database, broker, storage and beat's last run, as JSON; 200 when
all pass, 503 otherwise; nothing secret in the answer and nothing written to the database."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from portal.health import HEARTBEAT_TASK

pytestmark = pytest.mark.django_db


def _beat_ran(minutes_ago: float) -> None:
    PeriodicTask.objects.filter(task=HEARTBEAT_TASK).update(
        last_run_at=timezone.now() - dt.timedelta(minutes=minutes_ago)
    )


def test_the_heartbeat_entry_is_in_beats_tables_after_migrate():
    entry = PeriodicTask.objects.select_related("crontab").get(task=HEARTBEAT_TASK)
    assert entry.enabled and entry.crontab.minute == "*"


def test_all_checks_pass_when_beat_ran_a_minute_ago(client):
    _beat_ran(1)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    answer = response.json()
    assert answer["status"] == "ok"
    assert set(answer["checks"]) == {"database", "broker", "storage", "beat"}
    assert all(check["ok"] for check in answer["checks"].values()), answer
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []


def test_a_stale_heartbeat_is_a_503_naming_beat(client, settings):
    settings.BEAT_STALE_MINUTES = 10
    _beat_ran(11)
    response = client.get("/healthz")
    assert response.status_code == 503
    answer = response.json()
    assert answer["status"] == "fail"
    assert answer["checks"]["beat"]["ok"] is False
    assert answer["checks"]["beat"]["detail"].startswith("stale")
    assert answer["checks"]["database"]["ok"] is True


def test_beat_that_never_ran_or_whose_entry_is_off_fails(client):
    assert client.get("/healthz").json()["checks"]["beat"]["detail"] == "no heartbeat yet"
    _beat_ran(1)
    PeriodicTask.objects.filter(task=HEARTBEAT_TASK).update(enabled=False)
    assert client.get("/healthz").status_code == 503


def test_only_runs_the_named_checks(client):
    response = client.get("/healthz", {"only": "database,storage"})
    assert response.status_code == 200  # beat never ran, but it was not asked
    assert set(response.json()["checks"]) == {"database", "storage"}


@pytest.mark.parametrize("query", [{"only": "database,secrets"}, {"only": ""}, {"x": "1"}])
def test_an_unknown_check_or_parameter_is_a_400(client, query):
    response = client.get("/healthz", query, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_a_failing_storage_is_a_503_with_the_error_class_only(client, settings, tmp_path):
    _beat_ran(1)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the media folder should be")
    settings.MEDIA_ROOT = str(blocker)
    response = client.get("/healthz")
    assert response.status_code == 503
    storage = response.json()["checks"]["storage"]
    assert storage["ok"] is False
    assert storage["detail"] in {"FileExistsError", "NotADirectoryError", "OSError"}
    assert str(tmp_path) not in response.content.decode()


def test_a_broker_that_does_not_answer_fails_without_showing_its_url(client, settings):
    _beat_ran(1)
    settings.CELERY_BROKER_URL = "redis://:s3cret-password@127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == {"ok": False, "detail": "ConnectionError"}
    assert "s3cret" not in response.content.decode()


def test_the_storage_probe_leaves_no_file(client, tmp_path):
    answer = client.get("/healthz", {"only": "storage"}).json()
    assert answer["checks"]["storage"]["ok"] is True
    media = tmp_path / "media"
    assert media.is_dir()
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_only_get_and_head(client):
    assert client.head("/healthz", {"only": "database"}).status_code == 200
    assert client.post("/healthz").status_code == 405


def test_answered_over_plain_http_when_https_is_enforced(client, settings):
    """A load balancer asks gunicorn over http: no redirect to https for /healthz alone."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", {"only": "database"}).status_code == 200
    assert client.get("/en/").status_code == 301
