"""Every periodic task of the portal, declared once. A migration writes them into
django-celery-beat's tables, where the admin can change times without a deploy."""

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
    Periodic("Deliver pending emails", "notifications.deliver", minute="*/5"),
]


def sync_periodic_tasks(crontab_model, task_model) -> None:
    """Create or update the beat entries; `apps.get_model` classes in a migration."""
    for periodic in PERIODIC_TASKS:
        crontab, _ = crontab_model.objects.get_or_create(
            minute=periodic.minute,
            hour=periodic.hour,
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=TIME_ZONE,
        )
        task_model.objects.update_or_create(
            name=periodic.name,
            defaults={
                "task": periodic.task,
                "crontab": crontab,
                "interval": None,
                "enabled": True,
                "description": periodic.why,
            },
        )
