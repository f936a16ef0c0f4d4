"""Impact measured in a real browser: a verified supplier files its yearly impact (FTE with a Dutch decimal comma),
the coordinator finds it on the start page and accepts it, and the figure shows on the supplier's public profile.
axe on every page; the journey in Dutch, then the pages once more in English."""

import pytest
from playwright.sync_api import expect

from procurement.models import ImpactReport
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.procurement.factories import SupplierFactory

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)


def switch_to_english(page):
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()


@pytest.fixture
def world():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    organisation = OrganisationFactory(municipality=groningen, name="Kringloopbedrijf De Vondst")
    return {
        "supplier": SupplierFactory(organisation=organisation),
        "entrepreneur": UserFactory(role="entrepreneur", name="Fatima El Amrani", organisation=organisation),
        "coordinator": UserFactory(role="coordinator", name="Simon Poelstra", municipality=groningen),
    }


def test_a_supplier_files_its_impact_the_coordinator_accepts_and_the_profile_shows_it(page, assert_accessible, world):
    supplier = world["supplier"]

    # The supplier reports 2020: people employed, FTE with a decimal comma, and a first try with a negative figure.
    log_in(page, world["entrepreneur"])
    visit(page, assert_accessible, "/inkoop/mijn-registratie/")
    with page.expect_navigation():
        page.get_by_role("link", name="Impactrapportages").click()
    assert_accessible(page)
    visit(page, assert_accessible, "/inkoop/mijn-registratie/impact/2020/")
    expect(page.get_by_text("36 uur per week is 1 fte")).to_be_visible()
    page.get_by_label("mensen met een afstand tot de arbeidsmarkt in dienst").fill("-7")
    page.get_by_label("waarvan in fte").fill("2,5")
    with page.expect_navigation():
        page.get_by_role("button", name="Naar de gemeente sturen").click()
    assert_accessible(page)
    expect(page.get_by_text("Een cijfer kan niet negatief zijn.").first).to_be_visible()
    page.get_by_label("mensen met een afstand tot de arbeidsmarkt in dienst").fill("7")
    with page.expect_navigation():
        page.get_by_role("button", name="Naar de gemeente sturen").click()
    assert_accessible(page)
    expect(page.get_by_text("Uw impactrapportage over 2020 is naar de gemeente gestuurd.")).to_be_visible()
    expect(page.get_by_text("Wacht op controle")).to_be_visible()

    # Not public before the check.
    visit(page, assert_accessible, supplier.get_absolute_url())
    expect(page.get_by_text("Nog geen door de gemeente gecontroleerde impactcijfers.")).to_be_visible()

    # The coordinator finds it on the start page, checks it and accepts it.
    log_in(page, world["coordinator"])
    visit(page, assert_accessible, "/start/")
    expect(page.get_by_text("Impactrapportages die wachten op controle")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Kringloopbedrijf De Vondst").first.click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Accepteren").click()
    assert_accessible(page)
    expect(page.get_by_text("is geaccepteerd.")).to_be_visible()
    assert ImpactReport.objects.get().status == ImpactReport.Status.ACCEPTED
    visit(page, assert_accessible, "/inkoop/impact/?year=2020")
    expect(page.get_by_role("heading", name="Geaccepteerde cijfers van 2020")).to_be_visible()

    # The public profile shows the accepted figures with their definitions.
    page.context.clear_cookies()
    visit(page, assert_accessible, supplier.get_absolute_url())
    figures = page.get_by_role("table", name="Impact in 2020")
    expect(figures).to_be_visible()
    expect(figures.get_by_role("row", name="Waarvan in fte")).to_contain_text("2,5")

    # The same pages in English.
    switch_to_english(page)
    visit(page, assert_accessible, supplier.get_absolute_url())
    expect(page.get_by_role("heading", name="Impact measured")).to_be_visible()
    expect(page.get_by_role("table", name="Impact in 2020").get_by_role("row", name="Of which in FTE")).to_contain_text(
        "2.5"
    )
    log_in(page, world["coordinator"])
    switch_to_english(page)
    visit(page, assert_accessible, "/inkoop/impact/?year=2020")
    expect(page.get_by_role("heading", name="Accepted figures of 2020")).to_be_visible()
    visit(page, assert_accessible, f"/inkoop/impact/{ImpactReport.objects.get().pk}/")
    log_in(page, world["entrepreneur"])
    switch_to_english(page)
    visit(page, assert_accessible, "/inkoop/mijn-registratie/impact/")
    visit(page, assert_accessible, "/inkoop/mijn-registratie/impact/2021/")
    expect(page.get_by_text("36 hours a week is 1 FTE")).to_be_visible()
