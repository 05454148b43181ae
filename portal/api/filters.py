"""Strict query parameters for every list of every app: a misspelt filter or an empty value
answers 400 naming the parameter, so a mistake never silently returns everything."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

# Query parameters every list understands besides its filters.
COMMON_PARAMETERS = {"page", "page_size", "format"}
# DRF's own message (translated by DRF's catalogue).
BLANK = serializers.CharField.default_error_messages["blank"]


def check_parameters(request, known) -> None:
    """Answer 400 for an unknown parameter and for a parameter given without a value
    (`?current=`): neither may be read as "no filter"."""
    errors = {}
    for name, values in request.query_params.lists():
        if name not in known and name not in COMMON_PARAMETERS:
            errors[name] = [_("Unknown parameter.")]
        elif any(value == "" for value in values):
            errors[name] = [BLANK]
    if errors:
        raise ValidationError(dict(sorted(errors.items())))


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        check_parameters(request, filterset_class.base_filters if filterset_class else {})
        return super().filter_queryset(request, queryset, view)


def validated_query(request, serializer_class) -> dict:
    """The query parameters of a non-list endpoint, checked by a serializer: unknown ones,
    empty ones and malformed values answer 400."""
    check_parameters(request, serializer_class().fields)
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data
