"""The public directory: text search (full-text search on PostgreSQL, icontains on SQLite), filters, sorting,
pagination with a constant number of queries, the public profile and the CSV export."""

import csv
import importlib
import io
import re
import threading

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import Organisation
from conftest import require_postgresql
from procurement import selectors, services
from procurement.models import Category, SearchWord, Supplier
from procurement.search import WRITTEN_OUT_AT_MOST, TsQuery, _fewest_prefixes, _written_out
from tests.factories import MunicipalityFactory, ThemeFactory

from .factories import OfferingFactory, SupplierFactory

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("procurement:directory")


def supplier(name, *, offerings=(), themes=(), refresh=True, **fields):
    """A verified supplier with offerings [(title, category)], its search vector built as the services do."""
    made = SupplierFactory(organisation__name=name, **fields)
    for title, category in offerings:
        OfferingFactory(supplier=made, title=title, category=category, description="")
    made.themes.set(ThemeFactory(code=code) for code in themes)
    if refresh:
        services.suppliers_refresh_search([made.pk])
    return made


def names(response) -> list[str]:
    return [item.name for item in response.context["suppliers"]]


@pytest.fixture
def market(groningen, haarlem):
    supplier(
        "Kringloopbedrijf De Vondst",
        organisation__municipality=groningen,
        description="Tweedehands meubels en werkleerplekken.",
        offerings=[("Ontruimingen", Category.LOGISTICS)],
        themes=["circular", "work"],
        postcode="9713 AB",
        latitude=53.225,
        longitude=6.575,
        code_sociale_ondernemingen=True,
    )
    supplier(
        "Koffiebranderij Het Goede Bonen",
        organisation__municipality=groningen,
        description="Koffie voor kantoren.",
        offerings=[("Barista-workshop", Category.TRAINING), ("Koffiebonen", Category.CATERING)],
        themes=["food"],
        postcode="9711 CD",
        latitude=53.218,
        longitude=6.566,
        pso_level=Supplier.PsoLevel.STEP_2,
    )
    supplier(
        "De Buurtkok Haarlem",
        organisation__municipality=haarlem,
        description="Lunches uit de buurtkeuken.",
        offerings=[("Bouwplaatslunch", Category.CATERING)],
        themes=["food", "culture"],
        postcode="2035 AB",
        city="Haarlem",
        latitude=52.366,
        longitude=4.665,
        staff_distance_share=45,
    )
    supplier(
        "Nog Niet Geverifieerd",
        organisation__municipality=groningen,
        status=Supplier.Status.PENDING,
        description="Koffie en lunches.",
        offerings=[("Koffie", Category.CATERING)],
    )
    supplier(
        "Afgewezen Koffie",
        organisation__municipality=groningen,
        status=Supplier.Status.REJECTED,
        description="Koffie.",
        offerings=[("Koffie", Category.CATERING)],
    )


def test_the_directory_lists_only_verified_suppliers_by_name(client, market):
    response = client.get(DIRECTORY)

    assert response.status_code == 200
    assert names(response) == ["De Buurtkok Haarlem", "Koffiebranderij Het Goede Bonen", "Kringloopbedrijf De Vondst"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("vondst", ["Kringloopbedrijf De Vondst"]),  # the name
        ("meubels", ["Kringloopbedrijf De Vondst"]),  # the description
        ("barista", ["Koffiebranderij Het Goede Bonen"]),  # a product
        ("ontruimingen", ["Kringloopbedrijf De Vondst"]),  # a service
        ("koffie", ["Koffiebranderij Het Goede Bonen"]),  # not the pending or rejected ones
        ("buurtkeuken lunches", ["De Buurtkok Haarlem"]),  # every word
        ("kringl", ["Kringloopbedrijf De Vondst"]),  # a word being typed
        ("fietsen", []),
    ],
)
def test_it_finds_suppliers_by_text_on_this_database(client, market, query, expected):
    response = client.get(DIRECTORY, {"q": query})

    assert sorted(names(response)) == sorted(expected), connection.vendor


def test_full_text_search_ranks_a_name_above_a_mention_and_stems_dutch(client, groningen):
    require_postgresql("ranking and stemming are PostgreSQL's")
    supplier("Lunchroom Het Stadshart", organisation__municipality=groningen, description="Broodjes.")
    supplier("Bakkerij Brood", organisation__municipality=groningen, description="Ook een lunchroom.")

    assert names(client.get(DIRECTORY, {"q": "lunchroom"}))[0] == "Lunchroom Het Stadshart"
    # the diminutive finds "broodjes" and, by its stem, the word itself
    assert sorted(names(client.get(DIRECTORY, {"q": "broodje"}))) == ["Bakkerij Brood", "Lunchroom Het Stadshart"]


