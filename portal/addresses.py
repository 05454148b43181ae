"""Which URLs the portal may call (SSRF safety): only hosts that resolve to public addresses,
so that nobody who registers an address — an API client's webhook, a monitored feed — can
make the portal call its own network (the database, Redis, a cloud's metadata service at
169.254.169.254). Checked when the address is saved and again before every call, since a
name may resolve elsewhere later; `is_public` also checks the address a connection reached.
"""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone ("fe80::1%eth0")
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


def check_public_url(url: str, *, schemes: tuple[str, ...], allow_private: bool) -> None:
    """Refuse, with a message, a URL the portal must not call: another scheme than
    `schemes`, a user name or password, a host that cannot be found, or one that resolves to
    a private, local or reserved address (unless `allow_private`, for tests and
    development)."""
    parts = urlsplit(url)
    if parts.scheme not in schemes:
        message = (
            _("The URL must start with https://.")
            if schemes == ("https",)
            else _("The URL must start with http:// or https://.")
        )
        raise ValidationError(message, code="scheme")
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
    if allow_private:
        return
    if not all(is_public(info[4][0]) for info in found):
        raise ValidationError(
            _("The URL leads to a private, local or reserved address; use a public one."),
            code="private",
        )
