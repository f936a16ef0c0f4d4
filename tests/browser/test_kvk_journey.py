"""Signing up with a KvK number in a real browser: on leaving the field the KvK register (a local stand-in) is asked,
its answer is said in the field's live region and fills the organisation's name and address; an unknown number is
refused there and then. Axe on every state."""

import pytest
from playwright.sync_api import expect

from accounts.models import KvkStatus, Organisation, Theme
from tests import kvk_server
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Zon-op-de-Grote-Markt-2026"


def test_a_kvk_number_fills_the_signup_form_from_the_register(page, assert_accessible, kvk_register):
    Theme.objects.create(code=Theme.Code.CARE)
    MunicipalityFactory(name="Groningen", slug="groningen")
    page.goto("/account/signup/")
    assert_accessible(page)
    page.fill("#id_name", "Fatima El Amrani")
    page.fill("#id_email", "fatima@kringloop.nl")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_kind_0")

    page.fill("#id_kvk_number", kvk_server.UNKNOWN)
    page.locator("#id_kvk_number").press("Tab")
    expect(page.locator("#kvk-register")).to_contain_text("kent dit nummer niet")

    page.fill("#id_kvk_number", kvk_server.BV)
    page.locator("#id_kvk_number").press("Tab")
    expect(page.locator("#kvk-register")).to_contain_text("Gevonden in het KvK-register")
    expect(page.locator("#kvk-register")).to_contain_text("Besloten Vennootschap met gewone structuur")
    expect(page.locator("#id_organisation_name")).to_have_value("Test BV Donald")
    expect(page.locator("#id_street_address")).to_have_value("Hizzaarderlaan 3 A")
    expect(page.locator("#id_postcode")).to_have_value("8823 SJ")
    expect(page.locator("#id_city")).to_have_value("Lollum")
    assert_accessible(page)

    page.fill("#id_organisation_name", "Donald")  # the person may still change what was filled in
    page.select_option("#id_municipality", label="Groningen")
    with page.expect_navigation():
        page.locator("form.portal-form button[type=submit]").click()
    assert_accessible(page)

    organisation = Organisation.objects.get(kvk_number=kvk_server.BV)
    assert organisation.name == "Donald"
    assert organisation.city == "Lollum"
    assert organisation.legal_form == "Besloten Vennootschap met gewone structuur"
    assert organisation.kvk_status == KvkStatus.ACTIVE
