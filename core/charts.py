"""Charts drawn on the server as SVG: this module measures, templates/includes/chart.html draws, in the
browser and in the council letter's PDF alike.

A chart is a list of shapes (rectangles, texts, lines) with a title and a description, its text
alternative. It reads without colour: every bar carries its number (and its series' name where there are
more series) as text, the series differ in pattern as well as in shade in print, and every page that shows
a chart also shows the same numbers in a table (a letter's chart carries its own: `Chart.table`).

The builders: `horizontal_bar_chart` (a label above each group of bars), `stacked_bar_chart` (one bar per
category made of a segment per series), `column_chart` (one column per label) and `labelled_bar_chart`
(bars beside a column of labels, laid out for the screen or for print).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH = 640
MAX_LABEL = 80
SERIES_CSS = ["portal-chart__bar", "portal-chart__bar portal-chart__bar--2", "portal-chart__bar portal-chart__bar--3"]
MUTED_CSS = "portal-chart__bar portal-chart__bar--muted"
LEGEND_CSS = ["portal-chart__series-1", "portal-chart__series-2", "portal-chart__series-3"]
# Print-safe shades of the municipality blue per series, for a renderer that reads no stylesheet (the PDF).
PRINT_FILLS = ["#154273", "hatch", "#8fa3b8"]


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str = SERIES_CSS[0]
    fill: str = ""  # in print only: its shade or pattern
    title: str = ""  # a tooltip
    kind = "rect"


@dataclass
class Text:
    x: float
    y: float
    text: str
    css: str = "portal-chart__value"
    anchor: str = ""  # text-anchor: "middle" or "end"
    baseline: str = ""  # dominant-baseline
    size: int = 0  # in print only: its font size
    kind = "text"


@dataclass
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    kind = "line"


@dataclass
class Table:
    """The chart's numbers as a table: a row per category, a column per series."""

    category_label: str
    series: list[str]
    rows: list[tuple[str, list[int]]]


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    shapes: list[Rect | Text | Line]
    legend: list[tuple[str, str]] = field(default_factory=list)  # (series name, CSS class)
    caption: str = ""  # the figure's caption, when it says more or less than the title
    table: Table | None = None
    for_print: bool = False  # sizes, fills and strokes as attributes, and the letter's classes

    @property
    def figure_caption(self) -> str:
        return self.caption or self.title

    @property
    def svg_shapes(self) -> SafeString:
        """The shapes as SVG elements: what the template drew per shape, built here in one pass (a chart has up to
        a few hundred shapes; the template language took most of a page's rendering for them)."""
        return mark_safe("".join(_svg_of(shape, self.for_print) for shape in self.shapes))  # noqa: S308  # escaped


def _attribute(value) -> str:
    """A value as the template wrote it with localization off, escaped."""
    return escape(value if isinstance(value, str) else localize(value, use_l10n=False))


def _svg_of(shape: "Rect | Text | Line", for_print: bool) -> str:
    a = _attribute
    if isinstance(shape, Rect):
        fill = f' fill="{a(shape.fill)}" stroke="#154273" stroke-width="0.5"' if shape.fill else ""
        title = f"<title>{a(shape.title)}</title>" if shape.title else ""
        return (
            f'<rect class="{a(shape.css)}" x="{a(shape.x)}" y="{a(shape.y)}" width="{a(shape.width)}" '
            f'height="{a(shape.height)}"{fill}>{title}</rect>'
        )
    if isinstance(shape, Text):
        anchor = f' text-anchor="{a(shape.anchor)}"' if shape.anchor else ""
        baseline = f' dominant-baseline="{a(shape.baseline)}"' if shape.baseline else ""
        size = f' font-size="{a(shape.size)}" fill="#1b1b1b"' if shape.size else ""
        return (
            f'<text class="{a(shape.css)}" x="{a(shape.x)}" y="{a(shape.y)}"{anchor}{baseline}{size}>'
            f"{a(shape.text)}</text>"
        )
    stroke = ' stroke="#1b1b1b" stroke-width="1"' if for_print else ""
    return (
        f'<line class="portal-chart__axis" x1="{a(shape.x1)}" y1="{a(shape.y1)}" x2="{a(shape.x2)}" '
        f'y2="{a(shape.y2)}"{stroke}></line>'
    )


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int]


def shorten(text: str, most: int = MAX_LABEL) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _legend(series: Sequence[Series]) -> list[tuple[str, str]]:
    return [(one.label, LEGEND_CSS[number % len(LEGEND_CSS)]) for number, one in enumerate(series)]


