"""Thin Celery tasks of the shared core."""

import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="core.beat_heartbeat")
def beat_heartbeat() -> str:
    """Beat's sign of life, sent every minute (portal/schedule.py). Sending it is the
    heartbeat: beat itself records the moment in the entry's `last_run_at`, which /healthz
    and `check_beat` read (portal/health.py); running it changes nothing."""
    now = timezone.now().isoformat()
    logger.info("Beat heartbeat sent at or before %s", now)
    return now
