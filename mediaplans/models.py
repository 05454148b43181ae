"""Each agency's unified media-plan for a year (000 §2.1; 004 §2 p.2, §7), its revisions and
review, the consolidated republican media-plan (000 §2.3) and the monthly reports (004 §8).

The plan's items are the working copy the press office edits; every submission freezes them
into a `PlanRevision` snapshot that never changes again, so what the authorized body reviewed,
approved and consolidated stays readable however the working copy moves on. Revision N stays
in force (its approved snapshot) while revision N+1 is drafted and reviewed.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.documents.choices import DocumentStatus
from portal.models import HistoryEntry, TimeStampedModel

from .choices import EDITABLE_STATES, ItemStatus, PlanAction, PlanState, Recipient

MONTHS = [(month, str(month)) for month in range(1, 13)]
QUARTERS = [(quarter, str(quarter)) for quarter in range(1, 5)]


class MediaPlan(TimeStampedModel):
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="media_plans",
        verbose_name=_("agency"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=16, choices=PlanState.choices, default=PlanState.DRAFT
    )
    revision = models.PositiveSmallIntegerField(
        _("revision"), default=1, help_text=_("The number of the revision being worked on.")
    )
    # Bumped by every change of the plan or its items: a save that read an older value is
    # refused, so two people editing one draft never silently overwrite each other.
    version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        verbose_name = _("media-plan")
        verbose_name_plural = _("media-plans")
        ordering = ["-year", "agency__sort_name_kk", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="media_plan_once_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="media_plan_year_range"
            ),
        ]

    def __str__(self):
        return f"{self.agency} — {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


class PlanItem(TimeStampedModel):
    """One line of the plan (004 §7): what is to be made public, for whom, how and when."""

    plan = models.ForeignKey(
        MediaPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("media-plan")
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    strategic_direction = models.CharField(_("strategic direction"), max_length=300)
    topic = models.CharField(_("topic"), max_length=500)
    target_audiences = models.TextField(_("target audiences"), blank=True)
    legislative_changes = models.TextField(_("planned legislative changes"), blank=True)
    is_preventive = models.BooleanField(
        _("preventive item"),
        default=False,
        help_text=_("On an issue that may cause public resonance (004 §7 p.2)."),
    )
    formats = models.JSONField(_("formats"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS, null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=QUARTERS, null=True, blank=True
    )
    responsible_unit = models.CharField(_("responsible unit"), max_length=300, blank=True)
    speaker = models.CharField(_("speaker"), max_length=300, blank=True)
    version = models.PositiveIntegerField(_("edit version"), default=1)

    class Meta:
        verbose_name = _("media-plan item")
        verbose_name_plural = _("media-plan items")
        ordering = ["plan", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(quarter__isnull=True),
                name="plan_item_month_or_quarter",
                violation_error_message=_("Give a month or a quarter, not both."),
            ),
        ]

    def __str__(self):
        return self.topic


def attachment_path(attachment: "PlanAttachment", filename: str) -> str:
    return f"mediaplan-attachments/{attachment.plan_id}/{filename}"


class PlanAttachment(TimeStampedModel):
    """A document attached to the plan or to one of its items (000 §2.1; issue 9 item 1): a
    draft law, a concept, a reference. As private as its plan; its file is stored under the
    portal's own name (`portal.attachments`) and served only through a permission check."""

    plan = models.ForeignKey(
        MediaPlan,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("media-plan"),
    )
    # Kept on the plan when its item is deleted.
    item = models.ForeignKey(
        PlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("item"),
    )
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["plan", "pk"]

    def __str__(self):
        return self.title or ""


