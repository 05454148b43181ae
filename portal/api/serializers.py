"""Serializer pieces every app's API shares: strict input, and the shapes of the errors."""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# A key the serializer does not take, or one it only shows: the same message as an unknown
# query parameter, so a client reads one wording for "this request does not take that name".
UNKNOWN_INPUT = _("Unknown parameter.")


class StrictInputMixin:
    """Refuse input keys that the serializer would silently drop: unknown names (a misspelt
    field, a translated column such as `surname_kk`) and read-only fields (`id`,
    `confirmed_at`). The answer is a 400 naming each key, so a client never believes it
    changed something it did not."""

    def to_internal_value(self, data):
        if isinstance(data, Mapping):
            writable = {name for name, field in self.fields.items() if not field.read_only}
            refused = sorted(key for key in data if key not in writable)
            if refused:
                raise serializers.ValidationError({key: [UNKNOWN_INPUT] for key in refused})
        return super().to_internal_value(data)


class ErrorSerializer(serializers.Serializer):
    """The answer of a refused request that is not about its input (401, 403, 404, 429)."""

    detail = serializers.CharField()


class ValidationErrorSerializer(serializers.Serializer):
    """A 400: each key names a query parameter or a field of the body (`non_field_errors`
    for the request as a whole) with its messages, in the request's language. A service's
    error that names no field comes as a plain list of messages. (The schema of this
    serializer is written out in `portal.api.schema`, it has no fields of its own.)"""
