"""Thin Celery tasks: one service call each. Their schedule is declared in `schedule.py`."""

from celery import shared_task

from ..notifications.services import notifications_deliver
from . import services


@shared_task(name="deadlines.open_recurring")
def open_recurring():
    return services.deadlines_open_recurring()


@shared_task(name="deadlines.send_reminders")
def send_reminders():
    reminded = services.deadlines_send_reminders()
    notifications_deliver()
    return reminded


@shared_task(name="deadlines.escalate_overdue")
def escalate_overdue():
    overdue = services.deadlines_mark_overdue()
    escalated = services.deadlines_escalate()
    notifications_deliver()
    return {"overdue": overdue, "escalated": escalated}


@shared_task(name="deadlines.recompute_for_correction")
def recompute_for_correction(*, dates: list[str], names: dict[str, str]):
    return services.deadlines_recompute_for_correction(dates=dates, names=names)
