from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaplansConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mediaplans"
    verbose_name = _("Media-plans")
