"""The driver of bench/run: builds the data sets, starts gunicorn and a Celery worker, runs every benchmark
and prints one table of figures with the issue's targets next to them.

    .venv/bin/python bench/run.py            # what bench/run calls, after making sure of the venv and wrk
    .venv/bin/python bench/run.py --help

Settings (environment):
    BENCH_DURATION      seconds per wrk run (30)
    BENCH_CONNECTIONS   wrk connection counts (8,32)
    BENCH_WORKERS       gunicorn workers (3, as the Dockerfile)
    BENCH_THREADS       gunicorn threads per worker (1: sync workers, as the Dockerfile)
    BENCH_DB            the scale database (impactportaal_bench)
    BENCH_SMALL_DB      the small database, the demo data (impactportaal_bench_small)
    BENCH_PG            PostgreSQL server (postgres://postgres@127.0.0.1:5432)
    BENCH_REDIS_URL     Celery broker (redis://127.0.0.1:6379/0); the bench uses a queue of its own
    BENCH_CACHE_URL     the portal's cache, with the kept pages (redis://127.0.0.1:6379/3)
    BENCH_FACTOR        shrink the scale set for a quick trial of the whole run (1)
    BENCH_REUSE         1: keep the databases of the previous run instead of building them again
    BENCH_ONLY          load: only the load tests; querycounts: only the query counts; signedin: only the
                        signed-in pages' CPU per request; growth: only the growth rows (all)
    BENCH_PAGES         the load-tested pages to run, by key (all): e.g. directory,dashboard

Each measurement runs in a child process of this script (`bench/run.py child <name>`) with the environment of
the database it measures; the children print one line `RESULT <json>`.
"""
# ruff: noqa: S603, S607

import argparse
import contextlib
import functools
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.servers import collect_static, gunicorn, production_env  # noqa: E402

LOCAL = ZoneInfo("Europe/Amsterdam")
QUEUE = "impactportaal-bench"  # the bench's own Celery queue: other workers on the same Redis never take its jobs
LUA = ROOT / "bench" / "wrk_report.lua"


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


DURATION = int(setting("BENCH_DURATION", "30"))
CONNECTIONS = [int(n) for n in setting("BENCH_CONNECTIONS", "8,32").split(",")]
WORKERS = int(setting("BENCH_WORKERS", "3"))  # as the Dockerfile runs it: three sync workers
THREADS = int(setting("BENCH_THREADS", "1"))
PG = setting("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
SCALE_DB = setting("BENCH_DB", "impactportaal_bench")
SMALL_DB = setting("BENCH_SMALL_DB", "impactportaal_bench_small")
REDIS_URL = setting("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
CACHE_URL = setting("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3")
FACTOR = float(setting("BENCH_FACTOR", "1"))
REUSE = setting("BENCH_REUSE", "0") == "1"
ONLY = setting("BENCH_ONLY", "all")
SUGGESTION_RUNS = 15

# The rotating searches (issue 17): what people type into the directory, in Dutch, from the names, products and
# services of the scale set (some with a stop word, as people type them), each with filters that fit it. Each is
# asked for pages 1 to 5 (as far as it has pages); the directory gets a parameter of its own on every request as
# well, so that no URL is asked twice and the page cache never answers. The admin's changelist gets the same
# searches with what it can filter on (text, municipality, membership; always the verified suppliers).
ROTATING_SEARCHES: list[dict[str, str | list[str]]] = [
    {"q": "kringloop"},
    {"q": "kringloop", "theme": "circular"},
    {"q": "kringloop", "category": "recycling"},
    {"q": "kringloop", "municipality": "groningen"},
    {"q": "kringloop de vondst"},
    {"q": "kring"},
    {"q": "koffie"},
    {"q": "koffie", "category": "catering"},
    {"q": "koffie en thee"},
    {"q": "koffiebranderij", "theme": "food", "sort": "name"},
    {"q": "groene daken"},
    {"q": "groene daken", "category": "green"},
    {"q": "groen", "theme": "energy"},
    {"q": "fietsenmakerij"},
    {"q": "fiets", "category": "logistics"},
    {"q": "fietsenmakerij", "municipality": "utrecht"},
    {"q": "schoonmaak"},
    {"q": "schoonmaakbedrijf", "category": "cleaning", "criteria": ["social_enterprise_nl"]},
    {"q": "schoonmaak en glasbewassing"},
    {"q": "catering"},
    {"q": "catering", "category": "events"},
    {"q": "catering bij evenementen"},
    {"q": "drukkerij"},
    {"q": "drukkerij", "category": "printing", "sort": "newest"},
    {"q": "drukwerk en huisstijl"},
    {"q": "hoveniers"},
    {"q": "hoveniers", "theme": "housing"},
    {"q": "werkplaats"},
    {"q": "werkplaats", "theme": "work", "criteria": ["code_sociale_ondernemingen"]},
    {"q": "lunchroom"},
    {"q": "lunch voor vergaderingen"},
    {"q": "bakkerij", "theme": "food"},
    {"q": "bakkerij"},
    {"q": "naaiatelier", "category": "textiles"},
    {"q": "bedrijfskleding"},
    {"q": "energiecoöperatie"},
    {"q": "energie", "theme": "energy", "category": "energy"},
    {"q": "isolatie en laadpalen"},
    {"q": "repair café"},
    {"q": "repair", "theme": "circular", "municipality": "haarlem"},
    {"q": "meubelmakerij"},
    {"q": "meubel", "category": "recycling"},
    {"q": "koeriersdienst"},
    {"q": "koerier", "category": "logistics", "municipality": "breda"},
    {"q": "zorgboerderij"},
    {"q": "zorgboerderij", "theme": "care", "category": "care"},
    {"q": "dagbesteding"},
    {"q": "taalschool"},
    {"q": "taalschool", "theme": "education"},
    {"q": "houtbewerking"},
    {"q": "wasserij"},
    {"q": "wasserij", "criteria": ["code_sociale_ondernemingen", "social_enterprise_nl"]},
    {"q": "het goede bonen"},
    {"q": "de brug"},
    {"q": "buurtkracht"},
    {"q": "buurtkracht", "municipality": "eindhoven"},
    {"q": "samen", "theme": "culture"},
    {"q": "anders"},
    {"q": "jobcoaching", "category": "staffing"},
    {"q": "kerstpakketten", "category": "gifts"},
    {"q": "werkervaringsplekken"},
    {"q": "verhuizingen", "sort": "name"},
]


# The pages under load: (key, label, role, path). Roles sign in with a session made in the scale database.
# A key ending in _fresh adds a parameter of its own to every request (wrk_report.lua), so that the page cache
# of public pages (core.pagecache) never has the page and every request renders it.
LOAD_TARGETS = [
    ("directory", "public supplier directory, text search + theme", "anonymous", "directory"),
    ("directory_fresh", "the same, a new URL each request (never a kept page)", "anonymous", "directory"),
    ("needs", "needs list, public", "anonymous", "needs"),
    ("needs_signed_in", "needs list, signed in (entrepreneur)", "entrepreneur", "needs"),
    ("dashboard", "coordinator dashboard", "coordinator", "dashboard"),
    ("council_letters", "council member's letter list", "council", "council_letters"),
    ("admin", "Django admin supplier changelist, same search (baseline)", "admin", "admin_suppliers"),
    (
        "directory_rotating",
        f"directory, {len(ROTATING_SEARCHES)} rotating searches (filters, pages 1-5), a new URL each request",
        "anonymous",
        "directory_rotating",
    ),
    (
        "directory_rotating_signed_in",
        "the same rotating searches, signed in (entrepreneur)",
        "entrepreneur",
        "directory_rotating",
    ),
    ("admin_rotating", "Django admin supplier changelist, the same rotating searches", "admin", "admin_rotating"),
]
if os.environ.get("BENCH_PAGES"):
    LOAD_TARGETS = [target for target in LOAD_TARGETS if target[0] in os.environ["BENCH_PAGES"].split(",")]


def database_url(name: str) -> str:
    return f"{PG}/{name}"


def bench_env(database: str, **extra: str) -> dict:
    """The production environment (tests/servers.py) on a bench database, quiet, with the bench broker."""
    return production_env(
        DATABASE_URL=database_url(database),
        DJANGO_STATIC_ROOT=str(OUT / "static"),
        MEDIA_ROOT=str(OUT / "media"),
        CELERY_BROKER_URL=REDIS_URL,
        CACHE_URL=CACHE_URL,
        LOG_LEVEL="WARNING",
        **extra,
    )


def debug_env(database: str) -> dict:
    """The laptop settings (DEBUG, test client allowed) on a bench database: for counting queries."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CELERY_", "REDIS_"))} | {
        "DATABASE_URL": database_url(database),
        "MEDIA_ROOT": str(OUT / "media"),
        "LOG_LEVEL": "WARNING",
    }


def say(text: str) -> None:
    print(f"[bench {datetime.now(tz=LOCAL):%H:%M:%S}] {text}", flush=True)


# ================================================================ the parent: orchestration


def run_child(name: str, env: dict, *args: str, timeout: float = 1800, echo: bool = False) -> dict:
    """Run `bench/run.py child <name>` and return the JSON it printed after RESULT."""
    command = [sys.executable, str(Path(__file__)), "child", name, *args]
    process = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if echo:
        sys.stdout.write(process.stdout)
    for line in reversed(process.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    sys.stderr.write(process.stdout[-4000:] + process.stderr[-4000:])
    raise RuntimeError(f"the child '{name}' gave no result (exit {process.returncode})")


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        busy = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name]
        ).fetchone()
        if busy and busy[0]:
            raise SystemExit(
                f"The database {name} is in use by {busy} other session(s); stop them or choose another name "
                "with BENCH_DB / BENCH_SMALL_DB."
            )
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


def migrate(database: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=debug_env(database)
    )


def build_databases(figures: dict) -> None:
    say(f"dropping and creating {SCALE_DB} and {SMALL_DB}, migrating both")
    recreate_database(SCALE_DB)
    recreate_database(SMALL_DB)
    migrations = [migrate(SCALE_DB), migrate(SMALL_DB)]
    if any(process.wait() for process in migrations):
        raise SystemExit("migrate failed")
    say(f"building the scale data set in {SCALE_DB} (bulk inserts)")
    process = subprocess.run(
        [sys.executable, "bench/scale_data.py", "scale", "--factor", str(FACTOR)],
        cwd=ROOT,
        env=debug_env(SCALE_DB),
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    sys.stdout.write(process.stdout)
    found = re.search(r"BUILD_SECONDS ([\d.]+)", process.stdout)
    if process.returncode or not found:
        raise SystemExit("building the scale data set failed")
    figures["build_seconds"] = float(found.group(1))
    say(f"scale data set built in {figures['build_seconds']:.0f} s")
    build_small_set()
    for database in (SCALE_DB, SMALL_DB):
        vacuum_analyze(database)


def planner_settings() -> dict[str, str]:
    """PostgreSQL's planner settings of production: the `-c name=value` of the postgres service in
    docker-compose.yml (a `${VARIABLE:-default}` as its default)."""
    import yaml

    command = yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]["postgres"]["command"]
    pairs = [command[n + 1].split("=", 1) for n, word in enumerate(command[:-1]) if word == "-c"]
    return {name: re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", value) for name, value in pairs}


def apply_planner_settings(database: str) -> dict[str, str]:
    """Set production's planner settings on a bench database (ALTER DATABASE ... SET), for new connections."""
    import psycopg
    from psycopg import sql

    settings = planner_settings()
    with psycopg.connect(database_url(database), autocommit=True) as connection:
        for name, value in settings.items():
            connection.execute(
                sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(database), sql.Identifier(name), sql.Literal(value)
                )
            )
    return settings


def growth_bench() -> dict:
    """The directory at 1,000, 10,000 and 100,000 verified suppliers (child_growth) on a copy of the scale database
    (CREATE DATABASE … TEMPLATE, production's planner settings), dropped afterwards."""
    import psycopg

    growth = f"{SCALE_DB}_growth"
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{growth}"')
        started = time.monotonic()
        connection.execute(f'CREATE DATABASE "{growth}" TEMPLATE "{SCALE_DB}"')
        copied = time.monotonic() - started
    try:
        apply_planner_settings(growth)
        figures = run_child("growth", bench_env(growth), timeout=1800, echo=True)
        figures["copy_seconds"] = copied
        return figures
    finally:
        with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{growth}"')


def vacuum_analyze(database: str) -> None:
    """The steady state autovacuum keeps, before anything is measured: no dead rows of the build, statistics
    and visibility maps up to date (otherwise autovacuum does it during the first load tests)."""
    import psycopg

    say(f"VACUUM ANALYZE {database}")
    with psycopg.connect(database_url(database), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def build_small_set() -> None:
    """The demo data (seed_demo, which adds only what is missing: a reused database gets what is new)."""
    say(f"building the small data set (seed_demo) in {SMALL_DB}")
    subprocess.run(
        [sys.executable, "bench/scale_data.py", "small"],
        cwd=ROOT,
        env=debug_env(SMALL_DB),
        check=True,
        stdout=subprocess.DEVNULL,
    )


class Pids:
    """The processes this run started, in bench/out/pids, so that bench/run's trap can stop them."""

    path = OUT / "pids"

    def __init__(self):
        self.path.write_text("")

    def add(self, pid: int) -> None:
        with self.path.open("a") as handle:
            handle.write(f"{pid}\n")


@contextmanager
def celery_worker(env: dict, pids: Pids, concurrency: int = 2):
    """One Celery worker with `concurrency` prefork processes on the bench queue."""
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "impactportal",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={concurrency}",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-Q",
            QUEUE,
            "-n",
            f"bench-{os.getpid()}@%h",
        ],
        cwd=ROOT,
        env=env,
    )
    pids.add(process.pid)
    try:
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def fetch_status(url: str, cookie: str | None) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={cookie}"} if cookie else {})  # noqa: S310
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def wrk(
    url: str,
    connections: int,
    cookie: str | None,
    duration: int,
    *,
    fresh: bool = False,
    paths_file: Path | None = None,
) -> dict:
    """Load on one URL, or on the paths of `paths_file` in turn; `fresh`: a parameter of its own on every request,
    so that no page comes from a cache."""
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "10s"]
    command += ["-s", str(LUA)]
    if cookie:
        command += ["-H", f"Cookie: sessionid={cookie}"]
    mode = ("rotate-fresh" if fresh else "rotate") if paths_file else ("fresh" if fresh else "same")
    command += [url, "--", mode, str(time.time_ns())]  # the run's own prefix of fresh URLs
    if paths_file:
        command.append(str(paths_file))
    process = subprocess.run(command, capture_output=True, text=True, timeout=duration + 60)
    for line in process.stdout.splitlines():
        if line.startswith("WRK_JSON "):
            result = json.loads(line.removeprefix("WRK_JSON "))
            result["errors"] = sum(
                result[k] for k in ("non2xx", "connect_errors", "read_errors", "write_errors", "timeouts")
            )
            return result
    raise RuntimeError(f"wrk gave no result: {process.stdout} {process.stderr}")


