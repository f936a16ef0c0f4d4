"""What the public directory shows for every rotating search (bench/run.py's ROTATING_SEARCHES), to compare two
versions of the code: pages 1 to 5 of each (as far as it has them), each with the suppliers' ids in their order,
the count, whether there are more than the directory counts, and the heading that says how many were found.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a scale database> \\
        .venv/bin/python bench/directory_results.py > before.json     # on one branch, then after.json on another
    .venv/bin/python bench/directory_results.py compare before.json after.json

It reads the database through the directory's own view (the test client, with DEBUG's settings or production's),
a parameter of its own on every request so that no kept page answers. `compare` prints each search whose pages
differ, the first page that does and how, and exits 1 when any does.
"""

import json
import os
import re
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PAGES = 5
HEADING = re.compile(r'<h2[^>]*id="results-heading"[^>]*>(.*?)</h2>', re.S)


def results() -> dict[str, list[dict]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactportal.settings")
    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from bench.run import ROTATING_SEARCHES

    setup_test_environment()  # the response's context
    client = Client(SERVER_NAME="localhost")
    found: dict[str, list[dict]] = {}
    for search in ROTATING_SEARCHES:
        key = urlencode(search, doseq=True)
        pages = []
        for number in range(1, PAGES + 1):
            response = client.get(f"{reverse('procurement:directory')}?{key}&page={number}&fresh={time.time_ns()}")
            assert response.status_code == 200, (key, number, response.status_code)
            page = response.context["page_obj"]
            pages.append(
                {
                    "page": page.number,
                    "ids": [card.pk for card in page.object_list],
                    "count": page.paginator.count,
                    "more": page.paginator.more,
                    "heading": [" ".join(text.split()) for text in HEADING.findall(response.content.decode())],
                }
            )
            if not page.has_next():
                break
        found[key] = pages
    return found


def compare(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> int:
    differing = 0
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key, []), after.get(key, [])
        if old == new:
            continue
        differing += 1
        for first, second in zip(old, new, strict=False):
            if first != second:
                changed = {name: (first[name], second.get(name)) for name in first if first[name] != second.get(name)}
                print(f"{key}: page {first['page']} differs: {changed}")
                break
        else:
            print(f"{key}: {len(old)} pages before, {len(new)} after")
    print(f"{len(before)} searches before, {len(after)} after; {differing} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["compare"]:
        before, after = (json.loads(Path(path).read_text()) for path in sys.argv[2:4])
        sys.exit(compare(before, after))
    json.dump(results(), sys.stdout, indent=0, sort_keys=True)
