"""Which URLs a webhook may be sent to (SSRF safety): https only, and only hosts that resolve
to public addresses (the shared check of `portal.addresses`). Checked when an endpoint is
saved and again before every attempt, since a name may resolve elsewhere later.

`WEBHOOKS_ALLOW_HTTP` and `WEBHOOKS_ALLOW_PRIVATE_ADDRESSES` lift the two rules for tests and
development (a receiver on 127.0.0.1)."""

from django.conf import settings

from ..addresses import check_public_url


def check_webhook_url(url: str) -> None:
    """Refuse, with a message, a URL the portal must not send to."""
    check_public_url(
        url,
        schemes=("https", "http") if settings.WEBHOOKS_ALLOW_HTTP else ("https",),
        allow_private=settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES,
    )
