"""The financing table: the coordinator sets it up, puts a finalist forward and invites a financier; the financier
opens the link of the e-mail (no account), reads the plan in Dutch, switches to English and pledges; the
coordinator confirms the plan financed and the funnel shows it. axe on every page."""

import re
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import expect

from programmes.challenges.models import Pledge, Stage
from tests.browser.conftest import log_in
from tests.challenges.factories import ApplicationFactory, ChallengeFactory
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_financier_pledges_through_the_link_and_the_coordinator_confirms_the_plan_financed(page, assert_accessible):
    enschede = MunicipalityFactory(name="Enschede", slug="enschede")
    coordinator = UserFactory(role="coordinator", municipality=enschede, name="Thijs Oude Vrielink")
    challenge = ChallengeFactory(action_line__programme__municipality=enschede, name="Move2Social")
    ApplicationFactory(
        challenge=challenge,
        organisation=OrganisationFactory(municipality=enschede, name="Fietsfabriek Roombeek"),
        title="Fietsen voor statushouders",
        summary="Wij knappen fietsen op met statushouders en verkopen ze in de wijk.",
        stage=Stage.FINALIST,
    )
    ApplicationFactory(challenge=challenge, title="Niet voorgedragen", stage=Stage.FINALIST)

    log_in(page, coordinator)
    page.goto(f"/programma/challenges/{challenge.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Financieringstafel").click()
    assert_accessible(page)
    page.get_by_label("Datum").fill("2026-12-10")
    page.get_by_label("Plaats").fill("Rijksmuseum Twenthe, Enschede")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("De financieringstafel is opgeslagen.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Deelnemer").select_option(label="Fietsfabriek Roombeek: Fietsen voor statushouders")
    page.get_by_label("Gevraagd bedrag (euro)").fill("30.000")
    with page.expect_navigation():
        page.get_by_role("button", name="Voordragen").click()
    expect(page.get_by_text("Het plan is aan de financiers voorgedragen.")).to_be_visible()
    invite = page.locator("form", has=page.get_by_role("button", name="Uitnodiging versturen"))
    invite.get_by_label("Naam").fill("Marloes ter Horst")
    invite.get_by_label("Organisatie").fill("Twentse Ontwikkelingsmaatschappij")
    invite.get_by_label("E-mailadres").fill("marloes@tom.test")
    with page.expect_navigation():
        invite.get_by_role("button", name="Uitnodiging versturen").click()
    assert_accessible(page)
    [invitation] = [message for message in mail.outbox if message.to == ["marloes@tom.test"]]
    path = re.search(r"https?://[^/\s]+(/\S+)", invitation.body).group(1)

    page.context.clear_cookies()  # the financier has no account
    page.goto(path)
    assert_accessible(page)
    expect(page.get_by_text("Wij knappen fietsen op met statushouders en verkopen ze in de wijk.")).to_be_visible()
    expect(page.get_by_text("Niet voorgedragen")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_label("Pledged").check()
    page.get_by_label("Amount (euros)").fill("12,500.50")
    page.get_by_label("Kind").select_option(label="Loan")
    with page.expect_navigation():
        page.get_by_role("button", name="Save your answer about Fietsfabriek Roombeek").click()
    expect(page.get_by_text("Your answer about Fietsfabriek Roombeek has been saved.")).to_be_visible()
    assert_accessible(page)
    pledge = Pledge.objects.get()
    assert (pledge.amount, pledge.kind, pledge.decision) == (Decimal("12500.50"), "loan", "pledged")

    page.context.clear_cookies()
    log_in(page, coordinator)
    page.goto(f"/programma/challenges/{challenge.pk}/financieringstafel/")
    with page.expect_navigation():
        page.get_by_role("button", name="Bevestigen dat Fietsfabriek Roombeek gefinancierd is").click()
    expect(page.get_by_text("Fietsfabriek Roombeek is gefinancierd.")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/programma/challenges/{challenge.pk}/")
    assert_accessible(page)
    expect(page.locator('[data-figure="funnel-presented"]')).to_have_text("1")
    expect(page.locator('[data-figure="funnel-financed"]')).to_have_text("1")
    expect(page.locator('[data-figure="funnel-financed-amount"]')).to_contain_text("12.500,50")
