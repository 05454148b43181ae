from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OutletKind(models.TextChoices):
    NEWS_SITE = "news_site", _("News site")
    NEWSPAPER = "newspaper", _("Newspaper")
    TV = "tv", _("TV channel")
    RADIO = "radio", _("Radio")
    SOCIAL = "social", _("Social network")
    BLOG = "blog", _("Blog")


class FeedState(models.TextChoices):
    """A source's health, shown on the sources page (issue 11 item 1)."""

    OK = "ok", pgettext_lazy("feed state", "Working")
    BACKING_OFF = "backing_off", pgettext_lazy("feed state", "Backing off after failures")
    ERROR = "error", pgettext_lazy("feed state", "Failing")


class FetchStatus(models.TextChoices):
    FETCHED = "200", _("Fetched")
    NOT_MODIFIED = "304", _("Not modified")
    ERROR = "error", _("Error")


class Tone(models.TextChoices):
    NEGATIVE = "negative", _("Negative")
    NEUTRAL = "neutral", _("Neutral")
    POSITIVE = "positive", _("Positive")


class RuleKind(models.TextChoices):
    """What an agency's matching term is (issue 11 item 2)."""

    NAME = "name", _("Name")
    SHORT = "short", _("Short name")
    HEAD = "head", _("Head's name")
    ALIAS = "alias", _("Alias")


class Polarity(models.IntegerChoices):
    NEGATIVE = -1, _("Negative word")
    NEGATOR = 0, _("Negator (не, емес, жоқ)")
    POSITIVE = 1, _("Positive word")


class CaseSource(models.TextChoices):
    """Who flagged: the scorer, or a person of the ministry or of the agency (000 §4.1–4.2)."""

    AUTO = "auto", _("Automatically")
    MINISTRY = "ministry", _("By the ministry")
    AGENCY = "agency", _("By the agency")


class CaseState(models.TextChoices):
    OPEN = "open", pgettext_lazy("case state", "Open")
    CLOSED = "closed", pgettext_lazy("case state", "Closed")


class CaseAction(models.TextChoices):
    FLAGGED = "flagged", _("Flagged")
    HEAD_INFORMED = "head_informed", _("Head informed")
    RESPONSE = "response", _("Response recorded")
    CLOSED = "closed", _("Closed")


class ResponseKind(models.TextChoices):
    """The explanatory work of 000 §4.3 (briefing, press conference, press release,
    interview "and others")."""

    BRIEFING = "briefing", _("Briefing")
    PRESS_CONFERENCE = "press_conference", _("Press conference")
    PRESS_RELEASE = "press_release", _("Press release")
    INTERVIEW = "interview", _("Interview")
    REFUTATION = "refutation", _("Refutation")
    POST = "post", _("Post in social networks")


class Flagged(models.TextChoices):
    """The publications list's filter on cases."""

    YES = "yes", _("Flagged")
    NO = "no", _("Not flagged")
