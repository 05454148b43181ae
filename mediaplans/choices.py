from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanState(models.TextChoices):
    """The working revision's place in review (000 §2.2–2.4; 004 §5–6)."""

    DRAFT = "draft", pgettext_lazy("media-plan state", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("media-plan state", "Submitted")
    RETURNED = "returned", pgettext_lazy("media-plan state", "Returned with comments")
    REVIEWED = "reviewed", pgettext_lazy("media-plan state", "Reviewed, awaiting the akimat")
    APPROVED = "approved", pgettext_lazy("media-plan state", "Approved")


# States in which the press office may change the items.
EDITABLE_STATES = (PlanState.DRAFT, PlanState.RETURNED)
# States in which the authorized body reviews (and may amend, 000 §2.2).
UNDER_REVIEW_STATES = (PlanState.SUBMITTED, PlanState.REVIEWED)


class PlanAction(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    RETURNED = "returned", _("Returned with comments")
    AMENDED = "amended", _("Amended by the authorized body")
    REVIEWED = "reviewed", _("Positive central review")
    APPROVED = "approved", _("Approved")
    REVISION_OPENED = "revision", _("Revision opened")


class ItemFormat(models.TextChoices):
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    BRIEFING = "briefing", _("Briefing")
    INTERVIEW = "interview", _("Interview")
    PRESS_RELEASE = "press_release", _("Press release")
    PRESS_TOUR = "press_tour", _("Press tour")
    ROUND_TABLE = "round_table", _("Round table")
    ARTICLE = "article", _("Article or column")
    SPECIAL_PROJECT = "special_project", _("Special project")
    VIDEO = "video", _("Video or infographic")


class ItemChannel(models.TextChoices):
    TV = "tv", _("Television")
    RADIO = "radio", _("Radio")
    PRINT = "print", _("Print media")
    ONLINE = "online", _("Online media")
    SOCIAL = "social", _("Social networks")
    WEBSITE = "website", _("Agency website")
    BLOGS = "blogs", _("Blog platform")


class ItemStatus(models.TextChoices):
    """How far an item was carried out in the reporting month (004 §8)."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    CANCELLED = "cancelled", _("Cancelled")


class Recipient(models.TextChoices):
    """Who receives the consolidated republican media-plan (000 §2.3; the Office of the Prime
    Minister is the Government Office since 2023)."""

    MINISTRY = "ministry", _("Ministry of Culture and Information")
    PRESIDENTIAL_ADMINISTRATION = "presidential", _("Presidential Administration")
    GOVERNMENT_OFFICE = "government", _("Government Office")
