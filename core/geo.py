"""Dutch postcodes to approximate locations, and distances between them.

Offline and dependency-free: coordinates come from core/data/pc4.csv (4-digit postcode areas, place-level
precision) with core/data/pc2.csv (2-digit regions) as fallback; see core/data/README.md for
sources, precision and licences. Apps store latitude/longitude on their own models, pre-filter with
`bounding_box` and rank in the database with `distance_expression`:

    point = locate("9712 AB")
    min_lat, max_lat, min_lon, max_lon = bounding_box(point, 10)
    offers = (
        Offer.objects.filter(latitude__range=(min_lat, max_lat), longitude__range=(min_lon, max_lon))
        .annotate(distance=distance_expression(point))
        .order_by("distance")
    )
"""

import csv
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import ExpressionWrapper, F, FloatField, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Sqrt

DATA_DIR = Path(__file__).resolve().parent / "data"
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180  # about 111.2 km per degree of latitude

_POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*([A-Za-z]{2})?\s*$")
_EXCLUDED_LETTERS = {"SA", "SD", "SS"}  # never issued by PostNL


@dataclass(frozen=True)
class Point:
    """A position in WGS84 degrees."""

    latitude: float
    longitude: float


def normalise_postcode(text: str | None) -> str | None:
    """Return "9712 AB" for "9712ab", " 9712 AB " etc.; a bare "9712" stays "9712"; None if not Dutch."""
    match = _POSTCODE.match(text or "")
    if not match:
        return None
    digits, letters = match.group(1), (match.group(2) or "").upper()
    if not letters:
        return digits
    if letters in _EXCLUDED_LETTERS:
        return None
    return f"{digits} {letters}"


@cache
def _table(filename: str) -> dict[str, Point]:
    with open(DATA_DIR / filename, newline="", encoding="utf-8") as data:
        reader = csv.reader(data)
        next(reader)  # header
        return {row[0]: Point(float(row[1]), float(row[2])) for row in reader}


def locate(postcode: str | None) -> Point | None:
    """The approximate location of a Dutch postcode (or its 4 digits): its PC4 area if known, else its
    2-digit region, else None. Place-level precision: expect an error of a few kilometres."""
    normalised = normalise_postcode(postcode)
    if normalised is None:
        return None
    digits = normalised[:4]
    return _table("pc4.csv").get(digits) or _table("pc2.csv").get(digits[:2])


def distance_km(a: Point, b: Point) -> float:
    """Great-circle (haversine) distance in kilometres."""
    lat_a, lat_b = math.radians(a.latitude), math.radians(b.latitude)
    half_dlat = (lat_b - lat_a) / 2
    half_dlon = math.radians(b.longitude - a.longitude) / 2
    h = math.sin(half_dlat) ** 2 + math.cos(lat_a) * math.cos(lat_b) * math.sin(half_dlon) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(point: Point, km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box that contains every point within `km` of `point`.

    Use it as a cheap, index-friendly database pre-filter; then rank or cut exactly by distance."""
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(math.cos(math.radians(point.latitude)), 0.01))
    return (point.latitude - dlat, point.latitude + dlat, point.longitude - dlon, point.longitude + dlon)


def distance_expression(
    point: Point, lat_field: str | Combinable = "latitude", lon_field: str | Combinable = "longitude"
) -> Sqrt:
    """An ORM expression for the approximate distance in km from `point` to each row's coordinates.

    Equirectangular approximation: + - * with a constant cos(latitude) factor computed here, and Sqrt,
    which PostgreSQL has and Django registers on every SQLite connection. Within the Netherlands it is
    within a fraction of a percent of haversine, so `.annotate(distance=...).order_by("distance")` and
    `.filter(distance__lte=km)` work in the database. NULL coordinates give NULL.
    """
    latitude = F(lat_field) if isinstance(lat_field, str) else lat_field
    longitude = F(lon_field) if isinstance(lon_field, str) else lon_field
    lat_scale = Value(KM_PER_DEGREE)
    lon_scale = Value(KM_PER_DEGREE * math.cos(math.radians(point.latitude)))
    north = (latitude - Value(point.latitude)) * lat_scale
    east = (longitude - Value(point.longitude)) * lon_scale
    return Sqrt(ExpressionWrapper(north * north + east * east, output_field=FloatField()))
