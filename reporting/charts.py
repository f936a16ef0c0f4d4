"""The letter's charts as SVG geometry, drawn on the server; reporting/includes/letter_chart.html
renders them, in the browser and in the PDF alike.

A chart is readable without colour: every bar ends in its number and its series' name, the series
differ in pattern as well as in shade, and the same numbers follow the chart as a table (its text
alternative). Input is the JSON-ready chart data of figures.collect().
"""

from dataclasses import dataclass, field

WIDTH = 560
LABEL_WIDTH = 150
ROW_LABEL_HEIGHT = 0
BAR_HEIGHT = 14
BAR_GAP = 3
GROUP_GAP = 10
TEXT_ROOM = 120
MAX_LABEL = 24
# Fill, and the CSS class the browser uses, per series; print-safe shades of the municipality blue.
SERIES_STYLE = [
    ("#154273", "portal-chart__bar"),
    ("hatch", "portal-chart__bar portal-chart__bar--2"),
    ("#8fa3b8", "portal-chart__bar portal-chart__bar--3"),
]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    css: str
    text: str
    text_x: float
    text_y: float


@dataclass
class Row:
    label: str
    title: str
    label_y: float
    bars: list[Bar] = field(default_factory=list)
    values: list = field(default_factory=list)


@dataclass
class Chart:
    chart_id: str
    title: str
    category_label: str
    series: list[str]
    width: int
    height: int
    rows: list[Row]
    axis_x: float
    legend: list[tuple[str, str, str]]

    @property
    def description(self) -> str:
        """A one-line text alternative; the table after the chart has every number."""
        parts = []
        for row in self.rows:
            numbers = ", ".join(f"{value} {name}" for value, name in zip(row.values, self.series, strict=False))
            parts.append(f"{row.label}: {numbers}")
        return "; ".join(parts)


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def bar_chart(chart_id: str, data: dict) -> Chart | None:
    """Horizontal bars: per row a label and one bar per series. None when there are no rows."""
    rows_data = data.get("rows") or []
    series = data.get("series") or []
    if not rows_data or not series:
        return None
    largest = max([int(value or 0) for row in rows_data for value in row["values"]] + [1])
    scale = (WIDTH - LABEL_WIDTH - TEXT_ROOM) / largest
    rows, y = [], 0.0
    for row_data in rows_data:
        group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
        row = Row(
            label=_shorten(str(row_data["label"])),
            title=str(row_data.get("title", "")),
            label_y=y + group_height / 2 + 4,
            values=[int(value or 0) for value in row_data["values"]],
        )
        for index, value in enumerate(row.values):
            fill, css = SERIES_STYLE[index % len(SERIES_STYLE)]
            fill = f"url(#{chart_id}-hatch)" if fill == "hatch" else fill
            width = max(value * scale, 1.5 if value else 0)
            bar_y = y + index * (BAR_HEIGHT + BAR_GAP)
            row.bars.append(
                Bar(
                    x=LABEL_WIDTH,
                    y=bar_y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    fill=fill,
                    css=css,
                    text=f"{value} {series[index]}" if index < len(series) else str(value),
                    text_x=round(LABEL_WIDTH + width + 4, 1),
                    text_y=bar_y + BAR_HEIGHT - 3,
                )
            )
        rows.append(row)
        y += group_height + GROUP_GAP
    legend = [(name, *SERIES_STYLE[index % len(SERIES_STYLE)]) for index, name in enumerate(series)]
    return Chart(
        chart_id=chart_id,
        title=str(data.get("title", "")),
        category_label=str(data.get("category_label", "")),
        series=[str(name) for name in series],
        width=WIDTH,
        height=int(y - GROUP_GAP + 4),
        rows=rows,
        axis_x=LABEL_WIDTH,
        legend=legend,
    )
