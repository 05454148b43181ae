"""Middleware of the whole site."""

import logging
import re
import uuid

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.http import JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _

from .logging import request_id

NUL = "\x00"
REQUEST_ID = re.compile(r"[A-Za-z0-9-]{1,64}")


class RequestId:
    """Give every request an id, for the logs of everything it does (portal/logging.py) and
    the X-Request-ID header of its answer: the proxy's or client's X-Request-ID when it is
    1–64 letters, digits and hyphens (anything else could forge log lines), a new uuid4
    otherwise. First in MIDDLEWARE, so that even a redirect or a 400 carries it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        value = given if REQUEST_ID.fullmatch(given) else str(uuid.uuid4())
        request.request_id = value
        token = request_id.set(value)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = value
        return response


class NulCharacter(SuspiciousOperation):
    """A request carried a NUL character, which no text column of PostgreSQL accepts."""


class RejectNulCharacters:
    """Answer 400 to a request with a NUL character in its path, query string, form fields or
    cookies, before any view hands it to the database.

    PostgreSQL refuses NUL in a query with a `ValueError`, so without this every lookup,
    filter and search that takes user input (a feed token, an admin filter, an autocomplete
    term) would answer 500. Raising a `SuspiciousOperation` lets Django answer with its
    400 handler (`templates/400.html`) and log the probe to `django.security`. JSON bodies are
    not read here: the API's serializers refuse NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or _has_nul(request.GET) or _has_nul(request.COOKIES):
            return self._refuse(request, "NUL character in the URL or a cookie")
        if request.method == "POST" and _has_nul(request.POST):
            return self._refuse(request, "NUL character in a form field")
        return self.get_response(request)

    @staticmethod
    def _refuse(request, reason: str):
        """The API's clients read JSON, so they get the API's kind of 400; pages get the
        site's 400 page through Django's handler."""
        if not request.path_info.startswith("/api/"):
            raise NulCharacter(reason)
        logging.getLogger("django.security.NulCharacter").warning(reason)
        # This runs before LocaleMiddleware: take the language from the request itself.
        with translation.override(translation.get_language_from_request(request)):
            detail = _("The request contains a NUL character.")
        return JsonResponse({"detail": detail}, status=400)


def _has_nul(data) -> bool:
    items = data.lists() if hasattr(data, "lists") else ((k, [v]) for k, v in data.items())
    return any(NUL in key or any(NUL in value for value in values) for key, values in items)


def client_address(request) -> str | None:
    """The address of the client, for sign-in lockouts and the API's count of wrong tokens.

    Behind `TRUSTED_PROXY_COUNT` reverse proxies, each appends the address it saw to
    X-Forwarded-For, so the client is that many entries from the right; anything further
    left was written by the client and may be forged. Without proxies, REMOTE_ADDR.
    (`AXES_CLIENT_IP_CALLABLE` points here.)
    """
    count = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return request.META.get("REMOTE_ADDR")
