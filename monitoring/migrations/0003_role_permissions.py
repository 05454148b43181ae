"""Give the role groups (portal/directory/migrations/0002_roles.py) their monitoring
permissions in the admin.

Which rows each member reaches is decided by `monitoring.rules` and the scoped admin; the
groups say only which models each role works with. An agency keeps its own matching rules
and reads publications and its cases; the authorized body keeps the outlets, feeds and the
lexicon and reads everything (000 §4.2). Cases and publications are shown only: their steps
are taken on the portal's pages. Codenames are frozen here.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

READER = [
    "view_outlet", "view_publication", "view_publicationmatch", "view_story",
    "view_resonancecase", "view_response", "view_caseevent", "view_agencyrule",
]
AGENCY = [*READER, "add_agencyrule", "change_agencyrule"]
ROLE_PERMISSIONS = {
    "press_secretary": AGENCY,
    "agency_head": AGENCY,
    "regional_approver": READER,
    "authorized_staff": [
        *AGENCY,
        "delete_agencyrule", "add_outlet", "change_outlet",
        "view_feed", "add_feed", "change_feed", "view_fetchlog",
        "view_toneword", "add_toneword", "change_toneword",
        "delete_toneword", "view_toneoverride",
    ],
}
ALL = sorted({codename for codenames in ROLE_PERMISSIONS.values() for codename in codenames})


def grant(apps, schema_editor):
    config = apps.get_app_config("monitoring")
    config.models_module = True
    create_permissions(config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="monitoring", codename__in=codenames)
        )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="monitoring", codename__in=ALL)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_response_rule"),
        ("portal", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
