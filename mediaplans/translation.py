from modeltranslation.translator import TranslationOptions, register

from .models import PlanAttachment, PlanItem, ReportEntry, ThematicProposal


@register(PlanItem)
class PlanItemTranslation(TranslationOptions):
    fields = (
        "strategic_direction",
        "topic",
        "target_audiences",
        "legislative_changes",
        "responsible_unit",
        "speaker",
    )


@register(ThematicProposal)
class ThematicProposalTranslation(TranslationOptions):
    fields = ("text",)


@register(ReportEntry)
class ReportEntryTranslation(TranslationOptions):
    fields = ("text",)


@register(PlanAttachment)
class PlanAttachmentTranslation(TranslationOptions):
    fields = ("title",)
