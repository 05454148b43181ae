"""Published answers served from each process's memory (issue 8 §9, issue 12 §1): a published
media-grid's JSON and PDF never change for a version of their publication, and the programs
of the press read them over and over. Rendering them again is not needed, and even reading
them from the shared cache is not cheap: a megabyte from Redis, unpickled, a request.

So `PublishedAnswers`, first in MIDDLEWARE after `RequestId`, keeps a copy of the bytes and
headers of an answer that declared what it was made from (`answer_made_from`, called by
`eventgrid.answers`) and serves it again while that publication's version is the same:
one cache round trip (the version, and a token that a cleared cache renews), no session,
CSRF, messages, locale, URL resolving or query. A bump raises the version in the shared
cache (`services.publication_bump`), so every worker of every server serves the new answer
from its next request on; with a process-local cache (the demo) as the versions' own cache
does, within `services.PUBLICATION_CACHE_SECONDS`.

Kept and served only for a GET without Authorization, session or messages cookie (the
answer is then the same for every such reader: no menu, no token), with the same path,
query, host, scheme, Accept, Accept-Language and language cookie; only a 200 with an ETag,
public caching and no cookie is kept, so a progress page or an error never is. The headers
are the ones the whole middleware stack gave the first answer (security, CSP, Vary,
Content-Language); X-Request-ID is each request's own. A conditional request gets its 304.
"""

import contextvars
import time
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import (
    FileResponse,
    HttpResponse,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.cache import get_conditional_response
from django.utils.http import parse_http_date_safe

from ..middleware import _has_nul
from . import services

# As long as the public caches (views.PUBLIC_CACHE_SECONDS): a change published without a
# bump is served this long at most.
KEPT_SECONDS = 10 * 60
MAX_ANSWER_BYTES = 16 * 2**20
MAX_KEPT_BYTES = 64 * 2**20  # per process: the oldest go first
MAX_QUERY = 512
# A 304 carries the answer's headers but not those of its body.
BODY_HEADERS = {"content-type", "content-length", "content-disposition", "content-encoding"}
TOKEN_SECONDS = 24 * 60 * 60

_made_from: contextvars.ContextVar = contextvars.ContextVar("published_answer", default=None)


def answer_made_from(publication: str, version: int) -> None:
    """Declare that the answer of the current request is made from `version` of
    `publication` alone (and from the request's path, query, host and language), so that it
    may be kept and served again while that version is published. No-op outside a request
    that `PublishedAnswers` handles (a task, a shell)."""
    made = _made_from.get()
    if made is not None:
        made.append((publication, version))


def _token_key(publication: str) -> str:
    return f"published-answers:token:{publication}"


def current(publication: str) -> tuple[int, str | None]:
    """(the publication's version, the token of the shared cache's answers) in one round
    trip; the token is None when the cache has none (cleared, evicted)."""
    version_key = services._version_cache_key(publication)
    found = cache.get_many([version_key, _token_key(publication)])
    version = found.get(version_key)
    if version is None:
        version = services.publication_version(publication)
    return version, found.get(_token_key(publication))


def _token(publication: str) -> str:
    """The token of the cache's answers of `publication`, made once per cache: a cleared
    cache (a new test's, a flushed Redis) makes every kept copy stale even if the version
    number it restarted from is the same."""
    key = _token_key(publication)
    cache.add(key, uuid.uuid4().hex, TOKEN_SECONDS)
    return cache.get(key)


@dataclass(frozen=True)
class Kept:
    publication: str
    version: int
    token: str
    headers: dict[str, str]
    body: bytes
    etag: str
    last_modified: int | None  # a timestamp, from the Last-Modified header
    streaming: bool  # a stored file's answer streams, as a static file's does
    expires: float  # time.monotonic()


class PublishedAnswers:
    """Serve a kept published answer while its publication's version holds; keep the ones
    that declare what they were made from (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.kept: dict[tuple, Kept] = {}
        self.kept_bytes = 0

    def __call__(self, request):
        key = self._key(request)
        if key is None:
            return self.get_response(request)
        kept = self.kept.get(key)
        if kept is not None:
            if time.monotonic() < kept.expires and current(kept.publication) == (
                kept.version,
                kept.token,
            ):
                answer = self._answer(request, kept)
                if answer is not None:
                    return answer
            else:
                self._forget(key)
        made = []
        reset = _made_from.set(made)
        try:
            response = self.get_response(request)
        finally:
            _made_from.reset(reset)
        if len({publication for publication, _version in made}) == 1:
            return self._keep(key, response, made[0][0], min(version for _p, version in made))
        return response

    @staticmethod
    def _key(request) -> tuple | None:
        """What a kept answer may depend on; None: this request is never served from here."""
        meta = request.META
        if request.method != "GET" or "HTTP_AUTHORIZATION" in meta:
            return None
        query = meta.get("QUERY_STRING", "")
        if len(query) > MAX_QUERY:
            return None
        language_cookie = None
        if "HTTP_COOKIE" in meta:
            cookies = request.COOKIES
            if (
                settings.SESSION_COOKIE_NAME in cookies
                or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies
                or _has_nul(cookies)
            ):
                return None
            language_cookie = cookies.get(settings.LANGUAGE_COOKIE_NAME)
        return (
            request.path,
            query,
            request.scheme,
            meta.get("HTTP_HOST"),
            meta.get("HTTP_X_FORWARDED_HOST"),
            meta.get("HTTP_ACCEPT"),
            meta.get("HTTP_ACCEPT_LANGUAGE"),
            language_cookie,
        )

    @staticmethod
    def _answer(request, kept: Kept):
        not_modified = get_conditional_response(
            request, etag=kept.etag, last_modified=kept.last_modified
        )
        if isinstance(not_modified, HttpResponseNotModified):
            for name, value in kept.headers.items():
                if name.lower() not in BODY_HEADERS:
                    not_modified[name] = value
            return not_modified
        if not_modified is not None:  # a failed If-Match: the stack decides, as usual
            return None
        answer_class = StreamingHttpResponse if kept.streaming else HttpResponse
        return answer_class([kept.body] if kept.streaming else kept.body, headers=kept.headers)

    def _keep(self, key, response, publication: str, version: int):
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code != 200
            or "ETag" not in response
            or response.cookies
            or "private" in cache_control
            or "no-store" in cache_control
        ):
            return response
        if response.streaming:  # a stored file: read once, kept, and sent from memory
            file = getattr(response, "file_to_stream", None)
            if not isinstance(response, FileResponse) or not hasattr(file, "read"):
                return response
            with file:  # not response.close(): the request is not finished yet
                body = file.read()
            answer = StreamingHttpResponse([body], headers=dict(response.items()))
        else:
            body, answer = response.content, response
        if len(body) > MAX_ANSWER_BYTES:
            return answer
        while self.kept and self.kept_bytes + len(body) > MAX_KEPT_BYTES:
            self._forget(next(iter(self.kept)))
        self.kept[key] = Kept(
            publication=publication,
            version=version,
            token=_token(publication),
            headers=dict(answer.items()),
            body=body,
            etag=answer["ETag"],
            last_modified=parse_http_date_safe(answer.get("Last-Modified", "")),
            streaming=response.streaming,
            expires=time.monotonic() + KEPT_SECONDS,
        )
        self.kept_bytes += len(body)
        return answer

    def _forget(self, key) -> None:
        kept = self.kept.pop(key, None)
        if kept is not None:
            self.kept_bytes -= len(kept.body)
