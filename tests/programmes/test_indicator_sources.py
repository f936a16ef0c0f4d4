"""An indicator takes its actual from the data (its source), or has it typed in and says so, on every page."""

import re
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes import selectors, services
from programmes.models import Activity, Indicator, IndicatorValue, Question
from tests.programmes.factories import (
    ActionLineFactory,
    ActivityFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgrammeFactory,
)

CAFE, LECTURE = Activity.Kind.IMPACT_CAFE, Activity.Kind.EVENING_LECTURE
HELD, CANCELLED = Activity.Status.HELD, Activity.Status.CANCELLED


def on(year: int, month: int = 5) -> datetime:
    return timezone.make_aware(datetime(year, month, 14, 16))  # noqa: DTZ001


@pytest.fixture
def programme(groningen):
    return ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2022)


@pytest.fixture
def line(programme):
    line = ActionLineFactory(programme=programme, number=1)
    held = [(CAFE, 30, 2020), (CAFE, 20, 2020), (LECTURE, 45, 2020), (CAFE, 12, 2019)]
    for kind, participants, year in held:
        ActivityFactory(action_line=line, kind=kind, status=HELD, participants=participants, starts_at=on(year))
    ActivityFactory(action_line=line, kind=CAFE, status=CANCELLED, cancellation_reason="Corona", starts_at=on(2020))
    other_line = ActionLineFactory(programme=programme, number=2)
    ActivityFactory(action_line=other_line, kind=CAFE, status=HELD, participants=99, starts_at=on(2020))
    return line


def cell(html: str, indicator: Indicator) -> str:
    """The text of the actual's cell of an indicator on a page (marked data-indicator)."""
    match = re.search(rf'data-indicator="{indicator.pk}">(.*?)</td>', html, re.S)
    assert match, f"no actual of {indicator} on the page"
    return re.sub(r"<[^>]+>", "", match.group(1)).split()[0] if match.group(1).strip() else ""


def test_it_counts_the_activities_held_on_the_indicators_own_line_optionally_of_one_kind(line):
    held = IndicatorFactory(action_line=line, name="Gehouden", source=Indicator.Source.ACTIVITIES_HELD)
    cafes = IndicatorFactory(
        action_line=line, name="Impactcafés", source=Indicator.Source.ACTIVITIES_HELD, activity_kind=CAFE
    )
    visitors = IndicatorFactory(
        action_line=line, name="Bezoekers", source=Indicator.Source.ACTIVITY_PARTICIPANTS, activity_kind=CAFE
    )
    values = selectors.indicator_years([held, cafes, visitors], [2019, 2020])
    assert [values[(held.pk, year)].actual for year in (2019, 2020)] == [1, 3]
    assert [values[(cafes.pk, year)].actual for year in (2019, 2020)] == [1, 2]
    assert [values[(visitors.pk, year)].actual for year in (2019, 2020)] == [12, 50]
    assert not any(value.typed for value in values.values())


def test_it_counts_the_same_from_the_activity_figures_a_page_has_without_asking_again(line, django_assert_num_queries):
    held = IndicatorFactory(action_line=line, name="Gehouden", source=Indicator.Source.ACTIVITIES_HELD)
    cafes = IndicatorFactory(
        action_line=line, name="Impactcafés", source=Indicator.Source.ACTIVITIES_HELD, activity_kind=CAFE
    )
    visitors = IndicatorFactory(
        action_line=line, name="Bezoekers", source=Indicator.Source.ACTIVITY_PARTICIPANTS, activity_kind=CAFE
    )
    everyone = IndicatorFactory(action_line=line, name="Deelnemers", source=Indicator.Source.ACTIVITY_PARTICIPANTS)
    indicators, years = [held, cafes, visitors, everyone], [2019, 2020]
    activities = selectors.activity_figures_of_years(line.programme, years)
    with django_assert_num_queries(1):  # the targets and typed actuals only
        from_figures = selectors.indicator_years(indicators, years, activities=activities)
    assert from_figures == selectors.indicator_years(indicators, years)
    assert [from_figures[(everyone.pk, year)].actual for year in years] == [12, 95]


