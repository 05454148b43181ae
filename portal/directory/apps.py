from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    """Agencies, spokespersons, users and memberships, and the calendar corrections.

    The label stays `portal`, as before the code moved here: tables, migrations, content
    types and `portal.Agency` references keep working unchanged.
    """

    name = "portal.directory"
    label = "portal"
    verbose_name = _("Directory")
