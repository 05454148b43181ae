from django.db import models
from django.utils.translation import gettext_lazy as _


class WebhookEventType(models.TextChoices):
    """What an API client may be told of (SPEC §4: REST clients pull the media-grid; issue 8
    §6: and are told when it changes). Public data only."""

    GRID_PUBLISHED = "grid.published", _("A week's media-grid is published (version 1)")
    GRID_CORRECTED = "grid.corrected", _("A published media-grid is corrected (version 2 on)")
    EVENT_CANCELLED = "event.cancelled", _("A published event is cancelled")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    SUCCEEDED = "succeeded", _("succeeded")
    FAILED = "failed", _("failed")
