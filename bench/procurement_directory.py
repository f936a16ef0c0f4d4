"""Benchmark: the public directory of impact suppliers at 10,000 suppliers and 30,000 products and services.

    .venv/bin/python bench/procurement_directory.py                  # the configured database (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/impactportaal_bench .venv/bin/python bench/procurement_directory.py

It migrates the configured database (creating a PostgreSQL database if it does not exist yet) and builds in bulk:
5 municipalities, 10,000 suppliers (90% verified) with 1-3 themes, random criteria and coordinates from their
postcodes (core.geo), 30,000 products and services, and the stored search vectors
(procurement.services.suppliers_refresh_search, as the services keep them). After ANALYZE it requests directory
pages through Django's full stack (URL routing, middleware, the FilterSet, the template), every search
BENCH_RUNS times round robin, and prints per search the number of results and of queries, the response-time
percentiles and the median time spent in the database. On PostgreSQL it also prints the plan of the text search,
which shows the GIN index on the stored vector at work. At the end it deletes what it built (BENCH_KEEP=1 keeps it).

    BENCH_SUPPLIERS=10000 BENCH_RUNS=30 (defaults)
"""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

SUPPLIERS = int(os.environ.get("BENCH_SUPPLIERS", "10000"))
OFFERINGS_PER_SUPPLIER = 3
RUNS = int(os.environ.get("BENCH_RUNS", "30"))
KEEP = os.environ.get("BENCH_KEEP") == "1"  # commit the data instead of rolling it back (to inspect it in psql)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactportal.settings")

PREFIXES = [
    "Kringloop",
    "Koffie",
    "Groen",
    "Schoon",
    "Lunch",
    "Fiets",
    "Naai",
    "Druk",
    "Bouw",
    "Zorg",
    "Brood",
    "Textiel",
    "Energie",
    "Tuin",
    "Buurt",
    "Werk",
    "Catering",
    "Meubel",
    "Glas",
    "Zeep",
]
SUFFIXES = ["bedrijf", "atelier", "werkplaats", "coöperatie", "collectief", "makerij", "huis", "service", "lab"]
PLACES = ["Noord", "Stad", "Ommeland", "Oost", "Zuid", "West", "Centrum", "Kanaal", "Haven", "Dorp"]
WORDS = [
    "werkleerplekken",
    "statushouders",
    "duurzaam",
    "circulair",
    "lokaal",
    "seizoensgebonden",
    "streekproducten",
    "jongeren",
    "leerwerktraject",
    "inclusief",
    "afval",
    "hergebruik",
    "begeleiding",
    "vakmanschap",
    "buurt",
    "ouderen",
    "dagbesteding",
    "re-integratie",
    "eerlijk",
    "biologisch",
    "reparatie",
    "vrijwilligers",
    "stad",
]
TITLES = {
    "catering": ["Vergaderlunch", "Buffet", "Koffie voor kantoren", "Borrelhapjes", "Broodjes"],
    "cleaning": ["Kantoorschoonmaak", "Glasbewassing", "Schoonmaak bouwketen"],
    "green": ["Groenonderhoud", "Snoeiwerk", "Aanleg schoolplein"],
    "facility": ["Kantoorartikelen", "Klussendienst", "Tweedehands meubilair"],
    "printing": ["Drukwerk", "Vormgeving", "Banners en roll-ups"],
    "it": ["Opgeknapte laptops", "Werkplekbeheer", "Toegankelijkheidstoets"],
    "logistics": ["Koeriersrit", "Verhuizing", "Ontruiming"],
    "construction": ["Schilderwerk", "Onderhoud", "Groen dak"],
    "textiles": ["Bedrijfskleding", "Linnenservice", "Werkjassen"],
    "gifts": ["Kerstpakket", "Relatiegeschenk", "Streekproductenpakket"],
    "recycling": ["Afvalinzameling", "Textielrecycling", "Zwerfafval opruimen"],
    "training": ["Training armoede", "Barista-workshop", "Coaching"],
    "events": ["Bijeenkomst organiseren", "Licht en geluid", "Buurtfeest"],
    "staffing": ["Detachering", "Jobcoaching", "Werkfit-traject"],
    "care": ["Dagbesteding", "Maaltijdservice", "Thuishulp"],
    "energy": ["Energiescan", "Zonnepanelen", "Verduurzamingsadvies"],
}
POSTCODE_AREAS = ["97", "97", "97", "97", "93", "94", "20", "20", "21", "10", "35", "18", "75", "30", "52", "65"]


def ensure_postgres_database() -> None:
    """Create the PostgreSQL database named in DATABASE_URL when it does not exist yet."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        return
    import psycopg

    with psycopg.connect(
        host=database.get("HOST") or "127.0.0.1",
        port=database.get("PORT") or 5432,
        user=database.get("USER") or "postgres",
        password=database.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database["NAME"]]).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{database["NAME"]}"')


def postcodes(rng: random.Random) -> list[str]:
    """Real 4-digit areas from core.geo's table, weighted towards Groningen and Haarlem."""
    from core import geo

    known = sorted(geo._table("pc4.csv"))
    by_area = {area: [code for code in known if code.startswith(area)] for area in set(POSTCODE_AREAS)}
    letters = "ABCDEGHJKLMNPRTVXZ"
    return [
        f"{rng.choice(by_area[rng.choice(POSTCODE_AREAS)])} {rng.choice(letters)}{rng.choice(letters)}"
        for _ in range(SUPPLIERS)
    ]


