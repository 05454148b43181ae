from modeltranslation.translator import TranslationOptions, register

from .models import Incident, OfficialStatement


@register(Incident)
class IncidentTranslation(TranslationOptions):
    fields = ("title",)


@register(OfficialStatement)
class OfficialStatementTranslation(TranslationOptions):
    fields = ("text",)
