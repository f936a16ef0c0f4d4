"""The shared charts as a reader sees them: a long label wraps (or ends in "…") inside its column with its whole
text in its title and in the letter's table, no number runs past the chart's edge, a chart of many categories
grows in height rather than squeezing them, and a bar says "1 winner" and "3 winners"."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import ngettext

from core import charts

G32 = [
    "Alkmaar", "Almelo", "Almere", "Alphen aan den Rijn", "Amersfoort", "Apeldoorn", "Arnhem", "Breda", "Delft",
    "Deventer", "Dordrecht", "Ede", "Emmen", "Enschede", "Gouda", "Groningen", "Haarlem", "Haarlemmermeer",
    "Heerlen", "Helmond", "Hengelo", "'s-Hertogenbosch", "Hilversum", "Leeuwarden", "Leiden", "Lelystad",
    "Maastricht", "Nijmegen", "Oss", "Roosendaal", "Schiedam", "Sittard-Geleen", "Tilburg", "Venlo", "Vlaardingen",
    "Zaanstad", "Zoetermeer", "Zwolle",
]  # fmt: skip
LONG = "Gemeente Súdwest-Fryslân met de Waddeneilanden Vlieland, Terschelling en Schiermonnikoog samen"


def texts_of(chart: charts.Chart) -> list[charts.Text]:
    return [shape for shape in chart.shapes if isinstance(shape, charts.Text)]


def right_edge(text: charts.Text, size: float, *, bold: bool) -> float:
    width = charts.text_width(text.text, size, bold=bold)
    return text.x if text.anchor == "end" else text.x + width


def left_edge(text: charts.Text, size: float) -> float:
    return text.x - charts.text_width(text.text, size) if text.anchor == "end" else text.x


def market_chart(categories: list[str], layout: charts.BarLayout = charts.FOR_PAGE) -> charts.Chart:
    chart = charts.labelled_bar_chart(
        chart_id="marketplace-chart",
        title="Marktplaats per gemeente",
        categories=categories,
        series=[
            charts.Series("open hulpvragen", [12] * len(categories)),
            charts.Series("gemaakte matches", [3] * len(categories)),
        ],
        layout=layout,
    )
    assert chart is not None
    return chart


def test_it_wraps_a_long_label_inside_its_column_with_its_whole_text_in_the_title():
    chart = market_chart([LONG, "Heiloo"])

    labels = [text for text in texts_of(chart) if text.css == "portal-chart__label"]
    wrapped = [text for text in labels if text.title == LONG]
    assert 2 <= len(wrapped) <= charts.FOR_PAGE.label_lines  # its lines, each carrying the whole name
    assert all(left_edge(text, charts.PAGE_TEXT) >= 0 for text in labels), [text.text for text in labels]
    assert f"<title>{LONG}</title>" in chart.svg_shapes
    shown = " ".join(text.text for text in wrapped)
    assert shown.startswith("Gemeente Súdwest-Fryslân") and shown != LONG and shown.endswith("…")
    heiloo = next(text for text in labels if text.text == "Heiloo")
    assert heiloo.title == ""  # a label shown whole needs no title


def test_a_wrapped_label_gives_its_group_room_instead_of_running_into_the_next():
    short, long = market_chart(["Castricum", "Heiloo"]), market_chart([LONG, "Heiloo"])

    assert long.height > short.height
    lines = sorted(text.y for text in texts_of(long) if text.css == "portal-chart__label")
    assert all(below - above >= charts.PAGE_TEXT for above, below in zip(lines, lines[1:], strict=False))


def test_no_number_runs_past_the_right_edge_of_the_chart():
    chart = market_chart(["Dijk en Waard", "Castricum"])
    numbers = [text for text in texts_of(chart) if text.css == "portal-chart__value"]

    assert numbers
    assert all(right_edge(text, charts.PAGE_TEXT, bold=True) <= chart.width for text in numbers)


def test_in_print_a_goal_s_longest_number_fits_and_the_table_names_each_category_whole():
    chart = charts.labelled_bar_chart(
        chart_id="letter-chart-goals",
        title="Gehouden activiteiten en gemaakte matches per duurzaam ontwikkelingsdoel in 2020",
        categories=["8", LONG],
        category_titles=["Waardig werk en economische groei", ""],
        series=[charts.Series("activiteiten gehouden", [13, 0]), charts.Series("gemaakte matches", [5, 2])],
        layout=charts.FOR_PRINT,
    )
    assert chart is not None

    numbers = [text for text in texts_of(chart) if text.css == "portal-chart__value"]
    assert "13 activiteiten gehouden" in [text.text for text in numbers]
    assert all(right_edge(text, 10, bold=False) <= chart.width for text in numbers)
    assert chart.table is not None
    assert [label for label, _values in chart.table.rows] == ["8 Waardig werk en economische groei", LONG]
    assert LONG in chart.description


def test_a_column_chart_of_the_38_g32_cities_becomes_bars_that_grow_in_height():
    values = [Decimal(number % 7) / 2 for number in range(len(G32))]
    chart = charts.column_chart(
        chart_id="network-applications",
        title="Challenge: aanmeldingen per 10.000 inwoners in 2025",
        description="Per gemeente haar aantal per 10.000 inwoners.",
        labels=G32,
        values=values,
        texts=[f"{value:.1f}".replace(".", ",") for value in values],
    )

    labels = [text.text for text in texts_of(chart) if text.css == "portal-chart__label"]
    assert labels == G32  # every city, whole, on a line of its own
    assert chart.height >= len(G32) * charts.FOR_PAGE.bar_height
    bars = [shape for shape in chart.shapes if isinstance(shape, charts.Rect)]
    assert len(bars) == len(G32) and all(bar.height == charts.FOR_PAGE.bar_height for bar in bars)
    assert "1,5" in [text.text for text in texts_of(chart)]


def test_a_column_chart_of_a_few_months_keeps_its_columns():
    chart = charts.column_chart(
        chart_id="months", title="Per maand", description="", labels=["jan", "feb", "mrt"], values=[1, 2, 3]
    )

    columns = [shape for shape in chart.shapes if isinstance(shape, charts.Rect)]
    assert [column.height for column in columns] == sorted(column.height for column in columns)
    assert chart.height == charts.ColumnLayout().top + charts.ColumnLayout().area + charts.ColumnLayout().bottom


def test_a_bar_says_one_winner_and_three_winners_in_dutch_and_english():
    for language, one, three in [("nl", "1 winnaar", "3 winnaars"), ("en", "1 winner", "3 winners")]:
        with translation.override(language):
            chart = charts.horizontal_bar_chart(
                chart_id="funnel",
                title="Trechter",
                description="",
                categories=["Alkmaar", "Groningen"],
                series=[
                    charts.Series("finalisten", [4, 8]),
                    charts.Series("winners", [1, 3], counted=lambda n: ngettext("winner", "winners", n)),
                ],
            )
        said = [text.text for text in texts_of(chart)]
        assert one in said and three in said, said
