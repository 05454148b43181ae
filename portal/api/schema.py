"""The OpenAPI schema says what the API really answers (`DEFAULT_SCHEMA_CLASS`).

drf-spectacular documents the success of each operation; this schema class adds the refusals
every endpoint of the portal gives, with the shared error shapes of `portal.api.serializers`,
so a client (and the fuzzing in tests/api/test_schemathesis.py) can rely on the schema:

- 400 everywhere: query parameters are strict (`portal.api.filters`), bodies too
  (`StrictInputMixin`);
- 401 everywhere: a wrong token is refused even where no sign-in is needed;
- 403 where a permission class can refuse, and on every write (CSRF of session clients);
- 404 for an object in the path that the user may not see, and for a page past the last;
- 429 where tokens are accepted: an address that sent too many wrong tokens is locked out
  for a while (`portal.api.authentication`).

A request body of a serializer with `StrictInputMixin` admits no other keys
(`additionalProperties: false`). Fields that a serializer leaves out for some readers (a spokesperson's private contacts for
other agencies) are not required: the serializer names them in `fields_left_out_for_some_readers`.
"""

from django.utils.translation import gettext as _
from drf_spectacular import openapi
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions
from rest_framework.authentication import TokenAuthentication

from .serializers import ErrorSerializer, StrictInputMixin, ValidationErrorSerializer

# Permission classes that never refuse a safe (reading) request of a signed-in or anonymous user.
_NEVER_REFUSE_READS = (permissions.AllowAny, permissions.IsAuthenticatedOrReadOnly)


class ValidationErrorSchema(OpenApiSerializerExtension):
    target_class = ValidationErrorSerializer

    def map_serializer(self, auto_schema, direction):
        message = build_basic_type(OpenApiTypes.STR)
        messages = build_array_type(message)
        by_name = {"oneOf": [messages, build_basic_type(OpenApiTypes.OBJECT), message]}
        return {
            "oneOf": [
                build_object_type(
                    additionalProperties=by_name,
                    description=_(
                        "Messages by parameter or field name (by list position for a "
                        "list field); `detail` alone when the body could not be read."
                    ),
                ),
                {**messages, "description": _("Messages about the request as a whole.")},
            ],
            "description": _("The request was refused; nothing was changed."),
        }


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description, serializer in self._refusals():
            responses.setdefault(
                code,
                self._get_response_for_code(
                    OpenApiResponse(serializer, description=description), code, direction=direction
                ),
            )
        return responses

    def _refusals(self):
        view = self.view
        # The schema is built per request, in its language (Accept-Language or ?lang=).
        yield "400", _("The query parameters or the body are not valid."), ValidationErrorSerializer
        yield "401", _("Authentication is needed, or the token is wrong."), ErrorSerializer
        reads = self.method in permissions.SAFE_METHODS
        if not reads or not all(
            isinstance(permission, _NEVER_REFUSE_READS) for permission in view.get_permissions()
        ):
            yield "403", _("The user may not do this."), ErrorSerializer
        if "{" in self.path or (self._is_list_view() and self._get_paginator()):
            yield "404", _("No such object for this user, or no such page."), ErrorSerializer
        if any(isinstance(auth, TokenAuthentication) for auth in view.get_authenticators()):
            yield "429", _("Too many wrong tokens from this address; try later."), ErrorSerializer

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        if direction == "request" and isinstance(serializer, StrictInputMixin):
            schema["additionalProperties"] = False  # other keys answer 400
        optional = set(getattr(serializer, "fields_left_out_for_some_readers", ()))
        if optional and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in optional]
            if not schema["required"]:
                del schema["required"]
        return schema

    def _resolve_path_parameters(self, variables):
        """An id the route takes as ASCII digits (`lookup_value_regex = "[0-9]+"`) is an
        integer, not a string of digits."""
        parameters = super()._resolve_path_parameters(variables)
        for parameter in parameters:
            if parameter["schema"] == {"type": "string", "pattern": "^[0-9]+$"}:
                parameter["schema"] = build_basic_type(OpenApiTypes.INT)
        return parameters

    def _get_filter_parameters(self):
        """An empty filter value is refused (`portal.api.filters`), so a text filter needs at
        least one character."""
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            schema = parameter.get("schema", {})
            if schema.get("type") == "string" and "enum" not in schema:
                schema.setdefault("minLength", 1)
        return parameters
