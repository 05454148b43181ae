from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "requests_desk.accreditation"
    label = "accreditation"
    verbose_name = _("Accreditation")
