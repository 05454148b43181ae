"""Structured logs: every record made while a request is served carries its request id, and
every record made while a Celery task runs carries the task's id and name (issue 12 §5).

`RequestId` (portal.middleware) puts the id in a context variable for the request; the
`ContextFilter` of the LOGGING handlers copies it, and Celery's current task, onto each
record. In production (DEBUG off, or LOG_FORMAT=json) `JsonFormatter` writes one JSON object
a line, which a log collector reads without parsing text; under DEBUG, plain text with the
ids in brackets.
"""

import datetime as dt
import json
import logging
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("request_id", default="")

# The attributes every LogRecord has; the rest was added by `extra=` and is kept.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_OURS = {"request_id", "task_id", "task_name", "context"}


def _current_task():
    """Celery's task running in this thread, if any (None in a web process)."""
    from celery import current_task

    task = current_task._get_current_object()
    if task is None or task.request.id is None:
        return None
    return task


class ContextFilter(logging.Filter):
    """Adds `request_id`, `task_id` and `task_name` ("" when there is none) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get()
        task = _current_task()
        record.task_id = task.request.id if task else ""
        record.task_name = task.name if task else ""
        return True


class TextFormatter(logging.Formatter):
    """`2026-12-03 14:05:01,123 INFO portal.health [req=… task=…] message`."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)s %(name)s%(context)s %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        ids = [
            f"{label}={value}"
            for label, value in (
                ("request", getattr(record, "request_id", "")),
                ("task", getattr(record, "task_id", "")),
            )
            if value
        ]
        record.context = f" [{' '.join(ids)}]" if ids else ""
        return super().format(record)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, the ids, the
    traceback if any, and whatever `extra=` gave."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in ("request_id", "task_id", "task_name"):  # left out when empty
            if value := getattr(record, name, ""):
                entry[name] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _OURS:
                entry[key] = value
        return json.dumps(entry, ensure_ascii=False, default=str)
