"""A coordinator records an activity, marks it held and sees the dashboard change; the service point
from question to answer; the council member's read-only view. axe on every page."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from programmes.models import Activity, Question
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, UserFactory
from tests.programmes.factories import ActionLineFactory, PartnerFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def groningen_programme():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    year = timezone.localdate().year
    programme = ProgrammeFactory(
        municipality=groningen, name="Ondernemen met impact", start_year=year - 1, end_year=year + 2
    )
    ActionLineFactory(programme=programme, number=1, title="Bestaande impactondernemers professionaliseren")
    ActionLineFactory(programme=programme, number=4, title="Social bridges")
    PartnerFactory(municipality=groningen, name="Impact Noord")
    return programme


def figure(page, name):
    return page.locator(f'[data-figure="{name}"]').first.inner_text().strip()


def test_a_coordinator_adds_an_activity_marks_it_held_and_sees_the_dashboard_change(
    page, assert_accessible, groningen_programme
):
    coordinator = UserFactory(role="coordinator", municipality=groningen_programme.municipality)
    log_in(page, coordinator.email)
    assert page.url.endswith("/start/")
    page.goto("/programma/dashboard/")
    assert_accessible(page)
    assert figure(page, "held") == "0"

    page.get_by_role("link", name="Activiteit toevoegen").first.click()
    assert_accessible(page)
    page.select_option("#id_action_line", index=1)
    page.select_option("#id_kind", "impact_cafe")
    page.fill("#id_title", "Impactcafé: ondernemen met impact")
    started = timezone.localtime() - timedelta(minutes=90)
    page.fill("#id_starts_at", started.strftime("%Y-%m-%dT%H:%M"))
    page.select_option("#id_organiser", label="Impact Noord")
    page.fill("#id_location", "Het Kielzog, Groningen")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    activity = Activity.objects.get(title="Impactcafé: ondernemen met impact")
    assert activity.status == "planned"

    page.get_by_label("Gehouden").check()
    page.fill("#id_participants", "27")
    with page.expect_navigation():
        page.get_by_role("button", name="Status wijzigen").click()
    assert_accessible(page)
    expect(page.get_by_text("De activiteit is nu: gehouden.")).to_be_visible()
    assert figure(page, "participants") == "27"

    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Dashboard").click()
    assert_accessible(page)
    assert figure(page, "held") == "1"
    assert figure(page, "participants") == "27"
    assert page.locator("svg.portal-chart__svg").count() == 2

    for link in ("Programma", "Activiteiten", "Wachtrij impactmeldpunt"):
        with page.expect_navigation():
            page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name=link, exact=True).click()
        assert_accessible(page)
    page.goto("/programma/")
    page.get_by_role("link", name="Ondernemen met impact").click()
    assert_accessible(page)
    page.get_by_role("link", name="1. Bestaande impactondernemers professionaliseren").first.click()
    assert_accessible(page)
    page.goto("/programma/wijzigingen/")
    assert_accessible(page)
    expect(page.get_by_text("Impactcafé: ondernemen met impact").first).to_be_visible()


def test_a_question_to_the_service_point_is_answered(page, assert_accessible, groningen_programme):
    coordinator = UserFactory(role="coordinator", municipality=groningen_programme.municipality)
    page.goto("/programma/impactmeldpunt/")
    assert_accessible(page)
    page.select_option("#id_municipality", label="Groningen")
    page.fill("#id_name", "Aylin Demir")
    page.fill("#id_email", "aylin@example.nl")
    page.fill("#id_subject", "Leerwerkplekken in mijn koffiebar")
    page.fill("#id_body", "Welke regelingen zijn er voor leerwerkplekken?")
    with page.expect_navigation():
        page.get_by_role("button", name="Vraag versturen").click()
    assert_accessible(page)
    assert Question.objects.get().status == "new"

    log_in(page, coordinator.email)
    page.goto("/programma/impactmeldpunt/vragen/")
    assert_accessible(page)
    page.get_by_role("link", name="Leerwerkplekken in mijn koffiebar").click()
    assert_accessible(page)
    page.fill("#id_answer", "Kijk bij de regeling praktijkleren; Impact Noord helpt u verder.")
    with page.expect_navigation():
        page.get_by_role("button", name="Antwoord versturen").click()
    assert_accessible(page)
    assert Question.objects.get().status == "answered"
    assert any("praktijkleren" in message.body for message in mail.outbox)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_council_member_reads_the_programme(page, assert_accessible, groningen_programme, language):
    council_member = UserFactory(role="council", municipality=groningen_programme.municipality)
    log_in(page, council_member.email)
    assert page.url.endswith("/start/")
    page.goto("/programma/")
    if language == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()
    assert page.url.endswith("/programma/")
    assert page.locator("html").get_attribute("lang") == language
    assert_accessible(page)
    page.get_by_role("link", name="Ondernemen met impact").click()
    assert_accessible(page)
    assert page.get_by_role("link", name="Programma bewerken" if language == "nl" else "Edit programme").count() == 0
    page.goto("/programma/activiteiten/")
    assert_accessible(page)
