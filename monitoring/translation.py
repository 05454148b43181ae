from modeltranslation.translator import TranslationOptions, register

from .models import Outlet


@register(Outlet)
class OutletTranslation(TranslationOptions):
    """An outlet's name in Kazakh, Russian and English (000 §6.4)."""

    fields = ("name",)
