"""The entrepreneur's signup journey in a real browser, in Dutch and in English, with axe on every page."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail

from accounts.models import Organisation, Theme, User
from tests.factories import MunicipalityFactory

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Zon-op-de-Grote-Markt-2026"

TEXTS = {
    "nl": {
        "signup": "Registreren",
        "kvk_error": "Een KvK-nummer heeft precies 8 cijfers.",
        "saved": "Uw organisatie is opgeslagen.",
    },
    "en": {
        "signup": "Sign up",
        "kvk_error": "A KvK number has exactly 8 digits.",
        "saved": "Your organisation has been saved.",
    },
}


@pytest.fixture
def municipality_and_themes():
    Theme.objects.create(code=Theme.Code.CARE)
    Theme.objects.create(code=Theme.Code.CIRCULAR)
    return MunicipalityFactory(name="Groningen", slug="groningen")


def choose_language(page, language):
    page.goto("/")
    if language == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()


def fill_signup_form(page, *, email, kvk_number):
    page.fill("#id_name", "Fatima El Amrani")
    page.fill("#id_email", email)
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_organisation_name", "Kringloop De Vondst")
    page.check("#id_kind_0")
    page.fill("#id_kvk_number", kvk_number)
    page.select_option("#id_municipality", label="Groningen")
    page.check("#id_themes_0")


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_entrepreneur_signs_up_verifies_logs_in_and_edits_the_organisation(
    page, assert_accessible, municipality_and_themes, language
):
    texts = TEXTS[language]
    choose_language(page, language)
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)

    page.get_by_role("link", name=texts["signup"]).first.click()
    assert_accessible(page)
    fill_signup_form(page, email="fatima@kringloop.nl", kvk_number="87654321")
    with page.expect_navigation():
        page.locator("form.portal-form button[type=submit]").click()
    assert_accessible(page)
    assert User.objects.filter(email="fatima@kringloop.nl").exists()

    link = re.search(r"https?://\S+/account/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(urlsplit(link).path)
    assert_accessible(page)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    page.goto("/account/login/")
    assert_accessible(page)
    page.fill("#id_login", "fatima@kringloop.nl")
    page.fill("#id_password", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/start/")  # the start page's first steps: the profile, the registration, an offer
    assert_accessible(page)
    page.goto("/organisatie/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kringloop De Vondst"
    assert_accessible(page)

    page.goto("/organisatie/bewerken/")
    assert_accessible(page)
    page.fill("#id_description", "Kringloopwinkel en leerwerkbedrijf in Groningen.")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/organisatie/")
    assert texts["saved"] in page.content()
    assert "leerwerkbedrijf" in page.content()
    assert_accessible(page)
    assert Organisation.objects.get().description == "Kringloopwinkel en leerwerkbedrijf in Groningen."


@pytest.mark.parametrize("language", ["nl", "en"])
def test_bad_input_shows_the_error_next_to_the_field_and_creates_nothing(
    page, assert_accessible, municipality_and_themes, language
):
    choose_language(page, language)
    page.goto("/account/signup/")
    fill_signup_form(page, email="fatima@kringloop.nl", kvk_number="123")
    with page.expect_navigation():
        page.locator("form.portal-form button[type=submit]").click()

    kvk_input = page.locator("#id_kvk_number")
    assert kvk_input.get_attribute("aria-invalid") == "true"
    described_by = kvk_input.get_attribute("aria-describedby") or ""
    error_texts = " ".join(page.locator(f"#{i}").inner_text() for i in described_by.split() if i)
    assert TEXTS[language]["kvk_error"] in error_texts
    assert_accessible(page)
    assert not User.objects.exists()
    assert not Organisation.objects.exists()
