"""Token authentication that stops an address from guessing tokens.

DRF's `TokenAuthentication` looks the key up without calling `authenticate()`, so
django-axes never sees a wrong token. This subclass counts the failed tokens per client
address in the cache and, after `AXES_FAILURE_LIMIT` of them, answers 429 to every token
from that address for `AXES_COOLOFF_TIME` (the limits of the sign-in pages,
`LOGIN_FAILURE_LIMIT` and `LOGIN_COOLOFF_MINUTES`), whether the token is right or not, so
a guess cannot be confirmed during the lock. Requests without a token are not counted.
The address is the one django-axes uses for sign-ins.
"""

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed, Throttled

CACHE_KEY = "api-token-failures:{address}"


class ThrottledTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        words = get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None  # no token: nothing to count
        key = CACHE_KEY.format(address=get_client_ip_address(request._request))
        window = int(settings.AXES_COOLOFF_TIME.total_seconds())
        if cache.get(key, 0) >= settings.AXES_FAILURE_LIMIT:
            raise Throttled(wait=window)
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            # The window starts at the first failure; incr keeps the key's expiry.
            cache.add(key, 0, timeout=window)
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=window)
            raise
