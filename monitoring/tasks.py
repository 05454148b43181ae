"""Thin Celery tasks of monitoring: beat's feed run, and a page entered by hand."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError

from . import ingest, services
from .exports import last_month, note_request

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
    """Ask for last month's analytical note in kk, ru and en (000 §4.5): beat runs it every
    night, so the note is built on the first of the month; later runs find it built and
    queue nothing. Returns how many of the three are not built yet."""
    return sum(1 for document in note_request(month=last_month()) if not document.is_done)


@shared_task(name="monitoring.negative_spikes")
def negative_spikes() -> int:
    """Alert agencies whose negative publications jump (beat, hourly; issue 11 item 3)."""
    return len(services.negative_spikes_alert())
