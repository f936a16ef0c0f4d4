"""A visitor follows the footer's links (accessibility statement, privacy statement, contact) from the home page, in
Dutch and then in English; every page passes axe. A signed-in entrepreneur finds the same links."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

pytestmark = pytest.mark.django_db(transaction=True)

DUTCH = {"Toegankelijkheid": "Toegankelijkheidsverklaring", "Privacy": "Privacyverklaring", "Contact": "Contact"}
ENGLISH = {"Accessibility": "Accessibility statement", "Privacy": "Privacy statement", "Contact": "Contact"}


def follow_the_footer_links(page, assert_accessible, links: dict[str, str]) -> None:
    for link, heading in links.items():
        footer = page.get_by_role("contentinfo")
        with page.expect_navigation():
            footer.get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert_accessible(page)


def test_a_visitor_reads_the_footer_pages_in_dutch_and_in_english(page, assert_accessible):
    page.goto("/")
    assert_accessible(page)

    follow_the_footer_links(page, assert_accessible, DUTCH)
    expect(page.get_by_role("main").get_by_role("link", name="security.txt")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    follow_the_footer_links(page, assert_accessible, ENGLISH)

    with page.expect_navigation():
        page.get_by_role("contentinfo").get_by_role("link", name="Accessibility", exact=True).click()
    expect(page.get_by_text("Partially compliant.")).to_be_visible()


def test_a_signed_in_entrepreneur_finds_the_footer_links(page, assert_accessible, entrepreneur):
    log_in(page, entrepreneur)

    footer = page.get_by_role("contentinfo")
    for link in DUTCH:
        expect(footer.get_by_role("link", name=link, exact=True)).to_be_visible()
    with page.expect_navigation():
        footer.get_by_role("link", name="Toegankelijkheid", exact=True).click()
    expect(page.get_by_text("Voldoet gedeeltelijk.")).to_be_visible()
    assert_accessible(page)
