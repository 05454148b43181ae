"""The kinds of document the apps generate, declared in each app's `exports.py`."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DocumentKind:
    """`build(language=…, filters=…)` returns the file's bytes (in a Celery task); the
    document is keyed by the versions of the `publications` it is made from (their sum,
    which rises whenever one of them does); `filename(document)` names the download."""

    name: str
    publications: tuple[str, ...]
    build: Callable[..., bytes]
    filename: Callable
    content_type: str = "application/pdf"
    # Downloaded rather than shown in the browser (a spreadsheet).
    attachment: bool = False
    # Holds unpublished or internal data: browsers may keep it, shared caches never.
    private: bool = False


KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    KINDS[kind.name] = kind
    return kind


def get_kind(name: str) -> DocumentKind:
    return KINDS[name]


def filter_key(filters: dict[str, str]) -> str:
    """The same key for the same filter, whatever order its parameters came in."""
    canonical = json.dumps(filters, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