def test_the_dashboard_shows_the_same_activity_actuals_whether_its_figures_are_kept_or_not(client, coordinator, line):
    held = IndicatorFactory(action_line=line, name="Gehouden", source=Indicator.Source.ACTIVITIES_HELD)
    visitors = IndicatorFactory(
        action_line=line, name="Bezoekers", source=Indicator.Source.ACTIVITY_PARTICIPANTS, activity_kind=CAFE
    )
    client.force_login(coordinator)
    url = reverse("programmes:dashboard") + "?year=2020"
    with CaptureQueriesContext(connection) as first_visit:
        worked_out = client.get(url).content.decode()
    with CaptureQueriesContext(connection) as second_visit:
        kept = client.get(url).content.decode()
    assert len(second_visit.captured_queries) < len(first_visit.captured_queries)  # the figures were kept
    assert [cell(worked_out, held), cell(worked_out, visitors)] == ["3", "50"]
    assert [cell(kept, held), cell(kept, visitors)] == ["3", "50"]


def test_it_gives_each_indicator_its_target_and_typed_actual_of_each_year_in_one_query(
    line, programme, django_assert_num_queries
):
    typed = IndicatorFactory(action_line=line, name="Persberichten")
    IndicatorValueFactory(indicator=typed, year=2019, target=4, actual=3)
    IndicatorValueFactory(indicator=typed, year=2021, target=6, actual=None)
    other = IndicatorFactory(action_line=ActionLineFactory(programme=programme, number=3), name="Bezoeken")
    IndicatorValueFactory(indicator=other, year=2020, target=9, actual=8)
    with django_assert_num_queries(1):
        indicators = selectors.programme_indicators(programme, [2019, 2020, 2021])
    assert [
        (indicator.name, [(value.target, value.actual) for value in by_year.values()])
        for indicator, by_year in indicators
    ] == [
        ("Persberichten", [(4, 3), (None, None), (6, None)]),
        ("Bezoeken", [(None, None), (9, 8), (None, None)]),
    ]


def test_it_takes_a_figure_of_another_part_of_the_portal_as_the_letter_counts_it(line, groningen):
    answered = IndicatorFactory(action_line=line, source=Indicator.Source.SERVICE_POINT_ANSWERED)
    for hours in (3, None, 5):
        Question.objects.create(
            municipality=groningen,
            name="Vrager",
            email="vrager@example.nl",
            subject="Vraag",
            body="?",
            asked_at=on(2020),
            answered_at=on(2020, 6) if hours else None,
            status=Question.Status.ANSWERED if hours else Question.Status.NEW,
        )
    assert selectors.indicator_years([answered], [2020])[(answered.pk, 2020)].actual == 2


def test_a_source_overrules_an_actual_typed_in_before(line):
    indicator = IndicatorFactory(action_line=line, source=Indicator.Source.ACTIVITIES_HELD)
    IndicatorValueFactory(indicator=indicator, year=2020, target=8, actual=99)
    value = selectors.indicator_years([indicator], [2020])[(indicator.pk, 2020)]
    assert (value.target, value.actual, value.typed) == (8, 3, False)


def test_it_refuses_a_kind_of_activity_for_a_figure_that_is_not_about_activities(line, coordinator):
    with pytest.raises(ValidationError):
        services.indicator_create(
            actor=coordinator, action_line=line, name="Matches", source="matches_made", activity_kind=CAFE
        )


