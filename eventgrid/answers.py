"""The published weekly media-grid read fast (issue 8 §9): the numbers of a week's versions,
a version's answer in the API and the latest version's built PDF, from the cache, by the version of the publication
"media-grid" that each publication of a grid raises (`exports.MEDIA_GRID_PUBLICATION`),
so a correction is the latest for every process at once.

A read the cache cannot answer costs three small queries (the publication's version, the
week's versions, the kept answer) and decodes no snapshot: the answer's body was encoded
when the version was published (`services.media_grid_answer_store`); only its head — the
version and the list of versions, which a correction changes — is encoded here.

Each answer declares the publication's version it was made from
(`portal.documents.published.answer_made_from`), so each web process keeps its bytes and
serves them again, with one cache round trip, until the next publication.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass

from portal.documents.models import StoredDocument
from portal.documents.published import answer_made_from
from portal.documents.services import document_find, publication_cache_set, publication_cached

from . import exports, services
from .grids import answer_head
from .models import MediaGridAnswer, MediaGridVersion

# As long as the public pages' cache (portal.documents.views.PUBLIC_CACHE_SECONDS).
CACHE_SECONDS = 10 * 60


@dataclass(frozen=True)
class Answer:
    content: bytes
    etag: str  # the SHA-256 of the content


def grid_numbers(week_start: dt.date) -> list[int]:
    """The numbers of the week's published versions, the latest first (none: the week's
    grid is not published)."""
    key = f"media-grid:numbers:{week_start.isoformat()}"
    publication, numbers = publication_cached(exports.MEDIA_GRID_PUBLICATION, key)
    if numbers is None:
        numbers = list(
            MediaGridVersion.objects.filter(grid__week_start=week_start)
            .order_by("-number")
            .values_list("number", flat=True)
        )
        publication_cache_set(key, numbers, version=publication, timeout=CACHE_SECONDS)
    return numbers


def latest_pdf(week_start: dt.date, language: str) -> StoredDocument | None:
    """The built PDF of the week's latest version in `language` (`exports.MEDIA_GRID`);
    None while it is not built or the week is not published."""
    key = f"media-grid:pdf:{week_start.isoformat()}:{language}"
    publication, document = publication_cached(exports.MEDIA_GRID_PUBLICATION, key)
    if document is None:
        numbers = grid_numbers(week_start)
        if not numbers:
            return None
        filters = exports.media_grid_filters(week_start=week_start, number=numbers[0])
        document = document_find(kind=exports.MEDIA_GRID, language=language, filters=filters)
        if document is None or not document.is_done:
            return None
        publication_cache_set(key, document, version=publication, timeout=CACHE_SECONDS)
    answer_made_from(exports.MEDIA_GRID_PUBLICATION, publication)
    return document


def media_grid_answer(*, week_start: dt.date, number: int | None, language: str) -> Answer | None:
    """The answer of /api/v1/media-grids/<week>/ for version `number` (None: the latest) in
    `language`; None when the week has no such published version."""
    key = f"media-grid:answer:{week_start.isoformat()}:{number or 'latest'}:{language}"
    publication, answer = publication_cached(exports.MEDIA_GRID_PUBLICATION, key)
    if answer is not None:
        answer_made_from(exports.MEDIA_GRID_PUBLICATION, publication)
        return answer
    versions = list(
        MediaGridVersion.objects.filter(grid__week_start=week_start)
        .defer("snapshot", "changelog")
        .order_by("-number")
    )
    if number is None:
        chosen = versions[0] if versions else None
    else:
        chosen = next((version for version in versions if version.number == number), None)
    if chosen is None:
        return None
    head = answer_head(week_start=week_start, version=chosen, versions=versions)
    content = exports.media_grid_answer(head=head, body=_body(chosen, language))
    answer = Answer(content=content, etag=hashlib.sha256(content).hexdigest())
    publication_cache_set(key, answer, version=publication, timeout=CACHE_SECONDS)
    answer_made_from(exports.MEDIA_GRID_PUBLICATION, publication)
    return answer


def _body(version: MediaGridVersion, language: str) -> bytes:
    """The body kept at publication; encoded again (and kept) when it is missing or of an
    older layout than the one encoded now."""
    kept = (
        MediaGridAnswer.objects.filter(version=version, language=language)
        .values_list("layout", "body")
        .first()
    )
    if kept is not None and kept[0] == exports.media_grid_answer_layout(language):
        return bytes(kept[1])
    whole = MediaGridVersion.objects.get(pk=version.pk)
    return services.media_grid_answer_store(version=whole, language=language)
