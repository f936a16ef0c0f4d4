"""Amounts typed the way the page's language writes them: "42,50" and "1.250,00" on a Dutch page, "1,250.00" on an
English one, and shown back the same way; every decimal on every form reads them so."""

import importlib
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from core.formfields import DecimalInput, LocalizedDecimalField, plain_number


def amount_field() -> LocalizedDecimalField:
    return LocalizedDecimalField(max_digits=12, decimal_places=2, required=False)


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("42,50", Decimal("42.50")),
        ("1.250,00", Decimal("1250.00")),
        ("€ 1.250", Decimal("1250")),
        ("€ 25,-", Decimal("25")),
        ("42.50", Decimal("42.50")),  # one dot with two digits: no one groups thousands like that
        (" 1 250,5 ", Decimal("1250.5")),
    ],
)
def test_it_reads_an_amount_written_the_dutch_way_on_a_dutch_page(typed, value):
    with translation.override("nl"):
        assert amount_field().clean(typed) == value


@pytest.mark.parametrize(
    ("typed", "value"),
    [("42.50", Decimal("42.50")), ("1,250.00", Decimal("1250.00")), ("€1,250", Decimal("1250"))],
)
def test_it_reads_an_amount_written_the_english_way_on_an_english_page(typed, value):
    with translation.override("en"):
        assert amount_field().clean(typed) == value


@pytest.mark.parametrize(("language", "typed"), [("nl", "1,250.00"), ("en", "1.250,00"), ("nl", "12,34,5")])
def test_it_refuses_an_amount_it_would_have_to_guess_at_with_an_example(language, typed):
    with translation.override(language), pytest.raises(forms.ValidationError) as refused:
        amount_field().clean(typed)
    example = "1.250,50" if language == "nl" else "1,250.50"
    assert example in refused.value.messages[0]


def test_it_shows_an_amount_back_the_way_the_page_language_writes_it():
    field = amount_field()
    with translation.override("nl"):
        dutch = field.widget.render("price", field.prepare_value(Decimal("42.50")))
        thousands = field.widget.render("price", Decimal("1250.00"))
    with translation.override("en"):
        english = field.widget.render("price", Decimal("42.50"))
    assert 'value="42,50"' in dutch and 'value="1.250,00"' in thousands and 'value="42.50"' in english
    assert 'type="text"' in dutch and 'inputmode="decimal"' in dutch and "step" not in dutch


def test_it_writes_a_weight_without_trailing_zeros():
    with translation.override("nl"):
        assert (plain_number(Decimal("3.00")), plain_number(Decimal("2.50"))) == ("3", "2,5")
    with translation.override("en"):
        assert plain_number(Decimal("2.50")) == "2.5"


PORTAL_APPS = ["accounts", "programmes", "programmes.challenges", "matching", "procurement", "reporting"]


def all_form_classes() -> list[type[forms.BaseForm]]:
    for app in PORTAL_APPS:
        importlib.import_module(f"{app}.forms")
    found, todo = [], list(forms.BaseForm.__subclasses__())
    while todo:
        cls = todo.pop()
        found.append(cls)
        todo += cls.__subclasses__()
    return found


def test_every_decimal_field_on_a_form_reads_the_page_language():
    from programmes.challenges.forms import CriterionFormSet

    classes = [*all_form_classes(), CriterionFormSet.form]
    offenders = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, field in getattr(cls, "base_fields", {}).items()
        if isinstance(field, forms.DecimalField)
        and not (isinstance(field, LocalizedDecimalField) and isinstance(field.widget, DecimalInput))
    ]
    assert offenders == []
    assert any(isinstance(f, LocalizedDecimalField) for f in CriterionFormSet.form.base_fields.values())
