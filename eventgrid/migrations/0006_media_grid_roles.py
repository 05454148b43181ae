"""Give the authorized body's staff their permissions on the weekly media-grid (004 §11).

Only the authorized body forms the media-grid: its staff view, add (compose) and change (the
composition) grids in the admin and view their versions and history; versions are never
changed or deleted. No other role sees the model in the admin (the rows are decided by
`eventgrid.rules` too). Codenames are frozen here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = [
    "view_mediagrid", "add_mediagrid", "change_mediagrid",
    "view_mediagridentry", "view_mediagridversion", "view_mediagridchange",
]
ROLE = "authorized_staff"


def grant(apps, schema_editor):
    config = apps.get_app_config("eventgrid")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ROLE)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="eventgrid", codename__in=STAFF)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name=ROLE):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="eventgrid", codename__in=STAFF)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("eventgrid", "0005_media_grid"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
