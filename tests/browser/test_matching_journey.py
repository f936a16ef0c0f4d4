"""Matching end to end: an initiative posts a need, an entrepreneur an offer; the suggestion shows with its
reasons; the match is proposed, accepted and made; the coordinator's figure changes. axe on every page."""

import pytest
from django.core import mail

from accounts.models import Theme
from matching.models import Match
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)


def made_figure(page):
    return page.locator('[data-figure="made"]').first.inner_text().strip()


def test_a_need_and_an_offer_become_a_made_match_that_the_coordinator_sees(page, assert_accessible):
    for code in ("care", "poverty", "work"):
        Theme.objects.get_or_create(code=code)
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    initiative = UserFactory(
        role="initiative",
        name="Jan de Vries",
        organisation=OrganisationFactory(
            municipality=groningen, kind="initiative", name="Helpdesk050", postcode="9725 BB", kvk_number=None
        ),
    )
    entrepreneur = UserFactory(
        role="entrepreneur",
        name="Fatima El Amrani",
        organisation=OrganisationFactory(municipality=groningen, name="Kringloopbedrijf De Vondst", postcode="9713 AB"),
    )
    coordinator = UserFactory(role="coordinator", municipality=groningen)

    log_in(page, coordinator)
    visit(page, assert_accessible, "/matching/overzicht/")
    assert made_figure(page) == "0"

    # The initiative posts a need.
    log_in(page, initiative)
    visit(page, assert_accessible, "/matching/mijn/")
    page.get_by_role("link", name="Hulpvraag plaatsen").first.click()
    assert_accessible(page)
    page.fill("#id_title", "Vrijwilligers voor het belspreekuur")
    page.fill("#id_story", "Groningers bellen ons met vragen over geld en werk.")
    page.get_by_label("Tijd en inzet").check()
    page.get_by_label("Armoede en schulden").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Hulpvraag plaatsen").click()
    assert "Voorgesteld aanbod voor Vrijwilligers voor het belspreekuur" in page.locator("h1").inner_text()
    assert_accessible(page)

    # An entrepreneur posts an offer and sees the need among the suggestions for it.
    log_in(page, entrepreneur)
    visit(page, assert_accessible, "/matching/aanbod/nieuw/")
    page.fill("#id_title", "Twee collega's, elke week een ochtend")
    page.fill("#id_description", "Onze medewerkers helpen graag aan de telefoon.")
    page.get_by_label("Tijd en inzet").check()
    page.fill("#id_hours", "40")
    page.get_by_label("Armoede en schulden").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Aanbod plaatsen").click()
    assert "Vrijwilligers voor het belspreekuur" in page.locator("table").first.inner_text()
    assert_accessible(page)

    # The initiative sees the offer suggested, with its reasons, and proposes the match.
    log_in(page, initiative)
    visit(page, assert_accessible, "/matching/mijn/")
    page.get_by_role("link", name="Suggesties bekijken").first.click()
    assert_accessible(page)
    row = page.locator("tr", has_text="Twee collega's, elke week een ochtend")
    reasons = row.inner_text()
    assert "Beide over Armoede en schulden" in reasons
    assert "tijd en inzet gevraagd en aangeboden" in reasons
    assert "km uit elkaar" in reasons
    with page.expect_navigation():
        row.get_by_role("button", name="Match voorstellen").click()
    assert page.locator("[data-status]").inner_text() == "Voorgesteld"
    assert "Wacht op de andere partij" in page.content()
    assert_accessible(page)

    # The entrepreneur accepts it, sees the contact data, and marks it made with the hours given.
    log_in(page, entrepreneur)
    visit(page, assert_accessible, "/matching/mijn/")
    page.get_by_role("link", name="Helpdesk050: Vrijwilligers voor het belspreekuur").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Match accepteren").click()
    assert page.locator("[data-status]").inner_text() == "In voorbereiding"
    assert initiative.email in page.locator("main").inner_text()
    assert_accessible(page)
    page.fill("#id_hours_given", "12")
    with page.expect_navigation():
        page.get_by_role("button", name="Markeren als gemaakt").click()
    assert page.locator("[data-status]").inner_text() == "Gemaakt"
    assert "12 uur" in page.locator("main").inner_text()
    assert_accessible(page)

    match = Match.objects.get()
    assert (match.status, match.hours_given, match.events.count()) == ("made", 12, 3)
    assert len(mail.outbox) == 6  # both sides, three times

    # The coordinator's figure has changed.
    log_in(page, coordinator)
    visit(page, assert_accessible, "/matching/overzicht/")
    assert made_figure(page) == "1"
    visit(page, assert_accessible, "/matching/cijfers/")
    assert made_figure(page) == "1"
    visit(page, assert_accessible, match.get_absolute_url())
