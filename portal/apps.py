from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The shared pieces: calendar, PDF, API base, static files, template tags, schedule.

    Its label is `core` because the directory keeps the historical label `portal`
    (`portal.Agency`, `portal.User`, its tables and migrations).
    """

    name = "portal"
    label = "core"
    verbose_name = _("Press Office Portal")

    def ready(self):
        from .schedule import sync_periodic_tasks
        from .sqlite import install_unicode_like

        connection_created.connect(install_unicode_like, dispatch_uid="portal_unicode_like")
        post_migrate.connect(sync_periodic_tasks, dispatch_uid="portal_sync_periodic_tasks")
