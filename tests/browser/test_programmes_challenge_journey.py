"""An entrepreneur applies with a PDF pitch, a jury member scores the application, and the
coordinator selects it and sees the funnel change. axe on every page."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from programmes.challenges.models import Application, Juror, Stage
from tests.browser.conftest import log_in
from tests.challenges.factories import PDF_BYTES, ChallengeFactory, ChallengeQuestionFactory, CriterionFactory
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, name="Sociale Groninger Challenge")
    ChallengeQuestionFactory(challenge=challenge, text="Welk maatschappelijk probleem lost u op?")
    CriterionFactory(challenge=challenge, name="Impact", weight=3)
    CriterionFactory(challenge=challenge, name="Haalbaarheid", weight=1)
    juror = UserFactory(role="jury", municipality=groningen, name="Anouk Visser")
    Juror.objects.create(challenge=challenge, user=juror)
    organisation = OrganisationFactory(municipality=groningen, name="Kringloop De Vondst", email="")
    return {
        "challenge": challenge,
        "juror": juror,
        "entrepreneur": UserFactory(role="entrepreneur", organisation=organisation, name="Fatima El Amrani"),
        "coordinator": UserFactory(role="coordinator", municipality=groningen),
    }


def funnel(page, stage):
    return page.locator(f'[data-figure="funnel-{stage}"]').inner_text().strip()


def carry_out(page, action_label):
    page.locator("input[name=applications]").first.check()
    page.select_option("#id_action", label=action_label)
    with page.expect_navigation():
        page.get_by_role("button", name="Uitvoeren").click()


def test_an_entrepreneur_applies_a_juror_scores_and_the_coordinator_selects(page, assert_accessible, world, tmp_path):
    challenge = world["challenge"]
    pitch = tmp_path / "pitch.pdf"
    pitch.write_bytes(PDF_BYTES)

    log_in(page, world["entrepreneur"])
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Challenges").click()
    assert_accessible(page)
    page.get_by_role("link", name="Sociale Groninger Challenge").click()
    assert_accessible(page)
    page.fill("#id_title", "Kringloop met leerwerkplekken")
    page.fill("#id_summary", "Mensen met een afstand tot de arbeidsmarkt leren het vak in onze winkel.")
    page.get_by_label("Welk maatschappelijk probleem lost u op?").fill("Werkloosheid en afval.")
    page.set_input_files("#id_pitch", str(pitch))
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelding indienen").click()
    assert_accessible(page)
    expect(page.get_by_text("Uw aanmelding is ingediend. Veel succes!")).to_be_visible()
    application = Application.objects.get()
    assert application.is_submitted and application.pitch

    log_in(page, world["coordinator"])
    page.goto(challenge.get_absolute_url())
    assert_accessible(page)
    assert funnel(page, "applied") == "1" and funnel(page, "selected") == "0"
    page.get_by_role("link", name="Rangschikking en fasen").first.click()
    assert_accessible(page)
    carry_out(page, "Toewijzen aan Anouk Visser")
    assert_accessible(page)

    log_in(page, world["juror"])
    assert page.url.endswith("/start/")  # the start page lists the assessment to submit
    page.goto("/programma/jury/")
    assert_accessible(page)
    page.get_by_role("link", name="Kringloop De Vondst").click()
    assert_accessible(page)
    impact, feasibility = challenge.criteria.all()
    page.fill(f"#id_score_{impact.pk}", "8")
    page.fill(f"#id_comment_{impact.pk}", "Sterke impact in de wijk.")
    page.fill(f"#id_score_{feasibility.pk}", "6")
    with page.expect_navigation():
        page.get_by_role("button", name="Scores indienen").click()
    assert_accessible(page)
    expect(page.get_by_text("Uw scores zijn ingediend.")).to_be_visible()

    log_in(page, world["coordinator"])
    page.goto(f"/programma/challenges/{challenge.pk}/aanmeldingen/")
    expect(page.get_by_role("cell", name="7,50")).to_be_visible()  # (3 × 8 + 1 × 6) / 4
    carry_out(page, "Verplaatsen naar: Beoordeeld")
    carry_out(page, "Verplaatsen naar: Geselecteerd")
    assert_accessible(page)
    page.goto(challenge.get_absolute_url())
    assert_accessible(page)
    assert funnel(page, "selected") == "1" and funnel(page, "assessed") == "1"
    application.refresh_from_db()
    assert application.stage == Stage.SELECTED
    assert any("Geselecteerd" in message.subject for message in mail.outbox)

    page.goto(f"/programma/aanmeldingen/{application.pk}/")
    assert_accessible(page)
    page.goto(f"/programma/challenges/{challenge.pk}/jury/")
    assert_accessible(page)
    page.goto(f"/programma/challenges/{challenge.pk}/criteria/")
    assert_accessible(page)
    page.goto("/programma/challenges/nieuw/")
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto(f"/programma/challenges/openbaar/{challenge.pk}/")
    assert_accessible(page)
    page.goto("/programma/challenges/openbaar/")
    assert_accessible(page)
