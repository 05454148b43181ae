"""Strict query parameters for every list of every app: a misspelt filter answers 400."""

from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError

# Query parameters every list understands besides its filters.
COMMON_PARAMETERS = {"page", "page_size", "format"}


def reject_unknown_parameters(request, known) -> None:
    """A misspelt filter must not silently return everything: answer 400 instead."""
    unknown = sorted(set(request.query_params) - set(known) - COMMON_PARAMETERS)
    if unknown:
        raise ValidationError({name: [_("Unknown parameter.")] for name in unknown})


class StrictFilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        known = filterset_class.base_filters if filterset_class else {}
        reject_unknown_parameters(request, known)
        return super().filter_queryset(request, queryset, view)


def validated_query(request, serializer_class) -> dict:
    """The query parameters of a non-list endpoint, checked by a serializer: unknown ones
    and malformed values answer 400."""
    reject_unknown_parameters(request, serializer_class().fields)
    query = serializer_class(data=request.query_params)
    query.is_valid(raise_exception=True)
    return query.validated_data
