"""A service's ValidationError on the form that asked for the change."""

from django import forms
from django.core.exceptions import ValidationError

from core.forms import add_service_errors


class TitleForm(forms.Form):
    title = forms.CharField()


def bound_form() -> TitleForm:
    form = TitleForm({"title": "Koffieochtend"})
    assert form.is_valid()
    return form


def test_it_puts_a_message_about_a_field_on_that_field():
    form = bound_form()
    add_service_errors(form, ValidationError({"title": "Taken."}))
    assert form.errors["title"] == ["Taken."] and not form.non_field_errors()


def test_it_puts_a_message_about_a_field_the_form_lacks_on_top():
    form = bound_form()
    add_service_errors(form, ValidationError({"year": "Outside the programme.", "title": "Taken."}))
    assert form.non_field_errors() == ["Outside the programme."] and form.errors["title"] == ["Taken."]


def test_it_puts_a_message_about_no_field_on_top():
    form = bound_form()
    add_service_errors(form, ValidationError(["Closed.", "Too late."]))
    assert form.non_field_errors() == ["Closed.", "Too late."]
