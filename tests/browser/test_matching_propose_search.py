"""The match proposal form with long lists: a coordinator types a few letters in a list's search box and the
list narrows (htmx, the first that fits chosen), then proposes; without JavaScript the search button narrows
the lists and keeps what was chosen. axe on the page."""

import pytest

from matching.models import Match
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.matching.factories import NeedFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def coordinator():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    for index in range(25):  # more than one page of each list
        NeedFactory(municipality=groningen, title=f"Andere hulpvraag {index}")
        OrganisationFactory(municipality=groningen, kind="enterprise", name=f"Ander bedrijf {index}")
    initiative = OrganisationFactory(municipality=groningen, kind="initiative", name="Zwerfboekenkast Oosterpark")
    NeedFactory(municipality=groningen, organisation=initiative, title="Planken en schroeven")
    OrganisationFactory(municipality=groningen, kind="enterprise", name="Zuiderdiep Timmerwerken")
    return UserFactory(role="coordinator", municipality=groningen)


def settled(page):
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def test_a_coordinator_types_to_find_the_need_and_the_entrepreneur_and_proposes(page, assert_accessible, coordinator):
    log_in(page, coordinator)
    page.goto("/matching/matches/voorstellen/")
    page.wait_for_function("() => window.htmx !== undefined")
    assert_accessible(page)
    assert page.locator("#id_need option").count() == 21
    page.get_by_label("Zoeken in de lijst: hulpvraag").press_sequentially("zwerfboek")
    page.wait_for_function("() => document.querySelector('#id_need').options.length === 2")
    settled(page)
    assert page.locator("#id_need option:checked").inner_text() == "Zwerfboekenkast Oosterpark: Planken en schroeven"
    page.get_by_label("Zoeken in de lijst: ondernemer").press_sequentially("zuider")
    page.wait_for_function("() => document.querySelector('#id_enterprise').options.length === 2")
    settled(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Match voorstellen").click()
    match = Match.objects.get()
    assert (match.need.title, match.enterprise.name) == ("Planken en schroeven", "Zuiderdiep Timmerwerken")


def test_without_javascript_the_search_button_narrows_the_lists(browser, live_server, coordinator):
    context = browser.new_context(base_url=live_server.url, bypass_csp=True, locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, coordinator)
        page.goto("/matching/matches/voorstellen/")
        page.get_by_label("Zoeken in de lijst: ondernemer").fill("zuider")
        page.fill("textarea[name=note]", "Planken op maat")
        with page.expect_navigation():
            page.get_by_role("button", name="Zoeken").nth(2).click()
        assert page.locator("#id_enterprise option").all_inner_texts()[1:] == ["Zuiderdiep Timmerwerken"]
        assert page.locator("textarea[name=note]").input_value() == "Planken op maat"
        assert not Match.objects.exists()
    finally:
        context.close()
