"""Media monitoring (SPEC §6; 000 §4.1–4.3; 003 §10.4): the outlets and their feeds, the
publications found in them grouped into stories, which agencies each is about and in what
tone, and the resonance cases an agency must answer with explanatory work.

Publications are public media, so everyone signed in reads them; cases (flags, the head
informed, responses) are internal: an agency sees its own, the ministry all of them.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import Language, Region
from portal.documents.choices import DocumentStatus
from portal.models import HistoryEntry, TimeStampedModel

from .choices import (
    CaseAction,
    CaseSource,
    CaseState,
    FeedState,
    FetchStatus,
    OutletKind,
    Polarity,
    ResponseKind,
    RuleKind,
    Tone,
)


class Outlet(TimeStampedModel):
    """A media outlet of the register (issue 11 item 1); `reach` is its audience."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=OutletKind.choices)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    reach = models.PositiveIntegerField(_("audience reach"), default=0)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Feed(TimeStampedModel):
    """An RSS or Atom feed of an outlet, fetched by beat every `interval_minutes`; after
    failures it backs off and shows its error (issue 11 item 1)."""

    outlet = models.ForeignKey(
        Outlet, on_delete=models.CASCADE, related_name="feeds", verbose_name=_("outlet")
    )
    url = models.URLField(_("address"), max_length=500, unique=True)
    interval_minutes = models.PositiveIntegerField(_("interval (minutes)"), default=15)
    is_active = models.BooleanField(_("active"), default=True)
    etag = models.CharField(_("ETag"), max_length=300, blank=True, editable=False)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True, editable=False)
    last_fetched_at = models.DateTimeField(_("last fetched at"), null=True, blank=True)
    next_fetch_at = models.DateTimeField(_("next fetch at"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    error = models.TextField(_("last error"), blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=FeedState.choices, default=FeedState.OK
    )

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["outlet__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(interval_minutes__gte=1), name="monitoring_feed_interval_positive"
            )
        ]
        indexes = [
            models.Index(
                fields=["next_fetch_at"], condition=Q(is_active=True), name="monitoring_feed_due"
            )
        ]

    def __str__(self):
        return self.url

    def clean(self):
        """A feed on a private, local or reserved address is refused when it is saved
        (SSRF), in the admin and wherever `full_clean` runs; fetching checks again."""
        from .ingest import feed_address_check

        if self.url:
            try:
                feed_address_check(self.url, entered=True)
            except ValidationError as error:
                raise ValidationError({"url": error.messages}) from None


class FetchLog(models.Model):
    """One fetch of a feed: what it answered, how many items, how long it took."""

    feed = models.ForeignKey(
        Feed, on_delete=models.CASCADE, related_name="fetches", verbose_name=_("feed")
    )
    at = models.DateTimeField(_("at"))
    status = models.CharField(_("status"), max_length=5, choices=FetchStatus.choices)
    items = models.PositiveIntegerField(_("new items"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("fetch")
        verbose_name_plural = _("fetches")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["feed", "-at"])]

    def __str__(self):
        return f"{self.feed_id} {self.at:%d.%m.%Y %H:%M} {self.status}"


class Story(TimeStampedModel):
    """Syndicated copies of one piece grouped together: near-identical titles within a few
    days (issue 11 item 2). `reach` sums the outlets' audiences, `outlets` counts them."""

    title = models.CharField(_("title"), max_length=500)
    first_published_at = models.DateTimeField(_("first published at"), db_index=True)
    reach = models.PositiveBigIntegerField(_("total reach"), default=0)
    outlets = models.PositiveIntegerField(_("outlets"), default=0)

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-first_published_at", "-pk"]

    def __str__(self):
        return self.title


class Publication(TimeStampedModel):
    """A piece found in a feed or entered by hand, with the agencies it names and its tone.

    `tone` is what pages show: the scorer's `scored_tone` unless staff overrode it (each
    override is kept in `ToneOverride`)."""

    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publications",
        verbose_name=_("outlet"),
    )
    url = models.URLField(_("address"), max_length=1000)
    normalised_url = models.CharField(max_length=1000, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    text = models.TextField(_("text"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, blank=True)
    published_at = models.DateTimeField(_("published at"), db_index=True)
    story = models.ForeignKey(
        Story, on_delete=models.PROTECT, related_name="publications", verbose_name=_("story")
    )
    tone = models.CharField(_("tone"), max_length=8, choices=Tone.choices, default=Tone.NEUTRAL)
    scored_tone = models.CharField(
        _("scored tone"), max_length=8, choices=Tone.choices, default=Tone.NEUTRAL
    )
    tone_score = models.IntegerField(_("tone score"), default=0)
    tone_words = models.JSONField(_("words that decided the tone"), default=list, blank=True)
    agencies = models.ManyToManyField(
        "portal.Agency",
        through="PublicationMatch",
        related_name="publications",
        verbose_name=_("agencies"),
    )

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["tone", "-published_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("monitoring:publication_detail", args=[self.pk])

    @property
    def is_overridden(self) -> bool:
        return self.tone != self.scored_tone


class PublicationMatch(models.Model):
    """A publication names an agency: the terms of its rules that matched."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="matches")
    agency = models.ForeignKey(
        "portal.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("agency")
    )
    terms = models.JSONField(_("matched terms"), default=list)

    class Meta:
        verbose_name = _("agency matched")
        verbose_name_plural = _("agencies matched")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "agency"], name="monitoring_match_once_per_agency"
            )
        ]

    def __str__(self):
        return ", ".join(self.terms)


class ToneOverride(HistoryEntry):
    """Staff changed a publication's tone: from what, to what and why (issue 11 item 3)."""

    publication = models.ForeignKey(
        Publication, on_delete=models.CASCADE, related_name="tone_overrides"
    )
    previous = models.CharField(_("previous tone"), max_length=8, choices=Tone.choices)
    tone = models.CharField(_("tone"), max_length=8, choices=Tone.choices)
    reason = models.TextField(_("reason"))

    class Meta(HistoryEntry.Meta):
        verbose_name = _("tone override")
        verbose_name_plural = _("tone overrides")

    def __str__(self):
        return f"{self.previous} → {self.tone}"


class AgencyRule(TimeStampedModel):
    """A term that marks a publication as about the agency, in one language; an exclusion
    term unmarks it (issue 11 item 2). The ministry and the agency edit them."""

    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.CASCADE,
        related_name="monitoring_rules",
        verbose_name=_("agency"),
    )
    term = models.CharField(_("term"), max_length=200)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    kind = models.CharField(
        _("kind"), max_length=8, choices=RuleKind.choices, default=RuleKind.NAME
    )
    exclude = models.BooleanField(
        _("exclusion"), default=False, help_text=_("A text with this term is not matched.")
    )

    class Meta:
        verbose_name = _("matching rule")
        verbose_name_plural = _("matching rules")
        ordering = ["agency", "language", "term"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "language", "term"], name="monitoring_rule_term_once"
            )
        ]

    def __str__(self):
        return self.term


