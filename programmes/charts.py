"""Charts drawn on the server as SVG geometry; templates/programmes/includes/*_chart.html renders them.

Readable without colour: every bar carries its number and its series' name as text, and every
page that shows a chart also shows the same numbers in a table.
"""

from dataclasses import dataclass, field

WIDTH = 640
LABEL_HEIGHT = 22
BAR_HEIGHT = 20
BAR_GAP = 4
GROUP_GAP = 14
TEXT_ROOM = 150  # room right of the longest bar for "12 held"
MAX_LABEL = 80


@dataclass(frozen=True)
class Series:
    label: str
    values: list[int]


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    value: int
    text: str
    text_x: float
    text_y: float


@dataclass
class Group:
    label: str
    label_y: float
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    groups: list[Group]
    legend: list[tuple[str, str]]
    axis: tuple[float, float, float, float] = (0, 0, 0, 0)
    ticks: list[tuple[float, str]] = field(default_factory=list)


SERIES_CSS = ["portal-chart__bar", "portal-chart__bar portal-chart__bar--2", "portal-chart__bar portal-chart__bar--3"]
LEGEND_CSS = ["portal-chart__series-1", "portal-chart__series-2", "portal-chart__series-3"]


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def horizontal_bar_chart(
    *, chart_id: str, title: str, description: str, categories: list[str], series: list[Series]
) -> Chart:
    """Per category a label and one bar per series; each bar ends in "<number> <series name>"."""
    largest = max([value for one in series for value in one.values] + [1])
    scale = (WIDTH - TEXT_ROOM) / largest
    groups, y = [], 0.0
    for index, category in enumerate(categories):
        group = Group(label=_shorten(category), label_y=y + 16)
        y += LABEL_HEIGHT
        for number, one in enumerate(series):
            value = one.values[index]
            width = max(value * scale, 2 if value else 0)
            group.bars.append(
                Bar(
                    x=0,
                    y=y,
                    width=round(width, 1),
                    height=BAR_HEIGHT,
                    css=SERIES_CSS[number % len(SERIES_CSS)] if value else "portal-chart__bar portal-chart__bar--muted",
                    value=value,
                    text=f"{value} {one.label}" if len(series) > 1 else str(value),
                    text_x=round(width + 6, 1),
                    text_y=y + 15,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        groups.append(group)
        y += GROUP_GAP
    legend = [(one.label, LEGEND_CSS[number % len(LEGEND_CSS)]) for number, one in enumerate(series)]
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=max(int(y), 40),
        groups=groups,
        legend=legend if len(series) > 1 else [],
    )


@dataclass
class Segment:
    x: float
    width: float
    css: str
    value: int
    label: str


@dataclass
class StackedRow:
    label: str
    label_y: float
    bar_y: float
    segments: list[Segment]
    text: str
    text_x: float
    text_y: float


@dataclass
class StackedChart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    rows: list[StackedRow]
    legend: list[tuple[str, str]]


STACK_TEXT_ROOM = 250
STACK_ROW = 58


def stacked_bar_chart(
    *, chart_id: str, title: str, description: str, categories: list[str], series: list[Series]
) -> StackedChart:
    """Per category a label and one bar made of a segment per series, followed by the numbers in words
    ("6 held · 0 planned · 2 cancelled"), so the chart reads without telling colours apart."""
    totals = [sum(one.values[index] for one in series) for index in range(len(categories))]
    scale = (WIDTH - STACK_TEXT_ROOM) / max(totals + [1])
    rows, y = [], 0.0
    for index, category in enumerate(categories):
        x, segments = 0.0, []
        for number, one in enumerate(series):
            value = one.values[index]
            if value:
                width = round(value * scale, 1)
                segments.append(Segment(x, width, SERIES_CSS[number % len(SERIES_CSS)], value, one.label))
                x += width
        rows.append(
            StackedRow(
                label=_shorten(category),
                label_y=y + 16,
                bar_y=y + 24,
                segments=segments,
                text=" · ".join(f"{one.values[index]} {one.label}" for one in series),
                text_x=round(x + 8, 1),
                text_y=y + 40,
            )
        )
        y += STACK_ROW
    return StackedChart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=max(int(y), 40),
        rows=rows,
        legend=[(one.label, LEGEND_CSS[number % len(LEGEND_CSS)]) for number, one in enumerate(series)],
    )


COLUMN_AREA = 220
COLUMN_TOP = 24
COLUMN_LABELS = 28


def column_chart(*, chart_id: str, title: str, description: str, labels: list[str], values: list[int]) -> Chart:
    """One column per label (e.g. per month) with its number above it and the label below."""
    largest = max(values + [1])
    step = WIDTH / max(len(labels), 1)
    bar_width = step * 0.6
    base = COLUMN_TOP + COLUMN_AREA
    groups = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = value / largest * COLUMN_AREA if value else 0
        x = index * step + (step - bar_width) / 2
        group = Group(label=label, label_y=base + 20)
        group.bars.append(
            Bar(
                x=round(x, 1),
                y=round(base - height, 1),
                width=round(bar_width, 1),
                height=round(height, 1),
                css="portal-chart__bar",
                value=value,
                text=str(value),
                text_x=round(x + bar_width / 2, 1),
                text_y=round(base - height - 6, 1),
            )
        )
        groups.append(group)
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=WIDTH,
        height=base + COLUMN_LABELS,
        groups=groups,
        legend=[],
        axis=(0, base, WIDTH, base),
    )
