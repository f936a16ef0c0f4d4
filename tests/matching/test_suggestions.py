"""The suggestion score: each component, ties, distance, what is left out, and the reasons in words."""

import datetime

import pytest
from django.utils import timezone, translation

from accounts.models import Theme
from matching import selectors
from matching.models import Match, Need
from tests.matching.factories import MatchFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db

# Points a few kilometres from Groningen's centre (53.2194, 6.5665).
CENTRE = (53.2194, 6.5665)
THREE_KM_EAST = (53.2194, 6.6115)  # about 3 km
TEN_KM_NORTH = (53.3093, 6.5665)  # about 10 km
TWENTY_KM_SOUTH = (53.0395, 6.5665)  # about 20 km


def theme(code):
    return Theme.objects.get_or_create(code=code)[0]


@pytest.fixture
def need(groningen):
    return NeedFactory(
        municipality=groningen, help_time=True, help_money=True, themes=[theme("care"), theme("poverty")]
    )


def offer(groningen, at=CENTRE, **fields):
    fields.setdefault("help_time", False)
    return OfferFactory(municipality=groningen, latitude=at[0], longitude=at[1], **fields)


def ranked(need):
    return {suggestion.listing.pk: suggestion for suggestion in selectors.suggestions_for_need(need)}


def test_it_gives_three_points_per_kind_of_help_wanted_and_offered(groningen, need):
    both = offer(groningen, help_time=True, help_money=True)
    one = offer(groningen, help_money=True)
    network_only = offer(groningen, help_network=True, themes=[theme("care")])
    scores = ranked(need)
    assert scores[both.pk].kind_count == 2
    assert scores[one.pk].kind_count == 1
    assert scores[network_only.pk].kind_count == 0
    assert scores[both.pk].score - scores[one.pk].score == selectors.KIND_POINTS


def test_it_gives_two_points_per_shared_theme(groningen, need):
    two = offer(groningen, help_time=True, themes=[theme("care"), theme("poverty"), theme("food")])
    one = offer(groningen, help_time=True, themes=[theme("care")])
    none = offer(groningen, help_time=True, themes=[theme("food")])
    scores = ranked(need)
    assert (scores[two.pk].theme_count, scores[one.pk].theme_count, scores[none.pk].theme_count) == (2, 1, 0)
    assert scores[two.pk].score - scores[one.pk].score == selectors.THEME_POINTS
    assert scores[one.pk].score - scores[none.pk].score == selectors.THEME_POINTS


def test_it_gives_more_points_the_nearer_the_offer(groningen, need):
    near = offer(groningen, at=THREE_KM_EAST, help_time=True)
    nearby = offer(groningen, at=TEN_KM_NORTH, help_time=True)
    far = offer(groningen, at=TWENTY_KM_SOUTH, help_time=True, radius_km=50)
    unknown = offer(groningen, at=(None, None), help_time=True)
    scores = ranked(need)
    assert scores[near.pk].distance_points == 3
    assert scores[nearby.pk].distance_points == 2
    assert scores[far.pk].distance_points == 1
    assert scores[unknown.pk].distance_points == 0
    assert scores[near.pk].distance_km == pytest.approx(3.0, abs=0.3)
    assert scores[far.pk].distance_km == pytest.approx(20.0, abs=0.5)


def test_it_leaves_out_an_offer_beyond_the_distance_the_entrepreneur_will_travel(groningen, need):
    too_far = offer(groningen, at=TWENTY_KM_SOUTH, help_time=True, radius_km=15)
    assert too_far.pk not in ranked(need)


def test_it_gives_a_point_when_the_offer_lasts_until_the_need_is_due(groningen, need):
    today = timezone.localdate()
    need.needed_by = today + datetime.timedelta(days=60)
    need.save()
    lasting = offer(groningen, help_time=True, available_until=today + datetime.timedelta(days=90))
    open_ended = offer(groningen, help_time=True, available_until=None)
    short = offer(groningen, help_time=True, available_until=today + datetime.timedelta(days=30))
    scores = ranked(need)
    assert scores[lasting.pk].availability_points == 1
    assert scores[open_ended.pk].availability_points == 1
    assert scores[short.pk].availability_points == 0


