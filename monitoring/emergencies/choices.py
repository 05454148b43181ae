from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class IncidentKind(models.TextChoices):
    """An emergency or an incident (ЧС/ЧП, 000 §5) by its nature."""

    NATURAL = "natural", _("Natural emergency")
    TECHNOLOGICAL = "technological", _("Technological emergency")
    SOCIAL = "social", _("Social or public-order incident")
    OTHER = "other", _("Other incident")


class IncidentState(models.TextChoices):
    OPEN = "open", pgettext_lazy("incident state", "Open")
    CLOSED = "closed", pgettext_lazy("incident state", "Closed")


class StatementState(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("statement state", "Draft")
    PUBLISHED = "published", pgettext_lazy("statement state", "Published")


class IncidentAction(models.TextChoices):
    OPENED = "opened", _("Opened")
    UPDATED = "updated", _("Updated")
    AGENCY_ADDED = "agency_added", _("Agency involved")
    STATEMENT_DRAFTED = "drafted", _("Statement drafted")
    STATEMENT_PUBLISHED = "published", _("Statement published")
    CLOSED = "closed", _("Closed")
