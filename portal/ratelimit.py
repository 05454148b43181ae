"""How often something may happen per key (an address, an e-mail) in a clock period,
counted in the cache (Redis in production): anonymous PDF builds (portal.documents) and
subscription confirmations (portal.notifications). A shared piece: Django only."""

import time

from django.core.cache import cache


def within_limit(key: str, *, limit: int, period: int = 3600) -> bool:
    """Count one more for `key` in the current period of `period` seconds; True while the
    count is at most `limit`."""
    bucket = f"ratelimit:{key}:{int(time.time() // period)}"
    cache.add(bucket, 0, period)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, period)
        count = 1
    return count <= limit
