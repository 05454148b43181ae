from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AccreditationKind(models.TextChoices):
    """Temporary or permanent accreditation (003 §8.3)."""

    TEMPORARY = "temporary", _("Temporary")
    PERMANENT = "permanent", _("Permanent")


class AccreditationState(models.TextChoices):
    APPLIED = "applied", pgettext_lazy("accreditation state", "Applied")
    APPROVED = "approved", pgettext_lazy("accreditation state", "Accredited")
    REFUSED = "refused", pgettext_lazy("accreditation state", "Refused")
    REVOKED = "revoked", pgettext_lazy("accreditation state", "Revoked")
    EXPIRED = "expired", pgettext_lazy("accreditation state", "Expired")


# An application being decided or an accreditation in force: one per journalist and agency.
CURRENT_STATES = (AccreditationState.APPLIED, AccreditationState.APPROVED)


class AccreditationAction(models.TextChoices):
    APPLIED = "applied", _("Applied")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


# The formats of the event grid at which accredited journalists are received (003 §8.4):
# eventgrid.choices.EventFormat's values, frozen here (a feature app imports no other's code).
PRESS_EVENT_FORMATS = ("press_conference", "briefing", "interview")
EVENT_PUBLISHED = "published"
