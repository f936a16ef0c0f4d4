"""Lists that act, in a real browser: a coordinator ticks "all that match the filter" in the supplier
register (more than one page) and verifies them at once; the "select all on this page" box ticks a page;
a buyer downloads the purchase requests as CSV (a download event). axe on every page, in Dutch and English."""

import csv
import io
from pathlib import Path

import pytest

from procurement.models import Supplier
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, UserFactory
from tests.procurement.factories import PurchaseRequestFactory, SupplierFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    haarlem = MunicipalityFactory(name="Haarlem", slug="haarlem")
    for number in range(23):  # the register shows 20 to a page
        SupplierFactory(
            organisation__municipality=groningen,
            organisation__name=f"Wachtende onderneming {number:02d}",
            status=Supplier.Status.PENDING,
            verified_at=None,
        )
    SupplierFactory(
        organisation__municipality=haarlem,
        organisation__name="Haarlemse onderneming",
        status=Supplier.Status.PENDING,
        verified_at=None,
    )
    PurchaseRequestFactory(municipality=groningen, title="Koffie voor het stadhuis")
    return {
        "coordinator": UserFactory(role="coordinator", name="Simon Poelstra", municipality=groningen),
        "buyer": UserFactory(role="buyer", name="Pieter Mulder", municipality=groningen),
    }


def test_a_coordinator_verifies_every_matching_registration_at_once(page, assert_accessible, world):
    log_in(page, world["coordinator"])
    page.goto("/inkoop/register/?status=pending")
    assert_accessible(page)

    # the page box ticks the twenty rows of this page and says so next to the action
    page.get_by_label("Alles op deze pagina selecteren").check()
    assert page.locator("input[name=suppliers]:checked").count() == 20
    assert "20 leveranciers aangevinkt" in page.locator("[data-bulk-count]").inner_text()

    # "all 23 that match the filter" covers the next page too
    page.get_by_label("of alle 23 leveranciers die aan het filter voldoen, op alle pagina's").check()
    assert "Alle 23 leveranciers" in page.locator("[data-bulk-count]").inner_text()
    page.select_option("select[name=action]", "verify")
    with page.expect_navigation():
        page.get_by_role("button", name="Uitvoeren").click()
    assert_accessible(page)

    assert "23 leveranciers geverifieerd" in page.content()
    groningens = Supplier.objects.filter(organisation__municipality__slug="groningen")
    assert set(groningens.values_list("status", flat=True)) == {"verified"}
    assert Supplier.objects.get(organisation__name="Haarlemse onderneming").status == "pending"


def test_the_register_in_english_passes_axe(page, assert_accessible, world):
    log_in(page, world["coordinator"])
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.goto("/inkoop/register/")
    assert_accessible(page)
    page.get_by_label("Select all on this page").check()
    assert "20 suppliers ticked" in page.locator("[data-bulk-count]").inner_text()


def test_a_buyer_downloads_the_purchase_requests(page, assert_accessible, world):
    log_in(page, world["buyer"])
    page.goto("/inkoop/inkoopvragen/?status=open")
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Downloaden als CSV").click()

    assert download.value.suggested_filename.startswith("inkoopvragen-groningen-")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Inkoopvraag" and rows[1][0] == "Koffie voor het stadhuis"


def test_the_selection_script_runs_under_the_strict_content_security_policy(strict_page, world):
    page, violations = strict_page
    log_in(page, world["coordinator"])
    page.goto("/inkoop/register/")

    page.get_by_label("Alles op deze pagina selecteren").check()  # shown by the script, hidden without it

    assert page.locator("input[name=suppliers]:checked").count() == 20
    assert violations == []
