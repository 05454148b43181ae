"""Admin permissions of the roles for deadlines and notifications (see portal 0002)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "press_secretary": [("deadlines", "view_deadline")],
    "agency_head": [("deadlines", "view_deadline")],
    "authorized_staff": [
        ("deadlines", "view_deadline"), ("deadlines", "change_deadline"),
        ("deadlines", "view_deadlinerule"), ("deadlines", "change_deadlinerule"),
        ("deadlines", "add_deadlinerule"),
        ("notifications", "view_notification"),
        ("django_celery_beat", "view_periodictask"), ("django_celery_beat", "change_periodictask"),
    ],
}


def grant(apps, schema_editor):
    for label in ("deadlines", "notifications", "django_celery_beat"):
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, permissions in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role)
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0003_periodic_tasks"),
        ("notifications", "0001_initial"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
