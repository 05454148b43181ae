from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsDeskConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "requests_desk"
    verbose_name = _("Requests desk")