def test_a_word_finds_the_dutch_compound_it_starts(client, groningen):
    supplier("Kringloopbedrijf De Vondst", organisation__municipality=groningen, description="Tweedehands.")

    assert names(client.get(DIRECTORY, {"q": "kringloop"})) == ["Kringloopbedrijf De Vondst"]
    assert names(client.get(DIRECTORY, {"q": "kringloop tweedehands"})) == ["Kringloopbedrijf De Vondst"]


def test_the_start_of_a_word_finds_the_words_of_suppliers_added_since_it_was_last_searched(client, groningen):
    supplier("Kringloopbedrijf De Vondst", organisation__municipality=groningen, description="Tweedehands.")
    assert names(client.get(DIRECTORY, {"q": "kringl"})) == ["Kringloopbedrijf De Vondst"]

    supplier("Kringlooptextiel Noord", organisation__municipality=groningen, description="Kleding.")

    assert sorted(names(client.get(DIRECTORY, {"q": "kringl", "fresh": 1}))) == [
        "Kringloopbedrijf De Vondst",
        "Kringlooptextiel Noord",
    ]
    assert names(client.get(DIRECTORY, {"q": "kringlooptex"})) == ["Kringlooptextiel Noord"]
    assert names(client.get(DIRECTORY, {"q": "kringloopz"})) == []  # a start that no word has


def test_the_words_kept_for_the_starts_of_words_are_those_of_the_suppliers_texts_now(
    client, groningen, django_capture_on_commit_callbacks
):
    require_postgresql("the search vector is PostgreSQL's")
    from procurement.models import SearchWord

    first = supplier("Kringloop Een", organisation__municipality=groningen, description="Zeldzaamheden en boeken.")
    supplier("Kringloop Twee", organisation__municipality=groningen, description="Boeken.")
    assert SearchWord.objects.filter(word__startswith="zeldza").exists()
    Supplier.objects.filter(pk=first.pk).update(description="Meubels.")
    with django_capture_on_commit_callbacks(execute=True):  # the words it no longer holds go once it is committed
        services.suppliers_refresh_search([first.pk])

    words = set(SearchWord.objects.values_list("word", flat=True))
    assert "meubel" in words and "boek" in words  # the new word, and one the other supplier still has
    assert not any(word.startswith("zeldza") for word in words)  # no text holds it any more
    assert names(client.get(DIRECTORY, {"q": "zeldza"})) == []
    assert names(client.get(DIRECTORY, {"q": "meub"})) == ["Kringloop Een"]


def test_the_words_of_a_deleted_supplier_go_with_the_daily_job(client, groningen, settings):
    require_postgresql("the search vector is PostgreSQL's")
    from procurement.models import SearchWord
    from procurement.tasks import forget_unheld_search_words

    gone = supplier("Kringloop Weg", organisation__municipality=groningen, description="Zeldzaamheden.")
    supplier("Kringloop Blijft", organisation__municipality=groningen, description="Boeken.")
    gone.delete()

    assert forget_unheld_search_words() >= 1
    words = set(SearchWord.objects.values_list("word", flat=True))
    assert not any(word.startswith("zeldza") for word in words) and "boek" in words
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "procurement.forget_unheld_search_words" in schedule


@pytest.mark.django_db(transaction=True)
def test_a_word_one_supplier_drops_while_another_gains_it_at_the_same_moment_still_finds_the_other(client):
    """The word goes from SearchWord only once the other supplier's change is committed, and then stays: its
    vector holds it (taken away before the other change was visible, the start of the word would find nobody)."""
    require_postgresql("racing transactions need PostgreSQL")
    dropping = supplier("Kringloop Een", description="Zeldzaamheden.")
    gaining = supplier("Kringloop Twee", description="Boeken.")
    gaining_started, go_on = threading.Event(), threading.Event()

    def gain() -> None:
        try:
            with transaction.atomic():
                Supplier.objects.filter(pk=gaining.pk).update(description="Boeken en zeldzaamheden.")
                services.suppliers_refresh_search([gaining.pk])
                gaining_started.set()
                go_on.wait(10)
        finally:
            connection.close()

    other = threading.Thread(target=gain)
    other.start()
    assert gaining_started.wait(10)
    threading.Timer(0.5, go_on.set).start()  # the other change commits while this one waits for it
    Supplier.objects.filter(pk=dropping.pk).update(description="Meubels.")
    services.suppliers_refresh_search([dropping.pk])  # no transaction: its words are forgotten at once
    other.join(10)

    assert names(client.get(DIRECTORY, {"q": "zeldza"})) == ["Kringloop Twee"]


