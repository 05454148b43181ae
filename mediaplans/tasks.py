"""Thin Celery tasks of the media-plans: ids in, one service call."""

from celery import shared_task

from . import services


@shared_task(name="mediaplans.consolidated_freeze")
def consolidated_freeze(*, request_id: int) -> str:
    """Freeze the edition a request asked for (000 §2.3), queued on commit by
    `services.consolidated_freeze_request`. Safe to deliver twice: one edition per request."""
    return services.consolidated_freeze_run(request_id=request_id)


@shared_task(name="mediaplans.files_cleanup")
def files_cleanup() -> dict:
    """Nightly (portal.schedule): delete the media-plans' files nobody asks for again."""
    return services.files_cleanup()
