"""Structured logs (issue 12 §5): every request has an id, from a valid X-Request-ID or a new
uuid4, sent back in the answer's header and carried by every log record made while it is
served; Celery tasks' records carry the task id; production writes JSON lines."""

import json
import logging
import sys
import uuid

import pytest
from celery import shared_task
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path

from portal.logging import ContextFilter, JsonFormatter, TextFormatter, request_id
from portal.tasks import beat_heartbeat
from tests import workers

logger = logging.getLogger("tests.ops")


def _logs_something(request):
    logger.info("serving %s", request.path)
    return HttpResponse("ok")


urlpatterns = [path("logs-something", _logs_something)]


@pytest.fixture
def capture(caplog):
    """caplog's handler with the portal's filter, as the console handler of LOGGING has."""
    caplog.handler.addFilter(ContextFilter())
    caplog.set_level(logging.INFO, logger="tests.ops")
    yield caplog
    caplog.handler.filters.clear()


@override_settings(ROOT_URLCONF=__name__)
def test_a_valid_request_id_is_kept_in_the_header_and_every_record(client, capture):
    response = client.get("/logs-something", HTTP_X_REQUEST_ID="abc-123-DEF")
    assert response["X-Request-ID"] == "abc-123-DEF"
    [record] = [r for r in capture.records if r.name == "tests.ops"]
    assert record.request_id == "abc-123-DEF"
    assert request_id.get() == ""  # nothing leaks to what runs after the request


@pytest.mark.parametrize(
    "given", ["", "x" * 65, "has space", "bad\nline", 'quote"s', "ключ", "a_b"]
)
@override_settings(ROOT_URLCONF=__name__)
def test_an_invalid_or_missing_request_id_is_replaced_by_a_uuid4(client, capture, given):
    headers = {"HTTP_X_REQUEST_ID": given} if given else {}
    response = client.get("/logs-something", **headers)
    made = response["X-Request-ID"]
    assert made != given
    assert uuid.UUID(made).version == 4
    [record] = [r for r in capture.records if r.name == "tests.ops"]
    assert record.request_id == made


@pytest.mark.django_db
def test_every_answer_carries_an_id_a_redirect_and_a_404_too(client):
    assert client.get("/").has_header("X-Request-ID")  # the redirect to /kk/
    assert client.get("/no-such-page/").has_header("X-Request-ID")
    assert client.get("/healthz", {"only": "database"}).has_header("X-Request-ID")


def test_two_requests_have_two_ids(client, db):
    first = client.get("/healthz", {"only": "database"})["X-Request-ID"]
    second = client.get("/healthz", {"only": "database"})["X-Request-ID"]
    assert first != second


@shared_task(name="tests.ops.logs_in_a_task")
def _logs_in_a_task():
    logger.info("inside the task")
    return "done"


def test_a_tasks_records_carry_its_id_and_name(capture):
    result = _logs_in_a_task.apply(task_id="task-id-42")
    assert result.get() == "done"
    [record] = [r for r in capture.records if r.name == "tests.ops"]
    assert (record.task_id, record.task_name) == ("task-id-42", "tests.ops.logs_in_a_task")
    assert record.request_id == ""
    logger.info("outside")
    assert capture.records[-1].task_id == ""


def _formatted(formatter, *, exc=False, **extra) -> str:
    record = logging.LogRecord(
        "portal.x", logging.ERROR, __file__, 1, "Hello %s", ("Ақтөбе",), None
    )
    if exc:
        try:
            raise ValueError("boom")
        except ValueError:
            record.exc_info = sys.exc_info()
    token = request_id.set("req-1")
    try:
        ContextFilter().filter(record)
    finally:
        request_id.reset(token)
    for key, value in extra.items():
        setattr(record, key, value)
    return formatter.format(record)


def test_production_writes_one_json_object_a_line():
    line = _formatted(JsonFormatter(), exc=True, agency="mod")
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "portal.x"
    assert entry["message"] == "Hello Ақтөбе"
    assert entry["request_id"] == "req-1"
    assert entry["agency"] == "mod"
    assert "ValueError: boom" in entry["exception"]
    assert entry["time"].endswith("+00:00")
    assert "task_id" not in entry


def test_development_text_shows_the_id_in_brackets():
    assert "[request=req-1] Hello Ақтөбе" in _formatted(TextFormatter())


def test_the_console_handler_of_logging_has_the_filter_and_the_format(settings):
    handler = settings.LOGGING["handlers"]["console"]
    assert handler["filters"] == ["context"]
    assert handler["formatter"] == settings.LOG_FORMAT
    assert settings.LOGGING["formatters"]["json"]["()"] == "portal.logging.JsonFormatter"


@pytest.fixture
def queue():
    with workers.broker_queue() as name:
        yield name


@pytest.fixture
def _leave_database_as_migrated(django_db_blocker):
    """Asked for before `transactional_db`, so it is torn down after its flush."""
    yield
    workers.restore_migrated_data(django_db_blocker)


def test_a_real_workers_log_lines_carry_the_task_id(
    _leave_database_as_migrated, queue, tmp_path, transactional_db, django_db_serialized_rollback
):
    """The worker logs through LOGGING (CELERY_WORKER_HIJACK_ROOT_LOGGER off), so a task's
    own lines carry its id, as the web's carry the request id."""
    workers.check_broker()
    with workers.celery_worker(queue, tmp_path, LOG_FORMAT="json") as worker:
        worker.wait_ready()
        task_id = workers.send_task(beat_heartbeat, queue, tmp_path)
        workers.wait_until(
            lambda: "Beat heartbeat sent" in worker.text(), 30, "the heartbeat", [worker]
        )
    lines = [json.loads(line) for line in worker.text().splitlines() if line.startswith("{")]
    [heartbeat] = [line for line in lines if line["message"].startswith("Beat heartbeat sent")]
    assert heartbeat["task_id"] == task_id
    assert heartbeat["task_name"] == "core.beat_heartbeat"
    assert heartbeat["logger"] == "portal.tasks"
