from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsDeskConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "requests_desk"
    verbose_name = _("Requests desk")

    def ready(self):
        from portal.deadlines.signals import deadlines_recomputed

        from . import services

        deadlines_recomputed.connect(
            services.requests_follow_recomputed_deadlines, dispatch_uid="requests_desk.recomputed"
        )
