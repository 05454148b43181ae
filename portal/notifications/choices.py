from django.db import models
from django.utils.translation import gettext_lazy as _


class SubscriptionTopic(models.TextChoices):
    """What a subscriber without an account may receive by e-mail (SPEC §4: journalists
    subscribe to the weekly media-grid). A name only: the feature app that publishes the
    topic builds its messages and calls `subscribers_notify`."""

    MEDIA_GRID = "media-grid", _("weekly media-grid")
