"""What the apps' views reuse: public reads cached by a publication's version, with ETag and
304; stored documents served like static files, with a progress page while they are built.

Public reads are those of readers who see published data only — anonymous visitors and
journalists (`public_reader`); members and the authorized body see unpublished rows and are
never answered from the shared cache. HTML pages are cached for anonymous visitors only,
since a signed-in reader's page carries their menu and a CSRF token; an anonymous page has
neither, and no CSP nonce (scripts come from static files only). The cached value is the
rendered body; each answer gets its headers (CSP, security) from the middleware as usual.

The key: publication, version, language, scheme and host (the API's absolute links), path,
the query string with its parameters sorted, the output format and today's date (who is
"current" changes at midnight). The ETag is derived from the key, so a bump changes it.
"""

import hashlib
import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from ..directory import rules
from ..middleware import client_address
from ..ratelimit import within_limit
from . import registry, services
from .choices import DocumentStatus

# A cached answer also expires after this, in case a change was published without a bump.
PUBLIC_CACHE_SECONDS = 10 * 60
# Browsers and proxies may reuse an API answer this long; pages are revalidated (a 304).
API_MAX_AGE = 60
# Longer query strings are answered without the cache, so junk cannot fill it.
MAX_CACHED_QUERY = 512
PROGRESS_REFRESH_SECONDS = 3


def public_reader(user) -> bool:
    """Sees published data only: anonymous visitors and journalists."""
    return not rules.member_agency_ids(user) and not rules.sees_every_agency(user)


def _anonymous_without_messages(request) -> bool:
    return not request.user.is_authenticated and not len(get_messages(request))


def _cache_key(request, publication: str, version: int, output: str) -> str | None:
    query = urlencode(
        sorted((name, value) for name, values in request.GET.lists() for value in values)
    )
    if len(query) > MAX_CACHED_QUERY:
        return None
    parts = [
        publication,
        str(version),
        get_language(),
        request.scheme,
        request.get_host(),
        request.path,
        query,
        output,
        timezone.localdate().isoformat(),
    ]
    return "published:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def published_response(
    request, produce, *, publication: str, output: str, vary=(), max_age: int = 0
) -> HttpResponse:
    """`produce()`'s answer, from the cache when this version's is there; 304 when the
    client holds it. Only 200 answers are stored."""
    version = services.publication_version(publication)
    key = _cache_key(request, publication, version, output)
    if key is None:
        return produce()
    etag = quote_etag(f"{publication}-{version}-{key[-24:]}")

    def finish(response):
        response["ETag"] = etag
        if max_age:
            patch_cache_control(response, public=True, max_age=max_age)
        else:
            patch_cache_control(response, public=True, no_cache=True)
        patch_vary_headers(response, vary)
        return response

    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return finish(not_modified)
    stored = cache.get(key)
    if stored is not None:
        content_type, body = stored
        return finish(HttpResponse(body, content_type=content_type))
    response = produce()
    if response.status_code != 200:
        return response

    def store(rendered):
        # A body with a CSRF token or a CSP nonce belongs to this request alone.
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "_csp_nonce", None):
            return
        cache.set(key, (rendered["Content-Type"], rendered.content), PUBLIC_CACHE_SECONDS)

    if getattr(response, "is_rendered", True):
        store(response)
    else:  # a DRF Response or a TemplateResponse: stored once rendered
        response.add_post_render_callback(store)
    return finish(response)


def kept_response(
    request, content: bytes, *, etag: str, content_type: str, vary=(), max_age: int = API_MAX_AGE
) -> HttpResponse:
    """A public answer made once and kept (its bytes and their ETag, say a published
    version's JSON): 304 when the client holds it, else the bytes as they are."""
    etag = quote_etag(etag)
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        content, content_type=content_type
    )
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=max_age)
    patch_vary_headers(response, vary)
    return response


def cache_published_page(publication: str):
    """A page view whose answers to anonymous visitors are cached by `publication`'s
    version. A visitor with a message waiting (say, "signed out") gets the page rendered."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD") or not _anonymous_without_messages(request):
                return view(request, *args, **kwargs)
            return published_response(
                request,
                lambda: view(request, *args, **kwargs),
                publication=publication,
                output="html",
                vary=("Cookie",),
            )

        return wrapper

    return decorator


class PublishedCacheMixin:
    """For a DRF viewset: JSON answers of `list` and `retrieve` to public readers, cached
    by the version of `publication`. The browsable API (HTML, with the user's name and a
    CSRF token) is never cached; the language is negotiated, hence Vary."""

    publication: str

    def list(self, request, *args, **kwargs):
        handler = super().list
        return self._published(request, lambda: handler(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        handler = super().retrieve
        return self._published(request, lambda: handler(request, *args, **kwargs))

    def _published(self, request, produce):
        if request.accepted_renderer.format != "json" or not public_reader(request.user):
            return produce()
        return published_response(
            request,
            produce,
            publication=self.publication,
            output="json",
            vary=("Accept-Language", "Cookie", "Authorization"),
            max_age=API_MAX_AGE,
        )


# --- Stored documents ------------------------------------------------------------------


def build_allowed(request) -> bool:
    """May this request start a build? Signed-in users may; an anonymous address may start
    DOCUMENT_BUILDS_PER_HOUR builds per clock hour (counted in the cache)."""
    if request.user.is_authenticated:
        return True
    return within_limit(
        f"documents:builds:{client_address(request)}", limit=settings.DOCUMENT_BUILDS_PER_HOUR
    )


def document_response(request, *, kind: str, filters: dict, context: dict | None = None):
    """The answer of a stored document's address: the file when it is built for the current
    version (ETag, Last-Modified, 304), else its build is queued — once — and a page shows
    its progress and reloads itself. An anonymous address that starts too many builds gets
    429. `context` goes to the pages (title, back_url)."""
    language = get_language()
    document = services.document_find(kind=kind, language=language, filters=filters)
    if document is not None and document.is_done:
        response = document_file_response(request, document)
        if response is not None:
            return response
        services.document_discard(document)
        document = None
    if services.document_needs_build(document):
        if not build_allowed(request):
            response = render(request, "documents/document_limit.html", context, status=429)
            response["Retry-After"] = str(3600 - int(time.time()) % 3600)
            return response
        document = services.document_request(kind=kind, language=language, filters=filters)
    response = render(
        request,
        "documents/document_progress.html",
        {**(context or {}), "document": document, "refresh": PROGRESS_REFRESH_SECONDS},
    )
    if document.status in (DocumentStatus.QUEUED, DocumentStatus.RUNNING):
        # Reload, as <meta http-equiv="refresh"> would; no script, so the CSP needs no nonce.
        response["Refresh"] = str(PROGRESS_REFRESH_SECONDS)
    patch_cache_control(response, no_store=True)
    return response


def document_file_response(request, document):
    """A done document's file, ETag, Last-Modified, 304; None when the file is gone from
    storage (`document_response` then builds it again)."""
    kind = registry.get_kind(document.kind)
    etag = quote_etag(document.sha256)
    last_modified = int(document.finished_at.timestamp())

    def headers(response):
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
        if kind.private:
            patch_cache_control(response, private=True, max_age=API_MAX_AGE)
        else:
            patch_cache_control(response, public=True, max_age=API_MAX_AGE)
        return response

    not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if not_modified is not None:
        return headers(not_modified)
    try:
        file = default_storage.open(document.file.name, "rb")
    except FileNotFoundError:
        return None
    response = FileResponse(
        file,
        content_type=kind.content_type,
        filename=kind.filename(document),
        as_attachment=kind.attachment,
    )
    return headers(response)
