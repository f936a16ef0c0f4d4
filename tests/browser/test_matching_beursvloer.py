"""The beursvloer desk: a coordinator registers three matches with the keyboard, without a page reload
(htmx); without JavaScript the same page works as a plain form; a second press while the first runs
is ignored; the strict Content Security Policy holds. axe on every page."""

import pytest

from matching.models import Match
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.matching.factories import BeursvloerFactory, NeedFactory

pytestmark = pytest.mark.django_db(transaction=True)

PAIRS = [
    ("Kledingbank", "Speelgoed voor kinderen", "Blokkendoos", "Speelgoedwinkel De Blokkendoos"),
    ("Voedselbank", "Koelcel voor verse producten", "Vinkhuizen", "Supermarkt Vinkhuizen"),
    ("Repair", "Gereedschap en een monteur", "Zuiderdiep", "Fietsenmaker Zuiderdiep"),
]


@pytest.fixture
def desk():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    for initiative, title, _search, enterprise in PAIRS:
        organisation = OrganisationFactory(municipality=groningen, kind="initiative", name=f"{initiative} Groningen")
        NeedFactory(municipality=groningen, organisation=organisation, title=title)
        OrganisationFactory(municipality=groningen, kind="enterprise", name=enterprise)
    for index in range(15):  # more than one search page of each side
        NeedFactory(municipality=groningen, title=f"Andere hulpvraag {index}")
        OrganisationFactory(municipality=groningen, kind="enterprise", name=f"Ander bedrijf {index}")
    beursvloer = BeursvloerFactory(municipality=groningen, name="Online startbijeenkomst Omarm")
    return coordinator, beursvloer


def test_a_coordinator_registers_three_matches_without_a_reload(page, assert_accessible, desk):
    coordinator, beursvloer = desk
    log_in(page, coordinator)
    page.goto(f"/matching/beursvloer/{beursvloer.pk}/registreren/")
    assert_accessible(page)
    page.evaluate("window.stillTheSamePage = true")
    rows = page.locator("#registered-matches tr")

    for count, (initiative, title, search, enterprise) in enumerate(PAIRS, start=1):
        need_box = page.get_by_label("Zoek een hulpvraag")
        need_box.press_sequentially(initiative[:6])
        page.wait_for_function(
            "(text) => [...document.querySelector('#id_need').options].every(o => !o.value || o.text.includes(text))",
            arg=initiative[:6],
        )
        need_box.press("Enter")
        enterprise_box = page.get_by_label("Zoek een ondernemer")
        page.wait_for_function("() => document.activeElement.id === 'search-enterprise'")
        enterprise_box.press_sequentially(search)
        page.wait_for_function(
            "(text) => document.querySelector('#id_enterprise').selectedOptions[0]?.text.includes(text)", arg=search
        )
        enterprise_box.press("Enter")
        page.wait_for_function("(n) => document.querySelectorAll('#registered-matches tr').length === n", arg=count)
        assert title in rows.first.inner_text() and enterprise in rows.first.inner_text()
        assert "Geregistreerd" in page.locator("#desk-announcement").inner_text()
        page.wait_for_function("() => document.activeElement.id === 'search-need'")

    assert page.evaluate("window.stillTheSamePage") is True
    assert page.locator('[data-count="total"]').first.inner_text() == "3"
    assert_accessible(page)
    registered = Match.objects.filter(beursvloer=beursvloer)
    assert registered.count() == 3
    assert set(registered.values_list("status", flat=True)) == {"preparation"}

    # A second registration of the same pair is refused with a message, still without a reload.
    initiative, _title, search, _enterprise = PAIRS[0]
    page.get_by_label("Zoek een hulpvraag").press_sequentially(initiative[:6])
    page.wait_for_function("() => document.querySelector('#id_need').options.length <= 3")
    page.get_by_label("Zoek een hulpvraag").press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'search-enterprise'")
    page.get_by_label("Zoek een ondernemer").press_sequentially(search)
    page.wait_for_function(
        "(text) => document.querySelector('#id_enterprise').selectedOptions[0]?.text.includes(text)", arg=search
    )
    page.get_by_label("Zoek een ondernemer").press("Enter")
    page.wait_for_function("() => document.querySelector('#desk-announcement .utrecht-alert--error')")
    assert "al een lopende match" in page.locator("#desk-announcement").inner_text()
    assert page.get_by_label("Zoek een ondernemer").input_value() == search
    assert page.evaluate("window.stillTheSamePage") is True
    assert registered.count() == 3

    page.goto(f"/matching/beursvloer/{beursvloer.pk}/")
    assert_accessible(page)
    assert page.locator('[data-count="total"]').first.inner_text() == "3"


def test_the_desk_works_as_a_plain_form_without_javascript(browser, live_server, desk):
    """(axe needs JavaScript; the same page is checked with it above.)"""
    coordinator, beursvloer = desk
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, coordinator)
        page.goto(f"/matching/beursvloer/{beursvloer.pk}/registreren/")
        assert page.get_by_label("Zoek een hulpvraag").is_hidden()
        page.select_option("#id_need", label="Kledingbank Groningen: Speelgoed voor kinderen")
        page.select_option("#id_enterprise", label="Speelgoedwinkel De Blokkendoos")
        page.get_by_label("Gemaakt").check()
        with page.expect_navigation():
            page.get_by_role("button", name="Match registreren").click()
        assert "Geregistreerd: Kledingbank Groningen met Speelgoedwinkel De Blokkendoos (gemaakt)." in page.content()
        assert Match.objects.get(beursvloer=beursvloer).status == "made"
    finally:
        context.close()


def test_a_second_press_while_the_first_runs_is_ignored_and_the_csp_holds(strict_page, desk):
    page, violations = strict_page
    coordinator, beursvloer = desk
    log_in(page, coordinator)
    page.goto(f"/matching/beursvloer/{beursvloer.pk}/registreren/")
    page.wait_for_function("() => window.htmx !== undefined")

    # Two submits in one go (a double click): htmx sends the first and drops the second.
    page.select_option("#id_need", label="Kledingbank Groningen: Speelgoed voor kinderen")
    page.select_option("#id_enterprise", label="Speelgoedwinkel De Blokkendoos")
    page.evaluate(
        "() => { const form = document.querySelector('#beursvloer-form'); form.requestSubmit(); form.requestSubmit(); }"
    )
    page.wait_for_function("() => document.querySelectorAll('#registered-matches tr').length === 1")
    # The new desk is live once htmx has settled it (before that, Enter would submit the plain form).
    page.wait_for_function("() => !document.querySelector('.htmx-added, .htmx-settling, .htmx-request')")

    # Enter twice in the entrepreneur's box: one registration, and no claim that it failed.
    initiative, _title, search, enterprise = PAIRS[1]
    page.get_by_label("Zoek een hulpvraag").press_sequentially(initiative[:6])
    page.get_by_label("Zoek een hulpvraag").press("Enter")
    page.wait_for_function("() => document.activeElement.id === 'search-enterprise'")
    page.get_by_label("Zoek een ondernemer").press_sequentially(search)
    page.get_by_label("Zoek een ondernemer").press("Enter")
    page.get_by_label("Zoek een ondernemer").press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#registered-matches tr').length === 2")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    announcement = page.locator("#desk-announcement").inner_text()
    assert f"Geregistreerd: {initiative} Groningen met {enterprise}" in announcement
    assert "niet geregistreerd" not in announcement
    assert Match.objects.filter(beursvloer=beursvloer).count() == 2
    assert violations == []
