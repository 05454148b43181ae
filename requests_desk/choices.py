from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    """How a request reached the agency (002 §36–48; SPEC §5 for media requests)."""

    FEEDBACK_FORM = "feedback", _("Feedback form")
    BLOG = "blog", _("Blog platform")
    MEDIA = "media", _("Media request")


class RequestState(models.TextChoices):
    REGISTERED = "registered", pgettext_lazy("request state", "Registered")
    ASSIGNED = "assigned", pgettext_lazy("request state", "Assigned")
    DRAFTED = "drafted", pgettext_lazy("request state", "Answer drafted")
    APPROVED = "approved", pgettext_lazy("request state", "Answer approved")
    CLOSED = "closed", pgettext_lazy("request state", "Closed")


# States in which the request is still being worked on and its clock runs.
OPEN_STATES = (
    RequestState.REGISTERED,
    RequestState.ASSIGNED,
    RequestState.DRAFTED,
    RequestState.APPROVED,
)


class Outcome(models.TextChoices):
    """What the requester finally got (issue 10 item 5)."""

    ANSWERED = "answered", _("Answered")
    PARTLY_ANSWERED = "partly", _("Partly answered")
    REFUSED = "refused", _("Refused")
    REDIRECTED = "redirected", _("Redirected to the competent body")


# The outcomes an answer sent to the requester may have.
ANSWER_OUTCOMES = (Outcome.ANSWERED, Outcome.PARTLY_ANSWERED)


class RequestAction(models.TextChoices):
    RECEIVED = "received", _("Received")
    REGISTERED = "registered", _("Registered")
    ASSIGNED = "assigned", _("Assigned")
    REDIRECTED = "redirected", _("Redirected")
    EXTENDED = "extended", _("Period extended")
    NOTICE_SENT = "notice_sent", _("Requester told of the extension")
    ANSWER_DRAFTED = "drafted", _("Answer drafted")
    APPROVED = "approved", _("Answer approved")
    ANSWERED = "answered", _("Answered")
    PUBLISHED = "published", _("Answer published")
    REFUSED = "refused", _("Refused")
    COMMENT = "comment", _("Comment")


class DueFilter(models.TextChoices):
    SOON = "soon", _("Due within 3 days")
    OVERDUE = "overdue", _("Overdue")


class ReferenceKind(models.TextChoices):
    """What the authorized body asks for (004 §12)."""

    STATISTICS = "statistics", _("Statistics")
    EXPLANATIONS = "explanations", _("Explanations")
    METHODOLOGICAL = "methodological", _("Methodological materials")
    ANALYTICAL = "analytical", _("Analytical materials")
    INFOGRAPHICS = "infographics", _("Infographics")


# The same outcomes as choices with their labels (a form's and the API's field).
ANSWER_OUTCOME_CHOICES = [(value, Outcome(value).label) for value in ANSWER_OUTCOMES]
