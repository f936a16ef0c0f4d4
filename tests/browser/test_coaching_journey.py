"""The coach's workspace: an SME entrepreneur who coaches a participant opens their participants, records a
session, and the participant and the coordinator read it. axe on every page."""

import pytest
from playwright.sync_api import expect

from programmes.challenges.models import Stage
from tests.browser.conftest import log_in
from tests.challenges.factories import ApplicationFactory
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coach_records_a_session_that_the_participant_and_the_coordinator_read(page, assert_accessible):
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    coach = UserFactory(
        role="entrepreneur",
        name="Kees Mulder",
        organisation=OrganisationFactory(municipality=groningen, name="Mulder Installatietechniek"),
    )
    participant = UserFactory(
        role="entrepreneur", organisation=OrganisationFactory(municipality=groningen, name="Kringloop De Vondst")
    )
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    application = ApplicationFactory(
        challenge__action_line__programme__municipality=groningen,
        organisation=participant.organisation,
        applicant=participant,
        title="Tweede leven voor meubels",
        stage=Stage.COACHED,
        furthest_stage=Stage.COACHED,
        coach=coach,
    )

    log_in(page, coach)
    assert page.url.endswith("/start/")  # the coach's participants wait on the start page
    coached = page.locator('[data-todo="coached"]')
    expect(coached).to_contain_text("Tweede leven voor meubels")
    assert_accessible(page)
    page.goto("/programma/coaching/")
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Kringloop De Vondst").click()
    assert_accessible(page)
    page.get_by_label("Datum").fill("2020-09-21")
    page.get_by_label("Duur (minuten)").fill("90")
    page.get_by_label("Aantekeningen").fill("Verdienmodel doorgenomen.")
    with page.expect_navigation():
        page.get_by_role("button", name="Sessie vastleggen").click()
    assert "De sessie is vastgelegd" in page.content()
    assert_accessible(page)

    log_in(page, participant)
    page.goto(f"/programma/mijn-challenges/aanmeldingen/{application.pk}/")
    assert "Verdienmodel doorgenomen." in page.content() and "90 minuten" in page.content()
    assert_accessible(page)

    log_in(page, coordinator)
    page.goto(f"/programma/aanmeldingen/{application.pk}/")
    assert "Verdienmodel doorgenomen." in page.content()
    assert_accessible(page)
