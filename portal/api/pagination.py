import re

from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

# DRF's own messages (translated by DRF's catalogue).
_MESSAGES = serializers.IntegerField.default_error_messages


class PagePagination(PageNumberPagination):
    """Pages of 50 by default. `page` and `page_size` are whole numbers from 1 (`page_size` up
    to 200); anything else answers 400 naming the parameter instead of a silent default. A
    page past the last answers 404 (DRF's "Invalid page."), as the schema says."""

    page_size_query_param = "page_size"
    max_page_size = 200
    last_page_strings = ()

    def get_page_size(self, request):
        return _whole_number(
            request, self.page_size_query_param, default=self.page_size, maximum=self.max_page_size
        )

    def get_page_number(self, request, paginator):
        return _whole_number(request, self.page_query_param, default=1)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"]["maximum"] = self.max_page_size
        return parameters


def _whole_number(request, name, *, default, maximum=None) -> int:
    value = request.query_params.get(name)
    if value is None:
        return default
    if not re.fullmatch(r"-?[0-9]+", value):
        message = _MESSAGES["invalid"]
    elif int(value) < 1:
        message = _MESSAGES["min_value"].format(min_value=1)
    elif maximum is not None and int(value) > maximum:
        message = _MESSAGES["max_value"].format(max_value=maximum)
    else:
        return int(value)
    raise ValidationError({name: [message]})
