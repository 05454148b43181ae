"""Give the role groups (portal/directory/migrations/0002_roles.py) their media-plan
permissions in the admin.

Which plans each member reaches is decided by `mediaplans.rules`; the groups say only which
models each role works with. The press office makes its plans and changes their items; the
authorized body reviews and amends them (000 §2.2); the region's approver reads and comments
(000 §2.4). Revisions, reports, proposals and the consolidated plan are shown only: they are
frozen or sent through the services. No role deletes a plan. Codenames are frozen here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READER = [
    "view_mediaplan", "view_planitem", "view_planchange", "view_plancomment",
    "add_plancomment", "view_planrevision", "view_monthlyreport", "view_reportentry",
    "view_thematicproposal",
]
EDITOR = [
    *READER,
    "add_mediaplan", "change_mediaplan",
    "add_planitem", "change_planitem", "delete_planitem",
]
ROLE_PERMISSIONS = {
    "press_secretary": EDITOR,
    "agency_head": EDITOR,
    "authorized_staff": [*EDITOR, "view_consolidatedplan", "view_consolidateddispatch"],
    "regional_approver": READER,
}
ALL = sorted({codename for codenames in ROLE_PERMISSIONS.values() for codename in codenames})


def grant(apps, schema_editor):
    config = apps.get_app_config("mediaplans")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="mediaplans", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="mediaplans", codename__in=ALL)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("mediaplans", "0002_consolidated_rows"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
