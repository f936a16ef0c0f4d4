"""A survey from start to end, in a real browser: the coordinator composes one in Dutch (two questions through the
formset) and sends it; the entrepreneur finds it on the start page, switches to English and answers through the
link; the coordinator sees the results (chart and table, the response rate) and downloads the CSV. On the demo data
the demo entrepreneur finds Groningen's needs survey on the start page. axe on every page."""

import csv
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from surveys.models import Response
from tests.browser.conftest import log_in, log_in_demo
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    return {
        "coordinator": UserFactory(role="coordinator", municipality=groningen),
        "entrepreneur": UserFactory(
            role="entrepreneur",
            organisation=OrganisationFactory(municipality=groningen, kind="enterprise", name="Kringloop De Vondst"),
        ),
        "other": OrganisationFactory(municipality=groningen, kind="initiative", name="Helpdesk050"),
    }


def compose_and_send(page, assert_accessible) -> None:
    with page.expect_navigation():
        page.get_by_role("link", name="Peilingen").first.click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Nieuwe peiling").click()
    assert_accessible(page)
    page.get_by_label("Titel").fill("Behoeftepeiling impactondernemers")
    page.get_by_label("Inleiding").fill("Het invullen kost vijf minuten.")
    page.get_by_label("Alle ondernemers en initiatieven van de gemeente").check()
    page.get_by_label("Sluitingsdatum").fill((timezone.localdate() + timedelta(days=14)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De peiling is aangemaakt. Voeg nu de vragen toe.")).to_be_visible()
    assert_accessible(page)
    page.fill("input[name=questions-0-position]", "1")
    page.select_option("select[name=questions-0-kind]", "single")
    page.fill("input[name=questions-0-text_nl]", "Wat is uw eerste behoefte?")
    page.fill("input[name=questions-0-text_en]", "What is your first need?")
    page.fill("textarea[name=questions-0-options_nl]", "Toegang tot inkopers\nFinanciering")
    page.fill("textarea[name=questions-0-options_en]", "Access to buyers\nFinancing")
    page.fill("input[name=questions-1-position]", "2")
    page.select_option("select[name=questions-1-kind]", "open")
    page.fill("input[name=questions-1-text_nl]", "Wat moet de gemeente doen?")
    page.fill("input[name=questions-1-text_en]", "What should the municipality do?")
    page.uncheck("input[name=questions-1-required]")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De vragen zijn opgeslagen.")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Peiling versturen").click()
    expect(page.get_by_text("De peiling is verstuurd aan 2 organisaties.")).to_be_visible()
    assert_accessible(page)


def test_a_coordinator_sends_a_survey_an_entrepreneur_answers_it_and_the_coordinator_reads_the_results(
    page, assert_accessible, world
):
    log_in(page, world["coordinator"])
    compose_and_send(page, assert_accessible)

    log_in(page, world["entrepreneur"])
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Behoeftepeiling impactondernemers").click()
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_label("Access to buyers").check()
    page.get_by_label("What should the municipality do?").fill("Smaller lots in tenders")
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you: your answers have been sent to the municipality.")).to_be_visible()
    assert_accessible(page)
    assert Response.objects.get().organisation.name == "Kringloop De Vondst"

    log_in(page, world["coordinator"])
    with page.expect_navigation():
        page.get_by_role("button", name="Nederlands").click()
    page.goto(f"/peilingen/{Response.objects.get().survey_id}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Resultaten").first.click()
    expect(page.get_by_text("1 van 2 uitgenodigde organisaties hebben geantwoord (50%).")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(1)
    expect(page.get_by_text("Smaller lots in tenders")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as started:
        page.get_by_role("link", name="Antwoorden downloaden (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(started.value.path()).read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][2:] == ["Wat is uw eerste behoefte?", "Wat moet de gemeente doen?"]
    assert rows[1][2:] == ["Toegang tot inkopers", "Smaller lots in tenders"]


def test_on_the_demo_data_the_entrepreneur_finds_the_needs_survey_and_the_coordinator_its_results(
    page, assert_accessible
):
    call_command("seed_demo", verbosity=0)
    log_in_demo(page, "ondernemer@impactportaal.test")
    waiting = page.locator('[data-todo="surveys_to_answer"]')
    expect(waiting).to_contain_text("Behoeftepeiling impactondernemers")
    with page.expect_navigation():
        waiting.get_by_role("link", name="Behoeftepeiling impactondernemers").click()
    expect(page.get_by_role("button", name="Mijn antwoorden versturen")).to_be_visible()
    assert_accessible(page)

    log_in_demo(page, "coordinator@impactportaal.test")
    with page.expect_navigation():
        page.get_by_role("link", name="Peilingen").first.click()
    with page.expect_navigation():
        page.get_by_role("link", name="Behoeftepeiling impactondernemers").click()
    expect(page.get_by_text("Brief over 2020")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Resultaten").first.click()
    expect(page.get_by_text("Maak kleinere kavels bij aanbestedingen, zodat wij kunnen meedingen.")).to_be_visible()
    assert_accessible(page)
