"""Fetching the sources (issue 11 item 1): RSS and Atom feeds over HTTP, and single pages
entered by hand.

One httpx client per run, with timeouts and at most 3 redirects, each hop's address checked
(no private, local or reserved address: `feed_address_check`, SSRF); a conditional GET with
the feed's ETag and Last-Modified, a 304 recorded as such; bodies read up to a size limit
and parsed from the bytes by feedparser; the full text of an entry that carries only a
summary extracted from its page by trafilatura. A feed that fails backs off exponentially
(capped) and shows its error; beat claims due feeds with `select_for_update(skip_locked)`
and moves their next fetch forward in the same transaction, so two workers never fetch one
feed twice. Every publication is stored by `services.publication_ingest`.
"""

import calendar
import datetime as dt
import re
import time
from urllib.parse import urlsplit

import feedparser
import httpx
import trafilatura
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.addresses import check_public_url, is_public

from .choices import FeedState, FetchStatus
from .models import Feed, FetchLog, Outlet, Publication
from .services import IngestContext, IngestItem, publication_ingest, publications_ingest
from .text.normalise import normalise_url

TIMEOUT = httpx.Timeout(10.0, connect=5.0)
MAX_REDIRECTS = 3
REDIRECTS = (301, 302, 303, 307, 308)
FEED_MAX_BYTES = 5 * 1024 * 1024
PAGE_MAX_BYTES = 2 * 1024 * 1024
USER_AGENT = "PressOfficePortal-Monitoring/1.0"
# Back-off after failures: the interval doubled per failure, at most a day; from the third
# failure in a row the feed shows as failing (it is still retried).
MAX_BACKOFF = dt.timedelta(hours=24)
FAILING_AFTER = 3
# How long a claimed feed is left to its worker before another may claim it again.
CLAIM_LEASE = dt.timedelta(minutes=10)
CLAIM_BATCH = 20
# Fewer characters than this in an entry is "only a summary": its page is fetched.
FULL_TEXT_MIN = 500
_HTML_LANG = re.compile(rb"<html[^>]*\blang=[\"']?([A-Za-z-]+)", re.IGNORECASE)


class FetchError(Exception):
    """A fetch that failed, with the message the sources page shows."""


class AddressRefused(FetchError):
    """An address that may not be fetched (SSRF): the feed shows its error at once."""


def client(*, timeout: httpx.Timeout | float = TIMEOUT) -> httpx.Client:
    """Redirects are followed by `_get`, hop by hop; no proxy from the environment, so
    the address a connection reaches is the one checked."""
    return httpx.Client(
        timeout=timeout,
        follow_redirects=False,
        trust_env=False,
        headers={"User-Agent": USER_AGENT},
    )


def _read(response: httpx.Response, limit: int) -> bytes:
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise FetchError(_("The answer is larger than %(limit)d bytes.") % {"limit": limit})
    return bytes(body)


def feed_address_check(url: str, *, entered: bool = False) -> None:
    """Refuse (ValidationError, translated) an address monitoring must not fetch: not http
    or https, or a host resolving to a private, local or reserved address (SSRF), unless
    MONITORING_FEEDS_ALLOW_PRIVATE. Checked when a feed or a page is `entered` — where a
    host the name servers do not know yet is let through: its fetch checks again — and
    before every request, each redirect hop included."""
    try:
        check_public_url(
            url, schemes=("http", "https"), allow_private=settings.MONITORING_FEEDS_ALLOW_PRIVATE
        )
    except ValidationError as error:
        if not (entered and error.code == "unresolvable"):
            raise


def _checked(url: str) -> None:
    try:
        feed_address_check(url)
    except ValidationError as error:
        raise AddressRefused(" ".join(error.messages)) from None


def _check_peer(response: httpx.Response) -> None:
    """The address the connection reached is public too: a name that resolved to a public
    address for the check and to a private one for the connection is refused."""
    if settings.MONITORING_FEEDS_ALLOW_PRIVATE:
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer or not is_public(peer[0]):
        raise AddressRefused(
            _("The URL leads to a private, local or reserved address; use a public one.")
        )