def build(rng: random.Random) -> dict:
    from django.utils import timezone

    from accounts.models import Municipality, Organisation, Theme
    from core import geo
    from procurement.models import Category, Offering, Supplier
    from procurement.services import suppliers_refresh_search

    started = time.perf_counter()
    themes = [Theme.objects.get_or_create(code=code)[0] for code in Theme.Code.values]
    tag = rng.randrange(10**9)
    municipalities = [
        Municipality.objects.create(
            name=f"Bench {name} {tag}", slug=f"procurement-bench-{name.lower()}-{tag}", place_name=name
        )
        for name in ["Groningen", "Haarlem", "Alkmaar", "Zwolle", "Enschede"]
    ]
    codes = postcodes(rng)
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(
                name=f"{rng.choice(PREFIXES)}{rng.choice(SUFFIXES)} {rng.choice(PLACES)} {index}",
                kind=Organisation.Kind.ENTERPRISE,
                municipality=rng.choice(municipalities),
                postcode=codes[index],
                city="Benchstad",
            )
            for index in range(SUPPLIERS)
        ),
        batch_size=2000,
    )
    now = timezone.now()
    suppliers = []
    for index, organisation in enumerate(organisations):
        point = geo.locate(organisation.postcode)
        verified = rng.random() < 0.9
        suppliers.append(
            Supplier(
                organisation=organisation,
                status=Supplier.Status.VERIFIED if verified else Supplier.Status.PENDING,
                verified_at=now - timedelta(days=rng.randrange(1500)) if verified else None,
                description=" ".join(rng.choices(WORDS, k=12)).capitalize() + ".",
                impact=" ".join(rng.choices(WORDS, k=10)).capitalize() + ".",
                impact_first=rng.random() < 0.9,
                independent_enterprise=rng.random() < 0.9,
                economically_independent=rng.random() < 0.8,
                social_governance=rng.random() < 0.7,
                code_sociale_ondernemingen=rng.random() < 0.2,
                social_enterprise_nl=rng.random() < 0.3,
                pso_level=rng.choice(["", "", "", "aspirant", "step1", "step2", "step3"]),
                staff_distance_share=rng.randrange(0, 90),
                postcode=organisation.postcode,
                city="Benchstad",
                latitude=point.latitude if point else None,
                longitude=point.longitude if point else None,
                contact_email=f"info{index}@bench.example.nl",
                delivers_nationwide=rng.random() < 0.1,
            )
        )
    suppliers = Supplier.objects.bulk_create(suppliers, batch_size=2000)
    Through = Supplier.themes.through
    Through.objects.bulk_create(
        (
            Through(supplier_id=supplier.pk, theme_id=theme.pk)
            for supplier in suppliers
            for theme in rng.sample(themes, rng.randint(1, 3))
        ),
        batch_size=5000,
    )
    categories = list(Category.values)
    Offering.objects.bulk_create(
        (
            Offering(
                supplier_id=supplier.pk,
                kind=rng.choice(["product", "service"]),
                title=rng.choice(TITLES[category]),
                category=category,
                description=" ".join(rng.choices(WORDS, k=8)),
                price=rng.randrange(5, 2500),
                unit="per stuk",
            )
            for supplier in suppliers
            for category in rng.choices(categories, k=OFFERINGS_PER_SUPPLIER)
        ),
        batch_size=5000,
    )
    built = time.perf_counter() - started
    started = time.perf_counter()
    suppliers_refresh_search([supplier.pk for supplier in suppliers])
    vectors = time.perf_counter() - started
    return {"municipality": municipalities[0].slug, "build_s": built, "vectors_s": vectors}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


SEARCHES: list[tuple[str, dict[str, str | list[str]]]] = [
    ("all verified, page 1", {}),
    ("all verified, page 200", {"page": "200"}),
    ("text: lunch", {"q": "lunch"}),
    ("text being typed: kringl", {"q": "kringl"}),
    ("text, two words: koffie kantoren", {"q": "koffie kantoren"}),
    ("theme: work", {"theme": "work"}),
    ("category: catering", {"category": "catering"}),
    ("municipality", {"municipality": "MUNICIPALITY"}),
    ("criteria: PSO + Code Sociale Ondernemingen", {"criteria": ["pso", "code_sociale_ondernemingen"]}),
    ("within 25 km of 9712 AB, by distance", {"postcode": "9712 AB", "distance": "25", "sort": "distance"}),
    (
        "all filters: schoonmaak, work, cleaning, municipality, 50 km",
        {
            "q": "schoonmaak",
            "theme": "work",
            "category": "cleaning",
            "municipality": "MUNICIPALITY",
            "postcode": "9712",
            "distance": "50",
        },
    ),
]


