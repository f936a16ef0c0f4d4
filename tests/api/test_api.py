"""The open-data API as a client sees it: public data only, filters as on the public pages, pages with links,
errors as problem details, the API-Version header and CORS on every answer, a rate limit per client."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Region
from procurement import services
from tests.factories import MunicipalityFactory
from tests.procurement.factories import OfferingFactory

from .conftest import PRIVATE, supplier_in

LISTS = [
    "api:supplier-list",
    "api:need-list",
    "api:offer-list",
    "api:activity-list",
    "api:challenge-result-list",
    "api:letter-figures-list",
]


def get(client: Client, url: str, **params):
    response = client.get(url, params)
    assert response["API-Version"] == "1.0.0"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def names(response) -> list[str]:
    return [item.get("name") or item.get("title") for item in response.json()["results"]]


@pytest.mark.parametrize("url_name", LISTS)
def test_no_list_shows_anything_private(client, world, url_name):
    response = get(client, reverse(url_name), pageSize=100)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["count"] == 1
    assert PRIVATE not in response.content.decode(), response.content.decode()
    assert PRIVATE.lower() not in response.content.decode()
    assert "@" not in response.content.decode()  # no e-mail address of anyone


def test_objects_that_are_not_public_are_not_found(client, world):
    hidden = [
        reverse("api:supplier-detail", args=[world.pending_supplier.pk]),
        reverse("api:need-detail", args=[world.closed_need.pk]),
        reverse("api:activity-detail", args=[world.hidden_activity.pk]),
        reverse("api:challenge-result-detail", args=[world.secret_challenge.pk]),
        reverse("api:letter-figures-detail", args=[world.draft_letter.pk]),
        reverse("api:letter-figures-detail", args=[world.outside_letter.pk]),
    ]
    for url in hidden:
        response = get(client, url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 404


def test_a_supplier_shows_its_products_criteria_and_themes_but_no_contact_person(client, world):
    data = get(client, reverse("api:supplier-detail", args=[world.supplier.pk])).json()
    assert data["name"] == "Kringloop De Vondst"
    assert data["municipality"] == {"slug": "groningen", "name": "Groningen"}
    assert data["themes"] == ["work"]
    assert data["criteria"]["impactFirst"] is True
    assert data["offerings"][0] | {"id": 0} == {
        "id": 0,
        "title": "Kantoorlunch",
        "description": "",
        "unit": "per persoon",
        "category": "catering",
        "kind": "service",
        "price": 12.5,
    }
    assert data["deliveryMunicipalities"] == ["haarlem"]
    assert not {"contactName", "contactEmail", "contactPhone", "contact_email", "decisionReason"} & set(data)


def test_suppliers_are_searched_and_filtered_as_in_the_directory(client, world):
    other = supplier_in(world.haarlem, "Schoonmaak Haarlem")
    OfferingFactory(supplier=other, title="Kantoren schoonmaken", category="cleaning")
    services.suppliers_refresh_search([world.supplier.pk, other.pk])  # PostgreSQL's search vectors
    url = reverse("api:supplier-list")
    assert names(get(client, url, category="cleaning")) == ["Schoonmaak Haarlem"]
    assert names(get(client, url, q="schoonmaken")) == ["Schoonmaak Haarlem"]
    assert names(get(client, url, municipality="groningen")) == ["Kringloop De Vondst"]
    assert names(get(client, url, region="regio-noord")) == ["Kringloop De Vondst"]
    assert names(get(client, url, theme="work", sort="name")) == ["Kringloop De Vondst", "Schoonmaak Haarlem"]
    near = get(client, url, postcode="9712 AB", distance="5").json()["results"]
    assert [s["name"] for s in near] == ["Kringloop De Vondst", "Schoonmaak Haarlem"]  # the factory's coordinates
    assert 0 <= near[0]["distanceKm"] < 5


def test_needs_offers_activities_results_and_letters_filter_by_place(client, world):
    Region.objects.create(name="Leeg", slug="leeg")
    assert names(get(client, reverse("api:need-list"), municipality="groningen")) == ["Vrijwilligers voor de moestuin"]
    assert names(get(client, reverse("api:need-list"), helpKind="money")) == []
    assert names(get(client, reverse("api:offer-list"), municipality="groningen")) == []
    assert names(get(client, reverse("api:activity-list"), region="regio-noord")) == ["Impactcafé Noord"]
    assert names(get(client, reverse("api:challenge-result-list"), region="leeg")) == []
    letters = get(client, reverse("api:letter-figures-list"), municipality="groningen", year=2019).json()
    assert [(letter["year"], letter["figures"]) for letter in letters["results"]] == [
        (2019, {"matches_made": 12, "suppliers_verified": 7})
    ]


def test_challenge_results_name_winners_and_finalists_only(client, world):
    data = get(client, reverse("api:challenge-result-detail", args=[world.challenge.pk])).json()
    assert [winner["title"] for winner in data["winners"]] == ["Plan Winnaar"]
    assert sorted(finalist["title"] for finalist in data["finalists"]) == ["Plan Finalist", "Plan Winnaar"]


def test_a_list_comes_in_pages_with_links(client, world):
    for n in range(3):
        supplier_in(world.groningen, f"Leverancier {n}")
    first = get(client, reverse("api:supplier-list"), pageSize=2, sort="name").json()
    assert first["count"] == 4 and len(first["results"]) == 2 and first["previous"] is None
    assert "page=2" in first["next"] and "pageSize=2" in first["next"]
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["previous"]
    assert {s["name"] for s in first["results"] + second["results"]} == {
        "Kringloop De Vondst",
        "Leverancier 0",
        "Leverancier 1",
        "Leverancier 2",
    }


@pytest.mark.parametrize(
    ("url_name", "params", "bad"),
    [
        ("api:supplier-list", {"postcode": "0000"}, "postcode"),
        ("api:supplier-list", {"category": "weapons"}, "category"),
        ("api:supplier-list", {"region": "nergens"}, "region"),
        ("api:need-list", {"helpKind": "magic"}, "helpKind"),
        ("api:offer-list", {"near": "hallo"}, "near"),
        ("api:activity-list", {"municipality": "atlantis"}, "municipality"),
        ("api:letter-figures-list", {"year": "twintig"}, "year"),
    ],
)
def test_a_bad_parameter_is_a_400_problem_that_names_it(client, world, url_name, params, bad):
    response = get(client, reverse(url_name), **params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["status"] == 400 and problem["title"] and problem["detail"]
    assert [param["name"] for param in problem["invalidParams"]] == [bad]
    assert problem["invalidParams"][0]["reason"]


def test_errors_are_problem_details_in_the_clients_language(client, world):
    client.cookies["django_language"] = "en"
    response = get(client, "/api/v1/nothing-here")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["title"] == "Not found"
    client.cookies["django_language"] = "nl"
    assert get(client, "/api/v1/nothing-here").json()["title"] == "Niet gevonden"


def test_the_api_can_only_be_read(client, world):
    response = client.post(reverse("api:supplier-list"), {"name": "x"})
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == "1.0.0"
    assert "Access-Control-Allow-Origin" not in response  # CORS is open for reading only
    assert "GET" in response["Allow"]


def test_a_browser_on_another_site_may_read_it(client, world):
    response = client.options(reverse("api:supplier-list"), HTTP_ORIGIN="https://example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "API-Version" in response["Access-Control-Expose-Headers"]


def test_pages_of_the_portal_do_not_get_the_apis_headers(client, world):
    response = client.get(reverse("procurement:directory"))
    assert "API-Version" not in response and "Access-Control-Allow-Origin" not in response


def test_a_client_over_the_rate_limit_gets_a_429_problem(client, world, settings):
    settings.API_RATE_LIMIT = "3/minute"
    url = reverse("api:need-list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = get(client, url)
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert int(response["Retry-After"]) > 0
    assert response.json()["status"] == 429
    other = Client(REMOTE_ADDR="10.1.2.3")
    assert other.get(url).status_code == 200  # per client


def test_a_signed_in_user_gets_the_same_public_answer(client, world, coordinator):
    anonymous = client.get(reverse("api:supplier-list")).json()
    client.force_login(coordinator)
    assert client.get(reverse("api:supplier-list")).json() == anonymous


def test_only_published_letters_of_municipalities_in_the_network_show_figures(client, world):
    url = reverse("api:letter-figures-list")
    assert [letter["id"] for letter in get(client, url).json()["results"]] == [world.letter.pk]
    world.groningen.in_network = False
    world.groningen.save()
    assert get(client, url).json()["count"] == 0
    assert get(client, reverse("api:letter-figures-detail", args=[world.letter.pk])).status_code == 404


def test_the_root_names_every_collection(client, world):
    data = get(client, reverse("api:root")).json()
    for name, url in data.items():
        assert client.get(url).status_code == 200, name


def test_the_documentation_is_a_page_of_the_portal_in_dutch_and_english(client, world):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Open data (API)" in html and "/api/v1/suppliers" in html and "helpKind" in html
    assert "Hoe u het gebruikt" in html
    assert "https://" not in html.split("<main", 1)[-1].split("</main>")[0] or "cdn" not in html
    client.cookies["django_language"] = "en"
    assert "How to use it" in client.get(reverse("api:docs")).content.decode()


def test_the_openapi_document_is_valid_and_follows_the_design_rules(client, world):
    from openapi_spec_validator import validate

    response = get(client, reverse("api:openapi"))
    assert response.status_code == 200
    document = json.loads(response.content)
    validate(document)
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "1.0.0"
    assert {"name", "url", "email"} <= set(document["info"]["contact"])
    assert document["servers"] == [{"url": "/api/v1"}]
    for path, methods in document["paths"].items():
        assert path == "/" or not path.endswith("/"), path
        for operation in methods.values():
            for status, answer in operation["responses"].items():
                assert "API-Version" in answer["headers"], (path, status)
                if status.startswith(("4", "5")):
                    assert list(answer["content"]) == ["application/problem+json"], (path, status)
            for parameter in operation.get("parameters", []):
                name = parameter["name"]
                assert name[0].islower() and "_" not in name and "-" not in name, name


def test_field_names_are_lower_camel_case(client, world):
    def keys(value):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                if key != "figures":  # the letter's own figure names, as frozen
                    yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    for url_name in LISTS:
        for key in keys(client.get(reverse(url_name)).json()):
            assert key[0].islower() and "_" not in key, (url_name, key)


def test_a_municipality_of_another_region_is_left_out(client, world):
    elsewhere = MunicipalityFactory(name="Zwolle", slug="zwolle", region=Region.objects.create(name="O", slug="o"))
    zwolle = supplier_in(elsewhere, "Zwolse Zaak")
    services.suppliers_refresh_search([zwolle.pk])  # PostgreSQL's search vectors, which the region is read in
    assert names(get(client, reverse("api:supplier-list"), region="o")) == ["Zwolse Zaak"]


def test_a_supplier_without_a_kvk_number_has_null_as_the_document_allows(client, world):
    supplier = supplier_in(world.haarlem, "Zonder KvK")
    supplier.organisation.kvk_number = None
    supplier.organisation.save()
    data = get(client, reverse("api:supplier-detail", args=[supplier.pk])).json()
    assert data["kvkNumber"] is None
    document = get(client, reverse("api:openapi")).json()
    assert document["components"]["schemas"]["Supplier"]["properties"]["kvkNumber"]["nullable"] is True
