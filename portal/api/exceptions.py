"""The one error handler of the API (`REST_FRAMEWORK["EXCEPTION_HANDLER"]`)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ValidationError
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    """DRF's answers, plus a service's or model's `ValidationError` as a 400 with the same
    (translated) messages, so a view calls services without wrapping them."""
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    return drf_exception_handler(exc, context)
