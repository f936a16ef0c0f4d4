"""The regional coordinator of regio Alkmaar (the demo's account) in a real browser: their start page lists the
registrations waiting across the region's five municipalities; they verify the one from Heiloo, read the region's
figures (charts and the table adding up the members) and its marketplace, and again in English. axe on every
page."""

import pytest
from playwright.sync_api import expect

from accounts.demo import seed_accounts
from matching.demo_region import seed_region_marketplace
from procurement.demo_region import REGIONAL_COORDINATOR, seed_region
from procurement.models import Supplier
from tests.browser.conftest import log_in_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def region():
    seed_accounts()
    seed_region()
    seed_region_marketplace()


def test_the_regional_coordinator_verifies_a_supplier_from_heiloo_and_reads_the_regions_figures(
    page, assert_accessible, region
):
    log_in_demo(page, REGIONAL_COORDINATOR[0])
    page.goto("/start/")
    assert_accessible(page)
    todo = page.get_by_role("link", name="Drukkerij Heiloo Inclusief")
    expect(todo).to_be_visible()
    expect(page.get_by_role("link", name="Kunstuitleen Kunstenaarsdorp")).to_be_visible()  # Bergen's, too

    with page.expect_navigation():
        todo.click()
    assert_accessible(page)
    expect(page.get_by_text("Heiloo", exact=True)).to_be_visible()
    page.fill("#id_reason", "Criteria gecontroleerd met de KvK-gegevens.")
    with page.expect_navigation():
        page.get_by_role("button", name="Verifiëren").click()
    assert_accessible(page)
    expect(page.get_by_text("Drukkerij Heiloo Inclusief is geverifieerd")).to_be_visible()
    assert Supplier.objects.get(organisation__name="Drukkerij Heiloo Inclusief").status == Supplier.Status.VERIFIED

    with page.expect_navigation():
        page.get_by_role("link", name="Regionale cijfers").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Cijfers van de regio Alkmaar", level=1)).to_be_visible()
    heiloo = page.get_by_role("row", name="Heiloo")
    expect(heiloo.get_by_role("cell").nth(0)).to_have_text("2")  # its two suppliers now verified
    expect(page.get_by_role("row", name="Totaal van de regio Alkmaar").get_by_role("cell").nth(0)).to_have_text("6")
    expect(page.locator("#register-chart-caption")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Regionale marktplaats").first.click()
    assert_accessible(page)
    expect(page.get_by_role("link", name="Vrijwilligers met technische kennis")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.goto("/regio/")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Figures of the region Alkmaar", level=1)).to_be_visible()
    page.goto("/inkoop/register/?status=pending")
    assert_accessible(page)
    expect(page.get_by_role("columnheader", name="Municipality")).to_be_visible()
    expect(page.get_by_role("link", name="Drukkerij Heiloo Inclusief")).to_have_count(0)
