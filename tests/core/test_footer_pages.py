"""The pages every footer links to: the accessibility statement, the privacy statement and the contact page. Public,
in Dutch and English, with the operator's addresses from the settings."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

FOOTER_PAGES = ("core:accessibility", "core:privacy", "core:contact")


def text(response) -> str:
    return response.content.decode()


def test_every_page_links_to_the_accessibility_privacy_and_contact_pages(client, coordinator):
    anonymous_page = text(client.get(reverse("account_login")))
    client.force_login(coordinator)
    signed_in_page = text(client.get(reverse("start")))

    for page in (anonymous_page, signed_in_page):
        footer = page.split('<footer class="portal-footer">')[1]
        for name in FOOTER_PAGES:
            assert f'href="{reverse(name)}"' in footer


def test_the_accessibility_statement_names_standard_status_evaluation_and_contact(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "toegankelijkheid@groningen.nl"
    settings.ACCESSIBILITY_EVALUATED_ON = "2027-02-03"

    page = text(client.get("/toegankelijkheid/", headers={"accept-language": "nl"}))

    assert "Toegankelijkheidsverklaring" in page
    assert "WCAG" in page and "2.1" in page and "EN 301 549" in page
    assert "Voldoet gedeeltelijk." in page
    assert "Laatst onderzocht op 3 februari 2027." in page
    assert "axe-core" in page
    assert "Bekende problemen" in page and "PDF/UA" in page
    assert 'href="mailto:toegankelijkheid@groningen.nl"' in page


def test_the_accessibility_statement_is_in_english_for_an_english_visitor(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/toegankelijkheid/"})

    page = text(client.get("/toegankelijkheid/"))

    assert '<html lang="en">' in page
    assert "Accessibility statement" in page and "Partially compliant." in page
    assert 'href="/privacy/">Privacy</a>' in page


def test_the_contact_page_gives_the_operators_address_and_where_to_report_a_vulnerability(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "impactportaal@groningen.nl"
    settings.SECURITY_CONTACT = ["mailto:ciso@groningen.nl"]

    page = text(client.get("/contact/", headers={"accept-language": "nl"}))

    assert 'href="mailto:impactportaal@groningen.nl"' in page
    assert 'href="mailto:ciso@groningen.nl"' in page
    assert 'href="/.well-known/security.txt"' in page


def test_the_privacy_statement_points_to_where_a_user_downloads_and_erases_their_data(client, settings):
    settings.PORTAL_CONTACT_EMAIL = "privacy@groningen.nl"

    page = text(client.get("/privacy/", headers={"accept-language": "nl"}))

    assert "Mijn gegevens" in page and "7 dagen" in page
    assert 'href="mailto:privacy@groningen.nl"' in page


def test_the_footer_pages_keep_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for name in FOOTER_PAGES:
        with django_assert_max_num_queries(2):
            assert client.get(reverse(name)).status_code == 200