def _get(http: httpx.Client, url: str, *, limit: int, headers=None) -> tuple[int, dict, bytes]:
    """(status, headers, body) of a GET; a network failure, an error status or an address
    that may not be fetched raises FetchError with a readable message. Redirects are
    followed here, at most MAX_REDIRECTS, each hop's address checked before it is asked."""
    try:
        for _hop in range(MAX_REDIRECTS + 1):
            _checked(url)
            with http.stream("GET", url, headers=headers or {}) as response:
                _check_peer(response)
                if response.status_code in REDIRECTS and "location" in response.headers:
                    url = str(response.url.join(response.headers["location"]))
                    continue
                if response.status_code == 304:
                    return 304, dict(response.headers), b""
                if response.status_code >= 400:
                    raise FetchError(
                        _("The server answered %(status)d.") % {"status": response.status_code}
                    )
                return response.status_code, dict(response.headers), _read(response, limit)
    except httpx.TimeoutException as error:
        raise FetchError(_("No answer in time.")) from error
    except httpx.HTTPError as error:
        raise FetchError(_("Could not fetch: %(error)s") % {"error": error}) from error
    raise FetchError(_("Too many redirects."))


def _when(entry) -> dt.datetime | None:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)


def _html_lang(html: bytes) -> str | None:
    found = _HTML_LANG.search(html[:4096])
    return found.group(1).decode() if found else None


def _page_text(http: httpx.Client, url: str) -> tuple[str, str | None]:
    """The main text of a page and its HTML lang; ("", None) when it cannot be had."""
    try:
        _status, _headers, html = _get(http, url, limit=PAGE_MAX_BYTES)
    except FetchError:
        return "", None
    return trafilatura.extract(html) or "", _html_lang(html)


def _strip_html(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text or "")).strip()


def _entries(parsed, feed: Feed, http: httpx.Client, context: IngestContext) -> int:
    """Store the feed's entries in one batch (`services.publications_ingest`); returns how
    many were new. Addresses seen before are found in one query and their pages are not
    fetched again."""
    feed_lang = parsed.feed.get("language") or None
    entries = []
    for entry in parsed.entries:
        link = entry.get("link")
        title = _strip_html(entry.get("title", ""))
        if link and title:
            entries.append((entry, link, title))
    seen = set(
        Publication.objects.filter(
            normalised_url__in={normalise_url(link) for _entry, link, _title in entries}
        ).values_list("normalised_url", flat=True)
    )
    items = []
    for entry, link, title in entries:
        if normalise_url(link) in seen:
            continue
        summary = _strip_html(entry.get("summary", ""))
        content = " ".join(_strip_html(part.get("value", "")) for part in entry.get("content", []))
        text, html_lang = content, feed_lang
        if len(content) < FULL_TEXT_MIN:
            page_text, page_lang = _page_text(http, link)
            text, html_lang = page_text or content, page_lang or feed_lang
        items.append(
            IngestItem(
                url=link,
                title=title,
                summary=summary,
                text=text,
                published_at=_when(entry),
                outlet=feed.outlet,
                html_lang=html_lang,
            )
        )
    results = publications_ingest(items, context=context) if items else []
    return sum(1 for result in results if isinstance(result, tuple) and result[1])


def _backoff(feed: Feed) -> dt.timedelta:
    return min(dt.timedelta(minutes=feed.interval_minutes) * 2**feed.failures, MAX_BACKOFF)