def test_it_leaves_out_offers_that_ended_are_closed_or_share_nothing(groningen, need, haarlem):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    ended = offer(groningen, help_time=True, available_until=yesterday)
    closed = offer(groningen, help_time=True, status="closed")
    unrelated = offer(groningen, help_goods=True, themes=[theme("energy")])
    elsewhere = OfferFactory(municipality=haarlem, help_time=True)
    assert set(ranked(need)) & {ended.pk, closed.pk, unrelated.pk, elsewhere.pk} == set()


def test_it_leaves_out_an_entrepreneur_who_already_has_an_open_match_for_the_need(groningen, need):
    matched = offer(groningen, help_time=True)
    MatchFactory(need=need, enterprise=matched.organisation, offer=matched, status=Match.Status.PREPARATION)
    declined = offer(groningen, help_time=True)
    MatchFactory(need=need, enterprise=declined.organisation, offer=declined, status=Match.Status.DECLINED)
    scores = ranked(need)
    assert matched.pk not in scores
    assert declined.pk in scores


def test_it_ranks_by_score_then_nearer_then_newer(groningen, need):
    best = offer(groningen, help_time=True, help_money=True, themes=[theme("care")])
    tie_far = offer(groningen, at=TEN_KM_NORTH, help_time=True, themes=[theme("poverty")])
    tie_near_old = offer(groningen, at=THREE_KM_EAST, help_time=True, themes=[theme("poverty")])
    tie_near_new = offer(groningen, at=THREE_KM_EAST, help_time=True, themes=[theme("care")])
    order = [suggestion.listing.pk for suggestion in selectors.suggestions_for_need(need)]
    assert order == [best.pk, tie_near_new.pk, tie_near_old.pk, tie_far.pk]
    scores = ranked(need)
    # tie_far gets one distance point less; the two near ones have equal scores and differ only in age
    assert scores[tie_near_new.pk].score == scores[tie_near_old.pk].score == scores[tie_far.pk].score + 1


def test_it_explains_the_score_in_words(groningen, need):
    today = timezone.localdate()
    until = datetime.date(today.year + 1, 6, 30)
    offer(groningen, at=THREE_KM_EAST, help_money=True, euros=500, themes=[theme("care")], available_until=until)
    with translation.override("en"):
        [suggestion] = selectors.suggestions_for_need(need)
    assert suggestion.explanation == (
        f"both about Care and well-being; money wanted and offered; 3 km apart; available until June {until.year}"
    )
    with translation.override("nl"):
        [suggestion] = selectors.suggestions_for_need(need)
    assert "beide over Zorg en welzijn" in suggestion.explanation
    assert "3 km uit elkaar" in suggestion.explanation


def test_it_ranks_needs_for_an_offer_the_same_way(groningen):
    supply = OfferFactory(
        municipality=groningen, help_time=False, help_goods=True, goods="Speelgoed", themes=[theme("poverty")]
    )
    fitting = NeedFactory(municipality=groningen, help_time=False, help_goods=True, themes=[theme("poverty")])
    half = NeedFactory(municipality=groningen, help_time=False, help_goods=True)
    NeedFactory(municipality=groningen, help_time=True)  # shares nothing
    suggestions = selectors.suggestions_for_offer(supply)
    assert [suggestion.listing.pk for suggestion in suggestions] == [fitting.pk, half.pk]
    assert suggestions[0].score == 3 + 2 + 3 + 1


def test_it_ranks_in_a_fixed_number_of_queries(groningen, need, django_assert_num_queries):
    for index in range(30):
        offer(groningen, help_time=True, themes=[theme("care")] if index % 2 else [])
    need = Need.objects.prefetch_related("themes").get(pk=need.pk)  # as the page reads it
    with django_assert_num_queries(2):  # the ranked offers, their themes
        suggestions = selectors.suggestions_for_need(need)
    assert len(suggestions) == selectors.SUGGESTION_LIMIT
