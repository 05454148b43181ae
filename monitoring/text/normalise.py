"""Keys for de-duplicating publications (issue 11 item 2): one URL, one title, many copies.

A story reposted with tracking parameters, a "www." or a trailing slash is the same page; a
syndicated copy under another address usually keeps its title, give or take punctuation.
"""

import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rapidfuzz import fuzz, process

TRACKING_PARAMS = frozenset(
    {"fbclid", "gclid", "yclid", "dclid", "msclkid", "igshid", "mc_cid", "mc_eid", "_ga", "_gl"}
)
DEFAULT_PORTS = {"http": 80, "https": 443}
_PUNCTUATION = re.compile(r"[^\w\s]+")
_SPACE = re.compile(r"\s+")


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name.startswith("utm_") or name in TRACKING_PARAMS


def normalise_url(url: str) -> str:
    """The URL as a de-duplication key: same page, same key."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    netloc = host
    if parts.port and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    path = parts.path.rstrip("/")
    query = urlencode(
        sorted(
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not _is_tracking(name)
        )
    )
    return urlunsplit((scheme, netloc, path, query, ""))


def normalise_title(title: str) -> str:
    """Lowercase words without punctuation, quotes or extra spaces; "ё" read as "е"."""
    text = unicodedata.normalize("NFKC", title or "").lower().replace("ё", "е")
    return _SPACE.sub(" ", _PUNCTUATION.sub(" ", text)).strip()


NEAR = 90


def titles_near(a: str, b: str, *, threshold: int = NEAR) -> bool:
    """Near-identical titles (word order aside): the same story republished."""
    a, b = normalise_title(a), normalise_title(b)
    if not a or not b:
        return False
    return fuzz.token_sort_ratio(a, b) >= threshold


def first_near(key: str, keys: list[str], *, threshold: int = NEAR) -> int | None:
    """The index of the first of `keys` (normalised titles) near-identical to `key`, as
    `titles_near` judges, compared in rapidfuzz's C loop; None when none is."""
    if not key:
        return None
    for _choice, _score, index in process.extract_iter(
        key, keys, scorer=fuzz.token_sort_ratio, processor=None, score_cutoff=threshold
    ):
        if keys[index]:
            return index
    return None
