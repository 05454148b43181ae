"""Give the role groups (portal/directory/migrations/0002_roles.py) the right to read
accreditations in the admin; they are decided on their own pages (003 §8.3), so no role
adds or changes them there. Which rows each member reaches is decided by `rules`.
Codenames are frozen here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READER = ["view_accreditation", "view_accreditationdocument", "view_accreditationchange"]
ROLE_PERMISSIONS = {
    "press_secretary": READER,
    "agency_head": READER,
    "authorized_staff": READER,
    "regional_approver": READER,
}


def grant(apps, schema_editor):
    config = apps.get_app_config("accreditation")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="accreditation", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="accreditation", codename__in=READER)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0001_initial"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