def time_searches(municipality: str, *, runs: int = RUNS, table: bool = True) -> float:
    """Every search RUNS times, round robin (so the noise of a shared machine falls on all of them alike):
    the whole response time, and the part of it spent in the database."""
    from django.db import connection
    from django.http import QueryDict
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse

    from procurement.selectors import directory_filterset

    # What a search costs to render: the kept pages (core.pagecache) would answer a repeated one at once.
    override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}).enable()
    directory = reverse("procurement:directory")
    searches = [
        (label, {key: (municipality if value == "MUNICIPALITY" else value) for key, value in params.items()})
        for label, params in SEARCHES
    ]
    client = Client()
    client.get(directory)  # warm up: templates, translations, connection
    totals: dict[str, list[float]] = {label: [] for label, _params in searches}
    in_database: dict[str, list[float]] = {label: [] for label, _params in searches}
    queries = {}
    for _ in range(runs):
        for label, params in searches:
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.get(directory, params)
                totals[label].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (label, response.status_code)
            in_database[label].append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
            queries[label] = len(captured.captured_queries)
    everything = [duration for durations in totals.values() for duration in durations]
    if not table:
        return percentile(everything, 0.5)
    print(
        f"{'search':<62} {'results':>8} {'queries':>7} {'p50':>7} {'p90':>7} {'p99':>7} {'max':>7} {'db p50':>7}  (ms)"
    )
    for label, params in searches:
        results = directory_filterset(QueryDict(urlencode(params, doseq=True))).qs.count()
        durations = totals[label]
        print(
            f"{label:<62} {results:>8,} {queries[label]:>7} {percentile(durations, 0.5):>7.1f} "
            f"{percentile(durations, 0.9):>7.1f} {percentile(durations, 0.99):>7.1f} {max(durations):>7.1f} "
            f"{statistics.median(in_database[label]):>7.1f}"
        )
    print(
        f"all {len(everything)} requests: p50 {percentile(everything, 0.5):.1f} ms, "
        f"p90 {percentile(everything, 0.9):.1f} ms, p99 {percentile(everything, 0.99):.1f} ms; database p50 "
        f"{statistics.median([d for ds in in_database.values() for d in ds]):.1f} ms"
    )
    export = time.perf_counter()
    response = client.get(reverse("procurement:directory_export"), {"q": "lunch"})
    lines = response.content.count(b"\n")
    print(f"CSV export of 'lunch': {lines - 1:,} rows in {(time.perf_counter() - export) * 1000:.0f} ms")
    return percentile(everything, 0.5)


def explain_text_search() -> None:
    from django.db import connection

    from procurement.search import text_search
    from procurement.selectors import public_suppliers

    if connection.vendor != "postgresql":
        return
    queryset = text_search(public_suppliers(), "lunch")
    print("plan of the count behind 'text: lunch':")
    print("  " + queryset.order_by().explain(analyze=True).replace("\n", "\n  ").split("Planning Time")[0])


def clean_up(municipality_ids: list[int]) -> None:
    """Delete what build() made: the bench municipalities' suppliers, offerings, organisations."""
    from accounts.models import Municipality, Organisation
    from procurement.models import Offering, Supplier

    Offering.objects.filter(supplier__organisation__municipality__in=municipality_ids).delete()
    Supplier.themes.through.objects.filter(supplier__organisation__municipality__in=municipality_ids).delete()
    Supplier.objects.filter(organisation__municipality__in=municipality_ids).delete()
    Organisation.objects.filter(municipality__in=municipality_ids).delete()
    Municipality.objects.filter(pk__in=municipality_ids).delete()


def main() -> None:
    import django

    django.setup()
    ensure_postgres_database()
    from django.core.management import call_command
    from django.db import connection, transaction

    from accounts.models import Municipality
    from procurement.models import Offering, Supplier

    call_command("migrate", "--noinput", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    before = Supplier.objects.verified().count()
    baseline = time_searches("none", runs=max(3, RUNS // 3), table=False)
    print(f"the same searches before the build ({before:,} verified suppliers): p50 {baseline:.1f} ms")
    rng = random.Random(2026)
    with transaction.atomic():
        built = build(rng)
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # the steady state autovacuum keeps: no dead rows of the build
                for table in ("procurement_supplier", "procurement_offering", "procurement_supplier_themes"):
                    cursor.execute(f"VACUUM (FULL, ANALYZE) {table}")
            cursor.execute("ANALYZE")
        print(
            f"built {Supplier.objects.count():,} suppliers ({Supplier.objects.verified().count():,} verified) and "
            f"{Offering.objects.count():,} products and services in {built['build_s']:.1f} s; "
            f"search vectors in {built['vectors_s']:.1f} s"
        )
        explain_text_search()
        time_searches(built["municipality"])
    finally:
        if KEEP:
            print("kept: the data stays in the database (BENCH_KEEP=1)")
        else:
            clean_up(
                list(Municipality.objects.filter(slug__startswith="procurement-bench-").values_list("pk", flat=True))
            )
            print("cleaned up: the benchmark's suppliers are deleted again")


if __name__ == "__main__":
    main()
