from modeltranslation.translator import TranslationOptions, register

from .models import Agency, CalendarCorrection, Spokesperson


@register(Agency)
class AgencyTranslation(TranslationOptions):
    fields = ("name", "short_name", "head_name", "head_position", "address")


@register(Spokesperson)
class SpokespersonTranslation(TranslationOptions):
    fields = ("surname", "name", "patronymic", "position")


@register(CalendarCorrection)
class CalendarCorrectionTranslation(TranslationOptions):
    fields = ("name",)
