"""Form fields shared by the apps' forms and admin forms.

A JSONField that holds a list is never shown as JSON to type: a list of choices is a set of
checkboxes (`ChoiceListField`), a list of small whole numbers a short text input such as
"3, 1, 0" (`WholeNumberListField`). Both clean to the plain list the model stores.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _


class ChoiceListField(forms.TypedMultipleChoiceField):
    """Checkboxes for a JSON list of choice values, stored in the order of the choices
    (so the same selection is always the same list), each value coerced (`coerce=int`)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, choices, coerce=str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(choices=choices, coerce=coerce, **kwargs)

    def clean(self, value):
        chosen = set(super().clean(value))
        return [self.coerce(key) for key, _label in self.choices if self.coerce(key) in chosen]


_SEPARATORS = re.compile(r"[\s,;]+")


class WholeNumberListField(forms.Field):
    """A short text input for a JSON list of whole numbers from `min_value` to `max_value`,
    typed "3, 1, 0" (commas, semicolons or spaces between them); cleaned to the unique
    numbers, largest first unless `descending=False`."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid": _(
            "%(field)s: “%(value)s” is not a whole number from %(min)d to %(max)d. "
            "Write the numbers separated by commas, e.g. “%(example)s”."
        ),
    }

    def __init__(self, *, min_value=0, max_value, descending=True, example="3, 1, 0", **kwargs):
        self.min_value, self.max_value, self.descending = min_value, max_value, descending
        self.example = example
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "placeholder": self.example, "size": 20}

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(str(number) for number in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return list(value)
        numbers = set()
        for part in _SEPARATORS.split((value or "").strip()):
            if not part:
                continue
            if not part.isascii() or not part.isdigit() or len(part) > 6:
                raise self._invalid(part)
            number = int(part)
            if not self.min_value <= number <= self.max_value:
                raise self._invalid(part)
            numbers.add(number)
        return sorted(numbers, reverse=self.descending)

    def _invalid(self, part):
        return ValidationError(
            self.error_messages["invalid"],
            code="invalid",
            params={
                "field": capfirst(self.label or ""),
                "value": part[:20],
                "min": self.min_value,
                "max": self.max_value,
                "example": self.example,
            },
        )


class CalendarDateInput(forms.DateInput):
    """The browser's date picker. It reads and sends ISO dates (2026-12-01) whatever the
    page's language, while the localised formats (01.12.2026) would leave it empty."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's refusal shown on the form: each message on the field it names when the
    form has that field, the rest above the form (architecture.md, "Writes go through
    services", step 4)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)
