"""A form's fields by their kind: `form.fields` holds plain `Field`s for mypy, so a form that narrows a choice
or a queryset in its `__init__` asks for the field as what it is (and learns at once if it is not)."""

from collections.abc import Mapping

from django import forms


def choice_field(fields: Mapping[str, forms.Field], name: str) -> forms.ChoiceField:
    field = fields[name]
    if not isinstance(field, forms.ChoiceField):
        raise TypeError(f"the field {name} is a {type(field).__name__}, not a ChoiceField")
    return field


def model_choice_field(fields: Mapping[str, forms.Field], name: str) -> forms.ModelChoiceField:
    field = fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"the field {name} is a {type(field).__name__}, not a ModelChoiceField")
    return field
