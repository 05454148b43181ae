"""Thin Celery tasks: one service call each."""

from celery import shared_task

from . import services


@shared_task(name="documents.build")
def build(*, document_id: int) -> str:
    return services.document_build(document_id=document_id)
