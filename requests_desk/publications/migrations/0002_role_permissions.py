"""Give the role groups (portal/directory/migrations/0002_roles.py) the view permission on
publication requests in the admin: which rows each member reaches is `AgencyScopedAdmin`'s;
every change goes through the pages' services, so no role adds, changes or deletes here.
Codenames are frozen here."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_publicationrequest", "view_publicationevent", "view_publicationfile"]
ROLES = ["press_secretary", "agency_head", "regional_approver", "authorized_staff"]


def grant(apps, schema_editor):
    config = apps.get_app_config("publications")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="publications", codename__in=CODENAMES
    )
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="publications", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0001_initial"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
