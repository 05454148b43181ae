from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "requests_desk.publications"
    label = "publications"
    verbose_name = _("Publication requests")