class PlanRevision(models.Model):
    """What was submitted, frozen: one row per submission (`attempt` counts resubmissions of
    the same revision after a return). Its snapshot never changes; only the outcome of its
    review is written once."""

    plan = models.ForeignKey(
        MediaPlan, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("media-plan")
    )
    number = models.PositiveSmallIntegerField(_("revision"))
    attempt = models.PositiveSmallIntegerField(_("submission"), default=1)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    is_late = models.BooleanField(_("late"), default=False)
    snapshot = models.JSONField(_("snapshot"))
    outcome = models.CharField(
        _("outcome"), max_length=16, choices=PlanState.choices, default=PlanState.SUBMITTED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("media-plan revision")
        verbose_name_plural = _("media-plan revisions")
        ordering = ["plan", "number", "attempt"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number", "attempt"], name="plan_revision_once"
            ),
        ]

    def __str__(self):
        return f"{self.plan} · {self.number}.{self.attempt}"

    @property
    def label(self) -> str:
        return f"{self.number}.{self.attempt}"


class PlanComment(models.Model):
    """A remark in the plan's thread, or on one item of it (`item_key`: the item's id, kept
    when the item is later deleted so the thread still reads)."""

    plan = models.ForeignKey(
        MediaPlan, on_delete=models.CASCADE, related_name="comments", verbose_name=_("media-plan")
    )
    item = models.ForeignKey(
        PlanItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("item"),
    )
    revision = models.PositiveSmallIntegerField(_("revision"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("comment"), max_length=5000)
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["at", "pk"]

    def __str__(self):
        return self.text[:60]


class PlanChange(HistoryEntry):
    plan = models.ForeignKey(
        MediaPlan, on_delete=models.CASCADE, related_name="history", verbose_name=_("media-plan")
    )
    action = models.CharField(_("action"), max_length=16, choices=PlanAction.choices)
    revision = models.PositiveSmallIntegerField(_("revision"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("media-plan history entry")
        verbose_name_plural = _("media-plan history")


class ThematicProposal(TimeStampedModel):
    """An agency's proposals on the thematic directions of state information policy, sent by
    the 1st day of the first month of the 1st and 3rd quarters (004 §5)."""

    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="thematic_proposals",
        verbose_name=_("agency"),
    )
    due_on = models.DateField(_("for the deadline of"))
    text = models.TextField(_("proposals"), max_length=20000)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )

    class Meta:
        verbose_name = _("thematic proposals")
        verbose_name_plural = _("thematic proposals")
        ordering = ["-due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "due_on"], name="thematic_proposal_once"),
        ]

    def __str__(self):
        return f"{self.agency} — {self.due_on:%d.%m.%Y}"


class ConsolidatedPlan(models.Model):
    """The republican media-plan of a year (000 §2.3), frozen as a numbered edition from the
    plans' approved revisions at that moment."""

    year = models.PositiveSmallIntegerField(_("year"))
    edition = models.PositiveSmallIntegerField(_("edition"))
    frozen_at = models.DateTimeField(_("frozen at"))
    frozen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("frozen by"),
    )
    snapshot = models.JSONField(_("snapshot"))

    class Meta:
        verbose_name = _("consolidated media-plan")
        verbose_name_plural = _("consolidated media-plans")
        ordering = ["-year", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["year", "edition"], name="consolidated_edition_once"),
        ]

    def __str__(self):
        return f"{self.year} · {self.edition}"


class ConsolidatedItem(models.Model):
    """One item of a frozen edition as a row its page filters and pages in the database
    (20,000 rows: decoding the whole snapshot took 4 s a request). Written once with the
    edition by `services.consolidated_freeze`, never changed; the snapshot stays the record.
    The table's order differs by language (the agencies in that language's alphabet), so
    each row keeps its place in each."""

    consolidated = models.ForeignKey(
        ConsolidatedPlan,
        on_delete=models.CASCADE,
        related_name="items",
        db_index=False,  # the leading column of every index below
        verbose_name=_("consolidated media-plan"),
    )
    agency = models.ForeignKey(
        "portal.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    agency_name = models.JSONField(_("agency's name"))  # {"kk": …, "ru": …, "en": …} as frozen
    region = models.CharField(_("region"), max_length=20, blank=True)
    plan_position = models.PositiveIntegerField(_("place in its plan"))  # 0: the plan's first
    order_kk = models.PositiveIntegerField(_("place in Kazakh"))
    order_ru = models.PositiveIntegerField(_("place in Russian"))
    order_en = models.PositiveIntegerField(_("place in English"))
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS, null=True, blank=True)
    quarter = models.PositiveSmallIntegerField(
        _("quarter"), choices=QUARTERS, null=True, blank=True
    )
    is_preventive = models.BooleanField(_("preventive item"), default=False)
    topic_search = models.TextField(_("topic in every language, case-folded"))
    item = models.JSONField(_("item"))  # as the snapshot holds it

    class Meta:
        verbose_name = _("item of a consolidated media-plan")
        verbose_name_plural = _("items of consolidated media-plans")
        constraints = [
            models.UniqueConstraint(
                fields=["consolidated", f"order_{language}"],
                name=f"consolidated_item_order_{language}",
            )
            for language in ("kk", "ru", "en")
        ]
        indexes = [
            # The edition's agencies, for the agency filter: the first item of each plan.
            models.Index(
                fields=["consolidated", "agency"],
                condition=Q(plan_position=0),
                name="consolidated_item_agencies",
            ),
        ]

    def __str__(self):
        return f"{self.consolidated} · {self.order_kk}"


