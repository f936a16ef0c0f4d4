"""Figures for the dashboard and the council letter, through match_figures and the figures page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Theme
from matching import selectors
from matching.models import Match
from tests.factories import OrganisationFactory
from tests.matching.factories import MatchFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


def theme(code):
    return Theme.objects.get_or_create(code=code)[0]


@pytest.fixture
def matches_2020(groningen, haarlem):
    care, poverty = theme("care"), theme("poverty")
    helpdesk = NeedFactory(municipality=groningen, themes=[care, poverty])
    clothing = NeedFactory(municipality=groningen, themes=[poverty])
    made = dict(status=Match.Status.MADE, made_on=datetime.date(2020, 5, 1), prepared_on=datetime.date(2020, 4, 1))
    MatchFactory(need=helpdesk, help_time=True, hours_given=40, euros_given=Decimal("0"), **made)
    MatchFactory(need=clothing, help_time=False, help_goods=True, goods_given="Speelgoed", **made)
    MatchFactory(
        need=clothing,
        help_time=False,
        help_money=True,
        euros_given=Decimal("750"),
        status="completed",
        made_on=datetime.date(2020, 6, 1),
    )
    for _ in range(3):
        MatchFactory(need=helpdesk, status=Match.Status.PREPARATION, prepared_on=datetime.date(2020, 9, 24))
    MatchFactory(need=helpdesk, status=Match.Status.MADE, made_on=datetime.date(2021, 2, 1))  # another year
    MatchFactory(need=helpdesk, status=Match.Status.DECLINED)
    MatchFactory(need=NeedFactory(municipality=haarlem), status="made", made_on=datetime.date(2020, 5, 1))


def test_it_counts_matches_made_and_in_preparation_in_the_year(groningen, matches_2020):
    figures = selectors.match_figures(groningen, 2020)
    assert (figures.made, figures.in_preparation, figures.completed) == (3, 3, 1)
    assert (figures.hours_given, figures.euros_given) == (40, Decimal("750"))


def test_it_counts_per_theme_and_per_kind_of_help(groningen, matches_2020):
    theme("food")
    figures = selectors.match_figures(groningen, 2020)
    per_theme = {row.label: (row.made, row.in_preparation) for row in figures.per_theme}
    assert per_theme["Zorg en welzijn"] == (1, 3)
    assert per_theme["Armoede en schulden"] == (3, 3)
    assert per_theme["Voedsel"] == (0, 0)
    per_kind = {row.label: (row.made, row.in_preparation) for row in figures.per_help_kind}
    assert per_kind["Tijd en inzet"] == (1, 3)
    assert per_kind["Goederen"] == (1, 0)
    assert per_kind["Geld"] == (1, 0)


def test_it_counts_made_per_quarter_and_in_preparation_at_the_end_of_each_quarter(groningen, matches_2020):
    figures = selectors.match_figures(groningen, 2020)

    per_quarter = {row.label: (row.made, row.in_preparation) for row in figures.per_quarter}
    # made is a flow (made in the quarter); in preparation a stock (still being prepared when the quarter ended)
    assert per_quarter == {"Q1": (0, 0), "Q2": (3, 0), "Q3": (0, 3), "Q4": (0, 3)}
    assert figures.in_preparation == per_quarter["Q4"][1]


def test_a_match_made_after_the_year_counts_as_in_preparation_at_the_end_of_that_year(groningen):
    need = NeedFactory(municipality=groningen)
    MatchFactory(
        need=need, status=Match.Status.MADE, prepared_on=datetime.date(2020, 2, 1), made_on=datetime.date(2020, 8, 1)
    )
    MatchFactory(
        need=need, status=Match.Status.MADE, prepared_on=datetime.date(2020, 11, 1), made_on=datetime.date(2021, 1, 15)
    )
    MatchFactory(need=need, status=Match.Status.PREPARATION, prepared_on=datetime.date(2019, 12, 1))

    figures = selectors.match_figures(groningen, 2020)

    per_quarter = {row.label: (row.made, row.in_preparation) for row in figures.per_quarter}
    assert per_quarter == {"Q1": (0, 2), "Q2": (0, 2), "Q3": (1, 1), "Q4": (0, 2)}
    assert (figures.made, figures.in_preparation) == (1, 2)
    assert selectors.match_figures(groningen, 2019).in_preparation == 1
    assert (selectors.match_figures(groningen, 2021).made, selectors.match_figures(groningen, 2021).in_preparation) == (
        1,
        1,
    )


def test_it_counts_active_initiatives_and_entrepreneurs(groningen, matches_2020):
    figures = selectors.match_figures(groningen, 2020)
    assert figures.active_initiatives == 2
    assert figures.active_entrepreneurs == 6  # every match has its own enterprise in the factory
    OfferFactory(municipality=groningen)  # posted now, not in 2020
    assert selectors.match_figures(groningen, 2020).active_entrepreneurs == 6


def test_it_counts_per_year(groningen, matches_2020):
    per_year = {row.label: (row.made, row.in_preparation) for row in selectors.matches_per_year(groningen)}
    # made in the year; in preparation at its end: the three of 2020 are still being prepared
    assert per_year == {"2020": (3, 3), "2021": (1, 3)}
    assert per_year["2020"] == (
        selectors.match_figures(groningen, 2020).made,
        selectors.match_figures(groningen, 2020).in_preparation,
    )


def test_it_computes_the_figures_in_a_fixed_number_of_queries(groningen, matches_2020, django_assert_num_queries):
    with django_assert_num_queries(4):  # the active initiatives and entrepreneurs counted in one
        selectors.match_figures(groningen, 2020)


def test_it_shows_the_figures_to_coordinators_and_council_members(client, coordinator, council_member, matches_2020):
    for user in (coordinator, council_member):
        client.force_login(user)
        response = client.get(reverse("matching:figures"), {"year": "2020"})
        page = response.content.decode()
        assert response.context["figures"].made == 3
        assert "Matchingcijfers van Groningen, 2020" in page
        assert '<svg class="portal-chart__svg"' in page


def test_it_falls_back_to_this_year_for_a_bad_year(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("matching:figures"), {"year": "twintig"})
    assert response.status_code == 200
    assert response.context["figures"].year == timezone.localdate().year


def test_it_shows_the_figures_page_in_a_constant_number_of_queries(
    client, coordinator, groningen, django_assert_max_num_queries
):
    client.force_login(coordinator)

    def load():
        # 12, the staff's second-factor check (accounts.middleware) and the header's count of unread notifications
        with django_assert_max_num_queries(14):
            assert client.get(reverse("matching:figures")).status_code == 200

    load()
    for _ in range(10):
        MatchFactory(
            need__municipality=groningen,
            enterprise=OrganisationFactory(municipality=groningen),
            status="made",
            made_on=timezone.localdate(),
        )
    load()
