"""“Ik wil helpen”: an anonymous visitor reads a public need, clicks the button, signs in as the demo entrepreneur
and lands on the match proposal for that need; the initiative then finds the proposal on its start page and
accepts it. axe on every page."""

import pytest
from playwright.sync_api import expect

from accounts.demo import seed_accounts
from accounts.models import Organisation, User
from core.demo import DEMO_PASSWORD
from tests.browser.conftest import log_in_demo
from tests.matching.factories import NeedFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_who_wants_to_help_signs_in_and_lands_on_the_proposal_for_the_need(page, assert_accessible):
    seed_accounts()
    entrepreneur = User.objects.get(email="ondernemer@impactportaal.test")
    initiative = Organisation.objects.get(name="Helpdesk050")
    need = NeedFactory(
        municipality=initiative.municipality,
        organisation=initiative,
        title="Speelgoed voor kinderen in coronatijd",
    )

    page.goto(f"/matching/vragen/{need.pk}/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Ik wil helpen").click()
    assert "/account/login/" in page.url and "next=" in page.url
    assert_accessible(page)
    page.fill("input[name=login]", entrepreneur.email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert page.url.endswith(f"/matching/matches/voorstellen/?need={need.pk}")
    assert page.get_by_role("heading", level=1).inner_text() == "Match voorstellen"
    assert page.locator("select[name=need]").input_value() == str(need.pk)
    assert_accessible(page)


def test_the_initiative_finds_the_offer_of_help_on_its_start_page_and_accepts_it(page, assert_accessible):
    seed_accounts()
    entrepreneur = User.objects.get(email="ondernemer@impactportaal.test")
    initiative = Organisation.objects.get(name="Helpdesk050")
    need = NeedFactory(municipality=initiative.municipality, organisation=initiative, title="Laptops voor huiswerkklas")

    log_in_demo(page, entrepreneur)
    page.goto(f"/matching/vragen/{need.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Ik wil helpen").click()
    page.fill("textarea[name=note]", "Wij hebben tien opgeknapte laptops.")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    log_in_demo(page, "initiatief@impactportaal.test")
    assert page.url.endswith("/start/")
    proposals = page.locator('[data-todo="proposals"]')
    expect(proposals).to_contain_text("Laptops voor huiswerkklas")
    assert_accessible(page)
    with page.expect_navigation():
        proposals.get_by_role("link").filter(has_text="Laptops voor huiswerkklas").first.click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Match accepteren").click()
    expect(page.locator("main")).to_contain_text("In voorbereiding")
    page.goto("/start/")
    expect(page.locator('[data-todo="proposals"]')).to_have_count(0)
    assert_accessible(page)
