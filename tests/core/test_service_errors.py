"""A service's refusal on a page's form (portal.forms.add_service_error): a message naming a
field of the form stands on that field, any other above the form."""

from django import forms
from django.core.exceptions import ValidationError

from portal.forms import add_service_error


class TitleForm(forms.Form):
    title = forms.CharField()


def bound_form() -> TitleForm:
    form = TitleForm({"title": "Брифинг"})
    assert form.is_valid()
    return form


def test_a_message_naming_a_field_of_the_form_stands_on_it():
    form = bound_form()
    add_service_error(form, ValidationError({"title": "Taken.", "agency": "Closed."}))
    assert form.errors["title"] == ["Taken."]
    assert form.non_field_errors() == ["Closed."]


def test_a_message_naming_no_field_stands_above_the_form():
    form = bound_form()
    add_service_error(form, ValidationError("This request is closed."))
    assert form.non_field_errors() == ["This request is closed."]
    assert "title" not in form.errors
