import os
import re
import subprocess
import sys

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User

from .test_signup import sign_up

pytestmark = pytest.mark.django_db


def test_it_speaks_dutch_even_when_the_browser_prefers_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert '<html lang="nl">' in response.content.decode()
    assert "Naar de inhoud" in response.content.decode()


def test_it_speaks_english_once_the_user_chose_it(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    response = client.get("/")

    assert '<html lang="en">' in response.content.decode()
    assert "Skip to content" in response.content.decode()


def switch_language(client: Client, language: str):
    return client.post(reverse("set_language"), {"language": language, "next": "/"})


def test_a_signed_in_user_keeps_the_language_they_switch_to(client, entrepreneur):
    client.force_login(entrepreneur)
    assert switch_language(client, "en").status_code == 302
    entrepreneur.refresh_from_db()
    assert entrepreneur.language == "en"
    switch_language(client, "nl")
    entrepreneur.refresh_from_db()
    assert entrepreneur.language == "nl"


def test_a_visitor_switches_language_without_an_account_and_an_unknown_language_changes_nothing(client, entrepreneur):
    assert switch_language(client, "en").cookies["django_language"].value == "en"
    signed_in = Client()
    signed_in.force_login(entrepreneur)
    switch_language(signed_in, "fr")
    entrepreneur.refresh_from_db()
    assert entrepreneur.language == "nl"


def test_someone_who_signs_up_in_english_keeps_english(client, signup_data):
    client.cookies["django_language"] = "en"
    sign_up(client, signup_data)
    assert User.objects.get(email=signup_data["email"]).language == "en"


def log_in(client: Client, user, csrf: bool = False) -> object:
    user.set_password("Zon-op-de-Grote-Markt-2026")
    user.save()
    data = {"login": user.email, "password": "Zon-op-de-Grote-Markt-2026"}
    if csrf:
        data["csrfmiddlewaretoken"] = client.cookies["csrftoken"].value
    return client.post(reverse("account_login"), data)


SETTINGS_OF_A_PROCESS = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'impactportal.settings'; django.setup(); "
    "from django.conf import settings as s; print(s.LANGUAGE_COOKIE_SAMESITE, s.LANGUAGE_COOKIE_SECURE)"
)


def test_logging_in_turns_the_pages_to_the_accounts_language(client, entrepreneur):
    entrepreneur.language = "en"
    entrepreneur.save()
    response = log_in(client, entrepreneur)
    assert response.cookies["django_language"].value == "en"
    assert 'lang="en"' in client.get(reverse("accounts:my_data")).content.decode()


def test_a_language_chosen_before_logging_in_shows_the_pages_but_leaves_the_account_alone(client, entrepreneur):
    switch_language(client, "en")
    log_in(client, entrepreneur)
    entrepreneur.refresh_from_db()
    assert entrepreneur.language == "nl"
    assert 'lang="en"' in client.get(reverse("accounts:my_data")).content.decode()


def test_a_cross_site_language_switch_never_changes_the_stored_language(entrepreneur):
    """Another site posts the switch (no CSRF token) into the victim's browser, before and after they log in."""
    victim = Client(enforce_csrf_checks=True)
    assert switch_language(victim, "en").status_code == 302
    victim.get(reverse("account_login"))
    assert log_in(victim, entrepreneur, csrf=True).status_code == 302
    assert victim.get(reverse("accounts:my_data")).status_code == 200
    switch_language(victim, "en")
    entrepreneur.refresh_from_db()
    assert entrepreneur.language == "nl"


def test_a_signed_in_switch_from_the_portals_own_page_is_kept(entrepreneur):
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("account_login"))
    log_in(browser, entrepreneur, csrf=True)
    page = browser.get(reverse("accounts:my_data")).content.decode()
    token = re.search(r'<form class="portal-lang".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S)
    browser.post(reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token[1]})
    entrepreneur.refresh_from_db()
    assert entrepreneur.language == "en"


@pytest.mark.parametrize("debug", [True, False])
def test_the_language_cookie_is_same_site_and_secure_in_production(debug):
    settings = subprocess.run(
        [sys.executable, "-c", SETTINGS_OF_A_PROCESS],
        env=os.environ | {"DJANGO_DEBUG": "1" if debug else "0", "DJANGO_SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert settings == ["Lax", str(not debug)]