def _cpu_seconds(pid: int) -> tuple[float, float] | None:
    """User and system CPU time of a process so far (Linux /proc), None when it is gone or unreadable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks


def _processes() -> list[tuple[int, int, bytes]]:
    """(pid, parent pid, command line) of every process we can read."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            found.append((int(entry.name), ppid, (entry / "cmdline").read_bytes()))
        except (OSError, IndexError, ValueError):
            continue
    return found


class CpuMeter:
    """CPU time that gunicorn's workers and the scale database's PostgreSQL backends spend during a run: divided
    by the requests, a cost per request that does not depend on what else runs on a shared machine.

    It samples /proc every half second while the run lasts, so that a backend that closes its connection during
    the run (CONN_MAX_AGE) still counts with its last sample."""

    def __init__(self, gunicorn_pid: int, interval: float = 0.5):
        self.gunicorn_pid = gunicorn_pid
        self.interval = interval

    def snapshot(self) -> dict[str, dict[int, float]]:
        """CPU seconds so far per process: the workers' user and system time apart (the system time shows what
        the interpreter costs the kernel), the database backends' together."""
        app_user, app_system, db = {}, {}, {}
        marker = f" {SCALE_DB} ".encode()
        for pid, ppid, cmdline in _processes():
            if pid == self.gunicorn_pid or ppid == self.gunicorn_pid:
                user, system = _cpu_seconds(pid) or (0.0, 0.0)
                app_user[pid], app_system[pid] = user, system
            elif cmdline.startswith(b"postgres: ") and marker in cmdline:
                db[pid] = sum(_cpu_seconds(pid) or (0.0, 0.0))
        return {"app_user": app_user, "app_system": app_system, "db": db}

    def _merge(self, snapshot: dict) -> None:
        for part, seconds_of in snapshot.items():
            for pid, seconds in seconds_of.items():
                self.last[part][pid] = max(seconds, self.last[part].get(pid, 0.0))

    def _sample(self) -> None:
        while not self.stopped.wait(self.interval):
            self._merge(self.snapshot())

    @contextmanager
    def measuring(self) -> Iterator[dict[str, float]]:
        """Yields a dict that holds the CPU seconds spent per part ('app_user', 'app_system', 'db') once the block
        is left."""
        import threading

        self.before = self.snapshot()
        self.last = {part: dict(seconds_of) for part, seconds_of in self.before.items()}
        self.stopped = threading.Event()
        sampler = threading.Thread(target=self._sample, daemon=True)
        sampler.start()
        spent: dict[str, float] = {}
        try:
            yield spent
        finally:
            self.stopped.set()
            sampler.join()
            self._merge(self.snapshot())
            for part, seconds_of in self.last.items():
                spent[part] = sum(seconds - self.before[part].get(pid, 0.0) for pid, seconds in seconds_of.items())


