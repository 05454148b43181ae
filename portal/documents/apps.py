from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Published versions of public data, and the generated files (PDFs) stored per version.

    A shared service: the directory keys its public caches and its PDF by the version of the
    publication "directory"; the event grid and the media plans will do the same for theirs.
    Every app declares the documents it generates in its `exports.py` (`registry.register`),
    found here at start-up in the web processes and the Celery workers alike.
    """

    name = "portal.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        autodiscover_modules("exports")
