"""The challenge figures an indicator or the dashboard reads by name (core.yearly_figures) count the challenges of
the year as Challenge.year says, at the edges of the year in the municipality's time zone too, and as the letter
counts them (challenge_figures)."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from core import yearly_figures
from programmes.challenges.models import Stage
from programmes.challenges.selectors import challenge_figures
from tests.challenges.factories import ApplicationFactory, ChallengeFactory
from tests.programmes.factories import ActionLineFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
NAMES = ["challenge_applied", "challenge_selected", "challenge_finalists", "participants_coached"]


def moment(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=AMSTERDAM)


@pytest.fixture
def programme(groningen):
    return ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2022)


def challenge_with(programme, stages, **dates):
    challenge = ChallengeFactory(
        action_line=ActionLineFactory(programme=programme), opens_at=moment(2019, 1, 1), **dates
    )
    for stage in stages:
        ApplicationFactory(challenge=challenge, stage=stage, furthest_stage=stage, submitted_at=moment(2019, 6, 1))
    return challenge


def test_the_funnel_of_each_year_counts_the_challenges_of_that_year_to_the_last_moment(programme):
    challenges = [
        # a finale decides the year, whatever the closing date
        challenge_with(programme, [Stage.APPLIED], closes_at=moment(2019, 11, 1), finale_on=datetime.date(2020, 1, 1)),
        challenge_with(
            programme, [Stage.SELECTED], closes_at=moment(2020, 3, 1), finale_on=datetime.date(2020, 12, 31)
        ),
        # without one, the closing moment in the Dutch time zone: the last moment of 2020 and the first of 2021
        challenge_with(programme, [Stage.FINALIST, Stage.COACHED], closes_at=moment(2020, 12, 31, 23, 59, 59)),
        challenge_with(programme, [Stage.WINNER, Stage.APPLIED, Stage.APPLIED], closes_at=moment(2021, 1, 1, 0, 0)),
        challenge_with(programme, [Stage.COACHED], closes_at=moment(2020, 1, 1, 0, 0, 0)),
        challenge_with(programme, [Stage.APPLIED], closes_at=moment(2019, 12, 31, 23, 30)),
    ]
    ChallengeFactory(opens_at=moment(2020, 1, 1), closes_at=moment(2020, 6, 1))  # another programme's
    assert [challenge.year for challenge in challenges] == [2020, 2020, 2020, 2021, 2020, 2019]

    counted = yearly_figures.compute(NAMES, programme, [2019, 2020, 2021, 2022])

    assert {year: [counted[(name, year)] for name in NAMES] for year in (2019, 2020, 2021, 2022)} == {
        2019: [1, 0, 0, 0],
        2020: [5, 4, 1, 3],  # applied; selected or further (coached and finalist are); finalist; coached or further
        2021: [3, 1, 1, 1],  # a winner reached every stage
        2022: [0, 0, 0, 0],
    }
    for year in (2019, 2020, 2021):
        figures = challenge_figures(programme, year)
        assert counted[("challenge_applied", year)] == figures.applied
    one = yearly_figures.compute(["participants_coached"], programme, [2020])  # one name asked: its own query
    assert one == {("participants_coached", 2020): 3}


def test_the_financing_of_a_year_without_tables_is_nothing(programme):
    challenge_with(programme, [Stage.APPLIED], closes_at=moment(2020, 6, 1))
    counted = yearly_figures.compute(["challenge_financed", "challenge_financed_amount"], programme, [2020])
    assert counted == {("challenge_financed", 2020): 0, ("challenge_financed_amount", 2020): Decimal(0)}
