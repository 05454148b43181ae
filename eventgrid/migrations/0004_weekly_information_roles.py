"""Give the role groups their permissions on the weekly information (004 §10).

Every role that works with events may view its agencies' weekly information in the admin
(the rows are decided by `eventgrid.rules`); nobody adds or changes it there: it is submitted
and reopened on its pages, through `eventgrid.services`. Codenames are frozen here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEWER = ["view_weeklyinformation", "view_weeklyinformationchange"]
ROLES = ["press_secretary", "agency_head", "authorized_staff", "regional_approver"]


def grant(apps, schema_editor):
    config = apps.get_app_config("eventgrid")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="eventgrid", codename__in=VIEWER
    )
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="eventgrid", codename__in=VIEWER
    )
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("eventgrid", "0003_weekly_information"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
