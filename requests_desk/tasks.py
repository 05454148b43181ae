"""Thin Celery tasks of the requests desk: ids in, one service call."""

from celery import shared_task

from . import services


@shared_task(name="requests_desk.receipt_send")
def receipt_send(*, case_id: int, token: str) -> bool:
    """E-mail the notice of receipt with the secret tracking link, queued on commit by the
    registration. The token travels only in this message: no row of the portal keeps it."""
    return services.receipt_send(case_id=case_id, token=token)