class ConsolidatedFreeze(models.Model):
    """One request to freeze a new edition (000 §2.3), done by the Celery task
    mediaplans.consolidated_freeze: the page shows its progress. The task claims it and
    writes the edition in one transaction, so a task delivered twice or a worker killed
    mid-way leaves exactly one edition or none; one request of a year is pending at a time,
    so a second click waits for the first one's edition."""

    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    error = models.TextField(_("error"), blank=True)
    queued_at = models.DateTimeField(_("queued at"))
    claimed_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    consolidated = models.OneToOneField(
        ConsolidatedPlan,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="freeze",
        verbose_name=_("edition"),
    )

    class Meta:
        verbose_name = _("freezing of an edition")
        verbose_name_plural = _("freezings of editions")
        ordering = ["-queued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status__in=[DocumentStatus.QUEUED, DocumentStatus.RUNNING]),
                name="consolidated_freeze_one_pending_per_year",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="consolidated_freeze_progress_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.year} · {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING)


class ConsolidatedDispatch(models.Model):
    """That an edition was sent to one of the recipients of 000 §2.3, when, by whom, how."""

    consolidated = models.ForeignKey(
        ConsolidatedPlan,
        on_delete=models.CASCADE,
        related_name="dispatches",
        verbose_name=_("consolidated media-plan"),
    )
    recipient = models.CharField(_("recipient"), max_length=16, choices=Recipient.choices)
    sent_at = models.DateTimeField(_("sent at"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    reference = models.CharField(_("outgoing number or note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["sent_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["consolidated", "recipient"], name="consolidated_sent_once_to_each"
            ),
        ]

    def __str__(self):
        return self.get_recipient_display()


class MonthlyReport(TimeStampedModel):
    """The monthly information on carrying the plan out, due by the 25th (004 §8)."""

    plan = models.ForeignKey(
        MediaPlan, on_delete=models.CASCADE, related_name="reports", verbose_name=_("media-plan")
    )
    month = models.PositiveSmallIntegerField(_("month"), choices=MONTHS)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        ordering = ["plan", "month"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "month"], name="monthly_report_once"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.month:02d}"


class ReportEntry(models.Model):
    """How one item went in the month: its status, a free text, links to publications and the
    grid's events that carried it out (plan versus fact)."""

    report = models.ForeignKey(
        MonthlyReport, on_delete=models.CASCADE, related_name="entries", verbose_name=_("report")
    )
    item = models.ForeignKey(
        PlanItem, on_delete=models.CASCADE, related_name="report_entries", verbose_name=_("item")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    text = models.TextField(_("what was done"), blank=True, max_length=10000)
    links = models.JSONField(_("links to publications"), default=list, blank=True)
    events = models.ManyToManyField(
        "eventgrid.Event", blank=True, related_name="+", verbose_name=_("events")
    )

    class Meta:
        verbose_name = _("report entry")
        verbose_name_plural = _("report entries")
        ordering = ["report", "item__position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "item"], name="report_entry_once"),
        ]

    def __str__(self):
        return f"{self.item} · {self.get_status_display()}"
