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

import html
from collections.abc import Callable, Sequence
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
PRINT_FONT = "Liberation Sans, DejaVu Sans, sans-serif"  # the letter's own
PAGE_TEXT = 14  # px: the page's chart text (portal.css)
CHAR_WIDTH = 0.62  # of the font size: a character's width, generously, in the page's and the letter's fonts
BOLD_CHAR_WIDTH = 0.7  # the page's numbers are bold


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
    title: str = ""  # on the page only: the whole text of a label that was wrapped or shortened
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
    rows: list[tuple[str, list[int | Decimal]]]


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
    """A value as the template wrote it with localization off, escaped. A chart writes some hundred of them: text
    is escaped as Django's escape() does (html.escape, without its lazy-text wrapper), and a whole number or a
    float in decimal notation is written as str() writes it, which is what localize() makes of it without
    localization (numberformat.format without grouping or decimal places), without its lookups of formats."""
    kind = type(value)
    if kind is str:
        return html.escape(value)
    if kind is int:
        return str(value)
    if kind is float and "e" not in (text := str(value)):
        return text
    return escape(localize(value, use_l10n=False))


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
        size = f' font-size="{a(shape.size)}" fill="#1b1b1b" font-family="{PRINT_FONT}"' if shape.size else ""
        title = f"<title>{a(shape.title)}</title>" if shape.title and not for_print else ""
        return (
            f'<text class="{a(shape.css)}" x="{a(shape.x)}" y="{a(shape.y)}"{anchor}{baseline}{size}>'
            f"{title}{a(shape.text)}</text>"
        )
    stroke = ' stroke="#1b1b1b" stroke-width="1"' if for_print else ""
    return (
        f'<line class="portal-chart__axis" x1="{a(shape.x1)}" y1="{a(shape.y1)}" x2="{a(shape.x2)}" '
        f'y2="{a(shape.y2)}"{stroke}></line>'
    )


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int | Decimal]
    texts: Sequence[str] = ()  # what each bar says instead of "<value> <label>"
    # The name after a number, in the number's plural form: lambda n: ngettext("winner", "winners", n).
    counted: Callable[[int], str] | None = None

    def text(self, index: int) -> str:
        """What the bar of the value at `index` says: its number and the series' name ("1 winner", "3 winners")."""
        if index < len(self.texts):
            return self.texts[index]
        value = self.values[index]
        label = self.counted(int(value)) if self.counted is not None else self.label
        return f"{value} {label}" if label else str(value)


def shorten(text: str, most: int = MAX_LABEL) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """About how wide `text` runs at font size `size`, rather too wide than too narrow: the room a chart leaves
    for its labels and numbers, so nothing runs past its edge where a narrow screen clips it."""
    return len(text) * size * (BOLD_CHAR_WIDTH if bold else CHAR_WIDTH)


def characters_in(width: float, size: float) -> int:
    return max(int(width / (size * CHAR_WIDTH)), 4)


