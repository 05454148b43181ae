"""Thin Celery tasks of accreditation, run by beat (portal/schedule.py)."""

from celery import shared_task

from . import services


@shared_task(name="accreditation.remind_expiring")
def remind_expiring() -> int:
    """Remind journalists a week before their accreditation ends (003 §8.3); once each."""
    return services.accreditations_remind()


@shared_task(name="accreditation.expire")
def expire() -> int:
    """Expire the accreditations whose last day has passed (003 §8.3)."""
    return services.accreditations_expire()