class ToneWord(TimeStampedModel):
    """The ministry's lexicon: a word (its base form) and its polarity, or a negator. When a
    language has words here they replace the shipped default lexicon (issue 11 item 3)."""

    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    word = models.CharField(_("word"), max_length=100)
    polarity = models.SmallIntegerField(_("polarity"), choices=Polarity.choices)

    class Meta:
        verbose_name = _("tone word")
        verbose_name_plural = _("tone words")
        ordering = ["language", "word"]
        constraints = [
            models.UniqueConstraint(fields=["language", "word"], name="monitoring_tone_word_once")
        ]

    def __str__(self):
        return self.word


class SavedSearch(TimeStampedModel):
    """A user's named filters of the publications list."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.JSONField(_("filters"), default=dict)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="monitoring_saved_search_name")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('monitoring:publication_list')}?{urlencode(sorted(self.query.items()))}"


class ResonanceCase(TimeStampedModel):
    """A story that may cause negative resonance, flagged for one agency (000 §4.1–4.2): its
    spokesperson informs the head (003 §10.4) and the agency answers it (000 §4.3). One
    open case per story and agency."""

    story = models.ForeignKey(
        Story, on_delete=models.PROTECT, related_name="cases", verbose_name=_("story")
    )
    publication = models.ForeignKey(
        Publication,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("publication"),
    )
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="resonance_cases",
        verbose_name=_("agency"),
    )
    reason = models.TextField(_("reason"))
    source = models.CharField(_("flagged"), max_length=8, choices=CaseSource.choices)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("flagged by"),
    )
    flagged_at = models.DateTimeField(_("flagged at"))
    due_at = models.DateTimeField(
        _("response due at"),
        null=True,
        blank=True,
        help_text=_('From the deadline rule "monitoring-response", in hours (000 §4.3).'),
    )
    head_informed_at = models.DateTimeField(_("head informed at"), null=True, blank=True)
    head_informed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("head informed by"),
    )
    state = models.CharField(
        _("state"), max_length=6, choices=CaseState.choices, default=CaseState.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("resonance case")
        verbose_name_plural = _("resonance cases")
        ordering = ["-flagged_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["story", "agency"],
                condition=Q(state=CaseState.OPEN),
                name="monitoring_one_open_case_per_story",
                violation_error_message=_("This story is already flagged for this agency."),
            ),
            models.CheckConstraint(
                condition=Q(state=CaseState.OPEN, closed_at__isnull=True)
                | Q(state=CaseState.CLOSED, closed_at__isnull=False),
                name="monitoring_case_closed_at",
            ),
        ]
        indexes = [models.Index(fields=["agency", "state", "-flagged_at"])]

    def __str__(self):
        return str(self.publication)

    def get_absolute_url(self):
        return reverse("monitoring:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == CaseState.OPEN


class CaseEvent(HistoryEntry):
    """Every step of a case with its time (issue 11 item 4: "every time is kept")."""

    case = models.ForeignKey(ResonanceCase, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=14, choices=CaseAction.choices)
    data = models.JSONField(default=dict, blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")


class Response(TimeStampedModel):
    """The agency's explanatory work for a case (000 §4.3): its kind, the deadline of the
    rule "monitoring-response" counted in hours from the flag, and the link to the result.
    The response that closes the case has `closed_at`."""

    case = models.ForeignKey(
        ResonanceCase, on_delete=models.CASCADE, related_name="responses", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ResponseKind.choices)
    description = models.TextField(_("description"), blank=True)
    due_at = models.DateTimeField(_("due at"))
    result_url = models.URLField(_("link to the result"), max_length=1000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    closed_at = models.DateTimeField(_("closed the case at"), null=True, blank=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(result_url=""),
                name="monitoring_closing_response_has_result",
                violation_error_message=_("A response that closes the case links its result."),
            )
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def on_time(self) -> bool | None:
        return None if self.closed_at is None else self.closed_at <= self.due_at


class NoteBuild(models.Model):
    """One build of the monthly analytical note (000 §4.5) of every agency (`agency` empty)
    or of one: the figures and the SVG charts of the page and of its three PDFs, stored once
    by the task monitoring.note_build, so a page never computes or draws them. `version`
    numbers a month's builds; the page shows the latest done one, so a build that fails or
    whose worker dies leaves the previous one shown. One build of a note is pending at a
    time: asking again while it is waits for it."""

    month = models.DateField(_("month"))
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agency"),
    )
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    queued_at = models.DateTimeField(_("queued at"))
    # The worker that builds it (a random token) and since when; an older claim than the
    # documents' STALE_CLAIM was left by a dead worker and is taken over.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(_("started at"), null=True, blank=True)
    built_at = models.DateTimeField(_("built at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True, editable=False)
    # language → chart name → inline <svg>.
    charts = models.JSONField(_("charts"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("analytical note build")
        verbose_name_plural = _("analytical note builds")
        ordering = ["-month", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["month", "version"],
                condition=Q(agency__isnull=True),
                name="monitoring_note_version_once",
            ),
            models.UniqueConstraint(
                fields=["month", "agency", "version"],
                condition=Q(agency__isnull=False),
                name="monitoring_agency_note_version_once",
            ),
            models.UniqueConstraint(
                fields=["month"],
                condition=Q(
                    agency__isnull=True,
                    status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING],
                ),
                name="monitoring_note_one_pending",
            ),
            models.UniqueConstraint(
                fields=["month", "agency"],
                condition=Q(
                    agency__isnull=False,
                    status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING],
                ),
                name="monitoring_agency_note_one_pending",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="monitoring_note_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.DONE) | Q(built_at__isnull=False),
                name="monitoring_done_note_built_at",
            ),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.agency_id or '*'} v{self.version}"

    @property
    def is_pending(self) -> bool:
        return self.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING)
