from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergenciesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring.emergencies"
    label = "emergencies"
    verbose_name = _("Emergencies")
