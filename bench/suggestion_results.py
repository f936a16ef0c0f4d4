"""The suggestions matching ranks for every open need and every open offer of a few municipalities of the scale set,
to compare two versions of the code: for each, the top 20 in their order with their scores, the score's parts and
the reasons in words.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a scale database> \\
        .venv/bin/python bench/suggestion_results.py [slug,...] > before.json   # on one branch, then after.json
    .venv/bin/python bench/suggestion_results.py compare before.json after.json

The municipalities are the given slugs (default: Groningen and the first three others by name). It only reads, with
`matching.selectors.suggestions_for_need` and `suggestions_for_offer` as the suggestion pages call them. `compare`
prints each need or offer whose suggestions differ, the first place where they do, and exits 1 when any does.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_OTHERS = 3


def _shown(suggestions) -> list[list]:
    return [
        [
            s.listing.pk,
            s.score,
            s.kind_count,
            s.theme_count,
            s.distance_km,
            s.distance_points,
            s.availability_points,
            s.explanation,
        ]
        for s in suggestions
    ]


def results(slugs: list[str]) -> dict[str, list[list]]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactportal.settings")
    django.setup()
    from django.utils import translation

    from accounts.models import Municipality
    from matching import selectors
    from matching.models import Need, Offer

    if not slugs:
        others = Municipality.objects.exclude(slug="groningen").order_by("name")[:DEFAULT_OTHERS]
        slugs = ["groningen", *others.values_list("slug", flat=True)]
    found: dict[str, list[list]] = {}
    with translation.override("nl"):
        for slug in slugs:
            needs = Need.objects.filter(municipality__slug=slug, status=Need.Status.OPEN).prefetch_related("themes")
            for need in needs.order_by("pk"):
                found[f"{slug} need {need.pk}"] = _shown(selectors.suggestions_for_need(need))
            offers = Offer.objects.filter(municipality__slug=slug, status=Offer.Status.OPEN).prefetch_related("themes")
            for offer in offers.order_by("pk"):
                found[f"{slug} offer {offer.pk}"] = _shown(selectors.suggestions_for_offer(offer))
    return found


def compare(before: dict[str, list[list]], after: dict[str, list[list]]) -> int:
    differing = 0
    for key in sorted(before.keys() | after.keys()):
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        differing += 1
        if old is None or new is None:
            print(f"{key}: only {'after' if old is None else 'before'}")
            continue
        place = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
        print(f"{key}: differs at place {place + 1}: {old[place : place + 1]} before, {new[place : place + 1]} after")
    suggested = sum(len(shown) for shown in before.values())
    print(f"{len(before)} rankings ({suggested} suggestions) before, {len(after)} after; {differing} differ")
    return 1 if differing else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["compare"]:
        before, after = (json.loads(Path(path).read_text()) for path in sys.argv[2:4])
        sys.exit(compare(before, after))
    json.dump(results([slug for arg in sys.argv[1:] for slug in arg.split(",") if slug]), sys.stdout, indent=0)
