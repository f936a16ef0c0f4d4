"""Forms that forgive, in a real browser: a price typed the way the page's language writes it is saved and shown
back that way (Dutch "42,50", English "42.50"); an implausible price is questioned; a failed application keeps its
pitch; the error summary takes the focus and its links lead to the fields. axe on every page."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from procurement.models import Supplier
from programmes.challenges.models import Application
from tests.browser.conftest import type_second_factor
from tests.challenges.factories import PDF_BYTES, ChallengeFactory, ChallengeQuestionFactory, CriterionFactory
from tests.factories import PASSWORD, MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

REGISTRATION = reverse("procurement:registration_edit")


@pytest.fixture
def entrepreneur():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    organisation = OrganisationFactory(municipality=groningen, name="Lunchroom Het Stadshart", postcode="9711 GH")
    return UserFactory(role="entrepreneur", organisation=organisation, name="Fatima El Amrani")


def log_in(page, user, language="nl"):
    page.context.clear_cookies()
    page.goto("/account/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    type_second_factor(page, user.email)
    if language == "en":
        with page.expect_navigation():
            page.get_by_role("button", name="English").click()


def submit(page, assert_accessible):
    with page.expect_navigation():
        page.locator("main form.portal-form button[type=submit]").last.click()
    assert_accessible(page)


def summary_has_focus(page) -> bool:
    return page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")


@pytest.mark.parametrize(
    ("language", "typed", "shown", "heading", "confirm"),
    [
        ("nl", "42,50", "42,50", "Er ging iets mis", "Ja, dit bedrag klopt"),
        ("en", "42.50", "42.50", "There is a problem", "Yes, this amount is right"),
    ],
)
def test_a_supplier_types_a_price_the_way_the_language_writes_it(
    page, assert_accessible, entrepreneur, language, typed, shown, heading, confirm
):
    log_in(page, entrepreneur, language)
    page.goto(REGISTRATION)
    assert_accessible(page)
    page.fill("#id_description", "Lunches en vergadercatering met streekproducten.")
    page.fill("#id_impact", "Jongeren zonder startkwalificatie halen bij ons een horecadiploma.")
    page.fill("#id_postcode", "9711 GH")
    page.fill("#id_offerings-0-title", "Barista-workshop")
    page.select_option("#id_offerings-0-category", "catering")
    page.fill("#id_offerings-0-price", "4250")  # meant 42,50: an implausible price an hour
    page.fill("#id_offerings-0-unit", "per uur")
    submit(page, assert_accessible)

    # The price is questioned; the summary on top has the focus and leads to the price.
    assert not Supplier.objects.exists()
    summary = page.locator("[data-error-summary]")
    assert heading in summary.inner_text() and summary_has_focus(page)
    summary.locator("a[href='#id_offerings-0-price']").click()
    assert page.evaluate("() => document.activeElement.id") == "id_offerings-0-price"
    expect(page.get_by_label(confirm)).to_be_visible()

    page.fill("#id_offerings-0-price", typed)
    submit(page, assert_accessible)
    offering = Supplier.objects.get().offerings.get()
    assert str(offering.price) == "42.50"

    page.goto(REGISTRATION)
    assert_accessible(page)
    assert page.input_value("#id_offerings-0-price") == shown


def test_a_failed_application_keeps_its_pitch(page, assert_accessible, entrepreneur, tmp_path):
    challenge = ChallengeFactory(
        action_line__programme__municipality=entrepreneur.organisation.municipality,
        name="Sociale Groninger Challenge",
        scale_min=1,
        scale_max=10,
    )
    ChallengeQuestionFactory(challenge=challenge, text="Welk maatschappelijk probleem lost u op?")
    ChallengeQuestionFactory(challenge=challenge, text="Met wie werkt u samen?", required=False)
    CriterionFactory(challenge=challenge, name="Impact", weight=3)
    pitch = tmp_path / "pitch.pdf"
    pitch.write_bytes(PDF_BYTES)

    log_in(page, entrepreneur)
    page.goto(reverse("challenges:challenge_apply", kwargs={"pk": challenge.pk}))
    assert_accessible(page)
    assert "Impact, weging 3" in page.content()
    page.fill("#id_summary", "Statushouders leren het vak van barista.")
    page.get_by_label("Welk maatschappelijk probleem lost u op?").fill("Werkloosheid onder statushouders.")
    page.set_input_files("#id_pitch", str(pitch))
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelding indienen").click()  # without the name of the plan
    assert_accessible(page)

    summary = page.locator("[data-error-summary]")
    assert "Er ging iets mis" in summary.inner_text() and summary_has_focus(page)
    summary.get_by_role("link").first.click()
    assert page.evaluate("() => document.activeElement.id") == "id_title"
    expect(page.get_by_text("Bijgevoegd: pitch.pdf")).to_be_visible()

    page.fill("#id_title", "Koffie met perspectief")
    with page.expect_navigation():
        page.get_by_role("button", name="Aanmelding indienen").click()
    assert_accessible(page)
    application = Application.objects.get()
    assert application.is_submitted and application.pitch
    with application.pitch.open("rb") as stored:
        assert stored.read() == PDF_BYTES