def test_a_start_of_a_word_that_many_words_begin_with_still_finds_them_all(client, groningen):
    for number in range(WRITTEN_OUT_AT_MOST + 2):
        supplier(f"Bedrijf Zeef{number}a", organisation__municipality=groningen, description="")

    response = client.get(DIRECTORY, {"q": "zeef"})

    assert response.context["page_obj"].paginator.count == WRITTEN_OUT_AT_MOST + 2


def test_a_search_sorted_by_name_pages_through_the_verified_matches_alphabetically(client, groningen):
    for number in reversed(range(25)):
        supplier(f"Verhuisbedrijf {number:02d}", organisation__municipality=groningen, description="Verhuizingen.")
    supplier("Aa Bakkerij", organisation__municipality=groningen, description="Brood.")
    supplier("Aa Verhuizers", organisation__municipality=groningen, status=Supplier.Status.PENDING)

    first = names(client.get(DIRECTORY, {"q": "verhuizingen", "sort": "name"}))
    second = names(client.get(DIRECTORY, {"q": "verhuizingen", "sort": "name", "page": 2}))

    assert first + second == [f"Verhuisbedrijf {number:02d}" for number in range(25)]
    assert len(first) == 20


def test_the_text_search_survives_tsquery_syntax_and_long_input(client, market):
    for hostile in ["':* & | ! <-> (", "koffie:*|!vondst", "x" * 500, "'; DROP TABLE x; --"]:
        response = client.get(DIRECTORY, {"q": hostile})
        assert response.status_code == 200
    assert client.get(DIRECTORY, {"q": "\x00"}).status_code == 400  # PostgreSQL refuses NUL (core.middleware)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "circular"}, ["Kringloopbedrijf De Vondst"]),
        ({"theme": "food"}, ["De Buurtkok Haarlem", "Koffiebranderij Het Goede Bonen"]),
        ({"category": "catering"}, ["De Buurtkok Haarlem", "Koffiebranderij Het Goede Bonen"]),
        ({"municipality": "haarlem"}, ["De Buurtkok Haarlem"]),
        ({"criteria": ["code_sociale_ondernemingen"]}, ["Kringloopbedrijf De Vondst"]),
        ({"criteria": ["pso"]}, ["Koffiebranderij Het Goede Bonen"]),
        ({"criteria": ["staff"]}, ["De Buurtkok Haarlem"]),
        ({"criteria": ["impact_first", "pso"]}, ["Koffiebranderij Het Goede Bonen"]),
        ({"postcode": "9712 AB", "distance": "10"}, ["Koffiebranderij Het Goede Bonen", "Kringloopbedrijf De Vondst"]),
        ({"postcode": "2011", "distance": "25"}, ["De Buurtkok Haarlem"]),
        ({"category": "catering", "municipality": "groningen"}, ["Koffiebranderij Het Goede Bonen"]),
    ],
)
def test_it_filters_by_theme_category_municipality_criteria_and_distance(client, market, params, expected):
    response = client.get(DIRECTORY, params)

    assert sorted(names(response)) == sorted(expected)


def test_the_theme_and_category_filters_follow_a_suppliers_new_themes_and_offerings(client, market):
    vondst = Supplier.objects.get(organisation__name="Kringloopbedrijf De Vondst")
    vondst.themes.set([ThemeFactory(code="food")])
    OfferingFactory(supplier=vondst, title="Soep", category=Category.CATERING, description="")
    services.suppliers_refresh_search([vondst.pk])  # as every service that changes them does

    assert names(client.get(DIRECTORY, {"theme": "circular"})) == []
    assert "Kringloopbedrijf De Vondst" in names(client.get(DIRECTORY, {"theme": "food"}))
    assert "Kringloopbedrijf De Vondst" in names(client.get(DIRECTORY, {"category": "catering", "q": "soep"}))
    assert names(client.get(DIRECTORY, {"category": "logistics"})) == ["Kringloopbedrijf De Vondst"]


@pytest.mark.parametrize(
    "query",
    ["theme", "category", "@theme:circular", "theme:food", "categor", "municipality", "@municipality:1", "municip"],
)
def test_no_search_finds_the_themes_and_categories_kept_for_the_filters(client, market, query):
    assert names(client.get(DIRECTORY, {"q": query})) == []


def test_suppliers_searched_before_their_themes_were_kept_for_the_filters_are_found_by_them(client, market):
    require_postgresql("the search vector is PostgreSQL's")
    migration = importlib.import_module("procurement.migrations.0012_search_vector_facets")
    with connection.cursor() as cursor:
        cursor.execute(migration.REMOVE)  # the vectors as they were before migration 0012
        cursor.execute("UPDATE procurement_supplier SET search_vector = NULL WHERE sort_name = 'De Buurtkok Haarlem'")
    assert names(client.get(DIRECTORY, {"theme": "food", "fresh": 1})) == []

    with connection.cursor() as cursor:
        cursor.execute(migration.ADD)

    assert names(client.get(DIRECTORY, {"theme": "food", "fresh": 2})) == [
        "De Buurtkok Haarlem",  # a supplier never searched before: found by the filter, as before the migration
        "Koffiebranderij Het Goede Bonen",
    ]
    assert names(client.get(DIRECTORY, {"category": "logistics", "q": "vondst"})) == ["Kringloopbedrijf De Vondst"]


