"""A form's fields by their kind: `form.fields` holds plain `Field`s for mypy, so a form that narrows a choice
or a queryset in its `__init__` asks for the field as what it is (and learns at once if it is not)."""

import re
from collections.abc import Mapping
from decimal import Decimal, DecimalException

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext as _


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


# ---------------------------------------------------------------- numbers the way people write them

_CURRENCY_AND_SPACES = re.compile(r"€|\beur\b|\s", re.IGNORECASE)
_NO_CENTS = re.compile(r"[,.]-+$")  # "€ 25,-": whole euros, the Dutch way


def _grouped(integer: str, separator: str) -> str | None:
    """`integer` without its thousands separators, or None when they do not stand between groups of three."""
    digits = integer.lstrip("-")
    if digits.isdigit():
        return integer
    groups = digits.split(separator)
    if 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:]) and "".join(groups).isdigit():
        return integer[: len(integer) - len(digits)] + "".join(groups)
    return None


def parse_localized_decimal(text: str) -> str:
    """A number as typed on a page in the current language, written the way Python's Decimal reads it:
    on a Dutch page "42,50", "1.250,00", "€ 1.250" and "€ 25,-"; on an English page "42.50" and "1,250.00".
    One separator of the other kind with one or two digits after it ("42.50" on a Dutch page) is read as the
    decimal separator, since no one groups thousands that way. Anything else comes back as it was typed,
    for the field to call invalid: a wrong guess would save a thousand times the amount."""
    decimal_separator = str(get_format("DECIMAL_SEPARATOR"))
    thousand_separator = str(get_format("THOUSAND_SEPARATOR"))
    cleaned = _NO_CENTS.sub("", _CURRENCY_AND_SPACES.sub("", text))
    if decimal_separator in cleaned:
        integer, _sep, decimals = cleaned.rpartition(decimal_separator)
        integer = _grouped(integer or "0", thousand_separator) or ""
        return f"{integer}.{decimals}" if integer and decimals.isdigit() else text
    if thousand_separator in cleaned:
        integer, _sep, tail = cleaned.rpartition(thousand_separator)
        if integer.lstrip("-").isdigit() and tail.isdigit() and len(tail) < 3:
            return f"{integer}.{tail}"
        return _grouped(cleaned, thousand_separator) or text
    return cleaned


class DecimalInput(forms.TextInput):
    """A text box for a number: type=number lets the browser read "42,50" by its own locale (one browser
    made 4250 of it); inputmode=decimal still gives a phone's number keyboard."""

    def __init__(self, attrs: dict | None = None):
        super().__init__({"inputmode": "decimal", **(attrs or {})})


class LocalizedDecimalField(forms.DecimalField):
    """The project's field for amounts and other decimals: reads and shows the number the way the page's
    language writes it ("1.250,50" in Dutch, "1,250.50" in English). ModelForms take it through
    `Meta.field_classes`; every DecimalField in a form is one of these."""

    widget = DecimalInput

    def __init__(self, **kwargs):
        kwargs["localize"] = True
        kwargs.setdefault("widget", DecimalInput)
        super().__init__(**kwargs)
        # localize=True swaps the widget for a plain TextInput; keep ours.
        if not isinstance(self.widget, DecimalInput):
            attrs = self.widget.attrs
            self.widget = DecimalInput(attrs)
            self.widget.is_localized = True

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = parse_localized_decimal(str(value))
        try:
            return Decimal(text)
        except DecimalException:
            example = number_format(Decimal("1250.50"), decimal_pos=2, force_grouping=True)
            raise ValidationError(
                _("Enter a number, such as %(example)s.") % {"example": example}, code="invalid"
            ) from None

    def widget_attrs(self, widget):
        # No min, max and step: those belong to type=number, which this field does not use.
        return forms.Field.widget_attrs(self, widget)


def plain_number(value: Decimal) -> str:
    """A decimal in the page's language without trailing zeros: 3.00 as "3", 2.50 as "2,5" on a Dutch page."""
    whole = value.to_integral_value()
    return number_format(whole if value == whole else value.normalize(), decimal_pos=0 if value == whole else None)
