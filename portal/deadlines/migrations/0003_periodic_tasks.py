from django.db import migrations


class Migration(migrations.Migration):
    """Once wrote the beat entries by importing live code; `portal/schedule.py` now syncs
    them after every `migrate` (post_migrate), so this step is empty and kept for history."""

    dependencies = [
        ("deadlines", "0002_default_rules"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = []
