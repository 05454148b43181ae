"""Every write of the documents app: publication versions and stored documents.

**Publications.** `publication_bump(name)` is called by the service that publishes a
confirmed change (the directory's `services.py`); after the transaction commits, one F()
UPDATE raises the version and the cached version is replaced. `publication_version(name)`
reads it through Django's cache (a process-local cache in the demo, Redis in production), so
a public page costs no query for it. Public caches and stored documents are keyed by it: a
bump makes every cached answer of the old version unreachable at once, nothing is deleted.

**Stored documents.** A document (kind, language, version, filter) has one row, made by the
first request that asks for it (`document_request`, which queues its build once, on commit);
a second request finds the row and queues nothing. The Celery task `documents.build` claims
the row with a conditional UPDATE that must change exactly it (queued, or running under a
claim older than `STALE_CLAIM` — a dead worker's), renders, saves the file under a name fixed
by the row, and marks it done under its claim. So a task that runs twice, or again after a
worker died, writes the one file of that row; a task whose claim was taken over does not
mark the row. Documents of older versions are removed with their files once a newer one of
the same kind is done.
"""

import datetime as dt
import hashlib
import logging
import mimetypes
import uuid

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from . import registry
from .choices import DocumentStatus
from .models import Publication, StoredDocument

logger = logging.getLogger(__name__)

# How long a process trusts its cached version. A bump replaces it at once in a shared
# cache (Redis); a process-local cache (the demo) sees another process's bump within this.
PUBLICATION_CACHE_SECONDS = 60
# Longer than CELERY_TASK_TIME_LIMIT (10 minutes): a live build never holds a claim so long.
STALE_CLAIM = dt.timedelta(minutes=15)
# A failed build is tried again by a request that comes this long after it failed.
RETRY_FAILED_AFTER = dt.timedelta(minutes=5)
# How long a done document's row is served from the cache (its file is read every time).
DONE_CACHE_SECONDS = 60 * 60


def _version_cache_key(name: str) -> str:
    return f"publication:{name}"


def publication_version(name: str) -> int:
    """The published version of `name`: 0 before its first bump. No query when cached."""
    key = _version_cache_key(name)
    version = cache.get(key)
    if version is None:
        version = (
            Publication.objects.filter(name=name).values_list("version", flat=True).first() or 0
        )
        # add, not set: a bump that happened meanwhile has set the newer version.
        cache.add(key, version, PUBLICATION_CACHE_SECONDS)
    return version


def publication_bump(name: str) -> None:
    """A confirmed change of `name` is published: after the transaction commits (never for
    a change that is rolled back), raise its version and refresh the cached one."""
    transaction.on_commit(lambda: _publication_bump_now(name), robust=True)


def _publication_bump_now(name: str) -> None:
    now = timezone.now()
    if not Publication.objects.filter(name=name).update(version=F("version") + 1, changed_at=now):
        try:
            with transaction.atomic():
                Publication.objects.create(name=name, version=1)
        except IntegrityError:  # another process made it first
            Publication.objects.filter(name=name).update(version=F("version") + 1, changed_at=now)
    version = Publication.objects.filter(name=name).values_list("version", flat=True).get()
    cache.set(_version_cache_key(name), version, PUBLICATION_CACHE_SECONDS)


def publication_cached(name: str, key: str):
    """(the version of `name`, the value cached under `key` for that version or None), in
    one round trip to the cache. The value is stored with the version it was made from
    (`publication_cache_set`), so a bump makes it stale at once for every process; make it
    after asking here, so that it is never older than the version it is stored with."""
    version_key = _version_cache_key(name)
    found = cache.get_many([version_key, key])
    version = found.get(version_key)
    if version is None:
        version = publication_version(name)
    stored = found.get(key)
    if stored is not None and stored[0] == version:
        return version, stored[1]
    return version, None


def publication_cache_set(key: str, value, *, version: int, timeout: int) -> None:
    """Cache `value`, made from `version` of a publication, for `publication_cached`."""
    cache.set(key, (version, value), timeout)


# --- Stored documents ------------------------------------------------------------------


def document_version(kind: str) -> int:
    """The version a document of `kind` is made for: the sum of its publications' versions,
    which changes (and only rises) whenever one of them is bumped."""
    return sum(publication_version(name) for name in registry.get_kind(kind).publications)


def _done_cache_key(kind: str, language: str, version: int, filter_key: str) -> str:
    return f"document:{kind}:{language}:{version}:{filter_key}"


def document_find(*, kind: str, language: str, filters: dict) -> StoredDocument | None:
    """The document of the current version, if any request has asked for it: one query, or
    none once it is done (a done document's row never changes, so it is cached until it is
    discarded; older versions' keys are never asked for again)."""
    version = document_version(kind)
    key = _done_cache_key(kind, language, version, registry.filter_key(filters))
    document = cache.get(key)
    if document is not None:
        return document
    document = StoredDocument.objects.filter(
        kind=kind, language=language, version=version, filter_key=registry.filter_key(filters)
    ).first()
    if document is not None and document.is_done:
        cache.set(key, document, DONE_CACHE_SECONDS)
    return document


def _restartable(*, at: dt.datetime) -> Q:
    """Rows whose build is not under way: failed a while ago, or queued or claimed so long
    ago that the message or the worker must have been lost."""
    return (
        Q(status=DocumentStatus.FAILED, finished_at__lt=at - RETRY_FAILED_AFTER)
        | Q(status=DocumentStatus.QUEUED, queued_at__lt=at - STALE_CLAIM)
        | Q(status=DocumentStatus.RUNNING, claimed_at__lt=at - STALE_CLAIM)
    )


def document_needs_build(document: StoredDocument | None, *, at: dt.datetime | None = None) -> bool:
    """Would asking for this document start a build? (The test of `_restartable`, in Python.)"""
    if document is None:
        return True
    at = at or timezone.now()
    if document.status == DocumentStatus.FAILED:
        return document.finished_at is not None and document.finished_at < at - RETRY_FAILED_AFTER
    if document.status == DocumentStatus.QUEUED:
        return document.queued_at < at - STALE_CLAIM
    if document.status == DocumentStatus.RUNNING:
        return document.claimed_at is not None and document.claimed_at < at - STALE_CLAIM
    return False


def document_request(*, kind: str, language: str, filters: dict) -> StoredDocument:
    """The document of the current version; its build is queued (on commit) by the one call
    that made its row, or that restarted a failed or lost build."""
    now = timezone.now()
    version = document_version(kind)
    document, created = StoredDocument.objects.get_or_create(
        kind=kind,
        language=language,
        version=version,
        filter_key=registry.filter_key(filters),
        defaults={"filters": filters, "queued_at": now},
    )
    if not created:
        restarted = (
            StoredDocument.objects.filter(pk=document.pk)
            .filter(_restartable(at=now))
            .update(
                status=DocumentStatus.QUEUED,
                progress=0,
                error="",
                claim="",
                claimed_at=None,
                queued_at=now,
                finished_at=None,
            )
        )
        if not restarted:
            return document
        document.refresh_from_db()
    _queue_build(document.pk)
    return document


def _queue_build(document_id: int) -> None:
    from .tasks import build

    transaction.on_commit(lambda: build.delay(document_id=document_id))


def document_discard(document: StoredDocument) -> None:
    """Forget a done document whose file is gone from storage, so it is built again."""
    StoredDocument.objects.filter(pk=document.pk, status=DocumentStatus.DONE).delete()
    cache.delete(
        _done_cache_key(document.kind, document.language, document.version, document.filter_key)
    )


def _set_progress(document_id: int, claim: str, progress: int) -> bool:
    return bool(
        StoredDocument.objects.filter(pk=document_id, claim=claim).update(progress=progress)
    )


def build_claim(rows) -> str | None:
    """Claim the build row in `rows` for this worker with one conditional UPDATE: a queued
    one, or one running under a claim older than STALE_CLAIM (its worker died). Returns the
    claim (a random token the worker's later updates filter on), None when another worker
    has it or it is done. Stored documents and the analytical note's builds share it."""
    claim, now = uuid.uuid4().hex, timezone.now()
    claimed = rows.filter(
        Q(status=DocumentStatus.QUEUED)
        | Q(status=DocumentStatus.RUNNING, claimed_at__lt=now - STALE_CLAIM)
    ).update(status=DocumentStatus.RUNNING, claim=claim, claimed_at=now, progress=10)
    return claim if claimed else None


def document_build(*, document_id: int) -> str:
    """Build one stored document (the Celery task `documents.build`). Returns what happened:
    "done", "failed", or "not claimed" (gone, already built, or being built elsewhere)."""
    claim = build_claim(StoredDocument.objects.filter(pk=document_id))
    if claim is None:
        logger.info("Document %s is gone, built or being built: nothing to do", document_id)
        return "not claimed"
    document = StoredDocument.objects.get(pk=document_id)
    kind = registry.get_kind(document.kind)
    try:
        content = kind.build(language=document.language, filters=document.filters)
        _set_progress(document_id, claim, 70)
        extension = mimetypes.guess_extension(kind.content_type) or ""
        name = (
            f"documents/{document.kind}/{document.language}/"
            f"{document.version}-{document.filter_key}{extension}"
        )
        # The row's own name: a file a dead worker left there is replaced, never doubled.
        default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(content))
        _set_progress(document_id, claim, 90)
    except Exception as error:
        logger.exception("Document %s failed", document_id)
        StoredDocument.objects.filter(pk=document_id, claim=claim).update(
            status=DocumentStatus.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        return "failed"
    marked = StoredDocument.objects.filter(pk=document_id, claim=claim).update(
        status=DocumentStatus.DONE,
        progress=100,
        file=saved,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        finished_at=timezone.now(),
    )
    if not marked:  # taken over meanwhile: the other build's row and file win
        if saved != name:
            default_storage.delete(saved)
        return "not claimed"
    _documents_prune(kind=document.kind, before_version=document.version)
    return "done"


def _documents_prune(*, kind: str, before_version: int) -> int:
    """Remove the finished documents of `kind` of older versions, and their files."""
    old = StoredDocument.objects.filter(
        kind=kind,
        version__lt=before_version,
        status__in=[DocumentStatus.DONE, DocumentStatus.FAILED],
    )
    for name in old.exclude(file="").values_list("file", flat=True):
        default_storage.delete(name)
    return old.delete()[0]
