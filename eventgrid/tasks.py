"""Thin Celery tasks of the event grid: ids in, one service call."""

import logging

from celery import shared_task

from portal.notifications.services import notifications_deliver

from . import announcements, services
from .models import MediaGridVersion

logger = logging.getLogger(__name__)


@shared_task(name="eventgrid.media_grid_mail")
def media_grid_mail(*, version_id: int):
    """E-mail a published media-grid version to its subscribers (queued on commit by the
    publication), then send them. Safe to run again: each e-mail is made once."""
    version = MediaGridVersion.objects.select_related("grid").filter(pk=version_id).first()
    if version is None:
        logger.info("Media-grid version %s is gone; nothing to e-mail", version_id)
        return 0
    made = announcements.media_grid_mail_subscribers(version=version)
    notifications_deliver()
    return made


@shared_task(name="eventgrid.series_import_apply")
def series_import_apply(*, job_id: int) -> str:
    """Apply a confirmed import of an event series (000 §3.3), queued on commit by its
    confirmation. Safe to deliver twice: the job is claimed and marked done in the import's
    own transaction."""
    return services.series_import_apply(job_id=job_id)
