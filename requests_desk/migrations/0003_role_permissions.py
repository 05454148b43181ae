"""Give the role groups (portal/directory/migrations/0002_roles.py) their requests-desk
permissions in the admin.

Which rows each member reaches is decided by `requests_desk.rules`; the groups say only
which models each role works with. The press office and the authorized body read requests
and take their steps (through the services); reference requests are read only (asked and
answered on the portal's pages, 004 §12–13); answer templates are kept by the press
office and, the global ones, by the authorized body. Codenames are frozen here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READER = [
    "view_informationrequest",
    "view_requestevent",
    "view_referencerequest",
    "view_referenceanswer",
    "view_answertemplate",
]
WORKER = [
    *READER,
    "change_informationrequest",
    "add_answertemplate",
    "change_answertemplate",
]
ROLE_PERMISSIONS = {
    "press_secretary": WORKER,
    "agency_head": WORKER,
    "authorized_staff": WORKER,
    "regional_approver": READER,
}
ALL = sorted({codename for codenames in ROLE_PERMISSIONS.values() for codename in codenames})


def grant(apps, schema_editor):
    config = apps.get_app_config("requests_desk")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="requests_desk", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="requests_desk", codename__in=ALL)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("requests_desk", "0002_reference_requests"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
