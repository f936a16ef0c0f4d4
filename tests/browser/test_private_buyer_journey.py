"""A private organisation that buys (seed 003) in a real browser, on the demo data: the coordinator verifies the
care institution that signed up as a buyer, it posts a purchase request, a demo supplier quotes, the buyer awards,
and the revenue for social enterprises shows the private share. axe on every page, in Dutch and in English."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.demo import seed_accounts
from accounts.models import BuyerStatus, Organisation, User
from procurement.demo import seed_procurement
from procurement.demo_private import seed_private_buyers
from procurement.models import Award, PurchaseRequest, Quote
from tests.browser.conftest import log_in_demo

pytestmark = pytest.mark.django_db(transaction=True)

COORDINATOR = "coordinator@impactportaal.test"
NEW_BUYER = "inkoper.hetbaken@impactportaal.test"
NOORDERHUIS = "inkoper.noorderhuis@impactportaal.test"
SUPPLIER = "ondernemer@impactportaal.test"


@pytest.fixture
def demo():
    seed_accounts()
    seed_procurement()
    seed_private_buyers()


def visit(page, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)


def click_and_check(page, assert_accessible, locator):
    with page.expect_navigation():
        locator.click()
    assert_accessible(page)


def test_a_private_buyer_is_verified_posts_gets_a_quote_and_awards(page, assert_accessible, demo):
    # The coordinator finds the waiting registration on the start page and verifies it.
    log_in_demo(page, COORDINATOR)
    visit(page, assert_accessible, "/start/")
    buyers = page.locator('[data-todo="buyers"]')
    assert "Zorginstelling Het Baken" in buyers.inner_text()
    click_and_check(page, assert_accessible, buyers.get_by_role("link", name="Zorginstelling Het Baken"))
    assert "Wacht op verificatie" in page.content()
    page.fill("#id_reason", "KvK-inschrijving en contactpersoon gecontroleerd.")
    click_and_check(page, assert_accessible, page.get_by_role("button", name="Verifiëren"))
    assert "is geverifieerd als inkoper" in page.content()
    assert Organisation.objects.get(name="Zorginstelling Het Baken").buyer_status == BuyerStatus.VERIFIED

    # The buyer posts a purchase request for refurbished furniture.
    log_in_demo(page, NEW_BUYER)
    assert page.locator('[data-todo="checklist"]').count() == 1
    click_and_check(page, assert_accessible, page.get_by_role("link", name="Inkoopvragen").first)
    click_and_check(page, assert_accessible, page.get_by_role("link", name="Inkoopvraag plaatsen").first)
    assert page.locator("#id_counts_towards_sroi").count() == 0  # no social-return duty to count towards
    page.fill("#id_title", "Opgeknapte stoelen voor de huiskamers")
    page.fill("#id_description", "Veertig stevige stoelen met armleuningen voor vier huiskamers.")
    page.select_option("#id_category", "facility")
    page.fill("#id_budget_min", "2000")
    page.fill("#id_budget_max", "4000")
    page.fill("#id_deadline", (timezone.localdate() + dt.timedelta(days=14)).isoformat())
    click_and_check(page, assert_accessible, page.locator("main form.portal-form button[type=submit]").last)
    purchase_request = PurchaseRequest.objects.get(title="Opgeknapte stoelen voor de huiskamers")
    assert purchase_request.origin == PurchaseRequest.Origin.PRIVATE
    assert "Kringloopbedrijf De Vondst" in page.content()  # a fitting supplier

    # The demo supplier sees it among the requests for it, from the care institution, and quotes.
    log_in_demo(page, SUPPLIER)
    visit(page, assert_accessible, "/inkoop/inkoopvragen-voor-mij/")
    row = page.get_by_role("row").filter(has_text="Opgeknapte stoelen voor de huiskamers")
    assert "Zorginstelling Het Baken" in row.inner_text()
    click_and_check(page, assert_accessible, row.get_by_role("link"))
    page.fill("#id_message", "Veertig opgeknapte stoelen uit onze werkplaats, geleverd en geplaatst.")
    page.fill("#id_price", "3200")
    click_and_check(page, assert_accessible, page.locator("main form.portal-form button[type=submit]").last)
    assert Quote.objects.get(purchase_request=purchase_request).price == 3200

    # The buyer awards it.
    log_in_demo(page, NEW_BUYER)
    visit(page, assert_accessible, purchase_request.get_absolute_url())
    page.get_by_label("Gegund bedrag").fill("3200")
    click_and_check(page, assert_accessible, page.get_by_role("button", name="Gunnen"))
    assert "Gegund aan Kringloopbedrijf De Vondst." in page.content()
    assert Award.objects.get(purchase_request=purchase_request).amount == Decimal("3200")

    # The coordinator's figures show the private share of the revenue, apart from the municipality's spend.
    log_in_demo(page, COORDINATOR)
    visit(page, assert_accessible, f"/inkoop/cijfers/?jaar={timezone.localdate().year}")
    private = page.locator('[data-testid="social-revenue"] tr').filter(has_text="Private organisaties")
    private_awards = Award.objects.filter(
        purchase_request__origin=PurchaseRequest.Origin.PRIVATE, awarded_on__year=timezone.localdate().year
    )
    expected = sum(award.amount for award in private_awards)
    assert f"{expected:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".") in private.inner_text()


def test_the_private_buyers_pages_in_english_pass_axe(page, assert_accessible, demo):
    log_in_demo(page, NOORDERHUIS)
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    visit(page, assert_accessible, "/start/")
    visit(page, assert_accessible, "/inkoop/inkoopvragen/")
    assert "What Woningcorporatie Noorderhuis wants to buy" in page.content()
    open_request = PurchaseRequest.objects.get(title="Catering voor de huurdersavond in de Oosterparkwijk")
    visit(page, assert_accessible, open_request.get_absolute_url())
    assert "Lunchroom Het Stadshart" in page.content() and "Cateringbedrijf Smaakmakers" in page.content()
    visit(page, assert_accessible, "/inkoop/inkoopvragen/nieuw/")
    assert "Post a purchase request" in page.content()

    coordinator = User.objects.get(email=COORDINATOR)
    log_in_demo(page, coordinator)
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    visit(page, assert_accessible, "/inkoop/kopers/")
    assert "Private buyers" in page.content() and "Awaiting verification" in page.content()
    page.get_by_role("link", name="Zorginstelling Het Baken").click()
    assert_accessible(page)
    page.get_by_role("button", name="Reject").click()  # without a reason: refused, nothing changes
    page.wait_for_load_state("load")
    assert_accessible(page)
    assert "Give the reason for the rejection" in page.content()
    assert Organisation.objects.get(name="Zorginstelling Het Baken").buyer_status == BuyerStatus.PENDING
    visit(page, assert_accessible, "/inkoop/cijfers/")
    assert "Revenue for social enterprises" in page.content() and "Private organisations" in page.content()
