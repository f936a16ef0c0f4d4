"""Each role logs in on the demo data, lands on their start page, sees their open work and follows an item to the
page where it is done. axe on every page; the start page also at 390 px without sideways scrolling."""

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Organisation, User
from programmes.challenges import services as challenge_services
from programmes.challenges.models import Application, Challenge
from tests.browser.conftest import log_in_demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)


def section(page, kind: str):
    return page.locator(f'[data-todo="{kind}"]')


def assert_fits_a_phone(page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 800})


def follow(page, kind: str, title: str) -> None:
    with page.expect_navigation():
        section(page, kind).get_by_role("link", name=title, exact=True).first.click()


def test_a_coordinator_lands_on_the_open_work_and_each_item_leads_to_where_it_is_done(page, demo, assert_accessible):
    log_in_demo(page, "coordinator@impactportaal.test")
    assert page.url.endswith("/start/")
    assert_accessible(page)
    assert_fits_a_phone(page)
    questions = section(page, "questions")
    expect(questions).to_contain_text("Code Sociale Ondernemingen")
    suppliers = section(page, "suppliers")
    expect(suppliers).to_contain_text("Podiumwerk")
    expect(suppliers).to_contain_text(re.compile(r"wacht \d+\xa0jaar"))  # waiting since October 2020
    expect(section(page, "activities")).to_contain_text("Impactcafé: de winter door")
    expect(section(page, "stale_matches")).to_contain_text("In voorbereiding")
    expect(section(page, "stale_needs").get_by_role("link").first).to_be_visible()
    expect(page.get_by_text("Haarlem", exact=False)).to_have_count(0)

    follow(page, "questions", "Code Sociale Ondernemingen")
    expect(page.get_by_role("button", name="Antwoord versturen")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    follow(page, "suppliers", "Podiumwerk")
    expect(page.get_by_role("button", name="Verifiëren")).to_be_visible()
    page.go_back()
    follow(page, "activities", "Impactcafé: de winter door")
    expect(page.get_by_role("button", name="Status wijzigen")).to_be_visible()
    page.go_back()
    with page.expect_navigation():
        section(page, "stale_matches").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Match")
    assert_accessible(page)


def test_an_entrepreneur_gets_a_checklist_and_the_requests_that_fit(page, demo, assert_accessible):
    log_in_demo(page, "ondernemer@impactportaal.test")
    assert page.url.endswith("/start/")
    assert_accessible(page)
    assert_fits_a_phone(page)
    checklist = section(page, "checklist")
    expect(checklist).to_contain_text("Aan de slag")
    expect(checklist.get_by_text("Gedaan")).to_have_count(2)  # registered as a supplier, offered help
    expect(section(page, "fitting_requests")).to_contain_text("Tweedehands bureaus voor het wijkkantoor Selwerd")
    expect(section(page, "answered_questions")).to_contain_text("SROI en sociale ondernemers")

    follow(page, "fitting_requests", "Tweedehands bureaus voor het wijkkantoor Selwerd")
    expect(page.get_by_role("button", name="Antwoord versturen")).to_be_visible()
    assert_accessible(page)
    page.go_back()
    with page.expect_navigation():
        checklist.get_by_role("link", name="Vul het profiel van uw organisatie in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisatie bewerken")
    page.fill("#id_email", "info@devondst.example.nl")
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    page.goto("/start/")
    expect(section(page, "checklist")).to_have_count(0)  # every step done: the checklist goes away
    assert_accessible(page)


def test_a_jury_member_sees_the_assigned_reviews_with_the_calls_deadline(page, demo, assert_accessible):
    challenge = Challenge.objects.get(name="Sociale Groninger Ondernemers Challenge: nieuwe ronde")
    organisation = Organisation.objects.get(name="Kringloopbedrijf De Vondst")
    application = Application.objects.create(
        challenge=challenge,
        organisation=organisation,
        title="Repaircafé op wielen",
        summary="Repareren in de wijk.",
        submitted_at=timezone.now(),
    )
    coordinator = User.objects.get(email="coordinator@impactportaal.test")
    jury = User.objects.get(email="jury@impactportaal.test")
    challenge_services.reviews_assign(actor=coordinator, challenge=challenge, applications=[application], jurors=[jury])

    log_in_demo(page, jury.email)
    assert page.url.endswith("/start/")
    assert_accessible(page)
    assert_fits_a_phone(page)
    reviews = section(page, "reviews")
    expect(reviews).to_contain_text("oproep sluit")
    follow(page, "reviews", "Kringloopbedrijf De Vondst: Repaircafé op wielen")
    expect(page.get_by_role("button", name="Scores indienen")).to_be_visible()
    assert_accessible(page)


def test_a_council_member_sees_the_letters_published_since_the_last_visit(page, demo, assert_accessible):
    log_in_demo(page, "raadslid@impactportaal.test")
    assert page.url.endswith("/start/")
    assert_accessible(page)
    assert_fits_a_phone(page)
    title = "Voortgang actieprogramma ondernemen met impact 2019"
    expect(section(page, "new_letters")).to_contain_text(title)
    follow(page, "new_letters", title)
    expect(page.locator("article.letter")).to_contain_text("in 2019 zijn er 8 gehouden")
    assert_accessible(page)

    page.goto("/rapportage/raad/")  # the council's list remembers the visit
    page.goto("/start/")
    expect(section(page, "new_letters")).to_have_count(0)
    expect(page.get_by_text("Er wacht nu niets op u.")).to_be_visible()


def test_a_buyer_sees_the_quotes_to_review(page, demo, assert_accessible):
    log_in_demo(page, "inkoper@impactportaal.test")
    assert page.url.endswith("/start/")
    assert_accessible(page)
    title = "Drukwerk voor de Week van de Sociale Onderneming"
    expect(section(page, "quotes")).to_contain_text("2 offertes")
    follow(page, "quotes", title)
    expect(page.get_by_role("button", name=re.compile("Gunnen")).first).to_be_visible()
    assert_accessible(page)