def wrap(text: str, most: int, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of at most `most` characters, broken between words; what does not fit
    ends the last line in "…"."""
    wrapped: list[str] = []
    for word in text.split():
        if wrapped and len(wrapped[-1]) + 1 + len(word) <= most:
            wrapped[-1] = f"{wrapped[-1]} {word}"
        else:
            wrapped.append(word)
    if len(wrapped) > lines:
        wrapped = wrapped[: lines - 1] + [" ".join(wrapped[lines - 1 :])]
    return [shorten(line, most) for line in wrapped] or [""]


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
    """Per category a label and one bar per series; each bar ends in "<number> <series name>". The chart grows
    in height with its categories, and leaves room right of the longest bar for the longest text."""
    texts = [[one.text(index) for index in range(len(categories))] for one in series]
    if len(series) == 1:
        texts = [[str(value) for value in series[0].values]]
    room = max([TEXT_ROOM] + [text_width(text, PAGE_TEXT, bold=True) + 8 for row in texts for text in row])
    largest = max([float(value or 0) for one in series for value in one.values] + [1])
    scale = max(WIDTH - room, WIDTH / 4) / largest
    most = characters_in(WIDTH, PAGE_TEXT)
    shapes: list[Rect | Text | Line] = []
    y = 0.0
    for index, category in enumerate(categories):
        label = shorten(str(category), most)
        whole = str(category) if label != str(category) else ""
        shapes.append(Text(0, y + 16, label, css="portal-chart__label", title=whole))
        y += LABEL_HEIGHT
        for number, one in enumerate(series):
            value = float(one.values[index] or 0)
            width = max(value * scale, 2 if value else 0)
            css = SERIES_CSS[number % len(SERIES_CSS)] if value else MUTED_CSS
            shapes.append(Rect(0, y, round(width, 1), BAR_HEIGHT, css=css))
            shapes.append(Text(round(width + 6, 1), y + 15, texts[number][index]))
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
    totals = [sum(float(one.values[index] or 0) for one in series) for index in range(len(categories))]
    texts = [" · ".join(f"{one.values[index]} {one.label}" for one in series) for index in range(len(categories))]
    room = max([STACK_TEXT_ROOM] + [text_width(text, PAGE_TEXT, bold=True) + 10 for text in texts])
    scale = max(WIDTH - room, WIDTH / 4) / max(totals + [1])
    most = characters_in(WIDTH, PAGE_TEXT)
    shapes: list[Rect | Text | Line] = []
    y = 0.0
    for index, category in enumerate(categories):
        label = shorten(category, most)
        shapes.append(Text(0, y + 16, label, css="portal-chart__label", title=category if label != category else ""))
        x = 0.0
        for number, one in enumerate(series):
            value = one.values[index]
            if value:
                width = round(float(value) * scale, 1)
                css = SERIES_CSS[number % len(SERIES_CSS)]
                shapes.append(Rect(x, y + 24, width, STACK_HEIGHT, css=css, title=f"{value} {one.label}"))
                x += width
        shapes.append(Text(round(x + 8, 1), y + 40, texts[index]))
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
    below. Labels that would crowd under their columns (many, or long: the network's municipalities) get bars
    beside a column of labels instead, a chart that grows in height with them."""
    if _crowded(labels, layout.width):
        return _as_bars(chart_id, title, description, labels, values, texts, caption)
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


def _crowded(labels: Sequence[str], width: float) -> bool:
    step = width / max(len(labels), 1)
    return any(text_width(str(label), PAGE_TEXT) > step - 4 for label in labels)


def _as_bars(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    values: Sequence[int | Decimal],
    texts: Sequence[str] | None,
    caption: str,
) -> Chart:
    texts = [str(value) for value in values] if texts is None else texts
    chart = labelled_bar_chart(
        chart_id=chart_id,
        title=title,
        description=description,
        categories=[str(label) for label in labels],
        series=[Series("", values, texts=texts)],
        caption=caption,
    )
    assert chart is not None  # noqa: S101  # a column chart has labels
    return chart


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
    max_label: int = 24  # characters on a label's line
    label_lines: int = 2  # a longer label ends in "…" (its whole text in its title and the table)
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
    label_lines=3,
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
    "<number> <series name>". A long label wraps over up to `label_lines` lines (its whole text in its
    title), and its group grows to hold them: the chart grows in height with its categories, never squeezes.
    The label column is as wide as its longest label needs (up to the layout's), and the room right of the
    longest bar as wide as the longest number's text. In print the chart carries its numbers as a table (with
    the category's `category_titles` after its label) and, without a `description`, one that lists them.
    None when there is nothing to draw."""
    if not categories or not series:
        return None

    def number(value: float) -> float:  # print writes one decimal everywhere
        return float(round(value, 1)) if layout.for_print else value

    label_size = 11 if layout.for_print else PAGE_TEXT
    value_size = 10 if layout.for_print else PAGE_TEXT
    line_height = round(label_size * 1.2, 1)
    most = min(characters_in(layout.label_width - layout.label_gap, label_size), layout.max_label)
    labels = [wrap(str(category), most, layout.label_lines) for category in categories]
    texts = [[one.text(index) for index in range(len(categories))] for one in series]
    label_room = max(text_width(line, label_size) for lines in labels for line in lines) + layout.label_gap
    axis = min(layout.label_width, round(label_room))
    text_room = max(
        [layout.text_room]
        + [text_width(text, value_size, bold=not layout.for_print) + layout.value_gap for row in texts for text in row]
    )
    largest = max([float(value or 0) for one in series for value in one.values] + [1])
    scale = max(layout.width - axis - text_room, layout.width / 4) / largest
    bars_height = len(series) * (layout.bar_height + layout.bar_gap) - layout.bar_gap
    shapes: list[Rect | Text | Line] = []
    rows: list[tuple[str, list[int | Decimal]]] = []  # the table's: the label and the category's title
    listed: list[tuple[str, list[str]]] = []  # the description's: the category and its bars' texts
    y: float = layout.top
    for index, category in enumerate(categories):
        lines = labels[index]
        group_height = max(bars_height, len(lines) * line_height)
        bars_top = y + (group_height - bars_height) / 2
        whole = str(category) if len(lines) > 1 or lines[0] != str(category) else ""
        for position, line in enumerate(lines):
            label_y = y + group_height / 2 + layout.label_shift + (position - (len(lines) - 1) / 2) * line_height
            if not layout.for_print and float(label_y).is_integer():
                label_y = int(label_y)
            shapes.append(
                Text(
                    axis - layout.label_gap,
                    number(label_y),
                    line,
                    css="portal-chart__label",
                    anchor="end",
                    baseline=layout.label_baseline,
                    size=label_size if layout.for_print else 0,
                    title=whole,
                )
            )
        values = [one.values[index] or 0 for one in series]
        for position in range(len(series)):
            value = float(values[position])
            fill = ""
            if layout.for_print:
                fill = PRINT_FILLS[position % len(PRINT_FILLS)]
                fill = f"url(#{chart_id}-hatch)" if fill == "hatch" else fill
            width = round(max(value * scale, layout.min_width if value else 0), 1)
            bar_y = bars_top + position * (layout.bar_height + layout.bar_gap)
            css = SERIES_CSS[position % len(SERIES_CSS)]
            shapes.append(Rect(number(axis), number(bar_y), number(width), layout.bar_height, css=css, fill=fill))
            shapes.append(
                Text(
                    number(axis + width + layout.value_gap),
                    number(bar_y + layout.value_shift),
                    texts[position][index],
                    size=value_size if layout.for_print else 0,
                )
            )
        category_title = category_titles[index] if index < len(category_titles) else ""
        rows.append((f"{category} {category_title}" if category_title else str(category), values))
        listed.append((str(category), [one.text(index) for one in series]))
        y += group_height + layout.group_gap
    height = int(y - layout.group_gap + layout.bottom)
    shapes.append(Line(axis, 0, axis, height))
    if layout.for_print and not description:
        description = "; ".join(f"{label}: " + ", ".join(said) for label, said in listed)
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