def _with_axis_at_left(
    chart_id: str, title: str, description: str, shapes: list, *, bottom: float, legend: list[tuple[str, str]]
) -> Chart:
    """A chart of the page's width whose shapes end at `bottom`, with the axis along its left side."""
    height = max(int(bottom), 40)
    shapes.append(Line(0, 0, 0, height))
    return Chart(chart_id, title, description, WIDTH, height, shapes, legend=legend)


# ---------------------------------------------------------------- a label above each group of bars

LABEL_HEIGHT = 22
BAR_HEIGHT = 20
BAR_GAP = 4
GROUP_GAP = 14
TEXT_ROOM = 150  # room right of the longest bar for "12 held"


def horizontal_bar_chart(
    *, chart_id: str, title: str, description: str, categories: list[str], series: list[Series]
) -> Chart:
    """Per category a label and one bar per series; each bar ends in "<number> <series name>"."""
    largest = max([value for one in series for value in one.values] + [1])
    scale = (WIDTH - TEXT_ROOM) / largest
    shapes: list[Rect | Text | Line] = []
    y = 0.0
    for index, category in enumerate(categories):
        shapes.append(Text(0, y + 16, shorten(category), css="portal-chart__label"))
        y += LABEL_HEIGHT
        for number, one in enumerate(series):
            value = one.values[index]
            width = max(value * scale, 2 if value else 0)
            css = SERIES_CSS[number % len(SERIES_CSS)] if value else MUTED_CSS
            shapes.append(Rect(0, y, round(width, 1), BAR_HEIGHT, css=css))
            text = f"{value} {one.label}" if len(series) > 1 else str(value)
            shapes.append(Text(round(width + 6, 1), y + 15, text))
            y += BAR_HEIGHT + BAR_GAP
        y += GROUP_GAP
    legend = _legend(series) if len(series) > 1 else []
    return _with_axis_at_left(chart_id, title, description, shapes, bottom=y, legend=legend)


# ---------------------------------------------------------------- one bar of segments per category

STACK_TEXT_ROOM = 250
STACK_ROW = 58
STACK_HEIGHT = 22


def stacked_bar_chart(
    *, chart_id: str, title: str, description: str, categories: list[str], series: list[Series]
) -> Chart:
    """Per category a label and one bar made of a segment per series, followed by the numbers in words
    ("6 held · 0 planned · 2 cancelled"), so the chart reads without telling colours apart."""
    totals = [sum(one.values[index] for one in series) for index in range(len(categories))]
    scale = (WIDTH - STACK_TEXT_ROOM) / max(totals + [1])
    shapes: list[Rect | Text | Line] = []
    y = 0.0
    for index, category in enumerate(categories):
        shapes.append(Text(0, y + 16, shorten(category), css="portal-chart__label"))
        x = 0.0
        for number, one in enumerate(series):
            value = one.values[index]
            if value:
                width = round(value * scale, 1)
                css = SERIES_CSS[number % len(SERIES_CSS)]
                shapes.append(Rect(x, y + 24, width, STACK_HEIGHT, css=css, title=f"{value} {one.label}"))
                x += width
        text = " · ".join(f"{one.values[index]} {one.label}" for one in series)
        shapes.append(Text(round(x + 8, 1), y + 40, text))
        y += STACK_ROW
    return _with_axis_at_left(chart_id, title, description, shapes, bottom=y, legend=_legend(series))


# ---------------------------------------------------------------- one column per label


@dataclass(frozen=True)
class ColumnLayout:
    width: int = WIDTH
    top: int = 24  # room above the tallest column for its number
    area: int = 220  # the tallest column
    bottom: int = 28  # room below the axis for the labels
    label_gap: int = 20  # from the axis to the labels' baseline


def column_chart(
    *,
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[int | Decimal],
    texts: Sequence[str] | None = None,
    layout: ColumnLayout = ColumnLayout(),  # noqa: B008 (frozen, so shared safely)
    caption: str = "",
) -> Chart:
    """One column per label (e.g. per month or year) with its number (or its `texts`) above it and the label
    below."""
    largest = float(max(list(values) + [1]))
    step = layout.width / max(len(labels), 1)
    bar_width = step * 0.6
    base = layout.top + layout.area
    shapes: list[Rect | Text | Line] = []
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        height = float(value) / largest * layout.area if value else 0
        x = index * step + (step - bar_width) / 2
        middle = round(x + bar_width / 2, 1)
        shapes.append(Rect(round(x, 1), round(base - height, 1), round(bar_width, 1), round(height, 1)))
        text = texts[index] if texts is not None else str(value)
        shapes.append(Text(middle, round(base - height - 6, 1), text, anchor="middle"))
        shapes.append(Text(middle, base + layout.label_gap, str(label), css="portal-chart__label", anchor="middle"))
    shapes.append(Line(0, base, layout.width, base))
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=layout.width,
        height=base + layout.bottom,
        shapes=shapes,
        caption=caption,
    )


