"""Labels that tell the truth: "(optional)" comes from the field itself, never on a filter (every filter may stay
empty) nor next to a help text that says when the field is required."""

import importlib

import django_filters
import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from core.forms import FilterForm, sometimes_required


class ContactForm(forms.Form):
    name = forms.CharField(label="Naam")
    phone = forms.CharField(label="Telefoon", required=False)
    kvk = sometimes_required(
        forms.CharField(label="KvK-nummer", required=False, help_text="Verplicht voor ondernemingen.")
    )


def optional_labels(html: str) -> int:
    return html.count('<span class="portal-field__optional">')


def test_only_an_optional_field_is_labelled_optional():
    with translation.override("nl"):
        html = str(ContactForm())
    assert optional_labels(html) == 1
    assert 'Telefoon <span class="portal-field__optional">(niet verplicht)</span>' in html


def test_a_filter_form_labels_no_field_optional():
    class SearchForm(FilterForm):
        q = forms.CharField(label="Zoeken", required=False)

    assert optional_labels(str(SearchForm())) == 0


def test_every_filter_of_the_portal_uses_the_filter_form():
    for app in ["programmes", "matching", "procurement"]:
        importlib.import_module(f"{app}.filters")
    filtersets, todo = [], list(django_filters.FilterSet.__subclasses__())
    while todo:
        cls = todo.pop()
        filtersets.append(cls)
        todo += cls.__subclasses__()
    used = [cls for cls in filtersets if cls._meta.model is not None]  # not the shared bases
    assert used
    assert [cls.__name__ for cls in used if not issubclass(cls._meta.form, FilterForm)] == []


@pytest.mark.django_db
def test_the_list_filters_show_no_optional_labels(client, entrepreneur):
    assert "niet verplicht" not in client.get(reverse("procurement:directory")).content.decode()
    client.force_login(entrepreneur)
    page = client.get(reverse("matching:need_list")).content.decode()
    assert 'class="portal-filter' in page or "<form" in page
    assert "niet verplicht" not in page