def load_tests(base: str, sessions: dict, figures: dict, meter: "CpuMeter | None" = None) -> None:
    paths, cookies = sessions["paths"], sessions["cookies"]
    for _key, _label, role, path_key in LOAD_TARGETS:
        checked = paths[path_key] if isinstance(paths[path_key], str) else paths[path_key][::7]  # rotating: a sample
        for path in [checked] if isinstance(checked, str) else checked:
            status = fetch_status(base + path, cookies.get(role))
            if status != 200:
                raise SystemExit(
                    f"{base + path} as {role} answers {status}, not 200: the load test would measure an error page"
                )
    figures["load"] = {}
    figures["rotating_searches"] = len(ROTATING_SEARCHES)
    for key, label, role, path_key in LOAD_TARGETS:
        rotating = None if isinstance(paths[path_key], str) else paths[path_key]
        url = base + (rotating[0] if rotating else paths[path_key])
        fresh = key.endswith("_fresh") or key.startswith("directory_rotating")
        paths_file = None
        if rotating:
            paths_file = OUT / f"paths-{key}.txt"
            paths_file.write_text("\n".join(rotating) + "\n")
        wrk(url, 2, cookies.get(role), 2, fresh=fresh, paths_file=paths_file)  # warm up: templates, connections
        for connections in CONNECTIONS:
            load_average = os.getloadavg()[0]
            measured: contextlib.AbstractContextManager[dict[str, float]] = contextlib.nullcontext({})
            if meter:
                measured = meter.measuring()
            with measured as spent:
                result = wrk(url, connections, cookies.get(role), DURATION, fresh=fresh, paths_file=paths_file)
            if spent and result["requests"]:
                result["app_user_ms"] = spent["app_user"] * 1000 / result["requests"]
                result["app_system_ms"] = spent["app_system"] * 1000 / result["requests"]
                result["app_cpu_ms"] = result["app_user_ms"] + result["app_system_ms"]
                result["db_cpu_ms"] = spent["db"] * 1000 / result["requests"]
                result["capacity_rps"] = (os.cpu_count() or 1) * 1000 / (result["app_cpu_ms"] + result["db_cpu_ms"])
            if rotating:
                result["urls"] = len(rotating)
            result["load_average"] = load_average
            figures["load"][f"{key}@{connections}"] = result
            cpu = (
                f"  cpu/req app {result['app_user_ms']:.0f} user + {result['app_system_ms']:.0f} sys"
                f" + db {result['db_cpu_ms']:.0f} ms"
                if "app_cpu_ms" in result
                else ""
            )
            say(
                f"{label:<58} c{connections:<3} {result['rps']:7.1f} req/s  p50 {result['p50_ms']:6.1f}  "
                f"p95 {result['p95_ms']:6.1f}  p99 {result['p99_ms']:6.1f} ms  errors {result['errors']}{cpu}  "
                f"(load average {load_average:.1f})"
            )


def suggestion_bench_of_matching(env: dict, offers: int = 20_000) -> dict | None:
    """Matching's own benchmark (bench/matching_suggestions.py): `offers` offers in one municipality, built and
    rolled back inside the bench database; its median."""
    script = ROOT / "bench" / "matching_suggestions.py"
    if not script.exists():
        return None
    process = subprocess.run(
        [sys.executable, str(script)], cwd=ROOT, env=env | {"BENCH_OFFERS": str(offers)}, capture_output=True, text=True
    )
    found = re.search(r"median ([\d.]+) ms", process.stdout)
    candidates = re.search(r"candidates after filters: ([\d,]+)", process.stdout)
    if not found:
        sys.stderr.write(process.stdout[-2000:] + process.stderr[-2000:])
        return None
    return {
        "median_ms": float(found.group(1)),
        "candidates": int(candidates.group(1).replace(",", "")) if candidates else None,
    }


