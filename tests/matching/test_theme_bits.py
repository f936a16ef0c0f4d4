"""The suggestion score reads a listing's themes from its own theme_bits: every way of choosing a need's or an
offer's themes (its owner's form, the admin, rows made in bulk) leaves the score counting the themes it has now."""

import pytest
from django.urls import reverse

from accounts.models import Organisation, Theme
from matching import selectors
from matching.models import THEME_BITS, Need, Offer
from matching.services import listing_set_themes, listings_refresh_theme_bits
from tests.factories import OrganisationFactory, UserFactory
from tests.matching.factories import NeedFactory, OfferFactory
from tests.matching.test_listings import need_data, offer_data

pytestmark = pytest.mark.django_db


def theme(code):
    return Theme.objects.get_or_create(code=code)[0]


def shared_themes(suggestions, listing) -> list[str]:
    """The themes the suggestion of `listing` says both share (nothing when it is not suggested)."""
    return next((s.shared_themes for s in suggestions if s.listing.pk == listing.pk), [])


def scored_as_explained(suggestion) -> bool:
    """Whether the score is the sum of the parts the suggestion shows, the shared themes it lists among them."""
    return suggestion.score == (
        selectors.KIND_POINTS * suggestion.kind_count
        + selectors.THEME_POINTS * len(suggestion.shared_themes)
        + suggestion.distance_points
        + suggestion.availability_points
    )


def test_it_gives_every_theme_a_bit_of_its_own():
    assert sorted(THEME_BITS) == sorted(Theme.Code.values)
    assert len(set(THEME_BITS.values())) == len(Theme.Code.values)
    assert all(bits & (bits - 1) == 0 for bits in THEME_BITS.values())  # one bit each


def test_it_suggests_an_offer_for_the_themes_its_entrepreneur_chose_last(client, entrepreneur, groningen):
    need = NeedFactory(municipality=groningen, help_time=False, help_goods=True, themes=[theme("food")])
    offer = OfferFactory(
        municipality=groningen,
        organisation=entrepreneur.organisation,
        help_time=True,
        themes=[theme("care")],
    )
    assert shared_themes(selectors.suggestions_for_need(need), offer) == []

    client.force_login(entrepreneur)
    edited = offer_data(themes=[theme("food").pk, theme("work").pk])
    assert client.post(reverse("matching:offer_edit", kwargs={"pk": offer.pk}), edited).status_code == 302

    need = Need.objects.prefetch_related("themes").get(pk=need.pk)
    suggestion = next(s for s in selectors.suggestions_for_need(need) if s.listing.pk == offer.pk)
    assert (suggestion.theme_count, suggestion.shared_themes) == (1, ["Voedsel"])
    assert scored_as_explained(suggestion)
    assert "beide over Voedsel" in suggestion.explanation

    client.post(reverse("matching:offer_edit", kwargs={"pk": offer.pk}), offer_data(themes=[theme("work").pk]))
    assert shared_themes(selectors.suggestions_for_need(need), offer) == []  # shares nothing with the need now


def test_it_suggests_a_need_for_the_themes_its_initiative_chose_last(client, initiative, groningen):
    offer = OfferFactory(municipality=groningen, help_time=False, help_network=True, themes=[theme("culture")])
    need = NeedFactory(municipality=groningen, organisation=initiative.organisation, themes=[theme("care")])
    assert shared_themes(selectors.suggestions_for_offer(offer), need) == []

    client.force_login(initiative)
    edited = need_data(help_kinds=["network"], money_amount="", themes=[theme("culture").pk])
    assert client.post(reverse("matching:need_edit", kwargs={"pk": need.pk}), edited).status_code == 302

    suggestion = next(s for s in selectors.suggestions_for_offer(offer) if s.listing.pk == need.pk)
    assert (suggestion.theme_count, suggestion.shared_themes) == (1, ["Cultuur en gemeenschap"])
    assert scored_as_explained(suggestion)


def test_it_counts_the_themes_an_administrator_gives_an_offer(client, groningen):
    need = NeedFactory(municipality=groningen, help_time=False, help_money=True, themes=[theme("energy")])
    offer = OfferFactory(municipality=groningen, help_time=False, help_goods=True)
    assert shared_themes(selectors.suggestions_for_need(need), offer) == []  # shares nothing: not suggested
    client.force_login(UserFactory(role="administrator", is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:matching_offer_change", args=[offer.pk]),
        {
            "municipality": groningen.pk,
            "organisation": offer.organisation_id,
            "title": offer.title,
            "description": offer.description,
            "help_goods": "on",
            "postcode": offer.postcode,
            "status": offer.status,
            "radius_km": offer.radius_km,
            "themes": [theme("energy").pk, theme("housing").pk],
        },
    )

    assert response.status_code == 302, response.content.decode()
    need = Need.objects.prefetch_related("themes").get(pk=need.pk)
    suggestion = next(s for s in selectors.suggestions_for_need(need) if s.listing.pk == offer.pk)
    assert (suggestion.theme_count, suggestion.shared_themes) == (1, ["Duurzaamheid en energie"])
    assert scored_as_explained(suggestion)


def test_it_sets_the_theme_bits_of_listings_made_in_bulk_from_their_themes(groningen):
    need = NeedFactory(municipality=groningen, help_time=False, help_money=True, themes=[theme("care"), theme("food")])
    enterprise = OrganisationFactory(municipality=groningen, kind=Organisation.Kind.ENTERPRISE)
    offers = Offer.objects.bulk_create(
        OfferFactory.build(municipality=groningen, organisation=enterprise, help_time=False, help_money=True)
        for _ in range(3)
    )
    both, one, none = offers
    Offer.themes.through.objects.bulk_create(
        [
            Offer.themes.through(offer_id=both.pk, theme_id=theme("care").pk),
            Offer.themes.through(offer_id=both.pk, theme_id=theme("food").pk),
            Offer.themes.through(offer_id=one.pk, theme_id=theme("food").pk),
        ]
    )
    Offer.objects.filter(pk=none.pk).update(theme_bits=THEME_BITS["care"])  # stale: it has no theme

    assert listings_refresh_theme_bits(Offer.objects.filter(pk__in=[o.pk for o in offers])) == 3

    suggestions = selectors.suggestions_for_need(need)
    assert {s.listing.pk: s.theme_count for s in suggestions} == {both.pk: 2, one.pk: 1, none.pk: 0}
    assert all(scored_as_explained(s) for s in suggestions)
    assert Offer.objects.get(pk=none.pk).theme_bits == 0


def test_it_sets_a_listings_themes_and_their_bits_together(groningen):
    offer = OfferFactory(municipality=groningen, themes=[theme("care")])
    listing_set_themes(listing=offer, themes=[theme("work"), theme("poverty")])
    offer.refresh_from_db()
    assert sorted(t.code for t in offer.themes.all()) == ["poverty", "work"]
    assert offer.theme_bits == THEME_BITS["work"] | THEME_BITS["poverty"]
