"""The network of municipalities: a visitor finds it in the menu, chooses a year and downloads the CSV; a coordinator
adds a note on what worked to their own municipality's figures, which a colleague of another municipality reads. axe
on every page, in Dutch and in English."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from accounts.models import Municipality
from reporting.models import FigureNote, Letter
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, UserFactory
from tests.reporting.factories import letter_with

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen", in_network=True, population=233_000)
    haarlem = MunicipalityFactory(name="Haarlem", slug="haarlem", in_network=True, population=162_000)
    figures = {"challenge_applied": 52, "matches_made": 15, "activities_held": 12, "impact_spend": "96500.00"}
    letter_with(groningen, 2021, Letter.Status.PUBLISHED, figures | {"matches_made": 31})
    letter_with(haarlem, 2020, Letter.Status.PUBLISHED, figures | {"challenge_applied": 20})
    letter_with(haarlem, 2021, Letter.Status.PUBLISHED, figures | {"matches_made": 6})
    return {
        "coordinator": UserFactory(role="coordinator", municipality=groningen, name="Carla Coördinator"),
        "colleague": UserFactory(role="coordinator", municipality=haarlem),
    }


def test_a_visitor_compares_the_municipalities_and_downloads_the_figures(page, world, assert_accessible):
    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Netwerk van gemeenten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerk van gemeenten")
    expect(page.get_by_role("heading", name="Cijfers van 2021")).to_be_visible()
    expect(page.get_by_role("heading", name="Wat de cijfers betekenen")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Jaar").select_option("2020")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", name="Cijfers van 2020")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Haarlem")).to_be_visible()
    expect(page.get_by_role("rowheader", name="Groningen")).to_have_count(0)
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Alle jaren downloaden (CSV)").click()
    assert download.value.suggested_filename == "netwerk-cijfers.csv"
    assert "Haarlem;2020;162000;20" in Path(download.value.path()).read_text(encoding="utf-8-sig")

    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network of municipalities")
    expect(page.get_by_role("heading", name="What the figures mean")).to_be_visible()
    assert_accessible(page)


def test_a_coordinator_notes_what_worked_and_a_colleague_elsewhere_reads_it(page, world, assert_accessible):
    log_in(page, world["coordinator"])
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Netwerk van gemeenten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerk van gemeenten: voor collega's")
    expect(page.get_by_role("heading", name="Gehouden activiteiten per soort in 2021")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Cijfer", exact=True).select_option(label="Matches gemaakt")
    page.get_by_label("Wat werkte", exact=True).fill("Twee beursvloeren met de Stadjerspas als partner.")
    with page.expect_navigation():
        page.get_by_role("button", name="Notitie toevoegen").click()
    expect(page.get_by_text("Uw notitie is toegevoegd.")).to_be_visible()
    expect(page.get_by_text("Twee beursvloeren met de Stadjerspas als partner.")).to_be_visible()
    assert_accessible(page)
    assert FigureNote.objects.get().figure == "matches_made"

    page.get_by_label("Wat werkte", exact=True).fill("")
    with page.expect_navigation():
        page.get_by_role("button", name="Notitie toevoegen").click()
    expect(page.get_by_role("link", name="Wat werkte: Dit veld is verplicht.")).to_be_visible()
    assert_accessible(page)
    assert FigureNote.objects.count() == 1

    log_in(page, world["colleague"])
    page.goto("/netwerk/collega-s/")
    expect(page.get_by_text("Twee beursvloeren met de Stadjerspas als partner.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="What worked in 2021")).to_be_visible()
    assert_accessible(page)
    assert Municipality.objects.filter(in_network=True).count() == 2
