from modeltranslation.translator import TranslationOptions, register

from .models import DeadlineRule


@register(DeadlineRule)
class DeadlineRuleTranslation(TranslationOptions):
    fields = ("name", "description")
