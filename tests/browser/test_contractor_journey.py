"""Haarlem's contractor (the demo's Aannemersbedrijf Van Duin BV) in a real browser: it logs in, reads on its start
page and its tender what it still owes under Haarlem's weighting rules, finds fitting social enterprises, and records
a purchase; Haarlem's buyer accepts it; the contractor sees what it owes drop, in Dutch and in English. axe on every
page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.demo import seed_accounts
from procurement import services
from procurement.demo import HAARLEM_BUYER, seed_procurement
from procurement.demo_contractors import CONTRACTOR_USER, TENDER, seed_contractors
from procurement.models import SroiRealisation, SroiTender
from tests.browser.conftest import log_in_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def tender():
    seed_accounts()
    seed_procurement()
    seed_contractors()
    return SroiTender.objects.get(title=TENDER)


def test_the_contractor_finds_suppliers_records_a_purchase_and_owes_less_once_the_buyer_accepts_it(
    page, assert_accessible, tender
):
    log_in_demo(page, CONTRACTOR_USER[0])
    expect(page.get_by_role("heading", name="Uw verplichting voor social return")).to_be_visible()  # the start page
    assert_accessible(page)
    expect(page.get_by_text("nog te realiseren: € 58.700,00")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name=TENDER).first.click()
    assert_accessible(page)
    expect(page.locator("#still-owed")).to_have_text("€\xa058.700,00")
    expect(page.get_by_text("Certified on the PSO ladder: counts for 75%")).to_have_count(0)  # Dutch, not English
    expect(page.get_by_text("Gecertificeerd op de PSO-ladder: telt voor 75% mee")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Passende sociale ondernemingen zoeken").click()
    assert_accessible(page)
    page.select_option("#id_category", "cleaning")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken").click()
    assert_accessible(page)
    card = page.locator(".portal-card", has_text="Haarlems Schoonmaakcollectief")
    expect(card.get_by_text("Een inkoop telt volledig mee voor uw verplichting.")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name=TENDER).click()
    page.select_option("#id_supplier", label="Haarlems Schoonmaakcollectief")
    page.fill("#id_description", "Schoonmaak van de bouwketen, fase 3")
    page.fill("#id_amount", "2000")
    page.fill("#id_date", (timezone.localdate() - dt.timedelta(days=3)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Inkoop vastleggen").click()
    assert_accessible(page)
    expect(page.get_by_text("De inkoop is vastgelegd")).to_be_visible()
    expect(page.locator("#still-owed")).to_have_text("€\xa058.700,00")  # it counts once the buyer has checked it

    log_in_demo(page, HAARLEM_BUYER[0])
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Aannemersbedrijf Van Duin BV: Schoonmaak van de bouwketen, fase 3").click()
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Schoonmaak van de bouwketen, fase 3")
    with page.expect_navigation():
        row.get_by_role("button", name="Accepteren").click()
    assert_accessible(page)
    expect(page.get_by_text("De inkoop is goedgekeurd; deze telt voor 100% mee.")).to_be_visible()
    accepted = SroiRealisation.objects.get(description="Schoonmaak van de bouwketen, fase 3")
    assert (accepted.status, accepted.weight) == (SroiRealisation.Status.ACCEPTED, 100)
    with page.expect_navigation():
        page.get_by_role("link", name="Wegingsregels").first.click()
    assert_accessible(page)
    expect(page.get_by_label("Gecertificeerd op de PSO-ladder")).to_have_value("75")

    log_in_demo(page, CONTRACTOR_USER[0])
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.goto(f"/inkoop/opdrachtnemer/{tender.pk}/")
    assert_accessible(page)
    expect(page.locator("#still-owed")).to_have_text("€\xa056,700.00")
    expect(page.get_by_text("Certified on the PSO ladder: counts for 75%")).to_be_visible()
    page.goto(f"/inkoop/opdrachtnemer/{tender.pk}/leveranciers/")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Fitting social enterprises", level=1)).to_be_visible()


def test_an_invited_contractor_makes_its_account_from_the_link(page, assert_accessible, groningen):
    tender = SroiTender.objects.create(
        municipality=groningen,
        title="Onderhoud kademuren",
        contractor="Waterbouw Noord BV",
        contract_value=Decimal("800000"),
        sroi_percentage=Decimal("5"),
        start_date=dt.date(2025, 1, 1),
    )
    token = services.sroi_invitation_token(tender=tender, email="directie@waterbouwnoord.nl", number=0)

    page.goto(f"/inkoop/sroi/uitnodiging/{token}/")
    assert_accessible(page)
    expect(page.get_by_label("Naam van uw bedrijf")).to_have_value("Waterbouw Noord BV")
    page.fill("#id_name", "Wim Noord")
    page.fill("#id_kvk_number", "6123")
    page.fill("#id_password1", "kort")
    page.fill("#id_password2", "kort")
    page.get_by_role("button", name="Account maken en accepteren").click()
    page.wait_for_load_state("load")
    assert_accessible(page)  # the errors, told accessibly
    page.fill("#id_kvk_number", "61234567")
    page.fill("#id_password1", "Kademuur-in-Groningen-2026")
    page.fill("#id_password2", "Kademuur-in-Groningen-2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Account maken en accepteren").click()
    assert_accessible(page)
    expect(page.locator("#still-owed")).to_have_text("€\xa040.000,00")
