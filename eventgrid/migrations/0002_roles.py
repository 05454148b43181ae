"""Give the role groups (portal/directory/migrations/0002_roles.py) their event permissions.

The rows each member reaches are decided by `eventgrid.rules`; the groups say only which
models each role works with in the admin. No role deletes an event: a public one is
cancelled, with a reason that journalists see. Codenames are frozen here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = [
    "view_event", "add_event", "change_event",
    "view_eventspeaker", "add_eventspeaker", "change_eventspeaker", "delete_eventspeaker",
    "view_eventchange",
]
ROLE_PERMISSIONS = {
    "press_secretary": EDITOR,
    "agency_head": EDITOR,
    "authorized_staff": EDITOR,
    "regional_approver": ["view_event", "view_eventspeaker", "view_eventchange"],
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
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="eventgrid"))


class Migration(migrations.Migration):
    dependencies = [
        ("eventgrid", "0001_initial"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
