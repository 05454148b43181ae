from celery import shared_task

from .services import notifications_deliver


@shared_task(name="notifications.deliver")
def deliver():
    """Retry emails that a failed or interrupted run left unsent."""
    return notifications_deliver()
