"""The demo data: Omarm Groningen 2020, Haarlem's beursvloer and its Buy Social Marktplaats, idempotent."""

import pytest

from accounts.demo import seed_accounts
from accounts.models import Municipality
from matching import selectors
from matching.demo import seed_matching
from matching.demo_buy_social import seed_buy_social
from matching.models import Beursvloer, Match, MatchEvent, Need, Offer
from procurement.demo import seed_procurement

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Need, Offer, Match, MatchEvent, Beursvloer)]


def test_it_seeds_omarm_groningen_2020_and_changes_nothing_the_second_time():
    seed_accounts()
    seed_matching()
    first = counts()
    seed_matching()
    assert counts() == first

    groningen = Municipality.objects.get(slug="groningen")
    figures = selectors.match_figures(groningen, 2020)
    assert figures.made == 15
    assert figures.in_preparation >= 40
    made = Match.objects.filter(municipality=groningen, status="made")
    assert made.filter(need__organisation__name="Helpdesk050").exists()
    assert made.filter(need__organisation__name="Kledingbank Zeecontainer").exists()
    start_event = Beursvloer.objects.get(municipality=groningen, date__year=2020, date__month=9)
    assert start_event.matches.filter(status="preparation").count() >= 40
    assert Beursvloer.objects.filter(municipality__slug="haarlem").exists()
    every_match_has_a_trail = not Match.objects.filter(events__isnull=True).exists()
    assert every_match_has_a_trail


def test_it_seeds_haarlems_buy_social_marktplaats_after_the_suppliers_and_changes_nothing_the_second_time():
    seed_accounts()
    seed_matching()
    seed_procurement()
    seed_buy_social()
    seed_buy_social()

    event = Beursvloer.objects.get(name="Buy Social Marktplaats Haarlem 2021")
    assert event.is_buy_social and event.municipality.slug == "haarlem"
    assert event.created_by.email == "coordinator.haarlem@impactportaal.test"
    result = selectors.deal_result(event)
    assert result.deals == 6 and result.companies == 4 and result.enterprises == 5
    assert event.deals.filter(company__name="Aannemersbedrijf Van Duin BV", company__kind="company").count() == 2
    assert not event.deals.exclude(company__municipality=event.municipality).exists()
    assert not event.deals.exclude(enterprise__municipality=event.municipality).exists()
