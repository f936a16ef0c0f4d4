"""Each list of the API costs the same number of queries whatever the number of objects on its page."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import Theme
from procurement import services
from procurement.search import _fewest_prefixes
from programmes.challenges.models import Stage
from tests.challenges.factories import ApplicationFactory, ChallengeFactory
from tests.factories import ThemeFactory
from tests.matching.factories import NeedFactory, OfferFactory
from tests.procurement.factories import OfferingFactory
from tests.programmes.factories import ActionLineFactory, ActivityFactory, PartnerFactory, ProgrammeFactory

from .conftest import build_world, published_letter, supplier_in


def add_objects(world, n):
    """`n` more public objects of every kind, each with its related objects."""
    themes = [ThemeFactory(code=Theme.Code.CARE), ThemeFactory(code=Theme.Code.FOOD)]
    for i in range(n):
        supplier = supplier_in(world.groningen, f"Leverancier {i}")
        supplier.themes.set(themes)
        supplier.delivery_municipalities.set([world.haarlem])
        OfferingFactory.create_batch(2, supplier=supplier)
        services.suppliers_refresh_search([supplier.pk])  # PostgreSQL's search vector
        NeedFactory(municipality=world.groningen, themes=themes)
        OfferFactory(municipality=world.haarlem, themes=themes)
        line = ActionLineFactory(programme=ProgrammeFactory(municipality=world.groningen))
        ActivityFactory(action_line=line, organiser=PartnerFactory(municipality=world.groningen))
        opened = timezone.now() - dt.timedelta(days=40)
        challenge = ChallengeFactory(
            action_line=line, results_public=True, opens_at=opened, closes_at=opened + dt.timedelta(days=20)
        )
        ApplicationFactory.create_batch(2, challenge=challenge, stage=Stage.FINALIST)
        published_letter(line.programme, 2000 + i, {"matches": i})


def queries_of(client, url, **params):
    _fewest_prefixes.cache_clear()  # PostgreSQL turns a search word into its lexemes once per process: each time here
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(queries)


LISTS = [
    ("api:supplier-list", {}),
    ("api:supplier-list", {"q": "leverancier", "theme": "care", "region": "regio-noord", "postcode": "9712"}),
    ("api:need-list", {"theme": "care"}),
    ("api:offer-list", {"near": "9712 AB"}),
    ("api:activity-list", {"municipality": "groningen"}),
    ("api:challenge-result-list", {}),
    ("api:letter-figures-list", {"municipality": "groningen"}),
]


@pytest.mark.parametrize(("url_name", "params"), LISTS, ids=[f"{name}-{len(p)}" for name, p in LISTS])
def test_a_list_costs_the_same_queries_for_few_and_many_objects(client, db, url_name, params):
    world = build_world()
    url = reverse(url_name)
    add_objects(world, 1)
    few = queries_of(client, url, **params)
    add_objects(world, 6)
    many = queries_of(client, url, **params)
    assert client.get(url, params).json()["count"] > 1, "the list should show several objects"
    assert many == few, f"{url_name}: {few} queries for a few, {many} for many"
