"""The suggestion score: each component, ties, distance, what is left out, and the reasons in words."""

import datetime
import itertools
import random

import pytest
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone, translation

from accounts.models import Theme
from matching import selectors
from matching.models import Match, Need, Offer
from matching.services import listing_set_themes
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
    with django_assert_num_queries(2):  # the ranked ids with their scores, those offers with their organisation
        suggestions = selectors.suggestions_for_need(need)
    assert len(suggestions) == selectors.SUGGESTION_LIMIT


def ranked_the_first_way(need):
    """The ranking as it was first defined: every candidate read whole, the shared themes counted over a join
    grouped by offer, the entrepreneurs with an open match left out with NOT EXISTS, an unknown distance as NULL."""
    today = timezone.localdate()
    theme_ids = [theme.pk for theme in need.themes.all()]
    lasts = Q(available_until__isnull=True) | Q(available_until__gte=need.needed_by)
    offers = (
        Offer.objects.filter(municipality_id=need.municipality_id, status=Offer.Status.OPEN)
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
        .filter(Q(help_time=True) | Q(help_money=True) | Q(themes__in=theme_ids))
        .annotate(
            kind_count=Case(When(help_time=True, then=1), default=0) + Case(When(help_money=True, then=1), default=0),
            theme_count=Count("themes", filter=Q(themes__in=theme_ids), distinct=True),
            distance_km=selectors._distance(selectors._point_of(need)),
            distance_points=selectors._distance_points(),
            availability_points=Case(When(lasts, then=Value(1)), default=Value(0)),
        )
        .filter(Q(distance_km__isnull=True) | Q(distance_km__lte=F("radius_km")))
        .exclude(
            Exists(
                Match.objects.filter(need=need, enterprise=OuterRef("organisation_id"), status__in=Match.OPEN_STATUSES)
            )
        )
    )
    return list(
        offers.annotate(
            score=F("kind_count") * 3 + F("theme_count") * 2 + F("distance_points") + F("availability_points")
        )
        .order_by("-score", F("distance_km").asc(nulls_last=True), "-created_at", "-pk")
        .values_list(
            "pk", "score", "kind_count", "theme_count", "distance_km", "distance_points", "availability_points"
        )
    )


def test_it_ranks_as_first_defined_through_many_ties(groningen, need):
    """Offers that tie on score, on distance and on their time of posting, some without coordinates, some ended,
    too far, closed or of an entrepreneur with an open match: the same offers in the same order, with the same
    score, parts and reasons, as the first definition of the ranking."""
    rng = random.Random(17)
    today = timezone.localdate()
    need.needed_by = today + datetime.timedelta(days=60)
    need.save()
    listing_set_themes(listing=need, themes=[*need.themes.all(), theme("food")])
    themes = [theme(code) for code in ("care", "poverty", "food", "energy")]
    places = [CENTRE, THREE_KM_EAST, TEN_KM_NORTH, TWENTY_KM_SOUTH, (None, None)]
    ends = [
        None,
        today + datetime.timedelta(days=90),
        today + datetime.timedelta(days=30),
        today - datetime.timedelta(1),
    ]
    offers = [
        offer(
            groningen,
            at=rng.choice(places),
            help_time=time,
            help_money=money,
            help_goods=not (time or money),
            themes=rng.sample(themes, rng.randint(0, 3)),
            available_until=rng.choice(ends),
            radius_km=rng.choice([5, 15, 25]),
            status="open" if rng.random() < 0.9 else "closed",
        )
        for time, money in itertools.product([True, False], repeat=2)
        for _ in range(20)
    ]
    Offer.objects.filter(pk__in=[o.pk for o in offers[::2]]).update(created_at=timezone.now())  # ties in age
    for matched in offers[5:80:9]:
        MatchFactory(need=need, enterprise=matched.organisation, status=Match.Status.PREPARATION)
    need = Need.objects.prefetch_related("themes").get(pk=need.pk)
    first_way = ranked_the_first_way(need)
    assert len(first_way) > selectors.SUGGESTION_LIMIT
    tied = [a[1::3] == b[1::3] for a, b in itertools.pairwise(first_way)]  # the same score and distance
    assert sum(tied) >= 8, sum(tied)
    with translation.override("en"):
        now = selectors.suggestions_for_need(need, limit=len(first_way) + 5)
    assert [
        (s.listing.pk, s.score, s.kind_count, s.theme_count, s.distance_km, s.distance_points, s.availability_points)
        for s in now
    ] == first_way
    with translation.override("en"):
        top = selectors.suggestions_for_need(need)
    assert [s.explanation for s in top] == [s.explanation for s in now[: selectors.SUGGESTION_LIMIT]]
    assert all(s.listing.organisation.name for s in top)
