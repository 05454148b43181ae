from django.db import migrations

from portal.deadlines.schedule import sync_periodic_tasks


def create_periodic_tasks(apps, schema_editor):
    sync_periodic_tasks(
        apps.get_model("django_celery_beat", "CrontabSchedule"),
        apps.get_model("django_celery_beat", "PeriodicTask"),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0002_default_rules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_periodic_tasks, migrations.RunPython.noop)]
