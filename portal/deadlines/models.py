import datetime as dt
import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..directory.choices import AgencyKind, Role
from ..models import HistoryEntry, TimeStampedModel
from .choices import (
    PENDING_STATES,
    DeadlineAction,
    DeadlineState,
    PeriodUnit,
    Recurrence,
    Responsible,
    Weekday,
)


def _default_reminders():
    return [3, 1, 0]


def _default_escalation():
    return [Role.AGENCY_HEAD, Role.AUTHORIZED_STAFF]


def _default_kinds():
    return [AgencyKind.CENTRAL_BODY, AgencyKind.LOCAL_BODY, AgencyKind.NATIONAL_COMPANY]


class DeadlineRule(models.Model):
    """A dated rule of the seeds, as data the authorized body can change without a deploy.

    The due date of a deadline is its anchor (a date of the calendar, or the moment an event
    happened) plus `amount` `unit`s; a negative amount counts back ("2 working days before
    publication").
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(
        _("description and source"), help_text=_("What is due, and the seed file and point.")
    )
    recurrence = models.CharField(_("anchored to"), max_length=10, choices=Recurrence.choices)
    months = models.JSONField(
        _("months"), default=list, blank=True, help_text=_("For dates: months 1–12, e.g. [12].")
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("day of the month"),
        null=True,
        blank=True,
        help_text=_("For dates; a day past the month's end means its last day."),
    )
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, null=True, blank=True
    )
    counts_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("counted from the due date of"),
        help_text=_(
            "For a rule anchored to the same days as another: its period starts on that "
            "rule's due date for the same period, not on the anchor."
        ),
    )
    amount = models.IntegerField(_("period"), default=0)
    unit = models.CharField(
        _("unit"), max_length=14, choices=PeriodUnit.choices, default=PeriodUnit.CALENDAR_DAYS
    )
    time_of_day = models.TimeField(_("due at (time of day)"), default=dt.time(18, 0))
    move_to_working_day = models.BooleanField(
        _("move a due date off non-working days"),
        default=True,
        help_text=_("A due date on a weekend or holiday moves to the next working day."),
    )
    responsible = models.CharField(
        _("who must act"),
        max_length=16,
        choices=Responsible.choices,
        default=Responsible.AGENCY,
        help_text=_(
            "Who is reminded: the agency's press secretary, or the authorized body's staff. "
            "The work of the authorized body never escalates to an agency's head."
        ),
    )
    reminder_days = models.JSONField(
        _("reminders (days before)"), default=_default_reminders, blank=True
    )
    escalate_to = models.JSONField(
        _("escalate to (roles)"), default=_default_escalation, blank=True
    )
    agency_kinds = models.JSONField(
        _("applies to kinds of agency"), default=_default_kinds, blank=True
    )
    open_days_before = models.PositiveSmallIntegerField(
        _("open days before the due date"),
        default=7,
        help_text=_("Recurring deadlines appear this many days ahead."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["recurrence", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(recurrence=Recurrence.WEEKLY) | Q(weekday__isnull=False),
                name="deadline_rule_weekly_has_weekday",
                violation_error_message=_("A weekly rule needs a weekday."),
            ),
            models.CheckConstraint(
                condition=~Q(recurrence=Recurrence.DATES) | Q(day_of_month__isnull=False),
                name="deadline_rule_dates_have_day",
                violation_error_message=_("A rule on dates needs a day of the month."),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.recurrence == Recurrence.DATES and not (
            self.months and all(isinstance(m, int) and 1 <= m <= 12 for m in self.months)
        ):
            raise ValidationError({"months": _("Give the months as numbers from 1 to 12.")})
        if not all(isinstance(d, int) and d >= 0 for d in self.reminder_days or []):
            raise ValidationError(
                {"reminder_days": _("Give reminders as whole days, e.g. [3, 1, 0].")}
            )
        unknown_roles = set(self.escalate_to or []) - set(Role.values)
        if unknown_roles:
            raise ValidationError({"escalate_to": _("Unknown role.")})
        unknown_kinds = set(self.agency_kinds or []) - set(AgencyKind.values)
        if unknown_kinds:
            raise ValidationError({"agency_kinds": _("Unknown kind of agency.")})
        self._clean_counts_from()

    def _anchored_to(self) -> tuple:
        if self.recurrence == Recurrence.WEEKLY:
            return (self.recurrence, self.weekday)
        if self.recurrence == Recurrence.DATES:
            return (self.recurrence, sorted(self.months or []), self.day_of_month)
        return (self.recurrence,)

    def _clean_counts_from(self):
        base = self.counts_from
        if base is None:
            return
        counted_from_self = (
            self.pk is not None and DeadlineRule.objects.filter(counts_from=self).exists()
        )
        if base.pk == self.pk or base.counts_from_id is not None or counted_from_self:
            raise ValidationError(
                {"counts_from": _("Choose a rule that is not itself counted from another.")}
            )
        if self.recurrence == Recurrence.EVENT or base._anchored_to() != self._anchored_to():
            raise ValidationError(
                {"counts_from": _("Choose a recurring rule anchored to the same days as this one.")}
            )


class DeadlineQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(state__in=PENDING_STATES)


class Deadline(TimeStampedModel):
    """One thing due from one agency by one moment, computed once from a rule."""

    rule = models.ForeignKey(
        DeadlineRule, on_delete=models.PROTECT, related_name="deadlines", verbose_name=_("rule")
    )
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("agency"),
    )
    period_key = models.CharField(
        _("period or subject"),
        max_length=80,
        help_text=_("The anchor date of a recurring deadline, or the object of an event."),
    )
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, null=True, blank=True, editable=False
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    subject = GenericForeignKey("subject_type", "subject_id")
    starts_on = models.DateField(_("counted from"))
    due_at = models.DateTimeField(_("due at"), db_index=True)
    computation = models.JSONField(_("how the due date was computed"), default=dict, editable=False)
    state = models.CharField(
        _("state"), max_length=14, choices=DeadlineState.choices, default=DeadlineState.OPEN
    )
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    waived_reason = models.TextField(_("reason for waiving"), blank=True)

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "agency", "period_key"], name="deadline_once_per_period"
            ),
            models.CheckConstraint(
                condition=~Q(state="waived") | ~Q(waived_reason=""),
                name="deadline_waived_has_reason",
                violation_error_message=_("Say why the deadline is waived."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["due_at"],
                condition=Q(state__in=["open", "overdue"]),
                name="deadline_pending_due",
            ),
            models.Index(fields=["agency", "due_at"]),
        ]

    def __str__(self):
        return f"{self.rule.name} — {self.agency}"

    def get_absolute_url(self):
        return reverse("deadlines:deadline_detail", kwargs={"pk": self.pk})

    @property
    def due_date(self) -> dt.date:
        return timezone.localtime(self.due_at).date()

    @property
    def is_pending(self) -> bool:
        return self.state in PENDING_STATES


class DeadlineEvent(HistoryEntry):
    """Who did what to a deadline and when: done, waived, reopened, with its comment.

    A completion by the portal itself (an appointment confirmed) has no actor."""

    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, related_name="events", verbose_name=_("deadline")
    )
    action = models.CharField(_("action"), max_length=10, choices=DeadlineAction.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("deadline history entry")
        verbose_name_plural = _("deadline history")
        constraints = [
            models.CheckConstraint(
                condition=Q(action=DeadlineAction.DONE) | ~Q(comment=""),
                name="deadline_event_reason_given",
                violation_error_message=_("Say why."),
            )
        ]

    def __str__(self):
        return f"{self.deadline} · {self.get_action_display()}"


class DeadlineReminder(models.Model):
    """That a stage (days before, or the escalation) of a deadline was announced."""

    deadline = models.ForeignKey(Deadline, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(_("stage"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("deadline reminder")
        verbose_name_plural = _("deadline reminders")
        constraints = [
            models.UniqueConstraint(fields=["deadline", "stage"], name="one_reminder_per_stage")
        ]

    def __str__(self):
        return f"{self.deadline} · {self.stage}"


def new_feed_token() -> str:
    """43 URL-safe characters from 32 random bytes: the only secret of a calendar feed."""
    return secrets.token_urlsafe(32)


class CalendarFeedManager(models.Manager):
    def for_user(self, user) -> "CalendarFeed | None":
        return self.filter(user=user).first()


class CalendarFeed(models.Model):
    """The secret address of a user's deadlines as a calendar (ICS) feed, one per user.

    Calendar programs cannot sign in, so whoever knows the address reads the feed; the user
    regenerates it when it may have leaked. What the feed lists follows the user's current
    memberships at every request.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deadline_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_feed_token, editable=False
    )
    updated_at = models.DateTimeField(_("address created at"), auto_now=True)

    objects = CalendarFeedManager()

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)

    # Deliberately no `get_absolute_url`: the admin's "view on site" redirects any staff
    # member to it, and this address is the feed's only secret.
    def feed_path(self) -> str:
        """The secret path of the feed on this site."""
        return reverse("feeds:deadline_feed", kwargs={"token": self.token})

    @property
    def absolute_url(self) -> str:
        """The address to paste into a calendar program."""
        return settings.PORTAL_BASE_URL + self.feed_path()
