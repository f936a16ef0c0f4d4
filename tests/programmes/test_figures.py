"""The yearly figures that the dashboard shows and the council letter uses."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from programmes.models import Activity, Question
from programmes.selectors import action_lines_in_year, activity_figures, service_point_figures
from tests.programmes.factories import (
    ActionLineFactory,
    ActivityFactory,
    IndicatorValueFactory,
    ProgrammeFactory,
    QuestionFactory,
)


def moment(year, month, day, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour))  # noqa: DTZ001


@pytest.fixture
def programme(groningen):
    return ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2022)


def test_it_counts_activities_per_action_line_and_status(programme):
    one = ActionLineFactory(programme=programme, number=1, title="Professionaliseren")
    four = ActionLineFactory(programme=programme, number=4, title="Social bridges")
    ActivityFactory(action_line=one, starts_at=moment(2020, 2, 12), status="held", participants=30)
    ActivityFactory(
        action_line=one,
        starts_at=moment(2020, 5, 6),
        status="held",
        mode="online",
        moved_online=True,
        kind="online_meeting",
        participants=18,
    )
    ActivityFactory(action_line=four, starts_at=moment(2020, 4, 2), status="cancelled", cancellation_reason="Corona")
    ActivityFactory(action_line=four, starts_at=moment(2020, 12, 1), status="planned")
    ActivityFactory(action_line=one, starts_at=moment(2019, 11, 1), status="held", participants=40)

    figures = activity_figures(programme, 2020)

    assert [(line.number, line.held, line.planned, line.cancelled) for line in figures.action_lines] == [
        (1, 2, 0, 0),
        (4, 0, 1, 1),
    ]
    assert figures.held == 2 and figures.cancelled == 1 and figures.planned == 1
    assert figures.moved_online == 1 and figures.online == 1
    assert figures.participants == 48
    assert figures.held_by_kind == {"impact_cafe": 1, "online_meeting": 1}


def test_it_counts_nothing_in_a_year_without_activities(programme):
    ActionLineFactory(programme=programme, number=1)
    figures = activity_figures(programme, 2021)
    assert figures.held == figures.planned == figures.cancelled == figures.participants == 0
    assert len(figures.action_lines) == 1


def test_it_leaves_other_programmes_out(programme, groningen):
    ActivityFactory(action_line__programme=ProgrammeFactory(municipality=groningen), starts_at=moment(2020, 3, 1))
    ActionLineFactory(programme=programme)
    assert activity_figures(programme, 2020).total == 0


def test_it_gives_the_median_response_time_of_the_year(groningen):
    asked = moment(2020, 3, 2, 9)
    for hours in (2, 5, 30):
        QuestionFactory(
            municipality=groningen, asked_at=asked, answered_at=asked + timedelta(hours=hours), status="answered"
        )
    QuestionFactory(municipality=groningen, asked_at=moment(2020, 6, 1), status="new")
    QuestionFactory(municipality=groningen, asked_at=moment(2020, 6, 2), status=Question.Status.CLOSED)
    QuestionFactory(municipality=groningen, asked_at=moment(2019, 6, 1), answered_at=moment(2019, 6, 9))

    figures = service_point_figures(groningen, 2020)

    assert figures.asked == 5
    assert figures.answered == 3
    assert figures.open == 1
    assert figures.closed_unanswered == 1
    assert figures.median_response_time == timedelta(hours=5)
    assert figures.median_response_hours == 5.0
    assert figures.asked_per_month[2] == 3 and figures.asked_per_month[5] == 2


def test_it_has_no_median_without_answers(groningen, haarlem):
    QuestionFactory(municipality=haarlem, asked_at=moment(2020, 3, 2), answered_at=moment(2020, 3, 3))
    figures = service_point_figures(groningen, 2020)
    assert figures.asked == 0 and figures.median_response_time is None and figures.median_response_hours is None


def test_it_describes_each_action_line_in_a_year(programme):
    line = ActionLineFactory(programme=programme, number=2, title="Startups")
    line.progress_reports.create(year=2020, text="De challenge is opnieuw gestart.")
    line.progress_reports.create(year=2019, text="Eerste verkenning.")
    IndicatorValueFactory(indicator__action_line=line, indicator__name="Aanmeldingen", year=2020, target=40, actual=52)

    [described] = action_lines_in_year(programme, 2020)

    assert described.progress == "De challenge is opnieuw gestart."
    assert [(i.name, i.target, i.actual) for i in described.indicators] == [("Aanmeldingen", 40, 52)]


def test_it_returns_plain_data_for_the_council_letter(programme):
    from dataclasses import asdict

    ActivityFactory(action_line__programme=programme, starts_at=moment(2020, 2, 1), status=Activity.Status.HELD)
    data = asdict(activity_figures(programme, 2020))
    assert data["held"] == 1 and data["action_lines"][0]["held"] == 1


def test_it_shows_the_last_year_with_activities_after_the_programme_ended(groningen):
    from programmes.selectors import default_year

    programme = ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2022)
    ActivityFactory(action_line__programme=programme, starts_at=moment(2020, 11, 19))
    assert default_year(programme) == 2020
    assert default_year(ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2022)) == 2022
