"""The letter editor's figure picker: a coordinator finds a figure by its Dutch name and inserts its
token where the cursor was; the live preview shows the figure's value. Without JavaScript the list
stays a table to copy from; with the strict Content Security Policy the picker still works."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import UserFactory
from tests.reporting.factories import letter_about_2020, programme_with_action_lines

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def section_url(groningen):
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    programme = programme_with_action_lines(groningen)
    letter = letter_about_2020(programme, coordinator)
    line = programme.action_lines.get(number=1)
    return coordinator, f"/rapportage/brieven/{letter.pk}/actielijn/{line.pk}/"


def open_picker(page, coordinator, url):
    log_in(page, coordinator)
    page.goto(url)
    page.get_by_text("Cijfers die u kunt invoegen").click()


def test_a_coordinator_finds_a_figure_by_its_dutch_name_and_inserts_it_at_the_cursor(
    page, assert_accessible, section_url
):
    coordinator, url = section_url
    open_picker(page, coordinator, url)
    body = page.locator("#id_body")
    body.fill("Er zijn  bijeenkomsten gehouden.")
    body.evaluate("(field) => field.setSelectionRange(8, 8)")

    page.get_by_label("Zoek een cijfer").fill("gehouden actielijn 1")
    rows = page.locator("#figure-catalogue tbody tr:visible")
    expect(rows.first).to_contain_text("Activiteiten gehouden, actielijn 1")
    assert all("actielijn 1" in text.lower() for text in rows.all_inner_texts())
    expect(page.locator("[data-picker-status]")).to_have_text(re.compile(r"^\d+ cijfers? getoond\.$"))
    assert_accessible(page)

    page.get_by_role("button", name="Invoegen: Activiteiten gehouden, actielijn 1", exact=True).click()
    expect(body).to_have_value("Er zijn [[line1_activities_held]] bijeenkomsten gehouden.")
    expect(body).to_be_focused()
    expect(page.locator("#letter-preview")).to_contain_text("Er zijn 0 bijeenkomsten gehouden.")


def test_the_picker_works_under_the_strict_content_security_policy(strict_page, section_url):
    page, violations = strict_page
    coordinator, url = section_url
    open_picker(page, coordinator, url)
    page.locator("#id_body").fill("")
    page.get_by_role("button", name="Invoegen: Activiteiten gehouden, actielijn 1", exact=True).click()
    expect(page.locator("#id_body")).to_have_value("[[line1_activities_held]]")
    assert violations == []


def test_without_javascript_the_figures_are_a_list_to_copy_from(browser, live_server, section_url):
    coordinator, url = section_url
    context = browser.new_context(base_url=live_server.url, locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        open_picker(page, coordinator, url)
        expect(page.get_by_text("[[line1_activities_held]]")).to_be_visible()
        assert page.get_by_role("button", name=re.compile("Invoegen")).count() == 0
        assert page.get_by_label("Zoek een cijfer").is_hidden()
    finally:
        context.close()
