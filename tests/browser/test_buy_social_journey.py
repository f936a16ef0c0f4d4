"""A Buy Social marketplace, in Dutch and in English: a coordinator plans one, records two deals at the desk (one with
a company found by typing, one with a new company entered by name and KvK number) without a page reload, and sees
them in the totals and in the CSV. axe on every page."""

import csv
import io

import pytest
from playwright.sync_api import expect

from accounts.models import Organisation
from matching.models import Beursvloer, Deal
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LABELS = {
    "nl": {
        "plan": "Beursvloer plannen",
        "kind": "Buy Social: bedrijven en sociaal ondernemers",
        "name": "Naam",
        "date": "Datum",
        "place": "Plaats",
        "save": "Opslaan",
        "desk": "Deals vastleggen: Buy Social Marktplaats Groningen",
        "find_company": "Zoek een bedrijf",
        "find_enterprise": "Zoek een sociaal ondernemer",
        "new_name": "Of een nieuw bedrijf: de naam",
        "new_kvk": "KvK-nummer van het nieuwe bedrijf",
        "agreement": "Wat is afgesproken",
        "amount": "Verwacht bedrag (euro)",
        "sroi": "Telt voor de social-returnverplichting (SROI) van een aanbesteding",
        "record": "Deal vastleggen",
        "recorded": "Vastgelegd",
        "first_amount": "12.500,50",
        "second_amount": "3.100",
        "total": "€\xa015.600,50",
        "csv": "Download de deals (CSV)",
        "csv_header": ["Bedrijf", "KvK-nummer", "Sociaal ondernemer"],
        "csv_amount": "12500,50",
    },
    "en": {
        "plan": "Plan a beursvloer",
        "kind": "Buy Social: companies and social entrepreneurs",
        "name": "Name",
        "date": "Date",
        "place": "Place",
        "save": "Save",
        "desk": "Record deals: Buy Social Marktplaats Groningen",
        "find_company": "Find a company",
        "find_enterprise": "Find a social entrepreneur",
        "new_name": "Or a new company: its name",
        "new_kvk": "KvK number of the new company",
        "agreement": "What was agreed",
        "amount": "Expected amount (euros)",
        "sroi": "Serves the social-return (SROI) duty of a tender",
        "record": "Record deal",
        "recorded": "Recorded",
        "first_amount": "12,500.50",
        "second_amount": "3,100",
        "total": "€\xa015,600.50",
        "csv": "Download the deals (CSV)",
        "csv_header": ["Company", "KvK number", "Social entrepreneur"],
        "csv_amount": "12500,50",
    },
}


@pytest.fixture
def groningen_floor():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    OrganisationFactory(municipality=groningen, kind="company", name="Bouwbedrijf Hunze BV", kvk_number="71000001")
    OrganisationFactory(municipality=groningen, kind="enterprise", name="Schoonmaakcollectief Stad")
    OrganisationFactory(municipality=groningen, kind="enterprise", name="De Buurtkok Groningen")
    for index in range(12):  # more than one search page of each side
        OrganisationFactory(municipality=groningen, kind="company", name=f"Ander bedrijf {index}")
        OrganisationFactory(municipality=groningen, kind="enterprise", name=f"Andere onderneming {index}")
    return coordinator


def choose_by_typing(page, box_label: str, select_id: str, text: str) -> None:
    page.get_by_label(box_label, exact=True).press_sequentially(text)
    page.wait_for_function(
        "([id, text]) => document.querySelector(id).selectedOptions[0]?.text.includes(text)", arg=[select_id, text]
    )


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_coordinator_records_a_buy_social_marketplace_and_its_deals(
    page, assert_accessible, groningen_floor, language
):
    says = LABELS[language]
    log_in(page, groningen_floor)
    if language == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    page.goto("/matching/beursvloer/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=says["plan"]).click()
    assert_accessible(page)
    page.get_by_label(says["kind"]).check()
    page.get_by_label(says["name"], exact=True).fill("Buy Social Marktplaats Groningen")
    page.get_by_label(says["date"], exact=True).fill("2026-05-20")
    page.get_by_label(says["place"], exact=True).fill("Stadhuis Groningen")
    with page.expect_navigation():
        page.get_by_role("button", name=says["save"]).click()
    expect(page.get_by_role("heading", name=says["desk"], level=1)).to_be_visible()
    assert_accessible(page)
    event = Beursvloer.objects.get()
    assert event.is_buy_social
    page.wait_for_function("() => window.htmx !== undefined")
    page.evaluate("window.stillTheSamePage = true")
    rows = page.locator("#beursvloer-registered tr[data-deal]")

    # A company found by typing (part of its name) and a social entrepreneur.
    choose_by_typing(page, says["find_company"], "#id_company", "Hunze")
    choose_by_typing(page, says["find_enterprise"], "#id_enterprise", "Schoonmaak")
    page.get_by_label(says["agreement"], exact=True).fill("Schoonmaak van de bouwketen")
    page.get_by_label(says["amount"], exact=True).fill(says["first_amount"])
    page.get_by_label(says["sroi"]).check()
    page.get_by_role("button", name=says["record"]).click()
    expect(rows).to_have_count(1)
    expect(page.locator("#desk-announcement")).to_contain_text(says["recorded"])

    # A new company, by name and KvK number.
    page.wait_for_function("() => !document.querySelector('.htmx-added, .htmx-settling, .htmx-request')")
    page.get_by_label(says["new_name"], exact=True).fill("Installatiebedrijf Noord")
    page.get_by_label(says["new_kvk"], exact=True).fill("71000099")
    choose_by_typing(page, says["find_enterprise"], "#id_enterprise", "Buurtkok")
    page.get_by_label(says["agreement"], exact=True).fill("Lunches op de bouwplaats")
    page.get_by_label(says["amount"], exact=True).fill(says["second_amount"])
    page.get_by_role("button", name=says["record"]).click()
    expect(rows).to_have_count(2)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.locator('[data-count="deals"]')).to_have_text("2")
    expect(page.locator('[data-count="amount"]')).to_have_text(says["total"])
    assert_accessible(page)
    assert Deal.objects.filter(beursvloer=event).count() == 2
    assert Organisation.objects.get(kvk_number="71000099").kind == "company"

    page.goto(f"/matching/beursvloer/{event.pk}/")
    assert_accessible(page)
    expect(page.locator('[data-count="companies"]')).to_have_text("2")
    expect(page.locator('[data-count="enterprises"]')).to_have_text("2")
    with page.expect_download() as download:
        page.get_by_role("link", name=says["csv"]).click()
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows_of_csv = list(csv.reader(io.StringIO(file.read()), delimiter=";"))
    assert rows_of_csv[0][:3] == says["csv_header"]
    companies = {row[0] for row in rows_of_csv[1:]}
    assert companies == {"Bouwbedrijf Hunze BV", "Installatiebedrijf Noord"}
    assert says["csv_amount"] in {row[4] for row in rows_of_csv[1:]}
