"""The letter's figures of its year and of the year before (`<name>_last_year`), counted in one pass per group:
each equals what that year's own letter shows, a version freezes the same, and the editor's queries do not grow
with the data."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.contributions.selectors import goal_contributions, goal_contributions_of_years
from goals.services import goal_tags_set
from matching.models import Match
from matching.selectors import match_figures, match_figures_of_years
from procurement.models import ImpactReport, PurchaseRequest
from procurement.selectors import (
    municipality_impact,
    municipality_impact_of_years,
    procurement_figures,
    procurement_figures_of_years,
)
from programmes.challenges.models import Stage
from programmes.challenges.selectors import challenge_figures, challenge_figures_of_years
from programmes.models import Activity
from programmes.selectors import activity_figures, activity_figures_of_years
from reporting import figures, services
from tests.challenges.factories import ApplicationFactory, ChallengeFactory, CoachingSessionFactory
from tests.factories import OrganisationFactory
from tests.matching.factories import MatchFactory, NeedFactory
from tests.procurement.factories import (
    AwardFactory,
    ImpactReportFactory,
    SroiRealisationFactory,
    SroiTenderFactory,
    SupplierFactory,
)
from tests.programmes.factories import ActivityFactory
from tests.reporting.factories import letter_about_2020

pytestmark = pytest.mark.django_db


def moment(year, month, day):
    return dt.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def records_of(programme, year, *, times):
    """Records of every group in `year`, `times` of each (more of them in 2020 than in 2019)."""
    municipality = programme.municipality
    first, fourth = programme.action_lines.get(number=1), programme.action_lines.get(number=4)
    goal_tags_set(obj=first, goals=[8])
    challenge = ChallengeFactory(action_line=programme.action_lines.get(number=2), finale_on=dt.date(year, 6, 1))
    supplier = SupplierFactory(organisation=OrganisationFactory(municipality=municipality))
    goal_tags_set(obj=supplier, goals=[12])
    tender = SroiTenderFactory(municipality=municipality, start_date=dt.date(year, 2, 1))
    for n in range(times):
        ActivityFactory(action_line=first, starts_at=moment(year, 3, 1), status=Activity.Status.HELD, participants=5)
        ActivityFactory(
            action_line=fourth,
            starts_at=moment(year, 4, 1),
            status=Activity.Status.HELD,
            mode=Activity.Mode.ONLINE,
            moved_online=True,
            participants=None,
        )
        ActivityFactory(action_line=fourth, starts_at=moment(year, 5, 1), status=Activity.Status.CANCELLED)
        need = NeedFactory(municipality=municipality)
        goal_tags_set(obj=need, goals=[8])
        MatchFactory(
            need=need,
            status=Match.Status.COMPLETED if n % 2 else Match.Status.MADE,
            prepared_on=dt.date(year, 1, 10),
            made_on=dt.date(year, 3 * (n % 4) + 1, 15),
            hours_given=4,
            euros_given=Decimal("100.50"),
        )
        MatchFactory(
            need=NeedFactory(municipality=municipality),
            status=Match.Status.MADE,
            prepared_on=dt.date(year, 11, 1),
            made_on=dt.date(year + 1, 2, 1),  # in preparation at the end of the year
        )
        application = ApplicationFactory(challenge=challenge, stage=Stage.COACHED, furthest_stage=Stage.COACHED)
        CoachingSessionFactory(application=application, duration_minutes=45)
        award = AwardFactory(
            quote__purchase_request__municipality=municipality,
            quote__supplier=supplier,
            amount=Decimal("1000.00"),
            awarded_on=dt.date(year, 9, 1),
        )
        PurchaseRequest.objects.filter(pk=award.purchase_request_id).update(
            status=PurchaseRequest.Status.AWARDED, created_at=moment(year, 8, 1)
        )
        SroiRealisationFactory(tender=tender, supplier=supplier, date=dt.date(year, 6, 1))
    ImpactReportFactory(supplier=supplier, year=year, persons_employed=times, status=ImpactReport.Status.ACCEPTED)


@pytest.fixture
def two_years(programme):
    records_of(programme, 2019, times=1)
    records_of(programme, 2020, times=3)
    return programme


def test_each_selector_counts_two_years_in_one_pass_as_it_counts_each_year_alone(two_years, groningen):
    years = [2019, 2020]
    activities = activity_figures_of_years(two_years, years)
    matches = match_figures_of_years(groningen, years)
    challenges = challenge_figures_of_years(two_years, years)
    procurement = procurement_figures_of_years(groningen, years)
    impact = municipality_impact_of_years(groningen, years)
    goals = goal_contributions_of_years(groningen, years)
    for year in years:
        assert activities[year] == activity_figures(two_years, year)
        alone = match_figures(groningen, year)
        assert matches[year].made_per_quarter == tuple(pair.made for pair in alone.per_quarter)
        for name in ("made", "in_preparation", "completed", "hours_given", "euros_given", "active_initiatives"):
            assert getattr(matches[year], name) == getattr(alone, name), name
        assert matches[year].active_entrepreneurs == alone.active_entrepreneurs
        assert challenges[year] == challenge_figures(two_years, year)
        assert procurement[year] == procurement_figures(groningen, year)
        assert impact[year] == municipality_impact(groningen, year)
        assert goals[year] == goal_contributions(groningen, year)
    assert activities[2019].held == 2 and activities[2020].held == 6
    assert (matches[2019].made, matches[2020].made) == (1, 4)  # one prepared in 2019 was made in 2020
    assert (matches[2019].in_preparation, matches[2020].in_preparation) == (1, 3)
    assert matches[2020].made_per_quarter == (2, 1, 1, 0)
    assert (challenges[2019].coached, challenges[2020].coached) == (1, 3)
    assert (procurement[2019].spend_total, procurement[2020].spend_total) == (Decimal("1000.00"), Decimal("3000.00"))
    assert (impact[2019].value("persons_employed"), impact[2020].value("persons_employed")) == (1, 3)


def test_last_years_figures_are_that_years_own_and_differ_from_this_years(two_years):
    this_year, year_before = figures.collect(two_years, 2020), figures.collect(two_years, 2019)
    own = {name: value for name, value in year_before["values"].items() if not name.endswith(figures.LAST_YEAR_SUFFIX)}

    assert len(own) > 250  # every figure, per action line too
    for name, value in own.items():
        assert this_year["values"][figures.last_year_name(name)] == value, name
    differ = {name for name in own if this_year["values"][name] != this_year["values"][figures.last_year_name(name)]}
    assert {
        "activities_held",
        "line4_activities_moved_online",
        "matches_made",
        "matches_in_preparation",
        "match_euros_given",
        "challenge_applied",
        "coaching_hours",
        "purchase_requests_awarded",
        "impact_spend",
        "sroi_realised",
        "impact_persons_employed",
        "revenue_social_enterprises",
    } <= differ
    assert this_year["values"]["matches_made_last_year"]["value"] == 1
    assert this_year["values"]["matches_made"]["value"] == 4
    # the charts are this year's only
    assert this_year["charts"]["matches"]["rows"][0] == {"label": "Q1", "values": [2]}
    assert "2020" in this_year["charts"]["activities_per_action_line"]["title"]


def test_a_version_freezes_the_figures_the_editor_shows(two_years, coordinator, django_capture_on_commit_callbacks):
    letter = letter_about_2020(two_years, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.version_request(letter=letter, user=coordinator)
    version.refresh_from_db()

    assert version.figures == services.live_figures(letter)
    assert version.figures["values"]["matches_made_last_year"]["value"] == 1
    assert version.figures["values"]["activities_held"]["value"] == 6


def test_the_editor_takes_the_same_queries_with_more_data(client, programme, coordinator):
    letter = letter_about_2020(programme, coordinator)
    client.force_login(coordinator)
    url = reverse("reporting:letter_edit", kwargs={"pk": letter.pk})
    client.get(url)  # the session and the process-wide caches, once

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured.captured_queries)

    records_of(programme, 2019, times=1)
    records_of(programme, 2020, times=1)
    few = queries()
    records_of(programme, 2019, times=4)
    records_of(programme, 2020, times=5)
    assert queries() == few
    assert few <= 32  # 78 before the two years were counted in one pass; 52 before impact per euro, revenue, Buy
    # Social and the goals' tagged objects were read for both years at once and the action lines once; 40 before the
    # service point's questions and the cited survey results were read for both years at once and the indicators'
    # activities taken from the activity figures; 37 before the action lines were read with their sections; 35 before
    # the spend, the impact per euro and the revenue of social enterprises read what was bought once
