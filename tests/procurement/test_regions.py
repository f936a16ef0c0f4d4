"""Regions: the regional coordinator of regio Alkmaar works on the shared supplier register and marketplace of its
five municipalities and no further; the region's figures add up its members; a purchase request that prefers
regional suppliers lists them first, saying why; the directory filters on a region."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Region, User
from procurement import services
from procurement.models import Category, Supplier
from reporting import start
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.matching.factories import MatchFactory, NeedFactory, OfferFactory

from .factories import OfferingFactory, PurchaseRequestFactory, SupplierFactory

pytestmark = pytest.mark.django_db

MEMBERS = [
    ("alkmaar", "Alkmaar"),
    ("bergen", "Bergen"),
    ("castricum", "Castricum"),
    ("dijk-en-waard", "Dijk en Waard"),
    ("heiloo", "Heiloo"),
]


@pytest.fixture
def region():
    return Region.objects.create(name="Alkmaar", slug="regio-alkmaar")


@pytest.fixture
def members(region):
    return {slug: MunicipalityFactory(slug=slug, name=name, region=region) for slug, name in MEMBERS}


@pytest.fixture
def regional(region, members):
    return UserFactory(role=User.Role.REGIONAL_COORDINATOR, region=region)


def pending_supplier(municipality, name=None):
    organisation = OrganisationFactory(municipality=municipality, **({"name": name} if name else {}))
    return SupplierFactory(organisation=organisation, status=Supplier.Status.PENDING, verified_at=None)


def caterer(municipality, name, **fields):
    supplier = SupplierFactory(organisation=OrganisationFactory(municipality=municipality, name=name), **fields)
    OfferingFactory(supplier=supplier, category=Category.CATERING)
    return supplier


def today():
    return timezone.localdate()


# ---------------------------------------------------------------- the shared register


def test_the_regional_coordinator_sees_the_registrations_of_all_five_municipalities_and_no_others(
    client, regional, members, groningen, haarlem
):
    waiting = {slug: pending_supplier(municipality, f"Wachtend {slug}") for slug, municipality in members.items()}
    pending_supplier(haarlem, "Wachtend Haarlem")
    pending_supplier(groningen, "Wachtend Groningen")
    client.force_login(regional)

    response = client.get(reverse("procurement:register"), {"status": "pending"})

    shown = {supplier.organisation.name for supplier in response.context["page_obj"]}
    assert shown == {f"Wachtend {slug}" for slug in waiting}
    content = response.content.decode()
    assert "Heiloo" in content and "Dijk en Waard" in content  # each row names its municipality
    assert "Wachtend Haarlem" not in content and "Wachtend Groningen" not in content


def test_the_regional_coordinator_verifies_a_registration_from_heiloo_but_not_one_from_haarlem(
    client, regional, members, haarlem, mailoutbox
):
    heiloo = pending_supplier(members["heiloo"], "Bakkerij Het Zorgbrood")
    outsider = pending_supplier(haarlem)
    client.force_login(regional)

    response = client.post(reverse("procurement:supplier_verify", args=[heiloo.pk]))
    refused = client.post(reverse("procurement:supplier_verify", args=[outsider.pk]))

    assert response.status_code == 302
    heiloo.refresh_from_db()
    outsider.refresh_from_db()
    assert heiloo.status == Supplier.Status.VERIFIED
    assert refused.status_code == 404
    assert outsider.status == Supplier.Status.PENDING


def test_the_regional_coordinator_verifies_in_bulk_only_within_the_region(client, regional, members, haarlem):
    inside = [pending_supplier(municipality) for municipality in members.values()]
    outsider = pending_supplier(haarlem)
    client.force_login(regional)

    url = reverse("procurement:register_bulk")
    client.post(url, {"suppliers": [supplier.pk for supplier in inside], "action": "verify"})
    client.post(url, {"suppliers": [outsider.pk], "action": "verify"})

    assert Supplier.objects.filter(pk__in=[s.pk for s in inside], status=Supplier.Status.VERIFIED).count() == 5
    outsider.refresh_from_db()
    assert outsider.status == Supplier.Status.PENDING


def test_a_coordinator_of_a_member_still_sees_only_their_own_municipality(client, region, members):
    pending_supplier(members["alkmaar"], "Van Alkmaar")
    pending_supplier(members["heiloo"], "Van Heiloo")
    coordinator = UserFactory(role=User.Role.COORDINATOR, municipality=members["alkmaar"])
    client.force_login(coordinator)

    response = client.get(reverse("procurement:register"))

    assert [supplier.organisation.name for supplier in response.context["page_obj"]] == ["Van Alkmaar"]


def test_the_start_page_lists_the_regions_registrations_awaiting_verification(regional, members, haarlem):
    pending_supplier(members["heiloo"], "Drukkerij Heiloo Inclusief")
    pending_supplier(members["bergen"], "Kunstuitleen Kunstenaarsdorp")
    pending_supplier(haarlem, "Buiten de regio")

    with translation.override("nl"):
        page = start.start_page(regional)

    lists = {todo_list.kind: todo_list for todo_list in page.lists}
    assert set(lists) == {"suppliers", "deregistered_suppliers"}  # the second: those the KvK register deregistered
    suppliers = lists["suppliers"]
    assert {item.title for item in suppliers.items} == {"Drukkerij Heiloo Inclusief", "Kunstuitleen Kunstenaarsdorp"}
    assert any(item.note.startswith("Heiloo, ") for item in suppliers.items)


def test_the_regional_coordinator_sees_none_of_a_members_own_data(client, regional, members):
    client.force_login(regional)

    for url_name in (
        "programmes:dashboard",
        "programmes:question_queue",
        "reporting:letter_list",
        "matching:overview",
        "matching:match_list",
        "procurement:requests",
        "procurement:register_import",
        "procurement:audit_log",
    ):
        assert client.get(reverse(url_name)).status_code == 404, url_name


# ---------------------------------------------------------------- the account


def test_a_regional_coordinator_needs_a_region(region):
    without = User(email="regio@example.nl", name="Regio", role=User.Role.REGIONAL_COORDINATOR)
    with pytest.raises(ValidationError) as error:
        without.full_clean()
    assert "region" in error.value.message_dict

    User(email="regio2@example.nl", name="Regio", role=User.Role.REGIONAL_COORDINATOR, region=region).full_clean(
        exclude=["password"]
    )


def test_a_regional_coordinator_signs_in_with_a_second_factor(region):
    assert User(role=User.Role.REGIONAL_COORDINATOR, region=region).needs_second_factor


def test_an_administrator_creates_a_regional_coordinator_in_the_admin(client, region):
    administrator = UserFactory(role=User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(administrator)
    data = {
        "email": "regio@alkmaar.example.nl",
        "name": "Noor Kramer",
        "role": User.Role.REGIONAL_COORDINATOR,
        "region": region.pk,
        "usable_password": "true",
        "password1": "een-lang-wachtwoord-2026",
        "password2": "een-lang-wachtwoord-2026",
    }

    missing = client.post(reverse("admin:accounts_user_add"), {**data, "region": ""})
    assert missing.status_code == 200
    assert not User.objects.filter(email=data["email"]).exists()

    response = client.post(reverse("admin:accounts_user_add"), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert User.objects.get(email=data["email"]).region == region


# ---------------------------------------------------------------- the region's figures and marketplace


def test_the_regional_figures_add_up_the_members_and_leave_out_the_rest(client, regional, members, haarlem):
    for municipality in members.values():
        SupplierFactory(organisation=OrganisationFactory(municipality=municipality))
    pending_supplier(members["heiloo"])
    NeedFactory(municipality=members["castricum"])
    OfferFactory(municipality=members["bergen"])
    MatchFactory(need__municipality=members["alkmaar"], need__status="closed", status="made", made_on=today())
    SupplierFactory(organisation=OrganisationFactory(municipality=haarlem))
    NeedFactory(municipality=haarlem)
    client.force_login(regional)

    response = client.get(reverse("regional_dashboard"))

    figures = response.context["figures"]
    rows = {member.name: member for member in figures.members}
    assert list(rows) == ["Alkmaar", "Bergen", "Castricum", "Dijk en Waard", "Heiloo"]
    assert rows["Heiloo"].suppliers_verified == 1 and rows["Heiloo"].suppliers_pending == 1
    assert rows["Castricum"].open_needs == 1 and rows["Bergen"].open_offers == 1
    assert rows["Alkmaar"].matches_made == 1
    total = response.context["total"]
    assert (total.suppliers_verified, total.suppliers_pending, total.open_needs, total.open_offers) == (5, 1, 1, 1)
    assert total.matches_made == 1
    content = response.content.decode()
    assert 'id="register-chart-caption"' in content and 'id="marketplace-chart-caption"' in content
    assert "Haarlem" not in content


def test_the_regional_marketplace_lists_open_needs_and_offers_of_the_members_only(client, regional, members, haarlem):
    NeedFactory(municipality=members["heiloo"], title="Vrijwilligers voor het Repair Café")
    NeedFactory(municipality=haarlem, title="Hulp in Haarlem")
    OfferFactory(municipality=members["dijk-en-waard"], title="Opgeknapte tafels")
    client.force_login(regional)

    needs = client.get(reverse("regional_marketplace")).content.decode()
    offers = client.get(reverse("regional_marketplace"), {"soort": "aanbod"}).content.decode()

    assert "Vrijwilligers voor het Repair Café" in needs and "Hulp in Haarlem" not in needs
    assert "Opgeknapte tafels" in offers


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("procurement:register", {}),
        ("regional_dashboard", {}),
        ("regional_marketplace", {}),
        ("regional_marketplace", {"soort": "aanbod"}),
        ("start", {}),
    ],
)
def test_the_regional_pages_take_the_same_number_of_queries_for_few_or_many_rows(
    client, regional, members, django_assert_max_num_queries, url_name, params
):
    def add_rows(count):
        for index in range(count):
            municipality = list(members.values())[index % 5]
            pending_supplier(municipality)
            NeedFactory(municipality=municipality)
            OfferFactory(municipality=municipality)

    client.force_login(regional)
    add_rows(2)
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse(url_name), params).status_code == 200
    add_rows(55)
    with django_assert_max_num_queries(15) as many:
        assert client.get(reverse(url_name), params).status_code == 200

    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------- a preference for regional suppliers


@pytest.fixture
def alkmaar_buyer(members):
    return UserFactory(role=User.Role.BUYER, municipality=members["alkmaar"])


def test_a_request_preferring_regional_suppliers_lists_them_first_with_the_reason(
    client, members, haarlem, alkmaar_buyer
):
    outside = caterer(haarlem, "Aardige Soep Haarlem", delivers_nationwide=True)
    heiloo = caterer(members["heiloo"], "Bakkerij Het Zorgbrood")
    heiloo.delivery_municipalities.add(members["alkmaar"])
    alkmaar = caterer(members["alkmaar"], "Lunchroom De Waag Werkt")
    preferring = PurchaseRequestFactory(
        municipality=members["alkmaar"], posted_by=alkmaar_buyer, prefer_regional_suppliers=True
    )
    plain = PurchaseRequestFactory(municipality=members["alkmaar"], posted_by=alkmaar_buyer)
    client.force_login(alkmaar_buyer)

    response = client.get(reverse("procurement:request_detail", args=[preferring.pk]))
    without = client.get(reverse("procurement:request_detail", args=[plain.pk]))

    ranked = [(item.supplier.pk, item.reason) for item in response.context["fitting"]]
    assert ranked == [
        (heiloo.pk, "Gevestigd in de regio Alkmaar"),
        (alkmaar.pk, "Gevestigd in de regio Alkmaar"),
        (outside.pk, ""),
    ]
    assert "Gevestigd in de regio Alkmaar" in response.content.decode()
    assert [(item.supplier.pk, item.reason) for item in without.context["fitting"]] == [
        (outside.pk, ""),
        (heiloo.pk, ""),
        (alkmaar.pk, ""),
    ]


def test_the_fitting_suppliers_take_the_same_number_of_queries_for_few_or_many(
    client, members, alkmaar_buyer, django_assert_max_num_queries
):
    purchase_request = PurchaseRequestFactory(
        municipality=members["alkmaar"], posted_by=alkmaar_buyer, prefer_regional_suppliers=True
    )
    client.force_login(alkmaar_buyer)
    url = reverse("procurement:request_detail", args=[purchase_request.pk])

    def add(count):
        for index in range(count):
            caterer(list(members.values())[index % 5], f"Cateraar {index}-{count}", delivers_nationwide=True)

    add(2)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    add(30)
    with django_assert_max_num_queries(20) as many:
        response = client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["fitting_count"] == 32 and len(response.context["fitting"]) == 20


def test_the_request_form_offers_the_preference_only_to_a_municipality_in_a_region(client, alkmaar_buyer, buyer):
    client.force_login(alkmaar_buyer)
    in_region = client.get(reverse("procurement:request_create")).content.decode()
    client.force_login(buyer)  # Groningen, in no region
    outside = client.get(reverse("procurement:request_create")).content.decode()

    assert 'name="prefer_regional_suppliers"' in in_region
    assert "Leveranciers die in de regio Alkmaar gevestigd zijn, staan bovenaan" in in_region
    assert 'name="prefer_regional_suppliers"' not in outside


def test_posting_a_request_keeps_the_preference(client, alkmaar_buyer):
    client.force_login(alkmaar_buyer)
    response = client.post(
        reverse("procurement:request_create"),
        {
            "title": "Lunches",
            "description": "Lunches voor de regionale raadsbijeenkomsten",
            "category": "catering",
            "budget_min": "100",
            "budget_max": "500",
            "deadline": (today() + dt.timedelta(days=20)).isoformat(),
            "prefer_regional_suppliers": "on",
        },
    )

    assert response.status_code == 302
    assert alkmaar_buyer.municipality.purchase_requests.get().prefer_regional_suppliers


# ---------------------------------------------------------------- the public directory


def two_suppliers(castricum, haarlem):
    """A supplier in a municipality of the region and one outside it, with their search vectors written as every
    service that makes or changes a supplier writes them."""
    made = [
        SupplierFactory(organisation=OrganisationFactory(municipality=castricum, name="Groenploeg Castricum")),
        SupplierFactory(organisation=OrganisationFactory(municipality=haarlem, name="Groenploeg Zuid-West")),
    ]
    services.suppliers_refresh_search([supplier.pk for supplier in made])


def test_the_directory_filters_on_a_region(client, members, haarlem):
    two_suppliers(members["castricum"], haarlem)

    response = client.get(reverse("procurement:directory"), {"region": "regio-alkmaar"})
    unknown = client.get(reverse("procurement:directory"), {"region": "nergens"})

    assert [supplier.name for supplier in response.context["suppliers"]] == ["Groenploeg Castricum"]
    assert unknown.status_code == 200
    assert "Selecteer een geldige keuze" in unknown.content.decode()


def test_the_directory_filters_on_a_region_by_its_municipalities_as_they_are_now(client, members, haarlem):
    """On PostgreSQL the region is read as its municipalities' facets in the search vectors: a municipality that
    joins or leaves the region counts at once, with no supplier's vector refreshed."""
    two_suppliers(members["castricum"], haarlem)
    region = members["castricum"].region

    def found(**search):
        response = client.get(reverse("procurement:directory"), {"region": region.slug, **search})
        return sorted(supplier.name for supplier in response.context["suppliers"])

    assert found(q="groenploeg") == ["Groenploeg Castricum"]
    haarlem.region = region
    haarlem.save()
    assert found(q="groenploeg") == ["Groenploeg Castricum", "Groenploeg Zuid-West"]
    members["castricum"].region = None
    members["castricum"].save()
    assert found() == ["Groenploeg Zuid-West"]
    haarlem.region = None
    haarlem.save()
    assert found() == []
