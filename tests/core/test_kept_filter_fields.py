"""A list's filter form keeps the HTML of its choice fields and its empty fields between requests
(core.forms.KeptFilterBoundField): what a person typed, chose or got wrong is still shown as theirs."""

import pytest
from django.urls import reverse

from core import forms as kept_forms

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept_yet():
    kept_forms._kept_fields.clear()
    yield
    kept_forms._kept_fields.clear()


def needs_page(client, **params) -> str:
    return client.get(reverse("matching:need_list"), params).content.decode()


def filter_form(html: str) -> str:
    start = html.index('<form class="portal-filter"')
    return html[start : html.index("</form>", start)]


def test_it_keeps_the_empty_place_field_of_the_needs_filter(client, entrepreneur):
    client.force_login(entrepreneur)
    first = filter_form(needs_page(client))
    assert any(key[3] == "place" for key in kept_forms._kept_fields)
    assert filter_form(needs_page(client)) == first
    assert 'name="place"' in first


def test_it_shows_a_typed_place_after_the_empty_field_was_kept(client, entrepreneur):
    client.force_login(entrepreneur)
    needs_page(client)
    html = needs_page(client, place="Groningen")
    assert 'name="place" value="Groningen"' in html
    assert not any(key[3] == "place" and key[5] == "Groningen" for key in kept_forms._kept_fields)


def test_it_shows_the_error_of_an_unknown_postcode_after_the_empty_field_was_kept(client, entrepreneur):
    client.force_login(entrepreneur)
    needs_page(client)
    html = needs_page(client, near="0000")
    assert "Deze postcode is onbekend" in html
    assert 'name="near" value="0000"' in html
    assert "Deze postcode is onbekend" not in needs_page(client)


def test_it_shows_each_language_its_own_labels(client, entrepreneur):
    client.force_login(entrepreneur)
    assert "Plaats" in needs_page(client)
    client.cookies["django_language"] = "en"
    html = needs_page(client)
    assert ">Place<" in html and "Plaats" not in html
