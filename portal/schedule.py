"""Every periodic task of every app, declared once, each with the seed point it enforces.

After every `migrate`, `portal.apps.CoreConfig` writes them into django-celery-beat's tables
(`post_migrate`), where the admin can change times without a deploy. No migration imports
this module: a migration must keep working when the live code changes.
"""

from dataclasses import dataclass

TIME_ZONE = "Asia/Almaty"


@dataclass(frozen=True)
class Periodic:
    name: str
    task: str
    minute: str
    hour: str = "*"
    why: str = ""


PERIODIC_TASKS = [
    # Opens each week's information due on Thursday (004 §10) and the media-grid after it
    # (004 §11), each month's report due on the 25th (004 §8), the plan due on 1 December
    # (000 §2.2), the thematic proposals and approvals (004 §5–6), the quarterly update.
    Periodic(
        "Open recurring deadlines",
        "deadlines.open_recurring",
        minute="5",
        hour="0,12",
        why="000 §2.2; 004 §5, §6, §8, §10, §11",
    ),
    # Reminders before every deadline of SPEC §8 (default 3 days, 1 day and on the day).
    Periodic(
        "Send deadline reminders",
        "deadlines.send_reminders",
        minute="0",
        hour="8-18",
        why="SPEC §8",
    ),
    # Marks missed deadlines overdue and tells the agency head and the authorized body.
    Periodic(
        "Escalate overdue deadlines",
        "deadlines.escalate_overdue",
        minute="*/15",
        why="SPEC §8; 000 §1, §2.5",
    ),
    # Sends emails a crashed or failed run left behind.
    Periodic(
        "Deliver pending emails",
        "notifications.deliver",
        minute="*/5",
        why="SPEC §8 (every reminder and escalation by e-mail)",
    ),
    # Posts the webhook attempts that are due: retries after their back-off, and what an
    # immediate delivery after a change left (issue 8 §6).
    Periodic(
        "Deliver webhooks",
        "webhooks.deliver",
        minute="*",
        why="SPEC §4 (REST clients told of published and corrected grids), issue 8 §6",
    ),
    # Beat's sign of life: /healthz and `manage.py check_beat` (run from the worker's side)
    # tell the administrators when it stops, since beat cannot warn of its own death.
    Periodic(
        "Beat heartbeat",
        "core.beat_heartbeat",
        minute="*",
        why="issue 12 §5 (every reminder of SPEC §8 depends on beat running)",
    ),
    # Accreditation (003 §8.3): after midnight, temporary accreditations past their last day
    # expire; in the morning, journalists whose accreditation ends in 7 days are told, once.
    Periodic(
        "Expire accreditations",
        "accreditation.expire",
        minute="10",
        hour="0",
        why="003 §8.3 (temporary accreditation ends with its period)",
    ),
    Periodic(
        "Remind of expiring accreditations",
        "accreditation.remind_expiring",
        minute="0",
        hour="9",
        why="003 §8.3 (a reminder 7 days before a temporary accreditation ends)",
    ),
    # Fetches the monitored outlets' feeds that are due, each on its own interval, with
    # back-off after failures; two workers never fetch one feed twice (issue 11 item 1).
    Periodic(
        "Fetch monitored feeds",
        "monitoring.fetch_feeds",
        minute="*",
        why="000 §4.1–4.2 (monitoring the media space to find critical publications quickly)",
    ),
    # Alerts an agency and the ministry when its negative publications of the last day jump
    # against its usual level (once per agency and day).
    Periodic(
        "Alert negative spikes",
        "monitoring.negative_spikes",
        minute="10",
        why="000 §4.2 (reacting quickly to the sharpest problems)",
    ),
    # The monthly analytical notes (000 §4.5) of last month — of every agency and of each
    # agency with publications or cases — in kk, ru and en: asked for every night, so they
    # are built on the first of the month; later nights find them asked for.
    Periodic(
        "Build last month's analytical note",
        "monitoring.note_last_month",
        minute="30",
        hour="1",
        why="000 §4.5 (the monthly analytical note from the month's monitoring)",
    ),
    # Media-plans: files nobody will ask for again (superseded editions' and summaries' PDFs
    # and XLSX, import uploads never confirmed), older than MEDIAPLANS_CLEANUP_DAYS.
    Periodic(
        "Delete old media-plan files",
        "mediaplans.files_cleanup",
        minute="40",
        hour="3",
        why="000 §2.3 (only the edition in force is sent on); issue 9 item 2 (imports)",
    ),
]


def sync_periodic_tasks(**kwargs) -> None:
    """Create the missing beat entries; a `post_migrate` receiver, so safe to run again.

    An entry that exists keeps the times and the on/off switch an administrator gave it;
    only its task and description follow this file.
    """
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    for periodic in PERIODIC_TASKS:
        task = PeriodicTask.objects.filter(name=periodic.name).first()
        if task is None:
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=periodic.minute,
                hour=periodic.hour,
                day_of_week="*",
                day_of_month="*",
                month_of_year="*",
                timezone=TIME_ZONE,
            )
            task = PeriodicTask(name=periodic.name, crontab=crontab)
        task.task, task.description = periodic.task, periodic.why
        task.save()
