"""Give the role groups their permissions on repeat rules, attachments, co-organisers' input
and event series (000 §3.1–3.5; 004 §10).

Every role that works with events views them in the admin (the rows are decided by
`eventgrid.rules`); press secretaries also add and change attachments there. Repeat rules,
input and series are written on their pages, through `eventgrid.services`. Codenames are
frozen here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEWER = [
    "view_eventrecurrence", "view_eventattachment", "view_eventcontribution",
    "view_eventseries", "view_eventserieschange",
]
EDITOR = ["add_eventattachment", "change_eventattachment", "delete_eventattachment"]
ROLE_PERMISSIONS = {
    "press_secretary": VIEWER + EDITOR,
    "agency_head": VIEWER,
    "authorized_staff": VIEWER,
    "regional_approver": VIEWER,
}


def grant(apps, schema_editor):
    config = apps.get_app_config("eventgrid")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="eventgrid", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="eventgrid", codename__in=VIEWER + EDITOR
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("eventgrid", "0007_recurrence_attachments_contributions_series"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
