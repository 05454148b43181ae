from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PublicationKind(models.TextChoices):
    """What the unit hands over decides its lead time (002 §11)."""

    REGULAR = "regular", _("Regular material")
    GRAPHIC = "graphic", _("Material needing graphic work")
    PROCUREMENT = "procurement", _("Procurement notice")


class PublicationStage(models.TextChoices):
    """Where the material is on its way to the website (002 §11–14)."""

    HANDED_OVER = "handed_over", pgettext_lazy("publication stage", "Handed over")
    EDITED = "edited", pgettext_lazy("publication stage", "Edited")
    IN_TRANSLATION = "in_translation", pgettext_lazy("publication stage", "In translation")
    TRANSLATED = "translated", pgettext_lazy("publication stage", "Translated")
    POSTED = "posted", pgettext_lazy("publication stage", "Posted")


class PublicationAction(models.TextChoices):
    HANDED_OVER = "handed_over", _("Handed over to the press secretary")
    EDITED = "edited", _("Edited by the press secretary")
    SENT_FOR_TRANSLATION = "translation", _("Sent for translation into Kazakh and English")
    TRANSLATED = "translated", _("Translated")
    POSTED = "posted", _("Posted on the website")
