"""A Buy Social marketplace: a beursvloer where a coordinator records deals between companies (contractors) and social
entrepreneurs, at the same desk (plain form and htmx, search-as-you-type); its totals, CSV, the parties' own pages and
the letter's figures."""

import csv
import io
import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation
from conftest import require_postgresql
from matching.models import Beursvloer, Deal
from matching.selectors import buy_social_figures, buy_social_figures_of_years
from reporting.figures import collect
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.matching.factories import BuySocialFactory, DealFactory
from tests.programmes.factories import ProgrammeFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
FOR_THE_COMPANY = {**HTMX, "HTTP_HX_TARGET": "id_company"}
FOR_THE_ENTREPRENEUR = {**HTMX, "HTTP_HX_TARGET": "id_enterprise"}


@pytest.fixture
def marketplace(groningen):
    return BuySocialFactory(municipality=groningen, name="Buy Social Marktplaats Groningen")


@pytest.fixture
def company(groningen):
    return OrganisationFactory(
        municipality=groningen, kind="company", name="Bouwbedrijf Hunze BV", kvk_number="71000001"
    )


@pytest.fixture
def enterprise(groningen):
    return OrganisationFactory(municipality=groningen, kind="enterprise", name="Schoonmaakcollectief Stad")


def desk(marketplace) -> str:
    return reverse("matching:beursvloer_register", kwargs={"pk": marketplace.pk})


def deal_data(company, enterprise, **fields) -> dict:
    return {
        "company": company.pk if company else "",
        "enterprise": enterprise.pk,
        "agreement": "Schoonmaak van de bouwketen",
        "expected_amount": "12.500,50",
        "for_social_return": "on",
        **fields,
    }


@pytest.mark.django_db
def test_it_lets_a_coordinator_plan_a_buy_social_marketplace(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:beursvloer_create"),
        {"kind": "buy_social", "name": "Buy Social Marktplaats", "date": "2026-05-20", "place": "Stadhuis"},
    )
    event = Beursvloer.objects.get()
    assert event.kind == Beursvloer.Kind.BUY_SOCIAL
    page = client.get(response["Location"]).content.decode()
    assert "Deals vastleggen: Buy Social Marktplaats" in page and 'id="search-company"' in page


@pytest.mark.django_db
def test_it_records_a_deal_with_a_plain_form_and_shows_it_in_the_totals(
    client, coordinator, marketplace, company, enterprise
):
    client.force_login(coordinator)
    response = client.post(desk(marketplace), deal_data(company, enterprise), follow=True)
    deal = Deal.objects.get()
    assert (deal.company, deal.enterprise, deal.expected_amount) == (company, enterprise, Decimal("12500.50"))
    assert deal.for_social_return and deal.created_by == coordinator
    page = response.content.decode()
    assert "Vastgelegd: Bouwbedrijf Hunze BV met Schoonmaakcollectief Stad, € 12.500,50 verwacht." in page

    detail = client.get(reverse("matching:beursvloer_detail", kwargs={"pk": marketplace.pk}))
    result = detail.context["result"]
    assert (result.deals, result.companies, result.enterprises) == (1, 1, 1)
    assert result.expected_amount == Decimal("12500.50")
    assert "Schoonmaak van de bouwketen" in detail.content.decode()
    assert "€&nbsp;12.500,50" in detail.content.decode()


@pytest.mark.django_db
def test_it_creates_a_new_company_from_its_name_and_kvk_number(client, coordinator, marketplace, enterprise, groningen):
    client.force_login(coordinator)
    data = deal_data(None, enterprise, new_company_name="Installatiebedrijf Noord", new_company_kvk="71000099")
    response = client.post(desk(marketplace), data, **HTMX)
    assert response.status_code == 200
    company = Organisation.objects.get(kvk_number="71000099")
    assert (company.name, company.kind, company.municipality) == ("Installatiebedrijf Noord", "company", groningen)
    assert Deal.objects.get().company == company
    fragment = response.content.decode()
    assert "<html" not in fragment and 'data-deal="' in fragment
    assert 'id="search-company"' in fragment and "autofocus" in fragment  # ready for the next one


