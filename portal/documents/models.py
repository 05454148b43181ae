from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ..models import TimeStampedModel
from .choices import DocumentStatus


class Publication(models.Model):
    """The published version of a body of public data ("directory"): bumped by every
    confirmed change, it keys the public caches and the stored documents."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    changed_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def __str__(self):
        return f"{self.name} v{self.version}"


class StoredDocument(TimeStampedModel):
    """A generated file of one kind, language, publication version and filter, built once
    by a Celery task and then served from storage like a static file."""

    kind = models.CharField(_("kind"), max_length=40)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField(_("version"))
    # sha256 of the normalised filter (`registry.filter_key`); "" is never used, the
    # unfiltered document has the key of {}.
    filter_key = models.CharField(_("filter key"), max_length=64)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    # documents/<kind>/<language>/<version>-<filter key>.<ext>: longer than Django's 100.
    file = models.FileField(_("file"), upload_to="documents/", max_length=255, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    error = models.TextField(_("error"), blank=True)
    # The worker that builds it (a random token) and since when: a claim older than
    # services.STALE_CLAIM was left by a dead worker and is taken over.
    claim = models.CharField(max_length=32, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(_("queued at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stored document")
        verbose_name_plural = _("stored documents")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "language", "version", "filter_key"],
                name="one_document_per_kind_language_version_filter",
            ),
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="document_progress_at_most_100"
            ),
            models.CheckConstraint(
                condition=~Q(status=DocumentStatus.DONE) | ~Q(file=""),
                name="done_document_has_a_file",
            ),
        ]

    def __str__(self):
        return f"{self.kind} {self.language} v{self.version} {self.filter_key[:8]}"

    @property
    def is_done(self) -> bool:
        return self.status == DocumentStatus.DONE
