"""Create one group per role of SPEC §1 with the admin permissions the role needs.

Which rows a member sees is decided by `portal.rules` from their memberships; the groups
only say which kinds of objects each role works with in the admin.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AGENCY_MEMBER = [
    "view_agency", "change_agency",
    "view_agencysocialaccount", "add_agencysocialaccount",
    "change_agencysocialaccount", "delete_agencysocialaccount",
    "view_spokesperson", "add_spokesperson", "change_spokesperson",
]
AUTHORIZED_STAFF = [
    *AGENCY_MEMBER,
    "add_agency", "view_agencysuccession", "add_agencysuccession",
    "change_agencysuccession", "delete_agencysuccession",
    "view_membership", "add_membership", "change_membership", "delete_membership",
    "view_calendarcorrection", "add_calendarcorrection",
    "change_calendarcorrection", "delete_calendarcorrection",
    "view_user", "add_user", "change_user",
]
ROLE_PERMISSIONS = {
    "press_secretary": AGENCY_MEMBER,
    "agency_head": AGENCY_MEMBER,
    "authorized_staff": AUTHORIZED_STAFF,
    "regional_approver": ["view_agency", "view_spokesperson"],
    "journalist": [],
}


def create_role_groups(apps, schema_editor):
    portal_config = apps.get_app_config("portal")
    portal_config.models_module = True
    create_permissions(portal_config, verbosity=0, apps=apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="portal", codename__in=codenames)
        )


def delete_role_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_role_groups, delete_role_groups)]