def moved(organisation_id: int, municipality) -> None:
    """The organisation saved with another municipality, as its admin page saves it."""
    organisation = Organisation.objects.get(pk=organisation_id)
    organisation.municipality = municipality
    organisation.save()


def test_the_municipality_filter_follows_an_organisation_that_moves(client, market, groningen, haarlem):
    vondst = Supplier.objects.get(organisation__name="Kringloopbedrijf De Vondst")
    moving = {"q": "ontruimingen", "category": "logistics"}
    assert names(client.get(DIRECTORY, {**moving, "municipality": "groningen"})) == ["Kringloopbedrijf De Vondst"]
    assert names(client.get(DIRECTORY, {**moving, "municipality": "haarlem"})) == []

    with transaction.atomic():
        moved(vondst.organisation_id, haarlem)

    assert names(client.get(DIRECTORY, {**moving, "municipality": "haarlem"})) == ["Kringloopbedrijf De Vondst"]
    assert names(client.get(DIRECTORY, {**moving, "municipality": "groningen"})) == []
    assert names(client.get(DIRECTORY, {"municipality": "groningen"})) == ["Koffiebranderij Het Goede Bonen"]
    assert names(client.get(DIRECTORY, {"municipality": "haarlem", "theme": "circular"})) == [
        "Kringloopbedrijf De Vondst"
    ]
    assert sorted(names(client.get(DIRECTORY, {"municipality": "haarlem"}))) == [
        "De Buurtkok Haarlem",
        "Kringloopbedrijf De Vondst",
    ]


