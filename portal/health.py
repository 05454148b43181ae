"""Is the portal able to work: `/healthz` for compose and the load balancer, and the beat
watch of `manage.py check_beat` (issue 12 §5).

Each check answers `(ok, detail)`; the detail is a short fixed phrase or an exception's class
name, never a message (a database or Redis error names hosts and users; a URL may hold a
password). The full error goes to the log. No check writes to the database: /healthz is
asked every few seconds and must not grow anything.

The beat check reads django-celery-beat's own record of the heartbeat entry
(`PeriodicTask.last_run_at`, written by beat itself when it sends the task), so it tells
whether beat runs, not whether a worker does. The database scheduler saves that record every
few minutes (`DatabaseScheduler.sync_every`, 3 minutes), hence BEAT_STALE_MINUTES well above
the heartbeat's one minute.
"""

import datetime as dt
import logging
import os
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_celery_beat.models import PeriodicTask

from portal.notifications.models import Notification
from portal.notifications.services import notification_build, notifications_save

logger = logging.getLogger(__name__)

HEARTBEAT_TASK = "core.beat_heartbeat"
STORAGE_PROBE_DIR = "healthz"
BROKER_TIMEOUT = 2  # seconds: a health check that hangs is worse than one that fails


def _failed(name: str, exc: Exception) -> tuple[bool, str]:
    logger.warning("Health check %s failed", name, exc_info=exc)
    return False, type(exc).__name__


def check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure is an answer, not a 500
        return _failed("database", exc)
    return True, connection.vendor


def check_broker() -> tuple[bool, str]:
    """Redis answers PING; the demo's file-system broker has its folder, writable."""
    url = settings.CELERY_BROKER_URL
    if url.startswith(("redis://", "rediss://")):
        try:
            import redis

            with redis.Redis.from_url(
                url, socket_timeout=BROKER_TIMEOUT, socket_connect_timeout=BROKER_TIMEOUT
            ) as client:
                client.ping()
        except Exception as exc:
            return _failed("broker", exc)
        return True, "redis"
    if url.startswith("filesystem"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        if folder.is_dir() and os.access(folder, os.W_OK):
            return True, "filesystem"
        logger.warning("Health check broker: %s is missing or not writable", folder)
        return False, "folder missing or not writable"
    return False, "unknown broker"


def check_storage() -> tuple[bool, str]:
    """Write a tiny file to the default storage and delete it: the shared volume (or the S3
    bucket) is mounted and writable."""
    name = f"{STORAGE_PROBE_DIR}/{uuid.uuid4().hex}.txt"
    try:
        saved = default_storage.save(name, ContentFile(b"ok"))
        default_storage.delete(saved)
    except Exception as exc:
        return _failed("storage", exc)
    return True, "writable"


def beat_last_run() -> dt.datetime | None:
    """When beat last sent the heartbeat (None: never, or the entry is gone or off)."""
    return (
        PeriodicTask.objects.filter(task=HEARTBEAT_TASK, enabled=True)
        .order_by("-last_run_at")
        .values_list("last_run_at", flat=True)
        .first()
    )


def beat_is_stale(last_run: dt.datetime | None, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return last_run is None or now - last_run > dt.timedelta(minutes=settings.BEAT_STALE_MINUTES)


def check_beat() -> tuple[bool, str]:
    try:
        last_run = beat_last_run()
    except Exception as exc:
        return _failed("beat", exc)
    if last_run is None:
        return False, "no heartbeat yet"
    if beat_is_stale(last_run):
        return False, f"stale: last run {last_run.isoformat()}"
    return True, f"last run {last_run.isoformat()}"


CHECKS: dict[str, Callable[[], tuple[bool, str]]] = {
    "database": check_database,
    "broker": check_broker,
    "storage": check_storage,
    "beat": check_beat,
}


def health(names=None) -> dict:
    """Run the checks (all, or `names`); the answer of /healthz."""
    checks = {}
    for name in names or CHECKS:
        ok, detail = CHECKS[name]()
        checks[name] = {"ok": ok, "detail": detail}
    status = "ok" if all(check["ok"] for check in checks.values()) else "fail"
    return {"status": status, "checks": checks}


@never_cache
@require_safe
def healthz(request):
    """200 when every check passes, 503 otherwise. `?only=database,storage` runs those
    checks alone (the web container's own health, which must not fail because beat does)."""
    names = None
    if "only" in request.GET:
        names = [name.strip() for name in request.GET["only"].split(",") if name.strip()]
        unknown = sorted(set(names) - CHECKS.keys())
        if unknown or not names or set(request.GET) - {"only"}:
            detail = _("Unknown check: %(names)s. Known: %(known)s.") % {
                "names": ", ".join(unknown) or "-",
                "known": ", ".join(CHECKS),
            }
            return JsonResponse({"detail": detail}, status=400)
    elif request.GET:
        return JsonResponse({"detail": _("Unknown parameter.")}, status=400)
    answer = health(names)
    return JsonResponse(answer, status=200 if answer["status"] == "ok" else 503)


# --- Beat watch (manage.py check_beat) ------------------------------------------------------


def beat_outage_notify(*, now: dt.datetime | None = None) -> int:
    """Tell every active superuser that beat has stopped, once per outage: the event key
    names the last run seen (the outage's start), so running this every few minutes adds
    nothing until beat has run again and stopped again. Returns how many were told."""
    last_run = beat_last_run()
    if not beat_is_stale(last_run, now=now):
        return 0
    since = last_run.isoformat() if last_run else "never"
    event_key = f"beat-stale:{since}"
    admins = list(get_user_model().objects.filter(is_superuser=True, is_active=True).order_by("pk"))
    known = set(
        Notification.objects.filter(key__in=[f"{event_key}:{u.pk}" for u in admins]).values_list(
            "recipient_id", flat=True
        )
    )
    context = {
        "last_run": timezone.localtime(last_run) if last_run else None,
        "minutes": settings.BEAT_STALE_MINUTES,
        "healthz_link": settings.PORTAL_BASE_URL + "/healthz",
    }
    new = [
        notification_build(
            recipient=admin, event_key=event_key, template="beat_stale", context=context
        )
        for admin in admins
        if admin.pk not in known
    ]
    notifications_save(new)
    return len(new)
