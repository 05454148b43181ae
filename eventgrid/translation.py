from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventAttachment, EventContribution, EventSpeaker


@register(Event)
class EventTranslation(TranslationOptions):
    fields = (
        "title",
        "place",
        "organisers",
        "goal",
        "key_messages",
        "expected_result",
        "participants",
        "state_reason",
    )


@register(EventSpeaker)
class EventSpeakerTranslation(TranslationOptions):
    fields = ("name", "position")


@register(EventAttachment)
class EventAttachmentTranslation(TranslationOptions):
    fields = ("title",)


@register(EventContribution)
class EventContributionTranslation(TranslationOptions):
    fields = ("text",)
