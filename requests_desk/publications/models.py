"""Material a unit of an agency hands to its press secretary for the website (002 §8–14;
SPEC §7), on its way through editing and translation to its posting, with its history and
files. The deadlines of each stage are the engine's (`portal.deadlines`), opened and met by
the services; `handover_due_at` keeps the latest moment the hand-over was allowed, so the
queue shows a late one at once."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.calendar import validate_calendar_date
from portal.models import HistoryEntry, TimeStampedModel

from .choices import PublicationAction, PublicationKind, PublicationStage


class PublicationRequest(TimeStampedModel):
    agency = models.ForeignKey(
        "portal.Agency",
        on_delete=models.PROTECT,
        related_name="publication_requests",
        verbose_name=_("agency"),
    )
    unit = models.CharField(_("initiating unit"), max_length=200)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=12, choices=PublicationKind.choices)
    publication_date = models.DateField(
        _("publication date"),
        validators=[validate_calendar_date],
        help_text=_(
            "When it is to appear on the website; for a procurement notice, when the "
            "notice was published."
        ),
    )
    stage = models.CharField(
        _("stage"),
        max_length=14,
        choices=PublicationStage.choices,
        default=PublicationStage.HANDED_OVER,
    )
    handed_over_at = models.DateTimeField(_("handed over at"))
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handed over by"),
    )
    handover_due_at = models.DateTimeField(_("hand-over due by"), null=True, blank=True)
    is_late = models.BooleanField(_("handed over late"), default=False)
    edited_text = models.TextField(_("edited text"), blank=True)
    posted_url = models.URLField(_("address on the website"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    # The stage deadlines go with the request when a superuser deletes it in the admin.
    deadlines = GenericRelation(
        "deadlines.Deadline", content_type_field="subject_type", object_id_field="subject_id"
    )

    class Meta:
        verbose_name = _("publication request")
        verbose_name_plural = _("publication requests")
        ordering = ["publication_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage=PublicationStage.POSTED)
                | (~Q(posted_url="") & Q(posted_at__isnull=False)),
                name="publication_posted_has_url",
                violation_error_message=_("A posted publication has its address."),
            ),
        ]
        indexes = [models.Index(fields=["agency", "publication_date"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("publications:publication_detail", kwargs={"pk": self.pk})


class PublicationEvent(HistoryEntry):
    request = models.ForeignKey(
        PublicationRequest,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("publication request"),
    )
    action = models.CharField(_("action"), max_length=12, choices=PublicationAction.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta(HistoryEntry.Meta):
        verbose_name = _("publication history entry")
        verbose_name_plural = _("publication history")


def publication_file_path(file: "PublicationFile", filename: str) -> str:
    return f"publication-files/{file.request_id}/{filename}"


class PublicationFile(models.Model):
    """A file handed over with the material, stored under the portal's own name and served
    only through a permission check."""

    request = models.ForeignKey(
        PublicationRequest,
        on_delete=models.CASCADE,
        related_name="files",
        verbose_name=_("publication request"),
    )
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), upload_to=publication_file_path, max_length=255)

    class Meta:
        verbose_name = _("file of a publication request")
        verbose_name_plural = _("files of publication requests")
        ordering = ["pk"]

    def __str__(self):
        return self.title
