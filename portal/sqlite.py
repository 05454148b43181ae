"""Unicode-aware LIKE for SQLite, the demo and local-test database.

SQLite folds only ASCII letters in LIKE, so a search for "абен" would miss "Абенова" on the
demo while PostgreSQL finds it. SQLite lets an application replace like(); this one folds case
for every script, keeping SQLite's own semantics (LIKE was already case-insensitive there).
"""

import re
from functools import lru_cache


@lru_cache(maxsize=256)
def _pattern(like: str, escape: str | None) -> re.Pattern:
    parts, chars = [], iter(like)
    for char in chars:
        if escape and char == escape:
            parts.append(re.escape(next(chars, "")))
        elif char == "%":
            parts.append(".*")
        elif char == "_":
            parts.append(".")
        else:
            parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


def unicode_like(like, value, escape=None):
    if like is None or value is None:
        return None
    return _pattern(like, escape).fullmatch(str(value)) is not None


def install_unicode_like(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, unicode_like, deterministic=True)
        connection.connection.create_function("like", 3, unicode_like, deterministic=True)
