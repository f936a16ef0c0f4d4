"""A service's ValidationError shown on the form that asked for the change."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


def errors_for_form(form: forms.BaseForm, error: ValidationError) -> ValidationError:
    """The error with every message about a field the form does not have moved to the top of the form
    (Django's add_error raises ValueError for those)."""
    if not hasattr(error, "error_dict"):
        return error
    remapped: dict[str, list] = {}
    for name, messages in error.error_dict.items():
        key = name if name == NON_FIELD_ERRORS or name in form.fields else NON_FIELD_ERRORS
        remapped.setdefault(key, []).extend(messages)
    return ValidationError(remapped)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field where the form has one, else on top."""
    form.add_error(None, errors_for_form(form, error))
