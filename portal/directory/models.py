import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ..models import HistoryEntry, TimeStampedModel
from .choices import (
    AGENCY_ROLES,
    AWAITING_REVIEW,
    AgencyKind,
    AgencyStatus,
    CalendarCorrectionKind,
    Language,
    Region,
    ReviewState,
    Role,
    SpokespersonAction,
    SpokespersonPost,
)
from .search import SORT_KEY_LENGTH, derived_fields, with_search_keys
from .validators import normalise_phone, validate_phone


def _with_search_keys(obj, save_kwargs):
    """Refresh the derived sort and search fields before a save that may change the names."""
    sources, derived = derived_fields(obj)
    update_fields = save_kwargs.get("update_fields")
    if update_fields is None:
        with_search_keys(obj)
    elif sources & set(update_fields):
        with_search_keys(obj)
        save_kwargs["update_fields"] = {*update_fields, *derived}


class User(AbstractUser):
    """A person who signs in; emails reach them in their preferred language."""

    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.KAZAKH
    )


class Agency(TimeStampedModel):
    """A government body, committee, akimat or national company with a press office."""

    kind = models.CharField(_("kind"), max_length=16, choices=AgencyKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, blank=True)
    name = models.CharField(pgettext_lazy("agency", "name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    website = models.URLField(_("website"), blank=True)
    head_name = models.CharField(_("first head"), max_length=200, blank=True)
    head_position = models.CharField(_("position of the first head"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[validate_phone])
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=AgencyStatus.choices, default=AgencyStatus.ACTIVE
    )
    # Derived by `search.with_search_keys` in save() and before bulk_create: the name's sort key
    # in each language's alphabet, and the search skeleton of every translation of the names.
    sort_name_kk = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False)
    sort_name_ru = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False)
    sort_name_en = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    status_changed_on = models.DateField(_("status changed on"), null=True, blank=True)
    successors = models.ManyToManyField(
        "self",
        verbose_name=_("successors"),
        through="AgencySuccession",
        symmetrical=False,
        related_name="predecessors",
        blank=True,
    )

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=AgencyStatus.ACTIVE) | Q(status_changed_on__isnull=False),
                name="agency_inactive_has_date",
                violation_error_message=_("Give the date on which the agency changed status."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, **kwargs):
        _with_search_keys(self, kwargs)
        super().save(**kwargs)

    def get_absolute_url(self):
        return reverse("directory:agency_detail", kwargs={"slug": self.slug})

    @property
    def is_active(self):
        return self.status == AgencyStatus.ACTIVE

    def clean(self):
        self.phone = normalise_phone(self.phone)


class AgencySuccession(models.Model):
    """Links a reorganised agency to the bodies that took over its functions."""

    predecessor = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="succession_to",
        verbose_name=_("predecessor"),
    )
    successor = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="succession_from",
        verbose_name=_("successor"),
    )
    effective_on = models.DateField(_("effective on"))

    class Meta:
        verbose_name = _("succession")
        verbose_name_plural = _("successions")
        constraints = [
            models.UniqueConstraint(
                fields=["predecessor", "successor"], name="succession_unique_pair"
            ),
            models.CheckConstraint(
                condition=~Q(predecessor=models.F("successor")),
                name="succession_not_self",
                violation_error_message=_("An agency cannot succeed itself."),
            ),
        ]

    def __str__(self):
        return f"{self.predecessor} → {self.successor}"


