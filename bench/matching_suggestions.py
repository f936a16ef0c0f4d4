"""Benchmark: rank 20,000 offers for one need, in the database, and print how long it takes.

    .venv/bin/python bench/matching_suggestions.py                       # the configured database (SQLite)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/impactportaal_bench .venv/bin/python bench/matching_suggestions.py

It migrates the configured database (creating a PostgreSQL database if it does not exist yet), builds
one municipality with 20,000 open offers of 400 entrepreneurs in bulk (random kinds of help, 1-3 themes with
their theme_bits, places within about 30 km, radius and end date), 300 open matches and one need, runs ANALYZE,
and then times `matching.selectors.suggestions_for_need` (the query behind the suggestion page: score, ranking,
the top 20 with their organisations). Besides the wall time (median of 15) it prints the CPU per ranking, the
application's user and system time (os.times) and, on a local PostgreSQL, the database backend's (its /proc;
parallel workers are processes of their own, so it says how many the queries launch), and a fingerprint of the
top 20 (titles, scores, reasons) to check that a change leaves the ranking as it was. Everything is built inside one
transaction that is rolled back at the end, so the database is left as it was.
"""

import datetime
import hashlib
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

OFFERS = int(os.environ.get("BENCH_OFFERS", "20000"))
ENTERPRISES = 400
MATCHES = 300
RUNS = 15

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactportal.settings")


class Rollback(Exception):
    pass


def build(rng: random.Random):
    from django.utils import timezone

    from accounts.models import Municipality, Organisation, Theme
    from matching.models import Match, Need, Offer, theme_bits
    from matching.services import listing_set_themes

    themes = [Theme.objects.get_or_create(code=code)[0] for code in Theme.Code.values]
    municipality = Municipality.objects.create(
        name=f"Benchmarkstad {rng.randrange(10**9)}", slug=f"bench-{rng.randrange(10**9)}", place_name="BENCH"
    )
    enterprises = Organisation.objects.bulk_create(
        Organisation(name=f"Bedrijf {index}", kind="enterprise", municipality=municipality, postcode="9712 AB")
        for index in range(ENTERPRISES)
    )
    initiative = Organisation.objects.create(name="Initiatief", kind="initiative", municipality=municipality)
    today = timezone.localdate()

    def random_offer(index: int) -> Offer:
        kinds = {kind: rng.random() < 0.35 for kind in ("time", "money", "network", "goods")}
        if not any(kinds.values()):
            kinds["time"] = True
        ends = rng.random() < 0.5
        return Offer(
            municipality=municipality,
            organisation=enterprises[index % ENTERPRISES],
            title=f"Aanbod {index}",
            description="Benchmark",
            postcode="9712 AB",
            latitude=53.2194 + rng.uniform(-0.27, 0.27),
            longitude=6.5665 + rng.uniform(-0.45, 0.45),
            radius_km=rng.choice([5, 10, 15, 25, 50]),
            available_until=today + datetime.timedelta(days=rng.randrange(-30, 400)) if ends else None,
            **{f"help_{kind}": value for kind, value in kinds.items()},
        )

    offers = [random_offer(index) for index in range(OFFERS)]
    chosen = [rng.sample(themes, rng.randint(1, 3)) for _ in offers]
    for offer, its_themes in zip(offers, chosen, strict=True):
        offer.theme_bits = theme_bits(its_themes)
    offers = Offer.objects.bulk_create(offers, batch_size=2000)
    Through = Offer.themes.through
    Through.objects.bulk_create(
        (
            Through(offer_id=offer.pk, theme_id=theme.pk)
            for offer, its_themes in zip(offers, chosen, strict=True)
            for theme in its_themes
        ),
        batch_size=5000,
    )
    need = Need.objects.create(
        municipality=municipality,
        organisation=initiative,
        title="Laptops en vrijwilligers",
        story="Benchmark",
        postcode="9725 BB",
        latitude=53.2085,
        longitude=6.5745,
        help_time=True,
        help_goods=True,
        needed_by=today + datetime.timedelta(days=90),
    )
    listing_set_themes(listing=need, themes=[themes[0], themes[1]])
    Match.objects.bulk_create(
        Match(municipality=municipality, need=need, enterprise=enterprise, status="preparation")
        for enterprise in enterprises[:MATCHES]
    )
    return need


def vacuum() -> None:
    """Clear the dead rows an earlier (rolled back) run left in PostgreSQL, so runs compare fairly."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def backend_cpu() -> float | None:
    """CPU seconds (user and system) of this connection's PostgreSQL backend so far, from its /proc; None on
    SQLite or when the server runs elsewhere. Parallel workers are processes of their own: not counted."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    try:
        stat = Path(f"/proc/{connection.connection.info.backend_pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def parallel_workers(queries: list[dict]) -> int:
    """How many parallel workers PostgreSQL launches for these SELECTs (EXPLAIN ANALYZE of each, run once more)."""
    from django.db import connection

    launched = 0
    with connection.cursor() as cursor:
        for query in queries:
            if query["sql"].lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                launched += sum(
                    int(n) for n in re.findall(r'"Workers Launched": (\d+)', json.dumps(cursor.fetchone()[0]))
                )
    return launched


def main() -> None:
    import django

    django.setup()
    from bench.procurement_directory import ensure_postgres_database

    ensure_postgres_database()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from matching import selectors
    from matching.models import Need

    call_command("migrate", verbosity=0)
    vacuum()
    rng = random.Random(2020)
    try:
        with transaction.atomic():
            started = time.perf_counter()
            need = build(rng)
            analyze()
            built = time.perf_counter() - started
            need = Need.objects.prefetch_related("themes").get(pk=need.pk)
            selectors.suggestions_for_need(need)  # warm up
            timings = []
            app_before, db_before = os.times(), backend_cpu()
            for _ in range(RUNS):
                started = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    suggestions = selectors.suggestions_for_need(need)
                timings.append((time.perf_counter() - started) * 1000)
            app_after, db_after = os.times(), backend_cpu()
            candidates = selectors.ranked_offers_for_need(need).count()
            print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
            print(f"offers: {OFFERS:,} (built in bulk in {built:.1f} s); candidates after filters: {candidates:,}")
            print(f"ranking one need, top {len(suggestions)} with reasons, {len(queries)} queries, {RUNS} runs:")
            print(f"  median {statistics.median(timings):.1f} ms, min {min(timings):.1f} ms, max {max(timings):.1f} ms")
            app_user = (app_after.user - app_before.user) * 1000 / RUNS
            app_system = (app_after.system - app_before.system) * 1000 / RUNS
            cpu = f"  cpu per ranking: app {app_user:.1f} user + {app_system:.1f} sys ms"
            if db_before is not None and db_after is not None:
                workers = parallel_workers(queries.captured_queries)
                cpu += f", database backend {(db_after - db_before) * 1000 / RUNS:.1f} ms"
                cpu += f" (parallel workers launched per ranking, not counted: {workers})"
            print(cpu)
            best = suggestions[0]
            print(f"  best: score {best.score} ({best.explanation})")
            shown = [(s.listing.title, s.score, s.explanation) for s in suggestions]
            fingerprint = hashlib.sha256(repr(shown).encode()).hexdigest()[:16]
            print(f"  the top {len(shown)} (title, score, reasons), fingerprint: {fingerprint}")
            raise Rollback
    except Rollback:
        pass


if __name__ == "__main__":
    main()
