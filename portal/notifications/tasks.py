from celery import shared_task

from .services import notifications_deliver


@shared_task(name="notifications.deliver")
def deliver():
    """Send the emails that a failed or interrupted run left unsent (beat, every 5 minutes).

    Safe to run twice, or in two workers at once: each email is claimed before it is sent."""
    return notifications_deliver()
