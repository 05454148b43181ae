from celery import shared_task

from .services import webhooks_deliver


@shared_task(name="webhooks.deliver")
def deliver():
    """Send the webhook attempts that are due (beat, every minute; and at once after a
    change). Safe to run twice, or in two workers at once: each attempt is claimed first."""
    return webhooks_deliver()
