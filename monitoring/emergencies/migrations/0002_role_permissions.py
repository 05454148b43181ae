"""Give the role groups (portal/directory/migrations/0002_roles.py) their emergency
permissions in the admin: every role of an agency and the authorized body read incidents,
statements and their history there. Which statements each member reaches is decided by
`emergencies.rules` (drafts stay inside their agency); every write is on the portal's pages
through the services (000 §5). Codenames are frozen here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READER = ["view_incident", "view_officialstatement", "view_incidentchange"]
ROLE_PERMISSIONS = {
    "press_secretary": READER,
    "agency_head": READER,
    "authorized_staff": READER,
    "regional_approver": READER,
}


def grant(apps, schema_editor):
    config = apps.get_app_config("emergencies")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="emergencies", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="emergencies", codename__in=READER)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("emergencies", "0001_initial"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
