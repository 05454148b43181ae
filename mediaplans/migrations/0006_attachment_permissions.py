"""Let every role that reads plans see their attachments in the admin (shown only there:
they are attached and removed on the plan's page through the services). Codenames frozen."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ("press_secretary", "agency_head", "authorized_staff", "regional_approver")
CODENAMES = ["view_planattachment"]


def grant(apps, schema_editor):
    config = apps.get_app_config("mediaplans")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="mediaplans", codename__in=CODENAMES
    )
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="mediaplans", codename__in=CODENAMES
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("mediaplans", "0005_plan_attachments"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
