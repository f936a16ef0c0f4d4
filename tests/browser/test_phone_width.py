"""A Groningen coordinator on a phone (390 px wide): the sixteen menu links wait behind the "Menu" button,
the dashboard's charts keep their text at 12 px or more, no heading breaks inside a word, and the header
wears Groningen's own face. At desktop width the menu is as it was. axe in Dutch and in English."""

from pathlib import Path

import pytest
from django.core.files import File
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, UserFactory
from tests.procurement.factories import SupplierFactory
from tests.programmes.factories import ActionLineFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LOGO = Path(__file__).resolve().parents[2] / "accounts" / "demo_files" / "groningen-logo.png"
GRONINGEN_RED = "rgb(200, 16, 46)"

SMALLEST_CHART_TEXT = """() => {
  const sizes = [];
  for (const svg of document.querySelectorAll("main svg.portal-chart__svg")) {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    for (const text of svg.querySelectorAll("text")) {
      sizes.push(parseFloat(getComputedStyle(text).fontSize) * scale);
    }
  }
  return sizes.length ? Math.min(...sizes) : null;
}"""

WORDS_BROKEN_IN_HEADINGS = """() => {
  const broken = [];
  for (const heading of document.querySelectorAll("h1, h2, h3")) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
        if (lines.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def coordinator():
    groningen = MunicipalityFactory(
        name="Groningen", slug="groningen", brand_primary_color="#C8102E", brand_secondary_color="#007A3D"
    )
    with LOGO.open("rb") as handle:
        groningen.logo.save("groningen-logo.png", File(handle))
    year = timezone.localdate().year
    programme = ProgrammeFactory(municipality=groningen, name="Ondernemen met impact", start_year=year - 1)
    ActionLineFactory(programme=programme, number=1, title="Bestaande impactondernemers professionaliseren")
    ActionLineFactory(programme=programme, number=2, title="Impactondernemerschapsprogramma's voor starters")
    return UserFactory(email="coordinator@groningen.test", role="coordinator", municipality=groningen)


def test_a_coordinator_on_a_phone(page, coordinator, assert_accessible):
    page.set_viewport_size(PHONE)
    log_in(page, coordinator)
    page.goto("/programma/dashboard/")

    nav = page.get_by_role("navigation", name="Hoofdmenu")
    menu = nav.get_by_role("button", name="Menu")
    accounts = nav.get_by_role("link", name="Accounts")
    expect(menu).to_be_visible()
    assert menu.get_attribute("aria-expanded") == "false"
    expect(accounts).to_be_hidden()
    assert_accessible(page)

    menu.focus()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    expect(accounts).to_be_visible()
    page.keyboard.press("Escape")
    expect(accounts).to_be_hidden()

    assert page.locator("main svg.portal-chart__svg").count() >= 2
    assert page.evaluate(SMALLEST_CHART_TEXT) >= 12
    assert page.evaluate(WORDS_BROKEN_IN_HEADINGS) == []

    # the start page's longest compound: "Leveranciersregistraties die wachten op verificatie"
    SupplierFactory(organisation__municipality=coordinator.municipality, status="pending")
    page.goto("/start/")
    assert any("Leveranciersregistraties" in text for text in page.get_by_role("heading", level=2).all_inner_texts())
    assert page.evaluate(WORDS_BROKEN_IN_HEADINGS) == []
    page.goto("/programma/dashboard/")

    header = page.locator(".portal-header")
    assert header.evaluate("element => getComputedStyle(element).backgroundColor") == GRONINGEN_RED
    logo = header.get_by_role("img", name="Gemeente Groningen")
    assert logo.evaluate("image => image.complete && image.naturalWidth > 0")

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.get_by_role("navigation", name="Main navigation").get_by_role("button", name="Menu")).to_be_visible()
    assert page.evaluate(SMALLEST_CHART_TEXT) >= 12
    assert page.evaluate(WORDS_BROKEN_IN_HEADINGS) == []
    expect(page.get_by_role("img", name="Municipality of Groningen")).to_be_visible()
    assert_accessible(page)


def test_at_desktop_width_the_menu_stays_open(page, coordinator, assert_accessible):
    page.set_viewport_size(DESKTOP)
    log_in(page, coordinator)
    page.goto("/programma/dashboard/")

    nav = page.get_by_role("navigation", name="Hoofdmenu")
    expect(nav.get_by_role("button", name="Menu")).to_be_hidden()
    expect(nav.get_by_role("link", name="Accounts")).to_be_visible()
    assert_accessible(page)
