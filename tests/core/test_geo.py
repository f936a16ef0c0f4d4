"""core.geo: postcodes to places, distances, and distance ranking in the database."""

import pytest
from django.db.models import Case, FloatField, Value, When

from accounts.models import Municipality
from core.geo import Point, bounding_box, distance_expression, distance_km, locate, normalise_postcode
from tests.factories import MunicipalityFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9712ab", "9712 AB"),
        (" 9712 AB ", "9712 AB"),
        ("2011VA", "2011 VA"),
        ("9712", "9712"),
        ("0712 AB", None),
        ("971 AB", None),
        ("9712 SS", None),
        ("B-1000", None),
        ("", None),
        (None, None),
    ],
)
def test_it_normalises_dutch_postcodes(text, expected):
    assert normalise_postcode(text) == expected


def test_it_puts_groningen_and_haarlem_about_150_km_apart():
    assert 145 <= distance_km(locate("9712 AB"), locate("2011 VA")) <= 160


def test_it_locates_every_region_inside_the_netherlands():
    for region in range(10, 100):
        point = locate(f"{region}00 AA")
        assert point is not None, region
        assert 50.7 <= point.latitude <= 53.6 and 3.3 <= point.longitude <= 7.3, region


def test_it_falls_back_to_the_region_for_unknown_codes_and_refuses_nonsense():
    assert locate("9700 RL") is not None  # a PO box code, not an area
    assert locate("not a postcode") is None


def test_it_tells_neighbourhoods_of_one_city_apart():
    centre, beijum, haren = locate("9711 CD"), locate("9733 AA"), locate("9751 AA")
    assert 1 < distance_km(centre, beijum) < 8
    assert 3 < distance_km(centre, haren) < 10


def test_it_measures_known_distances():
    amsterdam, rotterdam, utrecht = locate("1011 AB"), locate("3011 AB"), locate("3511 AB")
    assert 50 <= distance_km(amsterdam, rotterdam) <= 65
    assert 30 <= distance_km(amsterdam, utrecht) <= 40
    assert distance_km(amsterdam, amsterdam) == 0


def test_it_draws_a_box_around_everything_within_range():
    centre = locate("9712 AB")
    min_lat, max_lat, min_lon, max_lon = bounding_box(centre, 10)
    for north, east in [(10, 0), (0, 10), (-7, -7), (7, 7)]:
        probe = Point(centre.latitude + north / 111.2, centre.longitude + east / (111.2 * 0.6))
        if distance_km(centre, probe) <= 10:
            assert min_lat <= probe.latitude <= max_lat and min_lon <= probe.longitude <= max_lon
    haarlem = locate("2011 VA")
    assert not (min_lat <= haarlem.latitude <= max_lat and min_lon <= haarlem.longitude <= max_lon)


PLACES = {"haren": "9751 AA", "haarlem": "2011 VA", "beijum": "9733 AA", "enschede": "7511 AA"}


def _with_coordinates(queryset):
    points = {slug: locate(postcode) for slug, postcode in PLACES.items()}
    return queryset.annotate(
        lat=Case(*[When(slug=s, then=Value(p.latitude)) for s, p in points.items()], output_field=FloatField()),
        lon=Case(*[When(slug=s, then=Value(p.longitude)) for s, p in points.items()], output_field=FloatField()),
    )


@pytest.mark.django_db
def test_it_ranks_rows_by_distance_in_the_database_like_haversine():
    for slug in PLACES:
        MunicipalityFactory(name=slug.title(), slug=slug)
    origin = locate("9712 AB")

    ranked = list(
        _with_coordinates(Municipality.objects.all())
        .annotate(distance=distance_expression(origin, "lat", "lon"))
        .order_by("distance")
        .values_list("slug", "distance")
    )

    expected = sorted(PLACES, key=lambda slug: distance_km(origin, locate(PLACES[slug])))
    assert [slug for slug, _ in ranked] == expected
    for slug, distance in ranked:
        assert distance == pytest.approx(distance_km(origin, locate(PLACES[slug])), rel=0.01)


@pytest.mark.django_db
def test_it_filters_rows_within_a_radius_in_the_database():
    for slug in PLACES:
        MunicipalityFactory(name=slug.title(), slug=slug)
    nearby = (
        _with_coordinates(Municipality.objects.all())
        .annotate(distance=distance_expression(locate("9712 AB"), "lat", "lon"))
        .filter(distance__lte=15)
    )
    assert sorted(nearby.values_list("slug", flat=True)) == ["beijum", "haren"]
