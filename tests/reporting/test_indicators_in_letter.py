"""One number for one thing: every indicator of the demo shows the same actual on the programme page, on the
dashboard and in the council letter; the letter sets each line's actuals against their targets and last year."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from accounts.models import User
from programmes.models import Activity, Indicator, IndicatorValue, Programme
from reporting import figures, renderer, services
from reporting.models import Letter


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _actual_cell(html: str, indicator: Indicator) -> str:
    match = re.search(rf'data-indicator="{indicator.pk}">(.*?)</td>', html, re.S)
    assert match, f"{indicator.name} is missing from the page"
    return _text(match.group(1))


def _letter_rows(html: str) -> dict[str, list[str]]:
    """The rows of the letter's indicator tables: {row header: [cells]}."""
    rows = {}
    for table in re.findall(r'<table class="letter-indicators">(.*?)</table>', html, re.S):
        for header, cells in re.findall(r'<th scope="row">(.*?)</th>(.*?)</tr>', table, re.S):
            rows[_text(header)] = [_text(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S)]
    return rows


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Programme.objects.get(municipality__slug="groningen")


def test_the_programme_page_the_dashboard_and_the_letter_show_the_same_actual_for_every_demo_indicator(demo, client):
    coordinator = User.objects.get(email="coordinator@impactportaal.test")
    client.force_login(coordinator)
    indicators = list(Indicator.objects.filter(action_line__programme=demo).select_related("action_line"))
    assert len(indicators) >= 8
    assert [i.name for i in indicators if not i.source] == ["Persberichten"]  # the one the data cannot count
    compared = 0
    for year in (2019, 2020):
        programme_page = client.get(demo.get_absolute_url(), {"year": year}).content.decode()
        dashboard = client.get(reverse("programmes:dashboard"), {"year": year}).content.decode()
        with translation.override("nl"):
            letter_figures = figures.collect(demo, year)
        for indicator in indicators:
            row = next(
                r
                for r in letter_figures["indicators"][str(indicator.action_line.number)]
                if r["name"] == indicator.name
            )
            on_page, on_dashboard = _actual_cell(programme_page, indicator), _actual_cell(dashboard, indicator)
            expected = "–" if row["actual"] is None else str(row["actual"])
            if indicator.is_typed and row["actual"] is not None:
                expected += " (ingevoerd)"
            assert on_page == on_dashboard == expected, (indicator.name, year)
            if row["figure"]:  # the figure the letter prints in its boxes and narrative
                assert letter_figures["values"][row["figure"]]["value"] == row["actual"], (indicator.name, year)
            compared += 1
    assert compared == 2 * len(indicators)

    # the seed's own numbers, now from the data
    with translation.override("nl"):
        rows_2020 = figures.collect(demo, 2020)["indicators"]
    actual = {row["name"]: row["actual"] for rows in rows_2020.values() for row in rows}
    assert actual["Aanmeldingen voor de challenge"] > 50  # "meer dan 50 aanmeldingen"
    assert actual["Deelnemers gecoacht"] == 20
    assert actual["MKB-ondernemers in het Koploperproject"] == 15
    assert actual["Matches gemaakt via Omarm Groningen"] == 15
    assert actual["Events regulier MKB en impactondernemers"] == 1  # "alleen een online bijeenkomst"


def test_the_letter_sets_each_lines_actual_against_its_target_and_last_year_and_a_version_keeps_them(demo):
    letter = Letter.objects.get(programme=demo, year=2020)
    user = User.objects.get(email="coordinator@impactportaal.test")
    version = services.version_make_now(letter=letter, user=user)
    html = renderer.letter_body_html(version.content, version.figures)

    assert "<caption>Actielijn 4: doel en realisatie in 2020, naast 2019</caption>" in html
    assert '<th scope="col" class="letter-indicators__number">Realisatie 2019</th>' in html
    rows = _letter_rows(html)
    assert rows["Events regulier MKB en impactondernemers (events)"] == ["2", "1", "2"]
    assert rows["Persberichten (berichten)"] == ["6", "6 (ingevoerd)", "5 (ingevoerd)"]
    assert rows["Matches gemaakt via Omarm Groningen (matches)"] == ["10", "15", "0"]
    assert rows["Activiteiten gehouden"][0] == "–"  # a box's main figure has no target, but last year beside it

    # the version keeps its numbers when the data changes afterwards
    Activity.objects.filter(action_line__programme=demo, action_line__number=4, starts_at__year=2020).update(
        status=Activity.Status.HELD
    )
    IndicatorValue.objects.filter(indicator__name="Persberichten", year=2020).update(actual=9)
    assert _letter_rows(renderer.letter_body_html(version.content, version.figures)) == rows
    with translation.override("nl"):
        live = _letter_rows(renderer.letter_body_html(services.letter_content(letter), services.live_figures(letter)))
    assert live["Events regulier MKB en impactondernemers (events)"] == ["2", "2", "2"]
    assert live["Persberichten (berichten)"][1] == "9 (ingevoerd)"


def test_a_narrative_can_name_last_years_figure_and_the_editor_lists_it_under_last_year(demo):
    letter = Letter.objects.get(programme=demo, year=2020)
    numbers = [1, 2, 3, 4, 5, 6]
    assert {"line4_activities_held_last_year", "matches_made_last_year"} <= figures.known_names(numbers)
    with translation.override("nl"):
        entry = next(e for e in figures.catalogue(numbers) if e["name"] == "line4_activities_held_last_year")
        assert str(entry["group"]) == "vorig jaar"
        assert str(entry["label"]) == "Activiteiten gehouden, actielijn 4, vorig jaar"
    assert figures.unknown_figures_message("[[line4_activities_held_last_year]]", figures.known_names(numbers)) is None

    content = services.letter_content(letter)
    content["action_lines"][3]["body"] = (
        "In 2019 waren het [[line4_activities_held_last_year]] events, in 2020 [[line4_activities_held]]."
    )
    html = renderer.letter_body_html(content, services.live_figures(letter))
    assert "In 2019 waren het 2 events, in 2020 1." in _text(html)


def test_the_first_years_letter_has_no_column_for_the_year_before_the_programme(demo):
    letter = Letter.objects.get(programme=demo, year=2019)
    html = renderer.letter_body_html(services.letter_content(letter), services.live_figures(letter))
    assert "<caption>Actielijn 4: doel en realisatie in 2019</caption>" in html
    assert "2018" not in html
    assert _letter_rows(html)["Events regulier MKB en impactondernemers (events)"] == ["2", "2"]


def test_every_source_an_indicator_can_choose_is_a_figure_of_the_letters_catalogue():
    names = {entry["name"] for entry in figures.catalogue([1])}
    for source in Indicator.Source.values:
        if source in Indicator.ACTIVITY_SOURCES:
            assert f"line1_{source}" in names
        elif source:
            assert source in names