def test_an_organisation_moved_on_its_admin_page_is_found_under_its_new_municipality(client, market, haarlem):
    from tests.factories import UserFactory

    organisation = Organisation.objects.get(name="Kringloopbedrijf De Vondst")
    client.force_login(UserFactory(role="administrator", is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:accounts_organisation_change", args=[organisation.pk]),
        {
            "name": organisation.name,
            "kind": organisation.kind,
            "kvk_number": organisation.kvk_number or "",
            "municipality": haarlem.pk,
            "kvk_status": organisation.kvk_status,
            "buyer_status": organisation.buyer_status,
        },
    )

    assert response.status_code == 302, response.content.decode()
    client.logout()
    assert names(client.get(DIRECTORY, {"municipality": "haarlem", "q": "ontruimingen"})) == [
        "Kringloopbedrijf De Vondst"
    ]
    assert names(client.get(DIRECTORY, {"municipality": "groningen", "q": "ontruimingen"})) == []


def test_an_organisation_saved_without_moving_leaves_its_suppliers_vectors_alone(market, groningen):
    from django.test.utils import CaptureQueriesContext

    organisation = Organisation.objects.get(name="Kringloopbedrijf De Vondst")
    organisation.description = "Nog steeds in Groningen."
    with CaptureQueriesContext(connection) as queries:
        organisation.save()
        organisation.save(update_fields=["description"])
    assert not [query for query in queries.captured_queries if "procurement_supplier" in query["sql"]]

    elsewhere = MunicipalityFactory(slug="elders")
    organisation.municipality = elsewhere
    organisation.save(update_fields=["description"])  # the municipality not saved: the row keeps Groningen
    organisation.refresh_from_db()
    assert organisation.municipality == groningen
    organisation.municipality = elsewhere
    organisation.save(update_fields=["municipality"])
    assert [supplier.name for supplier in selectors.directory_filterset({"municipality": "elders"}).qs] == [
        "Kringloopbedrijf De Vondst"
    ]


def test_no_search_word_is_written_out_as_the_municipality_kept_for_the_filter(client, market, haarlem):
    require_postgresql("the search vector and its words are PostgreSQL's")
    facet = f"@municipality:{haarlem.pk}"
    assert Supplier.objects.filter(search_vector=TsQuery(f"'{facet}'")).count() == 1
    # SearchWord holds every lexeme of the vectors, the facets too, as it does the themes' and categories';
    # no search word begins with "@", so none is ever written out as one of them.
    assert SearchWord.objects.filter(word=facet).exists()
    assert "@" not in _written_out("'municipality':* & 'haarlem':*")
    assert names(client.get(DIRECTORY, {"q": facet})) == []
    assert names(client.get(DIRECTORY, {"q": f"municipality {haarlem.pk}"})) == []


def test_suppliers_searched_before_their_municipality_was_kept_for_the_filter_are_found_by_it(client, market):
    require_postgresql("the search vector is PostgreSQL's")
    migration = importlib.import_module("procurement.migrations.0015_search_vector_municipality")
    with connection.cursor() as cursor:
        cursor.execute(migration.REMOVE_FROM_VECTORS)  # the vectors as they were before migration 0015
        cursor.execute("UPDATE procurement_supplier SET search_vector = NULL WHERE sort_name = 'De Buurtkok Haarlem'")
    assert names(client.get(DIRECTORY, {"municipality": "haarlem", "fresh": 1})) == []

    with connection.cursor() as cursor:
        cursor.execute(migration.ADD)
        cursor.execute(migration.ADD_WORDS)

    assert names(client.get(DIRECTORY, {"municipality": "haarlem", "fresh": 2})) == ["De Buurtkok Haarlem"]
    assert names(client.get(DIRECTORY, {"municipality": "groningen", "q": "koffie", "fresh": 2})) == [
        "Koffiebranderij Het Goede Bonen"
    ]


def test_it_sorts_by_distance_from_a_postcode_and_shows_it(client, market):
    response = client.get(DIRECTORY, {"postcode": "2011 VA", "sort": "distance"})

    assert names(response)[0] == "De Buurtkok Haarlem"
    assert names(response)[-1] in {"Kringloopbedrijf De Vondst", "Koffiebranderij Het Goede Bonen"}
    assert "km" in response.content.decode()


def test_it_sorts_newly_verified_first(client, groningen):
    old = supplier("Oud", organisation__municipality=groningen)
    Supplier.objects.filter(pk=old.pk).update(verified_at=timezone.now() - timezone.timedelta(days=300))
    supplier("Nieuw", organisation__municipality=groningen)

    assert names(client.get(DIRECTORY, {"sort": "newest"})) == ["Nieuw", "Oud"]


@pytest.mark.parametrize(
    "params",
    [
        {"postcode": "ABCD"},
        {"postcode": "0000 AA"},
        {"sort": "distance"},
        {"distance": "10"},
        {"theme": "nope"},
        {"category": "<script>"},
        {"municipality": "atlantis"},
        {"criteria": ["is_superuser"]},
        {"page": "9999"},
        {"page": "abc"},
        {"sort": "organisation__user__password"},
    ],
)
def test_bad_filters_give_a_message_not_an_error(client, market, params):
    response = client.get(DIRECTORY, params)

    assert response.status_code == 200


def test_an_unknown_postcode_is_explained_on_the_form(client, market):
    response = client.get(DIRECTORY, {"postcode": "ABCD"})

    assert response.context["filter"].form.errors["postcode"]


def test_the_filters_live_in_the_url_so_a_search_can_be_shared(client, market):
    response = client.get(DIRECTORY, {"q": "koffie", "theme": "food", "page": "1"})

    html = response.content.decode()
    assert 'value="koffie"' in html
    assert f"{reverse('procurement:directory_export')}?q=koffie&amp;theme=food" in html


def test_it_paginates_with_the_filters_kept(client, groningen):
    for number in range(25):
        supplier(f"Leverancier {number:02d}", organisation__municipality=groningen, refresh=False)

    first = client.get(DIRECTORY, {"theme": "", "page": "1"})
    second = client.get(DIRECTORY, {"theme": "", "page": "2"})

    assert len(names(first)) == 20 and len(names(second)) == 5
    assert "theme=&amp;page=2" in first.content.decode()


def test_a_search_with_more_suppliers_than_it_counts_says_more_than_and_pages_through_the_first(
    client, groningen, monkeypatch
):
    from procurement import selectors

    monkeypatch.setattr(selectors, "DIRECTORY_COUNT_LIMIT", 20)
    for number in range(25):
        supplier(f"Leverancier {number:02d}", organisation__municipality=groningen, refresh=False)
    for name in ("Bakkerij Korrel", "Bakkerij Meel", "Bakkerij Rogge"):
        supplier(name, organisation__municipality=groningen)

    many = client.get(DIRECTORY, {"page": "2"})
    exact = client.get(DIRECTORY, {"q": "bakkerij"})

    assert "Meer dan 20 leveranciers gevonden" in many.content.decode()
    assert "De pagina's tonen de eerste 20." in many.content.decode()
    assert names(many) == ["Bakkerij Korrel", "Bakkerij Meel", "Bakkerij Rogge"] + [
        f"Leverancier {number:02d}" for number in range(17)
    ]  # one page of 20, the first by name: page 2 is past the last page
    assert "3 leveranciers gevonden" in exact.content.decode() and "Meer dan" not in exact.content.decode()


def test_a_best_match_of_more_than_it_counts_lists_the_named_first_however_long_ago_verified(groningen, monkeypatch):
    require_postgresql("the best match is PostgreSQL's")
    from procurement import selectors

    monkeypatch.setattr(selectors, "DIRECTORY_COUNT_LIMIT", 5)
    now = timezone.now()
    for number in range(12):
        supplier(
            f"Leverancier {number:02d}",
            description="Brood van de bakkerij.",
            verified_at=now - timezone.timedelta(days=number),
        )
    supplier("Bakkerij Korrel", verified_at=now - timezone.timedelta(days=400))
    supplier("Bakkerij Meel", verified_at=now - timezone.timedelta(days=500))

    def page(number):
        queryset = selectors.directory_filterset({"q": "bakkerij"}).qs
        shown = selectors.directory_page(queryset, number, size=2)
        assert shown.paginator.more
        return [card.name for card in shown.object_list]

    # the newest eight matches (four pages of two) name no bakery: the named ones come from the index of names
    assert page(1) == ["Bakkerij Korrel", "Bakkerij Meel"]
    assert page(2) == ["Leverancier 00", "Leverancier 01"]
    assert page(3) == ["Leverancier 02", "Leverancier 03"]


def test_a_best_match_whose_newest_matches_name_a_few_lists_the_named_first_as_the_index_of_names_does(
    groningen, monkeypatch
):
    require_postgresql("the best match is PostgreSQL's")
    from procurement import selectors

    monkeypatch.setattr(selectors, "DIRECTORY_COUNT_LIMIT", 5)
    now = timezone.now()
    for number in range(40):  # every fifth is named: two among the newest eight, three among sixteen, five of 24
        name = f"Bakkerij {number:02d}" if number % 5 == 2 else f"Leverancier {number:02d}"
        supplier(name, description="Brood van de bakkerij.", verified_at=now - timezone.timedelta(days=number))

    def pages():
        queryset = selectors.directory_filterset({"q": "bakkerij"}).qs
        return [[card.name for card in selectors.directory_page(queryset, n, size=2).object_list] for n in (1, 2, 3)]

    read_on = pages()  # pages 2 and 3 read on among the newest matches
    monkeypatch.setattr(selectors, "READ_ON_AT_MOST", 0)  # the named ones from the index of names instead

    assert read_on == pages()
    assert read_on == [["Bakkerij 02", "Bakkerij 07"], ["Bakkerij 12", "Bakkerij 17"], ["Bakkerij 22", "Bakkerij 27"]]


def test_a_search_word_goes_to_the_index_without_the_prefixes_another_covers(client, groningen):
    require_postgresql("the tsquery is PostgreSQL's")

    supplier("Kledingatelier De Draad", offerings=[("Bedrijfskleding", Category.TEXTILES)])

    # the stem covers the word as typed, and the stem covers the Dutch name of the category Textiel en kleding
    assert _fewest_prefixes("bedrijfskleding") == "'bedrijfskled':* | 'bedrijfskleed':*"
    assert _fewest_prefixes("energie") == "'energ':*"
    assert _fewest_prefixes("de") == "'de':*"  # a stop word alone is still the start of a word
    assert names(client.get(DIRECTORY, {"q": "bedrijfskleding"})) == ["Kledingatelier De Draad"]


@pytest.mark.parametrize("params", [{}, {"q": "lunch", "category": "catering", "postcode": "9712", "distance": "50"}])
def test_the_directory_page_takes_the_same_number_of_queries_for_few_or_many_suppliers(
    client, groningen, django_assert_max_num_queries, params
):
    def add(count, start):
        for number in range(start, start + count):
            made = supplier(
                f"Lunch {number}",
                organisation__municipality=groningen,
                offerings=[("Lunch", Category.CATERING), ("Soep", Category.CATERING)],
                themes=["food", "work"],
            )
            made.delivery_municipalities.add(groningen)

    add(3, 0)
    _fewest_prefixes.cache_clear()  # PostgreSQL turns a word into its lexemes once per process: both times here
    with django_assert_max_num_queries(9) as few:  # on PostgreSQL a search also reads the words its starts begin
        client.get(DIRECTORY, params)
    add(30, 3)
    _fewest_prefixes.cache_clear()
    with django_assert_max_num_queries(9) as many:
        client.get(DIRECTORY, params)

    assert len(many.captured_queries) == len(few.captured_queries)


def test_the_public_never_sees_contact_details_that_the_supplier_keeps_private(client, buyer, groningen):
    private = supplier("Stil Bedrijf", organisation__municipality=groningen, contact_public=False)
    public = supplier("Open Bedrijf", organisation__municipality=groningen, contact_public=True)

    hidden = client.get(reverse("procurement:supplier_profile", kwargs={"pk": private.pk})).content.decode()
    shown = client.get(reverse("procurement:supplier_profile", kwargs={"pk": public.pk})).content.decode()
    client.force_login(buyer)
    for_buyer = client.get(reverse("procurement:supplier_profile", kwargs={"pk": private.pk})).content.decode()

    assert private.contact_email not in hidden and private.contact_phone not in hidden
    assert public.contact_email in shown
    assert private.contact_email in for_buyer


def test_the_profile_shows_criteria_products_and_region(client, groningen):
    made = supplier(
        "Naaiatelier Draad",
        organisation__municipality=groningen,
        offerings=[("Bedrijfskleding", Category.TEXTILES)],
        delivers_nationwide=True,
        social_enterprise_nl=True,
        staff_distance_share=60,
    )

    html = client.get(made.get_absolute_url()).content.decode()

    assert "Bedrijfskleding" in html and "heel Nederland" in html and "60%" in html
    assert "Lid van Social Enterprise NL: <strong>ja</strong>" in html


def test_the_export_follows_the_filters_and_leaves_private_contact_details_out(client, market, groningen):
    supplier(
        '=HYPERLINK("http://evil.example")',
        organisation__municipality=groningen,
        contact_public=True,
        contact_phone="+31 50 123 4567",
    )

    response = client.get(reverse("procurement:directory_export"), {"municipality": "groningen"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))

    assert response["Content-Type"].startswith("text/csv")
    assert sorted(row["naam"] for row in rows) == [
        '\'=HYPERLINK("http://evil.example")',
        "Koffiebranderij Het Goede Bonen",
        "Kringloopbedrijf De Vondst",
    ]
    evil = next(row for row in rows if row["naam"].startswith("'"))
    assert evil["telefoon"] == "'+31 50 123 4567"
    assert all(row["email"] == "" for row in rows if not row["naam"].startswith("'"))


def test_the_export_of_many_suppliers_takes_few_queries(client, groningen, django_assert_max_num_queries):
    for number in range(40):
        supplier(
            f"Export {number}", organisation__municipality=groningen, offerings=[("X", Category.IT)], refresh=False
        )

    with django_assert_max_num_queries(8):
        response = client.get(reverse("procurement:directory_export"))
        lines = response.content.decode("utf-8-sig").splitlines()

    assert len(lines) == 41


def test_the_stored_search_vector_is_used_through_its_gin_index(groningen):
    require_postgresql("the GIN index is PostgreSQL's")
    import importlib

    gin = importlib.import_module("procurement.migrations.0002_supplier_search_vector_gin")
    with connection.schema_editor() as editor:
        gin.create_index(None, editor)
    supplier("Lunchroom", organisation__municipality=groningen)
    from procurement.search import text_search

    queryset = text_search(Supplier.objects.all(), "lunchroom")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()

    assert gin.INDEX in plan


def test_a_municipality_of_the_g32_without_suppliers_filters_to_nothing(client, market):
    MunicipalityFactory(name="Alkmaar", slug="alkmaar")

    assert names(client.get(DIRECTORY, {"municipality": "alkmaar"})) == []


@pytest.mark.parametrize("value", [None, "", "circular", "nothing-of-these", ["care", "care"]])
def test_the_filter_selects_write_the_same_html_as_django_in_their_own_way(value):
    """The directory's selects are written in Python for speed; a visitor gets the very same HTML (selected option,
    escaped labels, the attributes Django puts on the field) as from Django's select template."""
    from django import forms

    from procurement.filters import FastSelect

    choices = [("", "Alle thema's"), ("care", "Zorg & <welzijn>"), ("circular", "Circulaire economie"), (None, "-")]
    attrs = {"id": "id_theme", "aria-invalid": "true", "required": True, "disabled": False}
    fast = FastSelect(choices=choices).render("theme", value, attrs)
    django = forms.Select(choices=choices).render("theme", value, attrs)

    assert fast == django
    assert "&lt;welzijn&gt;" in fast


def test_a_dutch_stop_word_in_a_search_is_left_out_rather_than_matched_as_the_start_of_a_word(client, groningen):
    """ "Koffie en thee" finds a supplier of coffee and tea although no word of it starts with "en" (the stop word
    is in no search vector; as a prefix it matched nearly every supplier, "energie" and all, and nothing else)."""
    supplier(
        "Theehuis Koffie", organisation__municipality=groningen, description="Thee, koffie.", impact="Werk.", city=""
    )
    supplier("Koffiebar Zuid", organisation__municipality=groningen, description="Delicatessen.", impact="", city="")

    assert names(client.get(DIRECTORY, {"q": "koffie en thee"})) == ["Theehuis Koffie"]
    assert sorted(names(client.get(DIRECTORY, {"q": "de koffie"}))) == ["Koffiebar Zuid", "Theehuis Koffie"]
    assert names(client.get(DIRECTORY, {"q": "de"})) == ["Koffiebar Zuid"]  # only stop words: searched as typed


def test_the_filters_written_once_follow_the_language_and_the_choice(client, market, settings):
    """The filters with fixed choices are written once per language and value and kept: each visitor still gets
    their own choice selected, in their own language, and an invalid choice still shows its error."""
    dutch = client.get(DIRECTORY, {"theme": "circular"}).content.decode()
    other = client.get(DIRECTORY, {"theme": "care"}).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(DIRECTORY, {"theme": "circular"}).content.decode()

    assert '<option value="circular" selected>Circulaire economie</option>' in dutch
    assert '<option value="circular">Circulaire economie</option>' in other
    assert '<option value="circular" selected>Circular economy</option>' in english
    assert 'aria-invalid="true"' in client.get(DIRECTORY, {"theme": "bogus"}).content.decode()


def test_the_municipality_options_are_read_in_one_query(client, market):
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        response = client.get(DIRECTORY, {"q": "koffie"})

    assert 'value="groningen"' in response.content.decode()
    assert sum('FROM "accounts_municipality"' in query["sql"] for query in queries) == 1


# ---------------------------------------------------------------- Dutch word forms, names of categories and themes,
# and a postcode typed in the search box: the same results on SQLite and PostgreSQL


@pytest.fixture
def cleaners(groningen, haarlem):
    supplier(
        "Het Poetsteam",
        organisation__municipality=groningen,
        description="Wij maken kantoren schoon.",
        offerings=[("Glasbewassing", Category.CLEANING)],
        postcode="9712 AB",
        latitude=53.219,
        longitude=6.567,
    )
    supplier(
        "Schoonmaakbedrijf Blinkend",
        organisation__municipality=groningen,
        description="Schoonmaak van scholen.",
        offerings=[("Kantoorschoonmaak", Category.FACILITY)],
        postcode="9713 AB",
        latitude=53.225,
        longitude=6.575,
    )
    supplier(
        "Groen Haarlem",
        organisation__municipality=haarlem,
        description="Wij schoonmaken tuinen en parken.",
        offerings=[("Tuinonderhoud", Category.GREEN)],
        themes=["energy"],
        postcode="2035 AB",
        latitude=52.366,
        longitude=4.665,
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # a verb finds the noun and the compound it starts, and the noun finds the verb
        ("schoonmaken", ["Het Poetsteam", "Schoonmaakbedrijf Blinkend", "Groen Haarlem"]),
        ("schoonmaak", ["Het Poetsteam", "Schoonmaakbedrijf Blinkend", "Groen Haarlem"]),
        # the category Schoonmaak (Cleaning) by its English name, which also searches the Dutch one
        ("cleaning", ["Het Poetsteam", "Schoonmaakbedrijf Blinkend", "Groen Haarlem"]),
        ("glasbewassing cleaning", ["Het Poetsteam"]),
        ("glasbewassing schoonmaak", ["Het Poetsteam"]),
        # the theme by its name in either language
        ("duurzaamheid", ["Groen Haarlem"]),
        ("sustainability", ["Groen Haarlem"]),
        ("tuinen", ["Groen Haarlem"]),
    ],
)
def test_it_finds_dutch_word_forms_and_categories_and_themes_by_name(client, cleaners, query, expected):
    assert sorted(names(client.get(DIRECTORY, {"q": query}))) == sorted(expected), connection.vendor


@pytest.mark.parametrize("query", ["9712 AB", "9712ab", "9712"])
def test_a_postcode_in_the_search_box_searches_by_distance_like_the_postcode_filter(client, cleaners, query):
    response = client.get(DIRECTORY, {"q": query, "distance": "10"})

    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    assert sorted(names(response)) == ["Het Poetsteam", "Schoonmaakbedrijf Blinkend"]
    assert re.search(r"\d+ km verderop", response.content.decode())  # the distance shown, as with the postcode filter


def test_a_postcode_and_words_in_the_search_box_search_both(client, cleaners):
    response = client.get(DIRECTORY, {"q": "schoonmaken 2035 AB", "sort": "distance"})

    assert names(response) == ["Groen Haarlem", "Het Poetsteam", "Schoonmaakbedrijf Blinkend"]
    assert names(client.get(DIRECTORY, {"q": "schoonmaken 2035 AB", "distance": "10"})) == ["Groen Haarlem"]


def test_a_number_that_is_no_postcode_is_searched_as_text(client, cleaners):
    assert names(client.get(DIRECTORY, {"q": "0123"})) == []
    assert not client.get(DIRECTORY, {"q": "0123", "sort": "distance"}).context["filter"].form.is_valid()
