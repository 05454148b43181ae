"""Which URLs a webhook may be sent to (SSRF safety): https only, and only hosts that resolve
to public addresses, so an API client cannot make the portal call its own network (the
database, Redis, a cloud's metadata service at 169.254.169.254). Checked when an endpoint is
saved and again before every attempt, since a name may resolve elsewhere later.

`WEBHOOKS_ALLOW_HTTP` and `WEBHOOKS_ALLOW_PRIVATE_ADDRESSES` lift the two rules for tests and
development (a receiver on 127.0.0.1)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_webhook_url(url: str) -> None:
    """Refuse, with a message, a URL the portal must not send to."""
    parts = urlsplit(url)
    allowed = ("https", "http") if settings.WEBHOOKS_ALLOW_HTTP else ("https",)
    if parts.scheme not in allowed:
        raise ValidationError(_("The URL must start with https://."), code="scheme")
    if parts.username or parts.password:
        raise ValidationError(_("The URL must not contain a user name or password."), code="auth")
    host = parts.hostname
    if not host:
        raise ValidationError(_("The URL has no host."), code="host")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError, ValueError):
        raise ValidationError(
            _("The host of this URL cannot be found."), code="unresolvable"
        ) from None
    if settings.WEBHOOKS_ALLOW_PRIVATE_ADDRESSES:
        return
    if not all(_is_public(info[4][0]) for info in found):
        raise ValidationError(
            _("The URL leads to a private, local or reserved address; use a public one."),
            code="private",
        )
