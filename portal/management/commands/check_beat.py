"""`manage.py check_beat`: tell the administrators when Celery beat has stopped.

Run from outside beat (cron, or the worker container's health check in docker-compose.yml),
since a stopped beat cannot warn of itself. Each superuser gets one notification per outage,
e-mailed at once: beat's own `notifications.deliver` does not run while beat is down.
"""

from django.core.management.base import BaseCommand, CommandError

from portal.health import beat_is_stale, beat_last_run, beat_outage_notify
from portal.notifications.services import notifications_deliver


class Command(BaseCommand):
    help = "Notify the superusers (once per outage) when Celery beat's heartbeat is stale."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fail-when-stale",
            action="store_true",
            help="Exit with status 1 when beat is stale (after notifying), for monitors.",
        )

    def handle(self, *args, fail_when_stale=False, **options):
        last_run = beat_last_run()
        if not beat_is_stale(last_run):
            self.stdout.write(f"beat ok: last run {last_run.isoformat()}")
            return
        told = beat_outage_notify()
        sent = notifications_deliver() if told else 0
        since = last_run.isoformat() if last_run else "never"
        self.stderr.write(f"beat stale: last run {since}; {told} notified, {sent} e-mailed")
        if fail_when_stale:
            raise CommandError("beat is stale", returncode=1)
