"""Benchmark of the council letter: the render time and peak memory of the demo letter about 2020,
and the time to render 40 letters with two Celery workers on Redis.

    # one letter, in this process (any database; seeds the demo data if needed)
    .venv/bin/python bench/reporting_letter.py

    # and 40 letters through Redis and a Celery worker with two pool processes (PostgreSQL or a
    # SQLite file that the worker can open too)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/impactportaal_bench \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/0 \\
    .venv/bin/python bench/reporting_letter.py --letters 40 --workers 2

The single render runs in a fresh child process so that its peak resident memory (ru_maxrss, which
includes Django and WeasyPrint themselves) is the letter's alone. The 40 letters are 40 PDF jobs of a
benchmark letter (a copy of the demo letter for another year, deleted afterwards), queued at once on
a queue of the benchmark's own; the clock runs from queueing to the last one ready. Prints one line
per figure and, last, `RESULT {json}`.
"""
# ruff: noqa: S603

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUEUE = "bench-reporting"
TARGETS = {"render_seconds": 3.0, "peak_mb": 300, "forty_letters_seconds": 90.0}


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactportal.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def demo_letter():
    from django.core.management import call_command

    from reporting.models import Letter

    letter = Letter.objects.filter(programme__municipality__slug="groningen", year=2020).first()
    if letter is None:
        call_command("seed_demo", verbosity=0)
        letter = Letter.objects.get(programme__municipality__slug="groningen", year=2020)
    return letter


def bare_weasyprint_seconds(content: dict, figures: dict) -> float:
    """The median of three plain `HTML(...).write_pdf()` of the letter's own HTML (the same fetcher for its
    stylesheet and charts): no PDF/A, no tags, none of the portal's wrappers. Run before the portal's render,
    which installs its tagging wrappers in the process."""
    from django.utils import timezone
    from weasyprint import HTML

    from reporting import renderer

    now = timezone.now()
    html = renderer.letter_document_html(content, figures, created=now, modified=now)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        HTML(
            string=html, base_url=renderer.INTERNAL_ORIGIN + "/", url_fetcher=renderer.letter_url_fetcher([])
        ).write_pdf()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def render_once() -> dict:
    """In a fresh process: bare WeasyPrint on the letter's HTML three times, then the portal's render three
    times; the first (cold) and the medians."""
    setup_django()
    from reporting import renderer, services

    letter = demo_letter()
    content, figures = services.frozen_or_live(letter)
    bare_seconds = bare_weasyprint_seconds(content, figures)
    times, pages = [], 0
    for _ in range(3):
        result = renderer.render_pdf(content, figures)
        times.append(result.seconds)
        pages = result.pdf.count(b"/Type /Page\n") or pages
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "cold_seconds": times[0],
        "render_seconds": statistics.median(times),
        "bare_weasyprint_seconds": bare_seconds,
        "peak_mb": peak_mb,
        "bytes": len(result.pdf),
    }


def child(*args: str) -> dict:
    output = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("CHILD "))
    return json.loads(line.removeprefix("CHILD "))


def forty_letters(count: int, workers: int) -> dict:
    setup_django()
    from django.conf import settings

    from impactportal.celery import app
    from reporting import services
    from reporting.models import Letter, LetterVersion

    if not settings.CELERY_BROKER_URL:
        raise SystemExit("The 40-letter run needs CELERY_BROKER_URL (Redis) and a database the worker can open.")
    source = demo_letter()
    Letter.objects.filter(programme=source.programme, subject__startswith="[bench]").delete()
    lettered = set(Letter.objects.filter(programme=source.programme).values_list("year", flat=True))
    free = [year for year in source.programme.years if year not in lettered]  # the demo has letters of some years
    if not free:
        raise SystemExit("The 40-letter run needs a year of the demo's Groningen programme without a letter.")
    bench_year = max(free)
    letter = services.letter_create(
        programme=source.programme,
        year=bench_year,
        user=source.created_by,
        subject=f"[bench] {source.subject}",
        author_name=source.author_name,
        letter_date=source.letter_date,
        introduction=source.introduction,
        developments=source.developments,
        closing=source.closing,
    )
    for section in source.sections.all():
        services.section_update(
            letter=letter,
            action_line=section.action_line,
            body=section.body,
            figure_groups=section.figure_groups,
            user=source.created_by,
        )
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "impactportal",
            "worker",
            "-Q",
            QUEUE,
            f"--concurrency={workers}",
            "--pool=prefork",
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"bench-reporting-{os.getpid()}@%h",
        ],
        cwd=ROOT,
    )
    try:
        app.conf.task_default_queue = QUEUE
        deadline = time.monotonic() + 60
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the Celery worker did not start")
        time.sleep(2)  # let both pool processes finish importing
        started = time.perf_counter()
        versions = [services.version_request(letter=letter, user=source.created_by) for _ in range(count)]
        pks = [version.pk for version in versions]
        while True:
            done = LetterVersion.objects.filter(pk__in=pks, status__in=LetterVersion.FINISHED).count()
            if done == count or time.perf_counter() - started > 900:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        ready = LetterVersion.objects.filter(pk__in=pks, status=LetterVersion.Status.READY)
        render_times = list(ready.values_list("render_seconds", flat=True))
        summary = {
            "letters": count,
            "workers": workers,
            "ready": len(render_times),
            "forty_letters_seconds": elapsed,
            "median_render_in_worker": statistics.median(render_times) if render_times else None,
        }
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        for version in LetterVersion.objects.filter(letter=letter):
            if version.file:
                version.file.delete(save=False)
        letter.delete()
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--letters", type=int, default=0, help="also render this many letters on Redis (e.g. 40)")
    parser.add_argument("--workers", type=int, default=2, help="Celery pool processes for that run")
    parser.add_argument("mode", nargs="?", default="main", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode == "render-once":
        print("CHILD " + json.dumps(render_once()))
        return
    result = child("render-once")
    print(
        f"render time, 2020 letter   {result['render_seconds']:.2f} s "
        f"(cold {result['cold_seconds']:.2f} s; target < 3 s)"
    )
    print(
        f"bare WeasyPrint, same HTML  {result['bare_weasyprint_seconds']:.2f} s "
        f"(the portal's render is {result['render_seconds'] / result['bare_weasyprint_seconds']:.2f} times it; "
        "target at most 1.3)"
    )
    print(f"peak memory, render process {result['peak_mb']:.0f} MB (target < 300 MB)")
    print(f"PDF size                    {result['bytes'] / 1024:.0f} KiB")
    if args.letters:
        result |= forty_letters(args.letters, args.workers)
        print(
            f"{args.letters} letters, {args.workers} workers   {result['forty_letters_seconds']:.1f} s "
            f"({result['ready']} ready; median render in a worker "
            f"{result['median_render_in_worker']:.2f} s; target < 90 s)"
        )
    print("RESULT " + json.dumps(result))


if __name__ == "__main__":
    main()
