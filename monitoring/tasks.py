"""Thin Celery tasks of monitoring: beat's feed run, and a page entered by hand."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError

from . import ingest, services
from .exports import last_month

logger = logging.getLogger(__name__)


@shared_task(name="monitoring.fetch_feeds")
def fetch_feeds() -> int:
    """Fetch the feeds that are due (beat, every minute; issue 11 item 1). Safe in two
    workers at once: each feed is claimed before it is fetched."""
    return ingest.feeds_fetch_due()


@shared_task(name="monitoring.page_ingest")
def page_ingest(*, url: str) -> int | None:
    """Fetch and store a publication entered by hand by its address (queued on commit by
    `services.manual_entry_request`)."""
    try:
        return ingest.page_ingest(url).pk
    except ValidationError as error:
        logger.info("Manual entry of %s failed: %s", url, error.messages)
        return None


@shared_task(name="monitoring.note_last_month")
def note_last_month() -> int:
    """Ask for last month's analytical notes (000 §4.5): beat runs it every night, so they
    are built on the first of the month; later runs find them asked for and queue nothing.
    Returns how many builds were queued."""
    return services.notes_request_month(month=last_month())


@shared_task(name="monitoring.note_build")
def note_build(*, build_id: int) -> str:
    """Build a note's figures, charts and PDFs (queued on commit by
    `services.note_request`). Safe to deliver twice: the build is claimed."""
    return services.note_build_run(build_id=build_id)


@shared_task(name="monitoring.negative_spikes")
def negative_spikes() -> int:
    """Alert agencies whose negative publications jump (beat, hourly; issue 11 item 3)."""
    return len(services.negative_spikes_alert())