class AgencySocialAccount(models.Model):
    """An official social-network account of an agency (000 §7)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="social_accounts", verbose_name=_("agency")
    )
    network = models.CharField(_("network"), max_length=40)
    url = models.URLField(_("address"))

    class Meta:
        verbose_name = _("social-network account")
        verbose_name_plural = _("social-network accounts")
        ordering = ["network"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "url"], name="social_account_unique_url")
        ]

    def __str__(self):
        return f"{self.network}: {self.url}"


def in_post_on(on: dt.date) -> Q:
    """Confirmed, appointed by `on` and not yet left: the one definition of "current" that the
    agency page, the directory, its PDF and the API share (004 §4)."""
    return Q(confirmed_at__isnull=False, appointed_on__lte=on) & (
        Q(left_on__isnull=True) | Q(left_on__gte=on)
    )


class SpokespersonQuerySet(models.QuerySet):
    def current(self, *, on=None):
        return self.filter(in_post_on(on or timezone.localdate()))

    def holder_of_post(self, agency_id):
        """The confirmed authorized person whose term a new appointment would end."""
        return self.filter(
            agency_id=agency_id,
            post=SpokespersonPost.AUTHORIZED_PERSON,
            left_on__isnull=True,
            confirmed_at__isnull=False,
        )

    def published(self):
        """Appointments the authorized body confirmed: what journalists may see (004 §4)."""
        return self.filter(confirmed_at__isnull=False)


class Spokesperson(TimeStampedModel):
    """One appointment of a person as the authorized person or a member of the unit.

    A new appointment is a new row, so the history of who held the post stays readable.
    """

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="spokespersons", verbose_name=_("agency")
    )
    post = models.CharField(
        _("post"),
        max_length=8,
        choices=SpokespersonPost.choices,
        default=SpokespersonPost.AUTHORIZED_PERSON,
    )
    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=300)
    email = models.EmailField(_("email"), blank=True)
    # Derived by `search.with_search_keys` in save() and before bulk_create: surname, first name
    # and patronymic as a sort key in each language's alphabet, and their search skeleton.
    sort_surname_kk = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False)
    sort_surname_ru = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False)
    sort_surname_en = models.CharField(max_length=SORT_KEY_LENGTH, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)
    work_phone = models.CharField(
        _("work phone"), max_length=40, blank=True, validators=[validate_phone]
    )
    mobile_phone = models.CharField(
        _("mobile phone"),
        max_length=40,
        blank=True,
        validators=[validate_phone],
        help_text=_("Seen only by the agency and the authorized body."),
    )
    languages = models.JSONField(_("languages spoken"), default=list, blank=True)
    appointed_on = models.DateField(_("appointed on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    confirmed_at = models.DateTimeField(
        _("confirmed by the authorized body at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Until confirmed, the appointment is not shown in the public directory."),
    )
    review_state = models.CharField(
        _("review"), max_length=10, choices=ReviewState.choices, default=ReviewState.AWAITING
    )
    pending_changes = models.JSONField(
        _("changes awaiting confirmation"), default=dict, blank=True, editable=False
    )
    review_event = models.ForeignKey(
        "SpokespersonEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("The submission the authorized body is asked to confirm."),
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True, editable=False)

    objects = SpokespersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("spokesperson")
        verbose_name_plural = _("spokespersons")
        ordering = ["-appointed_on", "surname"]
        indexes = [models.Index(fields=["agency", "-appointed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(left_on__isnull=True, post="person", confirmed_at__isnull=False),
                name="one_current_authorized_person_per_agency",
                violation_error_message=_(
                    "This agency already has a current authorized person; "
                    "record the date they left first."
                ),
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(post="person", review_state="awaiting"),
                name="one_awaiting_authorized_person_per_agency",
                violation_error_message=_(
                    "An appointment to this post already awaits confirmation: "
                    "correct that one instead."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    confirmed_at__isnull=True,
                    review_state__in=[ReviewState.AWAITING, ReviewState.REJECTED],
                )
                | Q(
                    confirmed_at__isnull=False,
                    review_state__in=[ReviewState.CONFIRMED, ReviewState.CHANGE_AWAITING],
                ),
                name="spokesperson_review_matches_publication",
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=models.F("appointed_on")),
                name="spokesperson_left_after_appointed",
                violation_error_message=_("The date of leaving cannot precede the appointment."),
            ),
        ]

    def __str__(self):
        return self.full_name

    def save(self, **kwargs):
        _with_search_keys(self, kwargs)
        super().save(**kwargs)

    @property
    def full_name(self):
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)

    @property
    def is_published(self):
        return self.confirmed_at is not None

    def has_left(self, *, on=None) -> bool:
        """`left_on` is the last day in the post."""
        return self.left_on is not None and self.left_on < (on or timezone.localdate())

    def is_current(self, *, on=None) -> bool:
        """The Python twin of `in_post_on`, for rows already loaded."""
        on = on or timezone.localdate()
        return self.is_published and self.appointed_on <= on and not self.has_left(on=on)

    @property
    def awaits_review(self) -> bool:
        return self.review_state in AWAITING_REVIEW

    def with_pending_changes(self) -> "Spokesperson":
        """This (unsaved) entry as the agency proposed to change it: where an edit starts."""
        return self.with_values(self.pending_changes)

    def with_values(self, values: dict) -> "Spokesperson":
        """Field values as the history and `pending_changes` store them (JSON: ISO dates)."""
        for name, value in values.items():
            setattr(self, name, self._meta.get_field(name).to_python(value))
        return self

    @property
    def pending_display(self) -> list[tuple[str, object]]:
        """(field's name, proposed value) of a change awaiting confirmation, for its agency."""
        return [
            (self._meta.get_field(name).verbose_name, value)
            for name, value in self.pending_changes.items()
        ]

    def get_languages_display(self):
        labels = dict(Language.choices)
        return ", ".join(str(labels[code]) for code in self.languages if code in labels)

    def clean(self):
        self.work_phone = normalise_phone(self.work_phone)
        self.mobile_phone = normalise_phone(self.mobile_phone)
        unknown = set(self.languages or []) - set(Language.values)
        if not isinstance(self.languages, list) or unknown:
            raise ValidationError(
                {"languages": _("Choose languages from Kazakh, Russian and English.")}
            )
        self._clean_follows_holder()
        latest = timezone.localdate() + dt.timedelta(days=settings.APPOINTMENT_MAX_DAYS_AHEAD)
        if self.appointed_on and self.appointed_on > latest:
            raise ValidationError(
                {
                    "appointed_on": _(
                        "An appointment can be recorded at most %(days)d days ahead, "
                        "until %(date)s."
                    )
                    % {"days": settings.APPOINTMENT_MAX_DAYS_AHEAD, "date": f"{latest:%d.%m.%Y}"}
                }
            )

    def _clean_follows_holder(self):
        if self.is_published or self.post != SpokespersonPost.AUTHORIZED_PERSON:
            return
        if not (self.agency_id and self.appointed_on):
            return
        holder = Spokesperson.objects.holder_of_post(self.agency_id).exclude(pk=self.pk).first()
        if holder is not None and holder.appointed_on >= self.appointed_on:
            raise ValidationError(
                {
                    "appointed_on": _(
                        "The new appointment must follow the current one (from %(date)s)."
                    )
                    % {"date": f"{holder.appointed_on:%d.%m.%Y}"}
                }
            )


class SpokespersonEvent(HistoryEntry):
    """One step in an appointment's history: who recorded, changed, confirmed or rejected it,
    when, with which comment and which field values (old, new)."""

    spokesperson = models.ForeignKey(
        Spokesperson,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("spokesperson"),
    )
    action = models.CharField(_("action"), max_length=10, choices=SpokespersonAction.choices)
    comment = models.TextField(_("comment"), blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("appointment history entry")
        verbose_name_plural = _("appointment history")


class Membership(models.Model):
    """Ties a user to an agency in a role; the source of every permission decision."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    agency = models.ForeignKey(
        Agency,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("agency"),
        null=True,
        blank=True,
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency", "role"],
                condition=Q(agency__isnull=False),
                name="membership_unique_in_agency",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(agency__isnull=True),
                name="membership_unique_without_agency",
            ),
            models.CheckConstraint(
                condition=~Q(role__in=[role.value for role in AGENCY_ROLES])
                | Q(agency__isnull=False),
                name="membership_agency_role_has_agency",
                violation_error_message=_("This role needs an agency."),
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} {self.agency or ''}".strip()


class CalendarCorrection(models.Model):
    """A day off or working day declared by the government after the calendar was published."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=CalendarCorrectionKind.choices)
    name = models.CharField(pgettext_lazy("calendar day", "name"), max_length=200)
    decree = models.CharField(
        _("decree"),
        max_length=300,
        blank=True,
        help_text=_("The government decision that moved the day."),
    )

    class Meta:
        verbose_name = _("calendar correction")
        verbose_name_plural = _("calendar corrections")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()}"
