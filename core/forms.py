"""A service's ValidationError shown on the form that asked for the change; labels and the error summary."""

from dataclasses import dataclass
from typing import TypeVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.functional import cached_property
from django.utils.translation import get_language

from core import pagecache


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


# ---------------------------------------------------------------- labels and the error summary


F = TypeVar("F", bound=forms.Field)


class FilterForm(forms.Form):
    """The form of a list's filters (django-filter's `Meta.form`): every field may stay empty, so no field
    is marked optional."""

    is_filter = True


KEPT_FIELDS_LIMIT = 2000
_kept_fields: dict[tuple, str] = {}


class KeptFilterBoundField(forms.BoundField):
    """A field of a filter form whose HTML (label, help text, every option) is rendered once per language, value
    and page-cache generation, and then reused from this process's memory: the options of a list's filters cost
    more to render than the rest of the page, and the empty text fields (place, postcode) are rendered on every
    visit. A text field with a value is rendered each time: what people type would crowd out the rest."""

    def as_field_group(self):
        if self.errors or not self._is_kept():
            return super().as_field_group()
        form = self.form
        key = (
            type(form).__qualname__,
            form.kept_generation,
            get_language(),
            self.html_name,
            self.auto_id,
            str(self.value()),
        )
        html = _kept_fields.get(key)
        if html is None:
            if len(_kept_fields) >= KEPT_FIELDS_LIMIT:
                _kept_fields.clear()
            html = _kept_fields[key] = super().as_field_group()
        return html

    def _is_kept(self) -> bool:
        return isinstance(self.field, forms.ChoiceField) or self.value() in (None, "")


class KeptChoicesFilterForm(FilterForm):
    """A filter form whose choice fields offer the same options to everyone (no choice depends on the user):
    their HTML, and that of its empty fields, is kept (KeptFilterBoundField) until a change to a model registered
    with `core.pagecache.forget_pages_on_change` starts a new generation."""

    bound_field_class = KeptFilterBoundField

    @cached_property
    def kept_generation(self) -> str:
        return pagecache.generation()


def sometimes_required(field: F) -> F:
    """A field whose help text says when it is required ("Required for enterprises"): its label says neither
    optional nor required, so it never contradicts the help text. The form's clean() enforces it."""
    field.sometimes_required = True  # type: ignore[attr-defined]  # read by templates/django/forms/field.html
    return field


@dataclass(frozen=True)
class SummaryError:
    message: str
    field_id: str  # "" for an error about the whole form


def summary_errors(*forms_or_formsets) -> list[SummaryError]:
    """Every error on the given forms and formsets, in page order, each linked to its field's id: the
    list at the top of a form that failed (the NL Design System's error summary)."""
    found: list[SummaryError] = []
    for item in forms_or_formsets:
        if item is None or not item.is_bound:
            continue
        if isinstance(item, forms.BaseFormSet):
            found += [SummaryError(str(message), "") for message in item.non_form_errors()]
            found += summary_errors(*item.forms)
            continue
        found += [SummaryError(str(message), "") for message in item.non_field_errors()]
        for bound_field in item:
            for message in bound_field.errors:
                label = bound_field.label
                text = f"{label}: {message}" if label and not bound_field.is_hidden else str(message)
                found.append(SummaryError(text, "" if bound_field.is_hidden else bound_field.id_for_label or ""))
    return found