def feed_fetch(
    feed: Feed, *, http: httpx.Client, context: IngestContext | None = None, now=None
) -> FetchLog:
    """Fetch one feed and store what is new; record the fetch and the feed's state."""
    now = now or timezone.now()
    started = time.monotonic()
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    status, items, error, refused = FetchStatus.FETCHED, 0, "", False
    try:
        code, answer_headers, body = _get(http, feed.url, limit=FEED_MAX_BYTES, headers=headers)
        if code == 304:
            status = FetchStatus.NOT_MODIFIED
        else:
            parsed = feedparser.parse(
                body, response_headers={"content-type": answer_headers.get("content-type", "")}
            )
            if parsed.bozo and not parsed.entries:
                raise FetchError(_("Not a readable RSS or Atom feed."))
            items = _entries(parsed, feed, http, context or IngestContext.load())
            feed.etag = answer_headers.get("etag", "")[:300]
            feed.last_modified = answer_headers.get("last-modified", "")[:100]
    except FetchError as failure:
        status, error = FetchStatus.ERROR, str(failure)
        refused = isinstance(failure, AddressRefused)
    with transaction.atomic():
        if status == FetchStatus.ERROR:
            feed.failures += 1
            feed.error = error
            # A refused address will not mend by waiting: shown as an error at once.
            feed.state = (
                FeedState.ERROR
                if refused or feed.failures >= FAILING_AFTER
                else FeedState.BACKING_OFF
            )
            feed.next_fetch_at = now + _backoff(feed)
        else:
            feed.failures, feed.error, feed.state = 0, "", FeedState.OK
            feed.next_fetch_at = now + dt.timedelta(minutes=feed.interval_minutes)
        feed.last_fetched_at = now
        feed.save(
            update_fields=[
                "etag",
                "last_modified",
                "last_fetched_at",
                "next_fetch_at",
                "failures",
                "error",
                "state",
                "updated_at",
            ]
        )
        return FetchLog.objects.create(
            feed=feed,
            at=now,
            status=status,
            items=items,
            duration_ms=int((time.monotonic() - started) * 1000),
            error=error,
        )


def feeds_claim(*, now=None, limit: int = CLAIM_BATCH) -> list[Feed]:
    """The active feeds due now, claimed: their next fetch moves a lease ahead in the same
    transaction, rows another worker holds are skipped."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Feed.objects.select_for_update(skip_locked=True)
            .filter(Q(next_fetch_at__isnull=True) | Q(next_fetch_at__lte=now), is_active=True)
            .order_by("next_fetch_at", "pk")[:limit]
        )
        Feed.objects.filter(pk__in=[feed.pk for feed in due]).update(
            next_fetch_at=now + CLAIM_LEASE
        )
    return list(Feed.objects.filter(pk__in=[feed.pk for feed in due]).select_related("outlet"))


def feeds_fetch_due(*, now=None, timeout=TIMEOUT) -> int:
    """Beat's run (every minute): claim the due feeds and fetch each; the rules and lexicons
    are read once for the run."""
    feeds = feeds_claim(now=now)
    if not feeds:
        return 0
    context = IngestContext.load()
    with client(timeout=timeout) as http:
        for feed in feeds:
            feed_fetch(feed, http=http, context=context, now=now)
    return len(feeds)


def _outlet_for(url: str) -> Outlet | None:
    """The registered outlet whose website is on the page's host, if any."""
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    if not host:
        return None
    for outlet in Outlet.objects.exclude(website=""):
        if (urlsplit(outlet.website).hostname or "").removeprefix("www.") == host:
            return outlet
    return None


def page_ingest(url: str, *, timeout=TIMEOUT) -> Publication:
    """A publication or social post entered by hand by its address (issue 11 item 1): its
    page fetched, its title, date and main text extracted."""
    with client(timeout=timeout) as http:
        try:
            _status, _headers, html = _get(http, url, limit=PAGE_MAX_BYTES)
        except FetchError as error:
            raise ValidationError(str(error)) from error
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    title = (document.title if document else "") or url
    published_at = None
    if document and document.date:
        try:
            published_at = timezone.make_aware(dt.datetime.fromisoformat(document.date[:10]))
        except ValueError:
            published_at = None
    publication, _created = publication_ingest(
        url=url,
        title=title,
        text=(document.text if document else "") or "",
        published_at=published_at,
        outlet=_outlet_for(url),
        html_lang=_html_lang(html),
    )
    return publication