# ---------------------------------------------------------------- bars beside a column of labels


@dataclass(frozen=True)
class BarLayout:
    """The measures of `labelled_bar_chart`: for a page, or for print (the letter's PDF)."""

    width: int
    label_width: int
    text_room: int  # right of the longest bar, for "12 made"
    bar_height: int = 14
    bar_gap: int = 3
    group_gap: int = 10
    top: int = 0
    bottom: int = 4  # below the last group's bars
    label_gap: int = 6  # between a label and the axis
    label_shift: int = 4  # a label's baseline below the middle of its group
    label_baseline: str = ""
    value_gap: int = 4  # between a bar and its number
    value_shift: int = 11  # a number's baseline below the top of its bar
    min_width: float = 1.5  # of a bar that is not zero
    max_label: int = 24
    for_print: bool = False


FOR_PRINT = BarLayout(width=560, label_width=150, text_room=120, for_print=True)
FOR_PAGE = BarLayout(
    width=630,
    label_width=230,
    text_room=40,
    bar_gap=2,
    group_gap=14,
    top=8,
    bottom=22,
    label_gap=8,
    label_shift=1,
    label_baseline="middle",
    value_gap=6,
    value_shift=12,
    min_width=0,
    max_label=MAX_LABEL,
)


def labelled_bar_chart(
    *,
    chart_id: str,
    title: str,
    description: str = "",
    categories: Sequence[str],
    series: Sequence[Series],
    layout: BarLayout = FOR_PAGE,
    caption: str = "",
    legend: list[tuple[str, str]] | None = None,
    category_label: str = "",
    category_titles: Sequence[str] = (),
) -> Chart | None:
    """Per category its label left of the axis and one bar per series right of it, each ending in
    "<number> <series name>". In print the chart carries its numbers as a table (with the category's
    `category_titles` after its label) and, without a `description`, one that lists them. None when there is
    nothing to draw."""
    if not categories or not series:
        return None

    def number(value: float) -> float:  # print writes one decimal everywhere
        return float(round(value, 1)) if layout.for_print else value

    largest = max([int(value or 0) for one in series for value in one.values] + [1])
    scale = (layout.width - layout.label_width - layout.text_room) / largest
    group_height = len(series) * (layout.bar_height + layout.bar_gap) - layout.bar_gap
    axis = layout.label_width
    shapes: list[Rect | Text | Line] = []
    rows: list[tuple[str, list[int]]] = []  # the table's: the label and the category's title
    listed: list[tuple[str, list[int]]] = []  # the description's: the label alone
    y: float = layout.top
    for index, category in enumerate(categories):
        label = shorten(str(category), layout.max_label)
        label_y = y + group_height / 2 + layout.label_shift
        if not layout.for_print and float(label_y).is_integer():
            label_y = int(label_y)
        shapes.append(
            Text(
                axis - layout.label_gap,
                number(label_y),
                label,
                css="portal-chart__label",
                anchor="end",
                baseline=layout.label_baseline,
                size=11 if layout.for_print else 0,
            )
        )
        values = [int(one.values[index] or 0) for one in series]
        for position, (one, value) in enumerate(zip(series, values, strict=True)):
            fill = ""
            if layout.for_print:
                fill = PRINT_FILLS[position % len(PRINT_FILLS)]
                fill = f"url(#{chart_id}-hatch)" if fill == "hatch" else fill
            width = round(max(value * scale, layout.min_width if value else 0), 1)
            bar_y = y + position * (layout.bar_height + layout.bar_gap)
            css = SERIES_CSS[position % len(SERIES_CSS)]
            shapes.append(Rect(number(axis), number(bar_y), number(width), layout.bar_height, css=css, fill=fill))
            shapes.append(
                Text(
                    number(axis + width + layout.value_gap),
                    number(bar_y + layout.value_shift),
                    f"{value} {one.label}",
                    size=10 if layout.for_print else 0,
                )
            )
        category_title = category_titles[index] if index < len(category_titles) else ""
        rows.append((f"{label} {category_title}" if category_title else label, values))
        listed.append((label, values))
        y += group_height + layout.group_gap
    height = int(y - layout.group_gap + layout.bottom)
    shapes.append(Line(axis, 0, axis, height))
    if layout.for_print and not description:
        description = "; ".join(
            f"{label}: " + ", ".join(f"{value} {one.label}" for value, one in zip(values, series, strict=True))
            for label, values in listed
        )
    return Chart(
        chart_id=chart_id,
        title=title,
        description=description,
        width=layout.width,
        height=height,
        shapes=shapes,
        legend=[] if legend is None else legend,
        caption=caption,
        table=Table(category_label, [one.label for one in series], rows) if layout.for_print else None,
        for_print=layout.for_print,
    )