@pytest.mark.django_db
def test_it_finds_the_company_again_when_its_kvk_number_is_entered_as_new(
    client, coordinator, marketplace, company, enterprise
):
    client.force_login(coordinator)
    client.post(desk(marketplace), deal_data(None, enterprise, new_company_name="Hunze", new_company_kvk="71000001"))
    assert Deal.objects.get().company == company
    assert Organisation.objects.filter(kvk_number="71000001").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"expected_amount": "-100"}, "Een bedrag kan niet negatief zijn."),
        ({"expected_amount": "veel"}, "Voer een getal in, zoals 1.250,50."),
        ({"agreement": ""}, "Vermeld wat de twee hebben afgesproken."),
        ({"company": ""}, "Kies een bedrijf, of vul de naam en het KvK-nummer van een nieuw bedrijf in."),
        ({"new_company_name": "Nieuw BV", "new_company_kvk": "71000002"}, "niet allebei"),
        ({"company": "", "new_company_name": "Nieuw BV"}, "Vul het KvK-nummer van het nieuwe bedrijf in."),
        ({"company": "", "new_company_name": "Nieuw BV", "new_company_kvk": "1234567"}, "precies 8 cijfers"),
        ({"company": "999999"}, "Kies een bedrijf uit de lijst."),
    ],
)
def test_it_explains_bad_input_and_stores_nothing(
    client, coordinator, marketplace, company, enterprise, fields, message
):
    client.force_login(coordinator)
    organisations = Organisation.objects.count()
    response = client.post(desk(marketplace), deal_data(company, enterprise, company_q="Hun") | fields, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 400
    assert "De deal is niet vastgelegd:" in fragment and message in fragment, fragment
    assert 'value="Hun"' in fragment  # what was typed in the search box stays
    assert not Deal.objects.exists() and Organisation.objects.count() == organisations


@pytest.mark.django_db
def test_it_refuses_another_municipalitys_company_and_social_entrepreneur(
    client, coordinator, marketplace, company, enterprise, haarlem
):
    foreign_company = OrganisationFactory(municipality=haarlem, kind="company", kvk_number="72000001")
    foreign_enterprise = OrganisationFactory(municipality=haarlem, kind="enterprise")
    client.force_login(coordinator)
    for data, message in [
        (deal_data(foreign_company, enterprise), "Kies een bedrijf uit de lijst."),
        (deal_data(company, foreign_enterprise), "Kies een sociaal ondernemer uit de lijst."),
        (deal_data(None, enterprise, new_company_name="Ander BV", new_company_kvk="72000001"), "andere organisatie"),
        (deal_data(company, company), "Kies een sociaal ondernemer uit de lijst."),
    ]:
        response = client.post(desk(marketplace), data)
        assert response.status_code == 400 and message in response.content.decode()
    assert not Deal.objects.exists()
    assert Organisation.objects.get(kvk_number="72000001").municipality == haarlem


@pytest.mark.django_db
def test_it_keeps_another_municipalitys_coordinator_out(client, other_coordinator, marketplace, company, enterprise):
    client.force_login(other_coordinator)
    assert client.post(desk(marketplace), deal_data(company, enterprise)).status_code == 404
    assert client.get(desk(marketplace), {"company_q": "Hun"}, **FOR_THE_COMPANY).status_code == 404
    assert client.get(reverse("matching:deal_export", kwargs={"pk": marketplace.pk})).status_code == 404
    assert not Deal.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain form", "htmx"])
def test_the_same_deal_sent_twice_is_recorded_once_with_a_message(
    client, coordinator, marketplace, enterprise, headers
):
    client.force_login(coordinator)
    data = deal_data(None, enterprise, new_company_name="Installatiebedrijf Noord", new_company_kvk="71000099")
    first = client.post(desk(marketplace), data, **headers)
    second = client.post(desk(marketplace), data, **headers)
    assert first.status_code in (200, 302)
    assert second.status_code == 400
    assert "Deze twee hebben op deze marktplaats al een deal." in second.content.decode()
    assert Deal.objects.count() == 1 and Organisation.objects.filter(kvk_number="71000099").count() == 1


@pytest.mark.django_db(transaction=True)
def test_it_records_one_deal_when_the_same_one_arrives_eight_times_at_once(coordinator, groningen):
    require_postgresql("two requests only race for real on PostgreSQL")
    marketplace = BuySocialFactory(municipality=groningen)
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise")
    data = deal_data(None, enterprise, new_company_name="Gelijktijdig BV", new_company_kvk="71000777")
    clients = [Client(raise_request_exception=False) for _ in range(8)]
    for each in clients:
        each.force_login(coordinator)
    start, answers = threading.Barrier(8), []

    def press(each):
        try:
            start.wait()
            answers.append(each.post(desk(marketplace), data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=press, args=(each,)) for each in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [302] + [400] * 7
    assert Deal.objects.count() == 1 and Organisation.objects.filter(kvk_number="71000777").count() == 1


@pytest.mark.django_db
def test_it_searches_companies_and_social_entrepreneurs_of_the_municipality_as_you_type(
    client, coordinator, marketplace, company, enterprise, groningen, haarlem
):
    OrganisationFactory(municipality=haarlem, kind="company", name="Bouwbedrijf Haarlem")
    OrganisationFactory(municipality=groningen, kind="enterprise", name="Bouwbedrijf dat een onderneming is")
    client.force_login(coordinator)

    companies = client.get(desk(marketplace), {"company_q": "bouw"}, **FOR_THE_COMPANY).content.decode()
    assert companies.startswith('<select name="company"')
    assert f'<option value="{company.pk}" selected>Bouwbedrijf Hunze BV (KvK 71000001)</option>' in companies
    assert "Haarlem" not in companies and "onderneming" not in companies
    by_number = client.get(desk(marketplace), {"company_q": "7100"}, **FOR_THE_COMPANY).content.decode()
    assert "Bouwbedrijf Hunze BV" in by_number

    moved_on = client.get(desk(marketplace), {"company_q": "bouw", "enter": "1"}, **FOR_THE_COMPANY)
    assert 'id="search-enterprise"' in moved_on.content.decode() and "autofocus" in moved_on.content.decode()

    enterprises = client.get(desk(marketplace), {"enterprise_q": "schoon", "enter": "1"}, **FOR_THE_ENTREPRENEUR)
    assert (
        f'<option value="{enterprise.pk}" selected>Schoonmaakcollectief Stad</option>' in enterprises.content.decode()
    )
    assert "HX-Trigger-After-Settle" not in enterprises  # a deal needs its agreement and amount first


@pytest.mark.django_db
def test_the_csv_lists_the_deals(client, coordinator, marketplace, company, enterprise):
    DealFactory(beursvloer=marketplace, company=company, enterprise=enterprise, expected_amount=Decimal("4800"))
    DealFactory(beursvloer=marketplace, for_social_return=False, agreement="Catering")
    client.force_login(coordinator)
    response = client.get(reverse("matching:deal_export", kwargs={"pk": marketplace.pk}))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").removeprefix("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Bedrijf", "KvK-nummer", "Sociaal ondernemer"]
    assert ["Bouwbedrijf Hunze BV", "71000001", "Schoonmaakcollectief Stad"] in [row[:3] for row in rows]
    assert {row[4] for row in rows[1:]} == {"4800,00", "1000,00"}
    assert {row[5] for row in rows[1:]} == {"ja", "nee"}


@pytest.mark.django_db
def test_a_plain_beursvloer_has_no_deals_and_a_marketplace_no_matches(client, coordinator, groningen, marketplace):
    plain = BuySocialFactory(municipality=groningen, kind=Beursvloer.Kind.COMMUNITY)
    client.force_login(coordinator)
    assert client.get(reverse("matching:deal_export", kwargs={"pk": plain.pk})).status_code == 404
    page = client.get(desk(plain)).content.decode()
    assert 'id="search-need"' in page and 'id="search-company"' not in page
    listing = client.get(reverse("matching:beursvloer_list")).content.decode()
    assert "Buy Social Marktplaats Groningen" in listing and "Deals vastleggen" in listing


@pytest.mark.django_db
def test_the_social_entrepreneur_and_the_contractor_see_their_own_deals(client, entrepreneur, marketplace, groningen):
    contractor_company = OrganisationFactory(municipality=groningen, kind="company", name="Aannemer Eems BV")
    contractor = UserFactory(role="contractor", organisation=contractor_company)
    DealFactory(beursvloer=marketplace, company=contractor_company, enterprise=entrepreneur.organisation)
    DealFactory(beursvloer=marketplace, agreement="Een deal van anderen")

    client.force_login(entrepreneur)
    mine = client.get(reverse("matching:mine")).content.decode()
    assert "Buy Social-deals" in mine and "Aannemer Eems BV" in mine and "anderen" not in mine
    own = client.get(reverse("matching:deal_list"))
    assert own.context["result"].deals == 1 and "Aannemer Eems BV" in own.content.decode()

    client.force_login(contractor)
    theirs = client.get(reverse("matching:deal_list"))
    page = theirs.content.decode()
    assert theirs.context["result"].deals == 1
    assert entrepreneur.organisation.name in page and "anderen" not in page
    assert "Buy Social Marktplaats Groningen" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["matching:beursvloer_detail", "matching:beursvloer_register", "matching:deal_list"]
)
def test_the_pages_take_a_constant_number_of_queries(
    client, coordinator, entrepreneur, marketplace, django_assert_max_num_queries, url_name
):
    def deals(count):
        for _ in range(count):
            DealFactory(beursvloer=marketplace, enterprise=entrepreneur.organisation)

    user = entrepreneur if url_name == "matching:deal_list" else coordinator
    client.force_login(user)
    url = reverse(url_name, kwargs={} if url_name == "matching:deal_list" else {"pk": marketplace.pk})
    deals(2)
    with django_assert_max_num_queries(14) as few:
        assert client.get(url).status_code == 200
    deals(25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_the_deals_of_the_year_are_figures_for_the_letter(groningen, marketplace):
    DealFactory(beursvloer=marketplace, expected_amount=Decimal("14000"))
    DealFactory(beursvloer=marketplace, expected_amount=Decimal("2500.50"), for_social_return=False)
    DealFactory(beursvloer=BuySocialFactory(municipality=groningen, date=marketplace.date.replace(year=2025)))
    programme = ProgrammeFactory(municipality=groningen, start_year=2026, end_year=2026)
    values = collect(programme, marketplace.date.year)["values"]
    assert values["buy_social_deals"]["value"] == 2
    assert values["buy_social_expected_amount"]["kind"] == "euros"
    assert Decimal(values["buy_social_expected_amount"]["value"]) == Decimal("16500.50")
    assert Decimal(values["buy_social_social_return_amount"]["value"]) == Decimal("14000")
    assert values["buy_social_companies"]["value"] == 2


@pytest.mark.django_db
def test_the_deals_of_each_year_are_counted_apart_and_a_year_without_a_marketplace_has_none(
    groningen, haarlem, marketplace
):
    DealFactory(beursvloer=marketplace, expected_amount=Decimal("14000"))
    DealFactory(beursvloer=marketplace, expected_amount=Decimal("2500.50"), for_social_return=False)
    DealFactory(beursvloer=BuySocialFactory(municipality=groningen, date=marketplace.date.replace(year=2025)))
    DealFactory(beursvloer=BuySocialFactory(municipality=haarlem, date=marketplace.date))

    of_years = buy_social_figures_of_years(groningen, [2024, 2025, 2026])

    assert [(one.deals, one.companies, one.expected_amount) for one in of_years.values()] == [
        (0, 0, Decimal("0")),
        (1, 1, Decimal("1000.00")),
        (2, 2, Decimal("16500.50")),
    ]
    assert of_years[2026].social_return_amount == Decimal("14000")
    assert of_years[2026] == buy_social_figures(groningen, 2026)
    assert buy_social_figures_of_years(MunicipalityFactory(), [2026])[2026].deals == 0  # without a programme too


@pytest.mark.django_db
def test_it_refuses_an_unknown_kind_of_event(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:beursvloer_create"),
        {"kind": "auction", "name": "Veiling", "date": "2026-05-20", "place": "Stadhuis"},
    )
    assert response.status_code == 200 and "Selecteer een geldige keuze" in response.content.decode()
    assert not Beursvloer.objects.exists()


@pytest.mark.django_db
def test_both_sides_are_told_of_their_deal(client, coordinator, marketplace, company, enterprise):
    from notifications.models import Notification

    contractor = UserFactory(organisation=company, role="contractor")
    entrepreneur = UserFactory(organisation=enterprise, role="entrepreneur")
    client.force_login(coordinator)
    client.post(desk(marketplace), deal_data(company, enterprise))
    client.post(desk(marketplace), deal_data(company, enterprise))  # the same deal again: refused, nobody told twice

    told = {n.recipient: n for n in Notification.objects.filter(event="deal_recorded")}
    assert set(told) == {contractor, entrepreneur}
    client.force_login(entrepreneur)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Een deal van uw organisatie met Bouwbedrijf Hunze BV is vastgelegd op" in page
    client.force_login(contractor)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Een deal van uw organisatie met Schoonmaakcollectief Stad is vastgelegd op" in page
    assert reverse("matching:deal_list") in page
