"""Information and media requests that reach an agency's press office (002 §36–48; SPEC §5),
with their timeline and their answer.

A request's due date is computed by `clock.case_clock` from its recorded events and the
deadline rules, and stored in `due_at` so that the inbox filters on one indexed column; the
engine's `Deadline` rows (reminders, escalation, the ministry's dashboard) follow it. The
requester follows the request by a secret link whose token is stored only as its SHA-256.
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.directory.choices import Language
from portal.models import HistoryEntry, TimeStampedModel

from .choices import OPEN_STATES, Channel, Outcome, RequestAction, RequestState


def token_hash(token: str) -> str:
    """What is stored of a tracking token: the link alone carries the token itself."""
    return hashlib.sha256(token.encode()).hexdigest()


class InformationRequest(TimeStampedModel):
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="information_requests",
        verbose_name=_("agency"),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    requester_name = models.CharField(_("name"), max_length=200)
    requester_email = models.EmailField(_("e-mail address"))
    requester_organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    text = models.TextField(_("text of the request"))
    language = models.CharField(
        _("language of the request"), max_length=2, choices=Language.choices
    )
    number = models.CharField(_("registration number"), max_length=16, unique=True)
    tracking_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    state = models.CharField(
        _("state"), max_length=12, choices=RequestState.choices, default=RequestState.REGISTERED
    )
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("due at"))
    extended_days = models.PositiveSmallIntegerField(_("extended by (days)"), null=True, blank=True)
    assigned_unit = models.CharField(_("assigned unit"), max_length=200, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("assigned to"),
    )
    redirected_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="redirected_to",
        verbose_name=_("redirected from"),
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("reason"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    receipt_sent_at = models.DateTimeField(
        _("notice of receipt sent at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Set when the notice of receipt is claimed for sending: it goes once."),
    )

    class Meta:
        verbose_name = _("information request")
        verbose_name_plural = _("information requests")
        ordering = ["-received_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=RequestState.CLOSED, closed_at__isnull=False) & ~Q(outcome="")
                | ~Q(state=RequestState.CLOSED) & Q(closed_at__isnull=True, outcome=""),
                name="request_closed_has_outcome",
                violation_error_message=_("A closed request has an outcome, an open one none."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome=Outcome.REFUSED) | ~Q(outcome_reason=""),
                name="request_refusal_has_reason",
                violation_error_message=_("Give the reason for the refusal."),
            ),
            models.CheckConstraint(
                condition=Q(extended_days__isnull=True) | Q(extended_days__gt=0),
                name="request_extension_positive",
            ),
            models.CheckConstraint(
                condition=Q(received_at__lte=models.F("due_at")),
                name="request_due_after_receipt",
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "-received_at"]),
            models.Index(
                fields=["due_at"], condition=Q(state__in=OPEN_STATES), name="request_open_due"
            ),
        ]

    def __str__(self):
        return self.number

    # Deliberately no `get_absolute_url` pointing at the tracking page: its token is the
    # requester's only secret (STYLE: "a secret inside a URL ... view on site").

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class RequestEvent(HistoryEntry):
    """One step of a request's timeline; `public` ones are shown to the requester."""

    request = models.ForeignKey(
        InformationRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("request"),
    )
    action = models.CharField(_("action"), max_length=12, choices=RequestAction.choices)
    public = models.BooleanField(_("shown to the requester"), default=False)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("request history entry")
        verbose_name_plural = _("request history")
        indexes = [models.Index(fields=["request", "at"])]


class RequestAnswer(TimeStampedModel):
    """The answer, in the language of the request (002 §40): drafted, approved by the head
    (a media request by the press secretary too), then sent. Changing the text after an
    approval needs a new one."""

    request = models.OneToOneField(
        InformationRequest,
        on_delete=models.CASCADE,
        related_name="answer",
        verbose_name=_("request"),
    )
    text = models.TextField(_("text of the answer"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("drafted by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(approved_at__isnull=False),
                name="answer_sent_only_approved",
                violation_error_message=_("Only an approved answer is sent."),
            )
        ]

    def __str__(self):
        return str(self.request)


class ReferenceRequest(TimeStampedModel):
    """The authorized body's request for reference materials (004 §12–13), addressed to one
    or several agencies; each answers in its own `ReferenceAnswer`."""

    topic = models.CharField(_("topic"), max_length=300)
    kinds = models.JSONField(_("what is asked"), default=list)
    text = models.TextField(_("text of the request"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("asked by"),
    )
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reference-material request")
        verbose_name_plural = _("reference-material requests")
        ordering = ["-sent_at", "-pk"]

    def __str__(self):
        return self.topic


class ReferenceAnswer(TimeStampedModel):
    """One addressed agency's answer: due within one working day of receipt (004 §13, the
    rule "reference-materials"; no date while the rule is inactive); `late` records an
    answer given after `due_at`."""

    request = models.ForeignKey(
        ReferenceRequest,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("reference-material request"),
    )
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="reference_answers",
        verbose_name=_("agency"),
    )
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    text = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    late = models.BooleanField(_("answered late"), default=False)

    class Meta:
        verbose_name = _("reference-material answer")
        verbose_name_plural = _("reference-material answers")
        ordering = ["request", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "agency"], name="reference_answer_once_per_agency"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(text=""),
                name="reference_answer_has_text",
                violation_error_message=_("Write the answer."),
            ),
        ]

    def __str__(self):
        return f"{self.request} — {self.agency}"


def reference_file_path(file: "ReferenceFile", filename: str) -> str:
    return f"reference-answers/{file.answer_id}/{filename}"


class ReferenceFile(models.Model):
    """A file of an agency's answer, stored under the portal's own name and served only
    through a permission check (issue 10 item 10)."""

    answer = models.ForeignKey(
        ReferenceAnswer, on_delete=models.CASCADE, related_name="files", verbose_name=_("answer")
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=reference_file_path, max_length=255)

    class Meta:
        verbose_name = _("file of an answer")
        verbose_name_plural = _("files of answers")
        ordering = ["pk"]

    def __str__(self):
        return self.title


def request_file_path(file: "RequestAttachment", filename: str) -> str:
    return f"request-attachments/{file.request_id}/{filename}"


class RequestAttachment(models.Model):
    """A file sent with the public form (issue 10 item 2), checked by its content, served
    only to the agency's staff through a permission check."""

    request = models.ForeignKey(
        InformationRequest,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("request"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=request_file_path, max_length=255)

    class Meta:
        verbose_name = _("attachment of a request")
        verbose_name_plural = _("attachments of requests")
        ordering = ["pk"]

    def __str__(self):
        return self.title


class AnswerTemplate(TimeStampedModel):
    """A reusable answer (issue 10 item 6): an agency's own, or global when `agency` is
    empty (the authorized body's); its body in each language of a request (002 §40)."""

    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="answer_templates",
        verbose_name=_("agency"),
        help_text=_("Leave empty for a template every agency may use."),
    )
    title = models.CharField(_("title"), max_length=200)
    body_kk = models.TextField(_("text in Kazakh"), blank=True)
    body_ru = models.TextField(_("text in Russian"), blank=True)
    body_en = models.TextField(_("text in English"), blank=True)

    class Meta:
        verbose_name = _("answer template")
        verbose_name_plural = _("answer templates")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(body_kk="") | ~Q(body_ru="") | ~Q(body_en=""),
                name="answer_template_has_text",
                violation_error_message=_("Write the template in at least one language."),
            )
        ]

    def __str__(self):
        return self.title

    def body_in(self, language: str) -> str:
        return getattr(self, f"body_{language}", "") or ""
