"""Procurement end to end in a real browser: an entrepreneur registers as an impact supplier, the coordinator
verifies it, the public finds it by text and by filter, a buyer posts a purchase request that the supplier
answers, and the buyer shortlists and awards it. axe on every page; one pass in Dutch, the public search also
in English."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.demo import seed_accounts
from accounts.models import Theme, User
from procurement.demo import seed_procurement
from procurement.models import Award, PurchaseRequest, Quote, Supplier
from tests.browser.conftest import log_in, log_in_demo
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def visit(page, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)


def submit(page, assert_accessible, form="main form.portal-form"):
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").last.click()
    assert_accessible(page)


@pytest.fixture
def world():
    for code in ("work", "food", "circular"):
        Theme.objects.get_or_create(code=code)
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    MunicipalityFactory(name="Haarlem", slug="haarlem")
    entrepreneur = UserFactory(
        role="entrepreneur",
        name="Fatima El Amrani",
        organisation=OrganisationFactory(
            municipality=groningen, name="Lunchroom Het Stadshart", postcode="9711 GH", city="Groningen"
        ),
    )
    return {
        "groningen": groningen,
        "entrepreneur": entrepreneur,
        "coordinator": UserFactory(role="coordinator", name="Simon Poelstra", municipality=groningen),
        "buyer": UserFactory(role="buyer", name="Pieter Mulder", municipality=groningen),
    }


def test_a_supplier_registers_is_verified_found_asked_answers_and_is_awarded(page, assert_accessible, world):
    entrepreneur, coordinator, buyer = world["entrepreneur"], world["coordinator"], world["buyer"]

    # The entrepreneur registers the lunchroom as an impact supplier, with one product.
    log_in(page, entrepreneur)
    visit(page, assert_accessible, "/inkoop/mijn-registratie/")
    page.get_by_role("link", name="Aanmelden als impactleverancier").click()
    assert_accessible(page)
    page.fill("#id_description", "Lunches en vergadercatering met streekproducten.")
    page.fill("#id_impact", "Jongeren zonder startkwalificatie halen bij ons een horecadiploma.")
    for criterion in ("impact_first", "independent_enterprise", "economically_independent", "social_governance"):
        page.check(f"#id_{criterion}")
    page.select_option("#id_pso_level", "step1")
    page.fill("#id_staff_distance_share", "55")
    page.get_by_label("Werk en participatie").check()
    page.fill("#id_offerings-0-title", "Vergaderlunch")
    page.select_option("#id_offerings-0-category", "catering")
    page.fill("#id_offerings-0-price", "12.50")
    page.fill("#id_offerings-0-unit", "per persoon")
    page.get_by_role("button", name="Nog een product of dienst toevoegen").click()  # progressive enhancement
    page.fill("#id_offerings-2-title", "Borrelhapjes")
    page.select_option("#id_offerings-2-category", "catering")
    submit(page, assert_accessible)
    assert "Wacht op verificatie" in page.content()
    supplier = Supplier.objects.get(organisation=entrepreneur.organisation)
    assert sorted(supplier.offerings.values_list("title", flat=True)) == ["Borrelhapjes", "Vergaderlunch"]
    assert any(coordinator.email in message.to for message in mail.outbox)

    # Not yet in the directory.
    page.context.clear_cookies()
    visit(page, assert_accessible, "/inkoop/leveranciers/?q=stadshart")
    assert "Lunchroom Het Stadshart" not in page.content()

    # The coordinator checks it against the criteria and verifies it.
    log_in(page, coordinator)
    visit(page, assert_accessible, "/inkoop/register/")
    page.get_by_role("link", name="Lunchroom Het Stadshart").click()
    assert_accessible(page)
    page.fill("#id_reason", "Criteria gecontroleerd met de KvK-gegevens.")
    with page.expect_navigation():
        page.get_by_role("button", name="Verifiëren").click()
    assert_accessible(page)
    assert "is geverifieerd" in page.content()
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.VERIFIED
    assert "geverifieerd" in mail.outbox[-1].subject and mail.outbox[-1].to == [entrepreneur.email]

    # The public finds it by text and by filter, and reads its profile.
    page.context.clear_cookies()
    visit(page, assert_accessible, "/inkoop/leveranciers/")
    page.fill("#id_q", "vergaderlunch")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken", exact=True).click()
    assert_accessible(page)
    assert "q=vergaderlunch" in page.url  # a shareable URL
    assert page.get_by_role("link", name="Lunchroom Het Stadshart").count() == 1
    page.goto("/inkoop/leveranciers/")
    page.select_option("#id_category", "catering")
    page.check("input[name=criteria][value=pso]")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoeken", exact=True).click()
    assert page.get_by_role("link", name="Lunchroom Het Stadshart").count() == 1
    page.get_by_role("link", name="Lunchroom Het Stadshart").click()
    assert_accessible(page)
    assert "Vergaderlunch" in page.content() and supplier.contact_email not in page.content()

    # A buyer posts a purchase request; the supplier hears of it.
    log_in(page, buyer)
    visit(page, assert_accessible, "/inkoop/inkoopvragen/")
    page.get_by_role("link", name="Inkoopvraag plaatsen").first.click()
    assert_accessible(page)
    page.fill("#id_title", "Lunches voor de impactcafés")
    page.fill("#id_description", "Zes bijeenkomsten van ongeveer 40 deelnemers.")
    page.select_option("#id_category", "catering")
    page.fill("#id_budget_min", "4000")
    page.fill("#id_budget_max", "3000")
    page.fill("#id_deadline", (timezone.localdate() + dt.timedelta(days=21)).isoformat())
    submit(page, assert_accessible)
    assert "De bovengrens van het budget kan niet lager zijn dan de ondergrens." in page.content()
    page.fill("#id_budget_max", "7500")
    submit(page, assert_accessible)
    purchase_request = PurchaseRequest.objects.get()
    assert mail.outbox[-1].to == [entrepreneur.email] and "Lunches voor de impactcafés" in mail.outbox[-1].subject

    # The supplier answers with a message and a price.
    log_in(page, entrepreneur)
    visit(page, assert_accessible, "/inkoop/inkoopvragen-voor-mij/")
    page.get_by_role("link", name="Lunches voor de impactcafés").click()
    assert_accessible(page)
    page.fill("#id_message", "Wij verzorgen de lunches met een vegetarische en een vegan variant.")
    page.fill("#id_price", "4850")
    submit(page, assert_accessible)
    assert Quote.objects.get().price == 4850
    assert mail.outbox[-1].to == [buyer.email]

    # The buyer shortlists and awards it; the spend adds up.
    log_in(page, buyer)
    visit(page, assert_accessible, purchase_request.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Op de shortlist zetten").click()
    assert_accessible(page)
    page.get_by_label("Gegund bedrag").fill("4850")
    with page.expect_navigation():
        page.get_by_role("button", name="Gunnen").click()
    assert_accessible(page)
    assert "Gegund aan Lunchroom Het Stadshart." in page.content()
    assert Award.objects.get().amount == 4850
    purchase_request.refresh_from_db()
    assert purchase_request.status == PurchaseRequest.Status.AWARDED
    assert mail.outbox[-1].to == [entrepreneur.email]
    visit(page, assert_accessible, "/inkoop/cijfers/")
    assert "4.850,00" in page.content()
    visit(page, assert_accessible, "/inkoop/logboek/")
    assert "Gegund" in page.content() and "Leverancier geverifieerd" in page.content()


def test_the_demo_pages_in_english_and_dutch_and_the_csv_import_pass_axe(page, assert_accessible, world):
    seed_accounts()
    seed_procurement()

    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    visit(page, assert_accessible, "/inkoop/leveranciers/?q=koffie&postcode=9712AB&sort=distance")
    assert "Impact suppliers" in page.content() and "Koffiebranderij Het Goede Bonen" in page.content()
    visit(page, assert_accessible, Supplier.objects.verified().first().get_absolute_url())

    buyer = User.objects.get(email="inkoper@impactportaal.test")
    log_in_demo(page, buyer)
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()  # logging in cleared the language cookie
    for path in ["/inkoop/inkoopvragen/", "/inkoop/inkoopvragen/nieuw/", "/inkoop/sroi/", "/inkoop/sroi/nieuw/"]:
        visit(page, assert_accessible, path)
    visit(page, assert_accessible, buyer.municipality.sroi_tenders.first().get_absolute_url())
    assert "Realised against required: 38%" in page.content()
    visit(page, assert_accessible, "/inkoop/cijfers/?jaar=2020")
    assert "40,050.00" in page.content()

    coordinator = User.objects.get(email="coordinator@impactportaal.test")
    log_in_demo(page, coordinator)
    for path in ["/inkoop/register/", "/inkoop/logboek/", "/inkoop/register/import/"]:
        visit(page, assert_accessible, path)
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "impactbedrijven.csv",
                "mimeType": "text/csv",
                "buffer": CSV.encode("cp1252"),
            }
        ],
    )
    submit(page, assert_accessible)
    assert "2 regels gelezen (windows-1252); 1 met fouten." in page.content()
    assert "begint als een spreadsheetformule" in page.content()
    page.get_by_label("Sla de regels met fouten over en importeer de andere").check()
    submit(page, assert_accessible)
    assert "1 nieuwe leverancier," in page.content()
    assert Supplier.objects.filter(organisation__name="Café Sociaal Noord").exists()


CSV = (
    "naam;kvk;postcode;themas;categorieen;aanbod\n"
    "Café Sociaal Noord;70900001;9711 AB;Voedsel;Catering en voeding;Lunch\n"
    '=HYPERLINK("http://evil.example");70900002;9711 AB;;;\n'
)
