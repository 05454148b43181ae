from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventgridConfig(AppConfig):
    """Agencies' events: the foundation of the event series, the weekly information and the
    weekly media-grid (SPEC §4)."""

    name = "eventgrid"
    verbose_name = _("Event grid")
