"""The page cache of public lists (core.pagecache): a visitor who is not signed in gets a kept page without
touching the database, yet never a page older than the last change, never another visitor's token or message,
and never a signed-in user's page."""

import pytest
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from matching.models import Need
from procurement import services
from procurement.models import Supplier
from tests.matching.factories import NeedFactory
from tests.procurement.factories import SupplierFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("procurement:directory")
NEEDS = reverse("matching:need_list")


def verified_supplier(name: str) -> Supplier:
    supplier = SupplierFactory.create(organisation__name=name)
    services.suppliers_refresh_search([supplier.pk])  # PostgreSQL searches the stored vector
    return supplier


def test_a_visitor_gets_the_kept_page_without_a_query(client, django_assert_num_queries):
    verified_supplier("Kringloopbedrijf De Vondst")
    first = client.get(DIRECTORY, {"q": "vondst"})
    with django_assert_num_queries(0):
        again = client.get(DIRECTORY, {"q": "vondst"})
    assert again.status_code == 200
    assert again.content == first.content
    assert "Kringloopbedrijf De Vondst" in again.text


def test_another_search_is_another_page(client):
    verified_supplier("Kringloopbedrijf De Vondst")
    verified_supplier("Koffiebranderij Het Goede Bonen")
    client.get(DIRECTORY, {"q": "vondst"})
    other = client.get(DIRECTORY, {"q": "koffie"})
    assert "Koffiebranderij Het Goede Bonen" in other.text
    assert "Kringloopbedrijf De Vondst" not in other.text


def test_a_supplier_verified_after_the_page_was_kept_shows_at_once(client, coordinator):
    pending = SupplierFactory(
        organisation__name="Schoonmaakcoöperatie Glans",
        organisation__municipality=coordinator.municipality,
        status=Supplier.Status.PENDING,
        verified_at=None,
    )
    assert "Schoonmaakcoöperatie Glans" not in client.get(DIRECTORY).text
    services.supplier_change_status(supplier=pending, to=Supplier.Status.VERIFIED, actor=coordinator)
    assert "Schoonmaakcoöperatie Glans" in client.get(DIRECTORY).text


def test_a_renamed_organisation_and_a_closed_need_show_at_once(client, groningen):
    need = NeedFactory(title="Hulp bij de moestuin", municipality=groningen)
    assert "Hulp bij de moestuin" in client.get(NEEDS).text
    need.organisation.name = "Buurtvereniging De Nieuwe Naam"
    need.organisation.save()
    assert "Buurtvereniging De Nieuwe Naam" in client.get(NEEDS).text
    need.status = Need.Status.CLOSED
    need.save()
    assert "Hulp bij de moestuin" not in client.get(NEEDS).text


def test_each_language_has_its_own_page(client):
    assert 'lang="nl"' in client.get(DIRECTORY).text
    client.cookies["django_language"] = "en"
    english = client.get(DIRECTORY)
    assert 'lang="en"' in english.text
    assert "Impact suppliers" in english.text or "suppliers" in english.text


def test_a_signed_in_users_page_is_never_shown_to_a_visitor(client, coordinator):
    signed_in = Client()
    signed_in.force_login(coordinator)
    assert coordinator.email in signed_in.get(DIRECTORY).text
    visitor = client.get(DIRECTORY).text
    assert coordinator.email not in visitor
    assert "Log in" in visitor or "Inloggen" in visitor


def test_a_signed_in_user_gets_a_fresh_page_after_a_visitor(client, coordinator, django_assert_max_num_queries):
    client.get(DIRECTORY)
    signed_in = Client()
    signed_in.force_login(coordinator)
    page = signed_in.get(DIRECTORY)
    assert page.context is not None  # rendered for this user, not taken from the cache
    assert coordinator.email in page.text


def test_the_kept_page_holds_no_csrf_token_and_the_language_switch_needs_none(client):
    page = client.get(DIRECTORY).text
    assert "csrfmiddlewaretoken" not in page
    strict = Client(enforce_csrf_checks=True)
    switched = strict.post(reverse("set_language"), {"language": "en", "next": DIRECTORY})
    assert switched.status_code == 302
    assert switched.cookies["django_language"].value == "en"
    assert 'lang="en"' in strict.get(DIRECTORY).text


def message_cookie(text: str) -> str:
    """The messages cookie that a redirect with this message would set."""
    storage = CookieStorage(RequestFactory().get("/"))
    storage.add(messages.SUCCESS, text)
    response = HttpResponse()
    storage.update(response)
    return response.cookies["messages"].value


def test_a_waiting_message_is_shown_on_a_kept_page_and_not_kept_with_it(client):
    client.get(NEEDS)
    client.cookies["messages"] = message_cookie("Uw vraag is ontvangen.")
    assert "Uw vraag is ontvangen." in client.get(NEEDS).text
    assert "Uw vraag is ontvangen." not in Client().get(NEEDS).text


def test_a_kept_page_has_the_security_headers_of_every_page(client):
    client.get(DIRECTORY)
    kept = client.get(DIRECTORY)
    assert kept.context is None  # from the cache
    assert kept["X-Frame-Options"] == "DENY"
    assert "unsafe-inline" not in kept["Content-Security-Policy"]
    assert kept["X-Content-Type-Options"] == "nosniff"


def test_each_host_has_its_own_page(client, settings):
    settings.ALLOWED_HOSTS = ["portaal.groningen.example", "portaal.haarlem.example"]
    client.get(DIRECTORY, HTTP_HOST="portaal.groningen.example")
    assert client.get(DIRECTORY, HTTP_HOST="portaal.haarlem.example").context is not None  # rendered, not kept