def test_the_pages_mark_a_typed_actual_and_show_a_computed_one_plainly(client, coordinator, line):
    computed = IndicatorFactory(action_line=line, name="Gehouden", source=Indicator.Source.ACTIVITIES_HELD)
    IndicatorValueFactory(indicator=computed, year=2020, target=4, actual=None)
    typed = IndicatorFactory(action_line=line, name="Persberichten")
    IndicatorValueFactory(indicator=typed, year=2020, target=6, actual=5)
    client.force_login(coordinator)

    for url in (
        line.programme.get_absolute_url() + "?year=2020",
        reverse("programmes:dashboard") + "?year=2020",
    ):
        html = client.get(url).content.decode()
        assert cell(html, computed) == "3"
        assert cell(html, typed) == "5"
        typed_cell = re.search(rf'data-indicator="{typed.pk}">(.*?)</td>', html, re.S).group(1)
        computed_cell = re.search(rf'data-indicator="{computed.pk}">(.*?)</td>', html, re.S).group(1)
        assert "ingevoerd" in typed_cell and "ingevoerd" not in computed_cell

    html = client.get(line.get_absolute_url()).content.decode()
    assert "3 van 4" in html and "5 van 6" in html and "(ingevoerd)" in html
    assert "Uit de gegevens: Activiteiten gehouden binnen deze actielijn" in html


def test_the_form_lets_a_coordinator_choose_the_source_and_then_ignores_a_typed_actual(client, coordinator, line):
    indicator = IndicatorFactory(action_line=line, name="Bijeenkomsten")
    url = reverse("programmes:indicator_edit", kwargs={"pk": indicator.pk})
    client.force_login(coordinator)
    assert "Activiteiten gehouden binnen deze actielijn" in client.get(url).content.decode()

    response = client.post(
        url,
        {"name": "Bijeenkomsten", "unit": "", "source": "activities_held", "activity_kind": "", "target_2020": "8"}
        | {"actual_2020": "77"},
    )
    assert response.status_code == 302
    indicator.refresh_from_db()
    assert indicator.source == "activities_held"
    assert IndicatorValue.objects.get(indicator=indicator, year=2020).actual is None

    form = client.get(url).content.decode()
    assert re.search(r'<input[^>]*name="actual_2020"[^>]*disabled', form)
    assert re.search(r'<input[^>]*name="target_2020"[^>]*value="8"', form)
    client.post(url, {"name": "Bijeenkomsten", "source": "activities_held", "target_2020": "8", "actual_2020": "5"})
    assert IndicatorValue.objects.get(indicator=indicator, year=2020).actual is None


SOURCES = [source for source in Indicator.Source.values if source]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_keep_their_number_of_queries_however_many_indicators_have_sources(client, coordinator, line):
    client.force_login(coordinator)
    urls = [
        line.programme.get_absolute_url() + "?year=2020",
        line.get_absolute_url(),
        reverse("programmes:dashboard") + "?year=2020",
    ]

    def add_one_of_each(round_: int) -> None:
        for source in SOURCES:
            indicator = IndicatorFactory(action_line=line, name=f"{source} {round_}", source=source)
            IndicatorValueFactory(indicator=indicator, year=2020, target=round_, actual=None)

    add_one_of_each(1)
    client.get(urls[2])  # the dashboard keeps its activity figures: fill that cache first
    few = [_queries(client, url) for url in urls]
    add_one_of_each(2)
    add_one_of_each(3)
    client.get(urls[2])
    assert [_queries(client, url) for url in urls] == few


def test_the_trail_records_the_change_of_source_made_through_the_form(client, coordinator, line):
    from core.audit import entries_of

    indicator = IndicatorFactory(action_line=line, name="Bijeenkomsten")
    client.force_login(coordinator)
    client.post(
        reverse("programmes:indicator_edit", kwargs={"pk": indicator.pk}),
        {"name": "Bijeenkomsten gehouden", "source": "activities_held", "activity_kind": "impact_cafe"},
    )
    changes = entries_of(indicator).first().changes
    assert changes["name"] == ["Bijeenkomsten", "Bijeenkomsten gehouden"]
    assert changes["source"] == ["", "activities_held"]
    assert changes["activity_kind"] == ["", "impact_cafe"]