def reporting_bench(env: dict) -> dict | None:
    """Reporting's own benchmark (bench/reporting_letter.py) on the small data set, whose Groningen letter about
    2020 is the demo letter it renders: one render in a fresh process (time and peak memory), then 40 PDF jobs of
    that letter on a Celery worker of its own with two processes."""
    script = ROOT / "bench" / "reporting_letter.py"
    if not script.exists():
        return None
    process = subprocess.run(
        [sys.executable, str(script), "--letters", "40", "--workers", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    for line in reversed(process.stdout.splitlines()):
        if line.startswith("RESULT "):
            return json.loads(line.removeprefix("RESULT "))
    sys.stderr.write(process.stdout[-2000:] + process.stderr[-2000:])
    return None


GROWTH = 3  # the same table this many more times at one size than at the other: a query per row


def query_count_comparison() -> list[dict]:
    small = run_child("querycounts", debug_env(SMALL_DB), "small", timeout=1200)
    scale = run_child("querycounts", debug_env(SCALE_DB), "scale", timeout=1200)
    rows = []
    for key in sorted(set(small) | set(scale)):
        a = small[key]["queries"] if key in small else None
        b = scale[key]["queries"] if key in scale else None
        row = {
            "page": key,
            "small": None if a is None else len(a),
            "scale": None if b is None else len(b),
            "differs": a is None or b is None or len(a) != len(b),
            "scale_ms": scale[key]["ms"] if key in scale else None,
        }
        if row["differs"] and a is not None and b is not None:
            extra, missing = Counter(b), Counter(a)
            extra.subtract(Counter(a))
            missing.subtract(Counter(b))
            row["only_at_scale"] = sorted(k for k, n in extra.items() for _ in range(n) if n > 0)
            row["only_in_small"] = sorted(k for k, n in missing.items() for _ in range(n) if n > 0)
            # a query that runs once more per row shows as the same table three or more times over
            row["grows"] = any(n >= GROWTH for n in [*extra.values(), *missing.values()])
        rows.append(row)
    return rows


def run_all() -> dict:
    OUT.mkdir(exist_ok=True)
    figures: dict = {
        "started": datetime.now(tz=LOCAL).isoformat(timespec="seconds"),
        "settings": {
            "duration_s": DURATION,
            "connections": CONNECTIONS,
            "gunicorn": f"{WORKERS} workers x {THREADS} threads",
            "scale_db": SCALE_DB,
            "small_db": SMALL_DB,
            "factor": FACTOR,
            "cpus": os.cpu_count(),
        },
    }
    build_record = OUT / f"build-{SCALE_DB}.json"
    if REUSE and ONLY == "growth":  # the growth rows read only the scale database
        say(f"BENCH_REUSE=1 BENCH_ONLY=growth: using {SCALE_DB} as it is (migrating it, in case)")
        if migrate(SCALE_DB).wait():
            raise SystemExit("migrate failed")
    elif REUSE:
        say(f"BENCH_REUSE=1: using {SCALE_DB} and {SMALL_DB} as they are (migrating them, in case)")
        if any(process.wait() for process in [migrate(SCALE_DB), migrate(SMALL_DB)]):
            raise SystemExit("migrate failed")
        build_small_set()
        if build_record.exists():
            figures["build_seconds"] = json.loads(build_record.read_text())["build_seconds"]
    else:
        build_databases(figures)
        build_record.write_text(json.dumps({"build_seconds": figures["build_seconds"], "factor": FACTOR}))

    for database in (SCALE_DB,) if REUSE and ONLY == "growth" else (SCALE_DB, SMALL_DB):
        figures["planner_settings"] = apply_planner_settings(database)
    say("planner settings of production (docker-compose.yml) on both databases: " + str(figures["planner_settings"]))
    if ONLY == "querycounts":
        measure(figures, "query_counts", "counting queries per page at both sizes", query_count_comparison)
        return figures
    say("collecting static files with the production settings")
    collect_static(OUT / "static")
    env = bench_env(SCALE_DB)
    if ONLY == "growth":
        measure(figures, "growth", "growth: the directory at 1,000, 10,000 and 100,000 suppliers", growth_bench)
        return figures
    if ONLY == "signedin":
        measure(
            figures, "signed_in", "signed-in pages: CPU per request in-process", lambda: run_child("signed_in", env)
        )
        return figures
    sessions = run_child("sessions", env)
    pids = Pids()
    with celery_worker(env, pids):
        gunicorn_env = env | {"GUNICORN_CMD_ARGS": f"--pid {OUT / 'gunicorn.pid'}"}
        say(f"starting gunicorn ({WORKERS} workers x {THREADS} threads, production settings) and a Celery worker")
        with gunicorn(gunicorn_env, workers=WORKERS, threads=THREADS) as base:
            pids.add(int((OUT / "gunicorn.pid").read_text().strip()))
            say(f"load: wrk, {DURATION} s per run, connections {CONNECTIONS}, against {base}")
            load_tests(base, sessions, figures, CpuMeter(int((OUT / "gunicorn.pid").read_text().strip())))
        # gunicorn has stopped; each measurement below runs alone (as far as this run goes)
        if ONLY == "load":
            return figures
        measure(
            figures,
            "signed_in",
            "signed-in pages: CPU per request in-process, production settings, scale set",
            lambda: run_child("signed_in", env),
        )
        measure(
            figures,
            "suggestions_scale",
            "suggestion ranking for one need of the scale set (matching.selectors.suggestions_for_need)",
            lambda: run_child("suggestions", bench_env(SCALE_DB)),
        )
        measure(
            figures,
            "suggestions_matching_bench",
            "matching's benchmark (bench/matching_suggestions.py): 20,000 offers in one municipality",
            lambda: suggestion_bench_of_matching(debug_env(SCALE_DB)),
        )
        measure(
            figures,
            "suggestions_matching_bench_100k",
            "matching's benchmark (bench/matching_suggestions.py): 100,000 offers in one municipality (issue 17)",
            lambda: suggestion_bench_of_matching(debug_env(SCALE_DB), 100_000),
        )
        measure(
            figures,
            "directory_searches",
            "procurement's directory searches (bench/procurement_directory.py's timing) on the scale set",
            lambda: run_child("directory_searches", debug_env(SCALE_DB), timeout=1200),
        )
        measure(
            figures,
            "letter",
            "reporting's benchmark (bench/reporting_letter.py): one letter, and 40 letters on two workers",
            lambda: reporting_bench(bench_env(SMALL_DB)),
        )
        measure(
            figures,
            "letters40",
            "40 council letters of 40 municipalities (scale set) on the bench's Celery worker (two processes)",
            lambda: run_child("letters40", env, timeout=900),
        )

    measure(
        figures,
        "growth",
        "growth: the directory at 1,000, 10,000 and 100,000 verified suppliers (a copy of the scale database)",
        growth_bench,
    )
    measure(
        figures, "query_counts", "counting queries per page at the small and the scale data set", query_count_comparison
    )
    return figures


def measure(figures: dict, key: str, label: str, function) -> None:
    """Run one measurement; a failure is recorded and shown in the table, and the others still run."""
    say(label)
    try:
        figures[key] = function()
    except Exception as error:
        figures.setdefault("failures", {})[key] = f"{type(error).__name__}: {error}"
        say(f"  failed: {type(error).__name__}: {error}")


# ================================================================ the table


def ok(met: bool | None) -> str:
    return "n/a" if met is None else ("yes" if met else "NO")


def load_row(label: str, key: str, connections: int, result: dict) -> tuple[str, str, str, str]:
    """One wrk run: throughput, latency percentiles, errors and the CPU per request, against its targets."""
    measured = (
        f"{result['rps']:.0f} req/s; p50 {result['p50_ms']:.0f} / p95 {result['p95_ms']:.0f} / "
        f"p99 {result['p99_ms']:.0f} ms; errors {result['errors']}"
    )
    if result["errors"]:
        sockets = result["connect_errors"] + result["read_errors"] + result["write_errors"]
        measured += f" (non-2xx {result['non2xx']}, socket {sockets}, timeouts {result['timeouts']})"
    if "app_user_ms" in result:
        measured += (
            f"; CPU/req {result['app_user_ms'] + result['app_system_ms'] + result['db_cpu_ms']:.1f} ms: "
            f"app {result['app_user_ms']:.1f} user + {result['app_system_ms']:.1f} sys, db {result['db_cpu_ms']:.1f} "
            f"(≤ {result['capacity_rps']:.0f} req/s on {os.cpu_count()} free CPUs)"
        )
    elif "app_cpu_ms" in result:
        measured += (
            f"; CPU/req {result['app_cpu_ms']:.0f} app + {result['db_cpu_ms']:.0f} db ms "
            f"(≤ {result['capacity_rps']:.0f} req/s on {os.cpu_count()} free CPUs)"
        )
    if result.get("urls"):
        measured += f"; {result['urls']} paths in turn"
    measured += f"; load avg {result['load_average']:.1f}"
    targets, met = [], []
    if connections == 8 and key == "directory":
        targets += ["≥ 200 req/s", "p95 < 60 ms", "0 errors"]
        met += [result["rps"] >= 200, result["p95_ms"] < 60, result["errors"] == 0]
    if connections == 8 and key.startswith("directory_rotating"):  # issue 17: the rendered directory
        targets += ["≥ 100 req/s", "p95 < 120 ms", "0 errors", "CPU/req ≤ 20 ms"]
        met += [result["rps"] >= 100, result["p95_ms"] < 120, result["errors"] == 0]
        met.append(result["app_cpu_ms"] + result["db_cpu_ms"] <= 20 if "app_cpu_ms" in result else False)
    if connections == 8 and key == "dashboard":
        targets.append("p95 < 150 ms")
        met.append(result["p95_ms"] < 150)
    return (f"{label}, {connections} conn.", measured, ", ".join(targets), ok(all(met)) if met else "")


def table_rows(figures: dict) -> list[tuple[str, str, str, str]]:
    rows = []
    build = figures.get("build_seconds")
    rows.append(
        ("build the scale data set", f"{build:.0f} s" if build else "reused", "< 300 s", ok(build and build < 300))
    )
    if figures.get("planner_settings"):
        settings = ", ".join(f"{name}={value}" for name, value in figures["planner_settings"].items())
        rows.append(("PostgreSQL planner settings of docker-compose.yml, set on the bench databases", settings, "", ""))
    load = figures.get("load", {})
    labels = {key: label for key, label, _role, _path in LOAD_TARGETS}
    for key, *_ in LOAD_TARGETS:
        for connections in CONNECTIONS:
            result = load.get(f"{key}@{connections}")
            if result:
                rows.append(load_row(labels[key], key, connections, result))
    for connections in CONNECTIONS:
        directory, admin = load.get(f"directory@{connections}"), load.get(f"admin@{connections}")
        if directory and admin and admin["rps"]:
            rows.append(
                (
                    f"ratio directory / admin req/s, {connections} conn.",
                    f"{directory['rps'] / admin['rps']:.2f}",
                    "",
                    "",
                )
            )
    for key in ("directory_rotating", "directory_rotating_signed_in"):
        for connections in CONNECTIONS:
            directory, admin = load.get(f"{key}@{connections}"), load.get(f"admin_rotating@{connections}")
            if not (directory and admin and admin["rps"]):
                continue
            who = "signed in" if key.endswith("signed_in") else "anonymous"
            rows.append(
                (
                    f"ratio directory ({who}) / admin req/s, same rotating searches, {connections} conn.",
                    f"{directory['rps'] / admin['rps']:.2f}",
                    "≥ 3" if connections == 8 else "",
                    ok(directory["rps"] / admin["rps"] >= 3) if connections == 8 else "",
                )
            )
            if directory.get("app_cpu_ms") and admin.get("app_cpu_ms"):
                cost = directory["app_cpu_ms"] + directory["db_cpu_ms"]
                admin_cost = admin["app_cpu_ms"] + admin["db_cpu_ms"]
                rows.append(
                    (
                        f"ratio admin / directory ({who}) CPU per request, same rotating searches, {connections} conn.",
                        f"{admin_cost / cost:.2f} ({admin_cost:.1f} / {cost:.1f} ms)",
                        "≥ 3" if connections == 8 else "",
                        ok(admin_cost / cost >= 3) if connections == 8 else "",
                    )
                )
    for page in (figures.get("signed_in") or {}).values():
        cost = page["user_ms"] + page["system_ms"] + page["db_ms"]
        rows.append(
            (
                f"signed in ({page['role']}): {page['label']}, in-process, {page['requests']} requests",
                f"{cost:.1f} ms: app {page['user_ms']:.1f} user + {page['system_ms']:.1f} sys, db {page['db_ms']:.1f}",
                f"≤ {SIGNED_IN_TARGET_MS} ms",
                ok(cost <= SIGNED_IN_TARGET_MS),
            )
        )
    rows += growth_rows(figures.get("growth"))
    suggestions = figures.get("suggestions_scale")
    if suggestions:
        rows.append(
            (
                f"suggestion ranking, one need of the scale set ({suggestions['candidates']} candidate offers), "
                f"median of {suggestions['runs']}",
                f"{suggestions['median_ms']:.1f} ms ({suggestions['queries']} queries)",
                "< 100 ms",
                ok(suggestions["median_ms"] < 100),
            )
        )
    matching = figures.get("suggestions_matching_bench")
    if matching:
        rows.append(
            (
                "suggestion ranking, 20,000 offers in one municipality (bench/matching_suggestions.py)",
                f"{matching['median_ms']:.1f} ms ({matching['candidates']} candidates)",
                "< 100 ms",
                ok(matching["median_ms"] < 100),
            )
        )
    matching = figures.get("suggestions_matching_bench_100k")
    if matching:
        rows.append(
            (
                "suggestion ranking, 100,000 offers in one municipality (bench/matching_suggestions.py)",
                f"{matching['median_ms']:.1f} ms ({matching['candidates']} candidates)",
                "< 50 ms",
                ok(matching["median_ms"] < 50),
            )
        )
    searches = figures.get("directory_searches")
    if searches and searches.get("p50_ms") is not None:
        rows.append(
            (
                "directory searches one at a time, whole Django stack (bench/procurement_directory.py): p50 / p99",
                f"{searches['p50_ms']:.0f} / {searches['p99_ms']:.0f} ms",
                "",
                "",
            )
        )
    letter = figures.get("letter")
    if letter:
        rows.append(
            (
                "one council letter (demo letter, bench/reporting_letter.py): render time, median of 3",
                f"{letter['render_seconds']:.2f} s (cold {letter['cold_seconds']:.2f} s)",
                "< 3 s",
                ok(letter["render_seconds"] < 3),
            )
        )
        if letter.get("bare_weasyprint_seconds"):
            ratio = letter["render_seconds"] / letter["bare_weasyprint_seconds"]
            rows.append(
                (
                    "one council letter: the portal's render (PDF/A-2a, tagged) against bare WeasyPrint "
                    "`HTML(...).write_pdf()` on the same HTML, medians of 3",
                    f"{ratio:.2f}× ({letter['render_seconds']:.2f} s against "
                    f"{letter['bare_weasyprint_seconds']:.2f} s)",
                    "≤ 1.3×",
                    ok(ratio <= 1.3),
                )
            )
        rows.append(
            (
                "one council letter: peak memory of the rendering process",
                f"{letter['peak_mb']:.0f} MB",
                "< 300 MB",
                ok(letter["peak_mb"] < 300),
            )
        )
        if letter.get("forty_letters_seconds") is not None:
            rows.append(
                (
                    f"{letter['letters']} letters on {letter['workers']} worker processes (bench/reporting_letter.py, "
                    f"{letter['ready']} ready)",
                    f"{letter['forty_letters_seconds']:.1f} s",
                    "< 90 s",
                    ok(letter["forty_letters_seconds"] < 90 and letter["ready"] == letter["letters"]),
                )
            )
    letters = figures.get("letters40")
    if letters:
        rows.append(
            (
                f"{letters['count']} letters of {letters['count']} municipalities (scale set) on 2 worker processes "
                f"({letters['ready']} ready, {letters['failed']} failed)",
                f"{letters['seconds']:.1f} s",
                "< 90 s",
                ok(letters["seconds"] < 90 and letters["ready"] == letters["count"]),
            )
        )
    for key, error in figures.get("failures", {}).items():
        rows.append((f"FAILED: {key}", error[:150], "", "NO"))
    counts = figures.get("query_counts")
    if counts:
        differing = [row for row in counts if row["differs"]]
        growing = [row for row in differing if row.get("grows")]
        rows.append(
            (
                f"query counts: pages measured at both sizes ({len(counts)}), differing",
                f"{len(differing)} ({len(growing)} with {GROWTH}+ more queries on one table, i.e. a query per row)",
                "0",
                ok(not differing),
            )
        )
        timed = sorted((row for row in counts if row.get("scale_ms") is not None), key=lambda r: -r["scale_ms"])
        if timed:
            slowest = ", ".join(f"{row['page']} {row['scale_ms']:.0f} ms" for row in timed[:5])
            rows.append(("slowest pages at the scale set, one request each (test client)", slowest, "", ""))
    return rows


def growth_rows(growth: dict | None) -> list[tuple[str, str, str, str]]:
    """The directory's cost per request at each size, its growth from 10,000 to 100,000, and the searches that
    plan a sequential scan over the suppliers at 100,000."""
    if not growth:
        return []
    rows = []
    costs = {}
    for size in GROWTH_SIZES:
        figures = growth["sizes"].get(str(size))
        if not figures:
            continue
        costs[size] = figures["user_ms"] + figures["system_ms"] + figures["db_ms"]
        rows.append(
            (
                f"growth: directory at {figures['verified']:,} verified suppliers, CPU per request in-process "
                f"({figures['requests']} rotating searches, page 1)",
                f"{costs[size]:.1f} ms: app {figures['user_ms']:.1f} user + {figures['system_ms']:.1f} sys, "
                f"db {figures['db_ms']:.1f}",
                "",
                "",
            )
        )
    if 10_000 in costs and 100_000 in costs:
        ratio = costs[100_000] / costs[10_000]
        rows.append(("growth: cost at 100,000 / at 10,000", f"{ratio:.2f}", "≤ 1.5", ok(ratio <= 1.5)))
    scanning = growth.get("scanning")
    if scanning is not None:
        rows.append(
            (
                f"growth: rotating searches planning a sequential scan over suppliers at 100,000 (EXPLAIN, of "
                f"{growth['searches']})",
                f"{len(scanning)}" + (f": {'; '.join(scanning)}" if scanning else ""),
                "0",
                ok(not scanning),
            )
        )
    count_ms = growth.get("count_ms")
    if count_ms:
        slowest = max(count_ms)
        rows.append(
            (
                f"growth: the count of a rotating search at 100,000, database CPU per count (of {len(count_ms)} "
                "searches)",
                f"median {statistics.median(count_ms):.1f} ms, max {slowest:.1f} ms",
                "≤ 2 ms",
                ok(slowest <= 2),
            )
        )
    if growth.get("grow_seconds") is not None:
        rows.append(
            ("growth: building 100,000 from 10,000 (INSERT … SELECT)", f"{growth['grow_seconds']:.0f} s", "", "")
        )
    return rows


def render_table(figures: dict) -> str:
    rows = table_rows(figures)
    header = ("figure", "measured", "target", "met")
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(4)]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [line, " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)), line]
    for row in rows:
        out.append(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    out.append(line)
    settings = figures["settings"]
    out.append(
        f"{settings['cpus']} CPUs; gunicorn {settings['gunicorn']}, production settings; "
        f"wrk {settings['duration_s']} s per run on loopback; "
        f"scale database {settings['scale_db']} (factor {settings['factor']:g}); "
        f"started {figures['started']}"
    )
    searches = figures.get("directory_searches")
    if searches:
        out.append("")
        out.append(
            "Directory searches on the scale set, one at a time through the whole Django stack (procurement's timing):"
        )
        out.extend("  " + line for line in searches["table"].strip().splitlines())
    counts = figures.get("query_counts")
    if counts:
        out.append("")
        out.append(
            "Queries per page (Django test client): small (demo data), scale data set, time of one request at scale"
        )
        width = max(len(row["page"]) for row in counts)
        for row in counts:
            flag = ""
            if row["differs"]:
                parts = [f"+{q}" for q in row.get("only_at_scale", [])] + [
                    f"-{q}" for q in row.get("only_in_small", [])
                ]
                flag = "  <-- differs" + (f": {', '.join(parts)} at scale" if parts else "")
            small = "-" if row["small"] is None else row["small"]
            scale = "-" if row["scale"] is None else row["scale"]
            ms = "" if row.get("scale_ms") is None else f"{row['scale_ms']:.0f} ms"
            out.append(f"  {row['page'].ljust(width)}  {str(small):>4}  {str(scale):>4}  {ms:>8}{flag}")
    return "\n".join(out)


def save(figures: dict, table: str) -> Path:
    OUT.mkdir(exist_ok=True)
    stamp = datetime.now(tz=LOCAL).strftime("%Y%m%d-%H%M%S")
    (OUT / f"bench-{stamp}.json").write_text(json.dumps(figures, indent=2, default=str))
    (OUT / f"bench-{stamp}.txt").write_text(table + "\n")
    (OUT / "latest.json").write_text(json.dumps(figures, indent=2, default=str))
    (OUT / "latest.txt").write_text(table + "\n")
    return OUT / f"bench-{stamp}.txt"


# ================================================================ the children: measurements with Django


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactportal.settings")
    import django

    django.setup()


def result(data: dict) -> None:
    print("RESULT " + json.dumps(data, default=str), flush=True)


def accounts_of(size: str) -> dict[str, str]:
    """The e-mail address of the account each role signs in with, in the small or the scale data set."""
    from accounts.demo import ACCOUNTS, ADMIN_EMAIL
    from bench import scale_data

    if size == "small":
        emails: dict[str, str] = {}
        for email, _name, role, _slug, _org in ACCOUNTS:  # the first of each role: Groningen's
            emails.setdefault(str(role), email)
        emails["admin"] = ADMIN_EMAIL
        emails["coach"] = "coach1@impactportaal.test"  # the demo's first SME coach of Groningen's challenge
    else:
        roles = ["entrepreneur", "initiative", "coordinator", "buyer", "jury", "council", "approver", "coach"]
        emails = {role: scale_data.bench_email(role, "groningen") for role in roles}
        emails["admin"] = scale_data.ADMIN_EMAIL
    return emails


def bench_paths() -> dict[str, str]:
    from urllib.parse import urlencode

    from django.urls import reverse

    from bench import scale_data

    return {
        "directory": reverse("procurement:directory")
        + "?"
        + urlencode({"q": scale_data.SEARCH_WORD, "theme": scale_data.SEARCH_THEME}),
        "needs": reverse("matching:need_list"),
        "offers": reverse("matching:offer_list"),
        "matches": reverse("matching:match_list"),
        "match_propose": reverse("matching:match_propose"),
        "dashboard": reverse("programmes:dashboard"),
        "council_letters": reverse("reporting:council_letters"),
        "admin_suppliers": reverse("admin:procurement_supplier_changelist")
        + "?"
        + urlencode({"q": scale_data.SEARCH_WORD}),
    }


BENCH_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105  # the bench's staff authenticator, never used to sign in


def bench_user(email: str):
    """The account to sign in with; staff get an authenticator first (they reach nothing without one)."""
    from allauth.mfa.utils import is_mfa_enabled

    from accounts import services
    from accounts.models import User

    user = User.objects.get(email=email)
    if user.needs_second_factor and not is_mfa_enabled(user):
        services.user_activate_totp(user=user, secret=BENCH_TOTP_SECRET)
    return user


def child_sessions() -> None:
    """A signed-in session per role, made with the production secret key, so gunicorn accepts the cookie."""
    from django.test import Client

    cookies = {}
    for role, email in accounts_of("scale").items():
        client = Client()
        client.force_login(bench_user(email))
        cookies[role] = client.cookies["sessionid"].value
    result({"cookies": cookies, "paths": bench_paths() | rotating_paths()})


def rotating_paths() -> dict[str, list[str]]:
    """The paths of the rotating searches: pages 1 to 5 of each (as far as the directory has pages), on the
    directory and on the admin's changelist (the same page number, or its last page when it has fewer)."""
    from math import ceil
    from urllib.parse import urlencode

    from django.contrib import admin
    from django.db.models import QuerySet
    from django.http import QueryDict
    from django.test import RequestFactory
    from django.urls import reverse

    from accounts.models import Municipality
    from procurement import selectors
    from procurement.models import Supplier

    model_admin = admin.site._registry[Supplier]
    municipality_ids = dict(Municipality.objects.values_list("slug", "pk"))
    directory, changelist = [], []
    for search in ROTATING_SEARCHES:
        found = selectors.directory_filterset(QueryDict(urlencode(search, doseq=True))).qs.count()
        admin_params: dict[str, str] = {"q": str(search["q"]), "status__exact": Supplier.Status.VERIFIED}
        if "municipality" in search:
            admin_params["organisation__municipality__id__exact"] = str(municipality_ids[str(search["municipality"])])
        if "code_sociale_ondernemingen" in search.get("criteria", []):
            admin_params["code_sociale_ondernemingen__exact"] = "1"
        queryset: QuerySet[Supplier] = Supplier.objects.filter(
            **{k: v for k, v in admin_params.items() if k != "q" and not k.startswith("organisation__")}
        )
        if "organisation__municipality__id__exact" in admin_params:
            queryset = queryset.filter(
                organisation__municipality_id=admin_params["organisation__municipality__id__exact"]
            )
        searched, _ = model_admin.get_search_results(RequestFactory().get("/"), queryset, admin_params["q"])
        admin_pages = max(1, ceil(searched.count() / model_admin.list_per_page))
        for page in range(1, min(5, max(1, ceil(found / 20))) + 1):
            page_param = {"page": str(page)} if page > 1 else {}
            directory.append(reverse("procurement:directory") + "?" + urlencode(search | page_param, doseq=True))
            admin_page = min(page, admin_pages)
            changelist.append(
                reverse("admin:procurement_supplier_changelist")
                + "?"
                + urlencode(admin_params | ({"p": str(admin_page)} if admin_page > 1 else {}))
            )
    return {"directory_rotating": directory, "admin_rotating": changelist}


def child_suggestions() -> None:
    """Median time of matching.selectors.suggestions_for_need for the open need of Groningen (scale set) with
    the most candidate offers among a sample."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from matching import selectors
    from matching.models import Need

    needs = list(Need.objects.filter(municipality__slug="groningen", status="open").order_by("pk")[:60])
    counted = [(selectors.ranked_offers_for_need(need).count(), need.pk) for need in needs]
    candidates, pk = max(counted)
    need = Need.objects.prefetch_related("themes").get(pk=pk)
    selectors.suggestions_for_need(need)  # warm up
    timings = []
    for _ in range(SUGGESTION_RUNS):
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            selectors.suggestions_for_need(need)
        timings.append((time.perf_counter() - started) * 1000)
    result(
        {
            "need": pk,
            "candidates": candidates,
            "runs": SUGGESTION_RUNS,
            "median_ms": statistics.median(timings),
            "min_ms": min(timings),
            "max_ms": max(timings),
            "queries": len(queries),
        }
    )


def child_letters40() -> None:
    """A PDF job for this year's draft letter of every municipality, through reporting's own service, queued
    at once (one commit), rendered by the bench worker; the time from the commit until the last one finished."""
    from django.db import transaction

    from accounts.models import User
    from impactportal.celery import app
    from reporting import services
    from reporting.models import Letter, LetterVersion

    app.conf.task_default_queue = QUEUE
    app.conf.task_always_eager = False
    letters = list(Letter.objects.filter(status=Letter.Status.DRAFT).select_related("programme__municipality"))
    coordinators = {
        user.municipality_id: user for user in User.objects.filter(role=User.Role.COORDINATOR, is_active=True)
    }
    deadline = time.monotonic() + 60
    while not app.control.ping(timeout=0.5, destination=None) and time.monotonic() < deadline:
        time.sleep(0.5)
    frozen_started = time.perf_counter()
    with transaction.atomic():
        versions = [
            services.version_request(letter=letter, user=coordinators[letter.programme.municipality_id])
            for letter in letters
        ]
        frozen = time.perf_counter() - frozen_started
        started = time.perf_counter()
    ids = [version.pk for version in versions]
    while True:
        finished = LetterVersion.objects.filter(pk__in=ids, status__in=LetterVersion.FINISHED).count()
        if finished == len(ids) or time.perf_counter() - started > 600:
            break
        time.sleep(0.25)
    seconds = time.perf_counter() - started
    done = LetterVersion.objects.filter(pk__in=ids)
    renders = [v for v in done.values_list("render_seconds", flat=True) if v is not None]
    result(
        {
            "count": len(ids),
            "seconds": seconds,
            "freeze_seconds": frozen,
            "ready": done.filter(status=LetterVersion.Status.READY).count(),
            "failed": done.filter(status=LetterVersion.Status.FAILED).count(),
            "median_render_seconds": statistics.median(renders) if renders else None,
        }
    )


def child_directory_searches() -> None:
    """Procurement's own timing of eleven directory searches through Django's full stack
    (bench/procurement_directory.py: time_searches), here on the scale data set instead of its own build."""
    import io

    from bench import procurement_directory

    procurement_directory.RUNS = 15
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        procurement_directory.time_searches("groningen")
    text = printed.getvalue()
    print(text)
    found = re.search(r"requests: p50 ([\d.]+) ms, p90 ([\d.]+) ms, p99 ([\d.]+) ms", text)
    result(
        {
            "table": text,
            "p50_ms": float(found.group(1)) if found else None,
            "p99_ms": float(found.group(3)) if found else None,
        }
    )


def child_profile(key: str = "directory_rotating", role: str = "anonymous", count: str = "200") -> None:
    """cProfile of `count` requests over the rotating searches (key: directory_rotating or admin_rotating), or of
    any page by its key or by a path (a key that starts with "/"), in this process, with the production settings
    on the scale set: the top lines by own time and by cumulative time, and the CPU time per request."""
    import cProfile
    import io
    import pstats

    from django.db import connection
    from django.test import Client

    chosen = key if key.startswith("/") else (bench_paths() | rotating_paths() | signed_in_paths())[key]
    paths = [chosen] if isinstance(chosen, str) else chosen
    client = Client(SERVER_NAME="localhost")
    if role != "anonymous":
        client.force_login(bench_user(accounts_of("scale")[role]))
    fresh = f"&fresh=profile-{time.time_ns()}-" if key.startswith("directory") else ""  # never a kept page
    asked = iter(range(10**9))

    def ask(n: int) -> None:
        if key in SIGNED_IN_PAGE_KEYS:
            ask_signed_in(client, key, paths[0], next(asked))
            return
        response = client.get(paths[n % len(paths)] + (f"{fresh}{next(asked)}" if fresh else ""))
        assert response.status_code == 200, response.status_code

    for n in range(20):  # warm up: templates, translations, connections
        ask(n)
    queries: list[str] = []

    def record(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        ask(20)
    plain_started = os.times()
    for n in range(int(count)):
        ask(n)
    plain_ended = os.times()
    user_ms = (plain_ended.user - plain_started.user) * 1000 / int(count)
    system_ms = (plain_ended.system - plain_started.system) * 1000 / int(count)
    plain_ms = user_ms + system_ms
    profile = cProfile.Profile(time.process_time)  # CPU time: waiting for the database or for a CPU counts nothing
    profile.enable()
    for n in range(int(count)):
        ask(n)
    profile.disable()
    if os.environ.get("BENCH_PROFILE_OUT"):  # the whole profile, for pstats or snakeviz
        profile.dump_stats(os.environ["BENCH_PROFILE_OUT"])
    printed = io.StringIO()
    stats = pstats.Stats(profile, stream=printed).strip_dirs()
    stats.sort_stats("tottime").print_stats(25)
    stats.sort_stats("cumulative").print_stats(40)
    print(printed.getvalue())
    print(
        f"{plain_ms:.1f} ms of CPU per request without the profiler ({user_ms:.1f} user + {system_ms:.1f} system; "
        f"{count} requests, {role}, {key})"
    )
    print(f"{len(queries)} queries per request")
    result({"cpu_ms": plain_ms, "user_ms": user_ms, "system_ms": system_ms, "queries": len(queries)})


# The signed-in pages people use all day (issue 17): (key, label, role), their paths from signed_in_paths().
SIGNED_IN_PAGES = [
    ("needs", "needs list", "entrepreneur"),
    ("offers", "offers list", "entrepreneur"),
    ("matches", "match list", "coordinator"),
    ("match_propose", "match proposal form", "coordinator"),
    (
        "dashboard_nothing_kept",
        "coordinator dashboard, nothing kept (a new generation before each request)",
        "coordinator",
    ),
    ("supplier_profile", "a supplier's profile", "buyer"),
    ("ranking_small", "ranking page of a challenge", "coordinator"),
    ("ranking_large", "ranking page of a challenge", "coordinator"),
    ("letter_editor", "the letter editor (this year's draft)", "coordinator"),
    (
        "letter_editor_after_a_change",
        "the letter editor, the data changed before each request (a one-row update, counted in)",
        "coordinator",
    ),
    ("letter_preview_typing", "the letter editor's preview while typing (new text each request)", "coordinator"),
]
SIGNED_IN_PAGE_KEYS = {key for key, _label, _role in SIGNED_IN_PAGES}
SIGNED_IN_REQUESTS = 30
SIGNED_IN_TARGET_MS = 20


def signed_in_paths() -> dict[str, str]:
    """The paths of the signed-in pages on the scale set (Groningen's)."""
    from django.db.models import Count
    from django.urls import reverse

    from procurement.models import Supplier
    from programmes.challenges.models import Challenge
    from reporting.models import Letter

    challenges = Challenge.objects.filter(action_line__programme__municipality__slug="groningen").annotate(
        size=Count("applications")
    )
    smallest, largest = challenges.order_by("size", "pk").first(), challenges.order_by("-size", "pk").first()
    supplier = (
        Supplier.objects.filter(organisation__municipality__slug="groningen", status=Supplier.Status.VERIFIED)
        .annotate(size=Count("offerings"))
        .order_by("-size", "pk")
        .first()
    )
    letter = Letter.objects.filter(programme__municipality__slug="groningen", status=Letter.Status.DRAFT).first()
    paths = {key: path for key, path in bench_paths().items() if key in {"needs", "offers", "matches", "match_propose"}}
    paths["dashboard_nothing_kept"] = reverse("programmes:dashboard")
    if supplier:
        paths["supplier_profile"] = reverse("procurement:supplier_profile", kwargs={"pk": supplier.pk})
    for key, challenge in (("ranking_small", smallest), ("ranking_large", largest)):
        if challenge:
            paths[key] = reverse("challenges:challenge_applications", kwargs={"pk": challenge.pk})
            paths[f"{key}_applications"] = str(challenge.size)
    if letter:
        paths["letter_editor"] = reverse("reporting:letter_edit", kwargs={"pk": letter.pk})
        paths["letter_editor_after_a_change"] = paths["letter_editor"]
        paths["letter_preview_typing"] = reverse("reporting:preview_fragment", kwargs={"pk": letter.pk})
    return paths


def ask_signed_in(client, key: str, path: str, n: int) -> None:
    """One request for a signed-in page, as SIGNED_IN_PAGES describes it: the dashboard with nothing kept (a new
    page-cache generation), the letter editor after a write that moves the data's mark (core.datachanges), its
    preview with the text typed so far (n words more each time)."""
    from core import pagecache

    if key == "dashboard_nothing_kept":
        pagecache.forget_pages()
    if key == "letter_editor_after_a_change":
        _move_the_data_mark()
    if key == "letter_preview_typing":
        response = client.post(path, _typed_letter(path, n), headers={"HX-Request": "true"})
    else:
        response = client.get(path)
    assert response.status_code == 200, (key, response.status_code)


def _move_the_data_mark() -> None:
    """A write the letter's figures read that changes none of them: one action line's goal, set to itself."""
    from django.db.models import F

    from programmes.models import ActionLine

    ActionLine.objects.filter(pk=ActionLine.objects.order_by("pk").values("pk")[:1]).update(goal=F("goal"))


@functools.lru_cache(maxsize=4)
def _letter_fields(path: str) -> dict:
    from django.urls import resolve

    from reporting.models import Letter
    from reporting.services import LETTER_FIELDS

    letter = Letter.objects.get(pk=resolve(path).kwargs["pk"])
    fields = {name: getattr(letter, name) or "" for name in LETTER_FIELDS}
    fields["letter_date"] = letter.letter_date.isoformat() if letter.letter_date else ""
    return fields


def _typed_letter(path: str, n: int) -> dict:
    fields = dict(_letter_fields(path))
    fields["introduction"] = f"{fields['introduction']} " + " ".join(["en"] * (n % 500))
    return fields


def child_signed_in(count: str = str(SIGNED_IN_REQUESTS)) -> None:
    """CPU per request of each signed-in page, in this process with the production settings on the scale set:
    the application's user and system time apart (os.times) and the database backend's (its /proc), after a
    warm-up; the dashboard with a new page-cache generation before each request, so that nothing is kept."""
    from django.db import connection
    from django.test import Client

    paths = signed_in_paths()
    emails = accounts_of("scale")
    figures = {}
    for key, label, role in SIGNED_IN_PAGES:
        if key not in paths:
            continue
        client = Client(SERVER_NAME="localhost")
        client.force_login(bench_user(emails[role]))

        asked = iter(range(10**9))

        def ask(key=key, client=client, asked=asked) -> None:
            ask_signed_in(client, key, paths[key], next(asked))

        for _ in range(5):  # warm up: templates, translations, the connection
            ask()
        backend = connection.connection.info.backend_pid
        before, db_before = os.times(), _cpu_seconds(backend) or (0.0, 0.0)
        for _ in range(int(count)):
            ask()
        after, db_after = os.times(), _cpu_seconds(backend) or (0.0, 0.0)
        figures[key] = {
            "label": label + (f" ({paths[key + '_applications']} applications)" if key.startswith("ranking") else ""),
            "role": role,
            "user_ms": (after.user - before.user) * 1000 / int(count),
            "system_ms": (after.system - before.system) * 1000 / int(count),
            "db_ms": (sum(db_after) - sum(db_before)) * 1000 / int(count),
            "requests": int(count),
        }
        print(key, figures[key], flush=True)
    result(figures)


def seq_scanning_searches() -> list[str]:
    """Which of the rotating searches plan a sequential scan over the suppliers (explained_searches)."""
    return explained_searches()["scanning"]


COUNT_RUNS = 25  # runs of each search's count: /proc counts CPU in ticks of 10 ms


def explained_searches() -> dict:
    """Each rotating search's first page rendered through the Django stack, and every query it sends that reads
    procurement_supplier explained (EXPLAIN, the plan PostgreSQL would run with the database's settings):
    `scanning`, the searches with a sequential scan over the suppliers in any of their plans; `count_ms`, the
    CPU time of each search's count (the paginator's `SELECT COUNT(*)`) in the database backend (its /proc),
    over COUNT_RUNS runs after the page, without parallel workers (whose CPU the backend's /proc would not show),
    so that a machine busy with other work does not inflate it as it does a duration."""
    from urllib.parse import urlencode

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from procurement.models import Supplier

    client = Client(SERVER_NAME="localhost")
    client.get(reverse("procurement:directory"))  # the connection opened
    backend = connection.connection.info.backend_pid
    table = Supplier._meta.db_table
    scanning: list[str] = []
    count_ms: list[float] = []
    for search in ROTATING_SEARCHES:
        sent: list[tuple[str, tuple]] = []

        def record(execute, sql, params, many, context, sent=sent):
            sent.append((sql, params))
            return execute(sql, params, many, context)

        path = reverse("procurement:directory") + "?" + urlencode(search, doseq=True) + f"&fresh={time.time_ns()}"
        with connection.execute_wrapper(record):
            assert client.get(path).status_code == 200
        plans = []
        with connection.cursor() as cursor:
            for sql, params in sent:
                if table in sql and sql.lstrip().upper().startswith("SELECT"):
                    cursor.execute("EXPLAIN " + sql, params)
                    plans.append("\n".join(row[0] for row in cursor.fetchall()))
                if table in sql and sql.lstrip().upper().startswith("SELECT COUNT("):
                    cursor.execute("SET max_parallel_workers_per_gather = 0")
                    before = _cpu_seconds(backend) or (0.0, 0.0)
                    for _ in range(COUNT_RUNS):
                        cursor.execute(sql, params)
                        cursor.fetchall()
                    after = _cpu_seconds(backend) or (0.0, 0.0)
                    cursor.execute("RESET max_parallel_workers_per_gather")
                    count_ms.append((sum(after) - sum(before)) * 1000 / COUNT_RUNS)
        if any(f"Seq Scan on {table}" in plan for plan in plans):
            scanning.append(urlencode(search, doseq=True))
    return {"scanning": scanning, "count_ms": count_ms}


def child_seqscans() -> None:
    from procurement.models import Supplier

    scanning = seq_scanning_searches()
    print(f"{len(scanning)} of {len(ROTATING_SEARCHES)} searches plan a sequential scan over the suppliers")
    for each in scanning:
        print("  " + each)
    result({"searches": len(ROTATING_SEARCHES), "scanning": scanning, "suppliers": Supplier.objects.verified().count()})


GROWTH_SIZES = (1_000, 10_000, 100_000)
GROWTH_OFFSET = 10_000_000  # the ids of a copy: the original's plus a multiple of this


def directory_cost() -> dict:
    """CPU per request of the directory over the first page of every rotating search (a new URL each request),
    in this process: the application's user and system time and the database backend's."""
    from urllib.parse import urlencode

    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    client = Client(SERVER_NAME="localhost")
    paths = [reverse("procurement:directory") + "?" + urlencode(search, doseq=True) for search in ROTATING_SEARCHES]

    def ask(path: str) -> None:
        assert client.get(f"{path}&fresh={time.time_ns()}").status_code == 200

    for path in paths[:10]:  # warm up
        ask(path)
    backend = connection.connection.info.backend_pid
    before, db_before = os.times(), _cpu_seconds(backend) or (0.0, 0.0)
    for path in paths:
        ask(path)
    after, db_after = os.times(), _cpu_seconds(backend) or (0.0, 0.0)
    return {
        "user_ms": (after.user - before.user) * 1000 / len(paths),
        "system_ms": (after.system - before.system) * 1000 / len(paths),
        "db_ms": (sum(db_after) - sum(db_before)) * 1000 / len(paths),
        "requests": len(paths),
    }


def _copy_rows(cursor, table: str, copy: int, where: str, shifted: tuple[str, ...], nulled: tuple[str, ...] = ()):
    """INSERT … SELECT a copy of the rows of `table` that match `where`: ids and the foreign keys in `shifted`
    moved by copy × GROWTH_OFFSET, the columns in `nulled` left empty (unique ones such as a KvK number)."""
    cursor.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position", [table]
    )
    columns = [row[0] for row in cursor.fetchall()]
    values = [
        f"{column} + {copy * GROWTH_OFFSET}" if column in shifted else ("NULL" if column in nulled else column)
        for column in columns
    ]
    cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(values)} FROM {table} WHERE {where}")  # noqa: S608


def grow_suppliers(copies: int) -> None:
    """Copies of every verified supplier with its organisation, themes, delivery municipalities and products and
    services, in SQL (INSERT … SELECT), then the sequences and the planner's statistics brought up to date."""
    from django.db import connection

    original = f"id < {GROWTH_OFFSET}"
    verified = f"status = 'verified' AND {original}"
    with connection.cursor() as cursor:
        for copy in range(1, copies + 1):
            suppliers = f"SELECT id FROM procurement_supplier WHERE {verified}"  # noqa: S608
            organisations = f"SELECT organisation_id FROM procurement_supplier WHERE {verified}"  # noqa: S608
            _copy_rows(cursor, "accounts_organisation", copy, f"id IN ({organisations})", ("id",), ("kvk_number",))
            _copy_rows(
                cursor,
                "accounts_organisation_themes",
                copy,
                f"organisation_id IN ({organisations}) AND {original}",
                ("id", "organisation_id"),
            )
            _copy_rows(cursor, "procurement_supplier", copy, verified, ("id", "organisation_id"))
            for table in ("procurement_supplier_themes", "procurement_supplier_delivery_municipalities"):
                _copy_rows(cursor, table, copy, f"supplier_id IN ({suppliers}) AND {original}", ("id", "supplier_id"))
            _copy_rows(
                cursor,
                "procurement_offering",
                copy,
                f"supplier_id IN ({suppliers}) AND {original}",
                ("id", "supplier_id"),
            )
        for table in (
            "accounts_organisation",
            "accounts_organisation_themes",
            "procurement_supplier",
            "procurement_supplier_themes",
            "procurement_supplier_delivery_municipalities",
            "procurement_offering",
        ):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")  # noqa: S608
            cursor.execute(f"ANALYZE {table}")


def child_growth() -> None:
    """The directory's cost per request at 1,000, 10,000 and 100,000 verified suppliers, on a copy of the scale
    set (the parent makes it from the scale database and drops it afterwards): 10,000 as built, 1,000 with the
    others set aside (pending) for a moment, 100,000 with nine copies of every verified supplier; and which
    rotating searches plan a sequential scan over the suppliers at 100,000."""
    from django.db import connection

    from core import pagecache
    from procurement.models import Supplier

    figures: dict = {"sizes": {}}

    def measured(size: int) -> None:
        pagecache.forget_pages()
        count = Supplier.objects.verified().count()
        figures["sizes"][str(size)] = directory_cost() | {"verified": count}
        print(size, figures["sizes"][str(size)], flush=True)

    measured(10_000)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE set_aside AS SELECT id FROM procurement_supplier WHERE status = 'verified' "
            "ORDER BY id OFFSET 1000"
        )
        cursor.execute("UPDATE procurement_supplier SET status = 'pending' WHERE id IN (SELECT id FROM set_aside)")
        cursor.execute("ANALYZE procurement_supplier")
    measured(1_000)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE procurement_supplier SET status = 'verified' WHERE id IN (SELECT id FROM set_aside)")
    started = time.monotonic()
    grow_suppliers(9)
    figures["grow_seconds"] = time.monotonic() - started
    print(f"grown to 100,000 in {figures['grow_seconds']:.0f} s", flush=True)
    measured(100_000)
    figures |= explained_searches()
    figures["searches"] = len(ROTATING_SEARCHES)
    print(f"{len(figures['scanning'])} of {len(ROTATING_SEARCHES)} searches plan a sequential scan at 100,000")
    result(figures)


SKIP_NAMESPACES = {"admin"}
SKIP_NAMES = {"set_language", "healthz"}


def html_pages_without_arguments() -> list[tuple[str, str]]:
    """(name, path) of every URL of the portal that takes no arguments, outside the admin and allauth."""
    from django.urls import URLPattern, URLResolver, get_resolver, reverse

    pages = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name and pattern.pattern.regex.groups == 0:
                if namespace in SKIP_NAMESPACES or pattern.name in SKIP_NAMES or not namespace:
                    continue
                name = f"{namespace}:{pattern.name}"
                try:
                    pages.append((name, reverse(name)))
                except Exception:  # noqa: S112 (a pattern that needs arguments after all)
                    continue

    walk(get_resolver().url_patterns, None)
    return sorted(set(pages))


def child_querycounts(size: str) -> None:
    """Queries of every HTML page without arguments, for every role that may see it, plus the load-tested
    searches; with the Django test client and CaptureQueriesContext."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from accounts.models import User

    # What rendering a page asks of the database, not what the kept pages (core.pagecache) spare it.
    override_settings(CACHES={"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}).enable()
    emails = accounts_of(size)
    clients = {"anonymous": Client()}
    for role, email in emails.items():
        if not User.objects.filter(email=email).exists():
            continue
        client = Client()
        client.force_login(bench_user(email))  # staff with an authenticator: without one they reach nothing
        clients[role] = client
    paths = bench_paths()
    pages = [
        *html_pages_without_arguments(),
        ("directory search", paths["directory"]),
        ("admin search", paths["admin_suppliers"]),
    ]
    for client in clients.values():  # warm up: the process-wide caches (content types, templates, translations)
        client.get(paths["directory"])
    counts = {}
    for name, path in pages:
        for role, client in clients.items():
            if role == "admin" and not name.startswith("admin"):
                continue
            if role == "coach" and not name.startswith("challenges:coaching"):  # an entrepreneur who coaches
                continue
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
                counts[f"{name} [{role}]"] = {
                    "queries": [query_kind(query["sql"]) for query in queries.captured_queries],
                    "ms": round(elapsed, 1),
                }
    result(counts)


def query_kind(sql: str) -> str:
    """A query in short: what it does and the first table it reads, e.g. 'COUNT procurement_supplier'."""
    table = re.search(r'FROM "(\w+)"', sql)
    verb = "COUNT" if sql.startswith("SELECT COUNT(") else sql.split(" ", 1)[0]
    return f"{verb} {table.group(1) if table else ''}".strip()


CHILDREN: dict[str, Callable[..., None]] = {
    "sessions": child_sessions,
    "suggestions": child_suggestions,
    "letters40": child_letters40,
    "directory_searches": child_directory_searches,
    "querycounts": child_querycounts,
    "profile": child_profile,
    "signed_in": child_signed_in,
    "seqscans": child_seqscans,
    "growth": child_growth,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", nargs="?", default="all", choices=["all", "table", "child", "profile"])
    parser.add_argument("child", nargs="*")
    args = parser.parse_args()
    if args.what == "child":
        django_setup()
        name, *rest = args.child
        CHILDREN[name](*rest)
        return
    if args.what == "profile":  # bench/run.py profile [directory_rotating|admin_rotating] [role] [requests]
        run_child("profile", bench_env(SCALE_DB), *args.child, echo=True)
        return
    if args.what == "table":  # print the table of the last run again
        figures = json.loads((OUT / "latest.json").read_text())
        print(render_table(figures))
        return
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: stop what we started
    figures = run_all()
    table = render_table(figures)
    path = save(figures, table)
    print()
    print(table)
    print(f"\nSaved to {path.relative_to(ROOT)} (and bench/out/latest.txt).")


if __name__ == "__main__":
    main()
