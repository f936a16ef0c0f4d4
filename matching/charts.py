"""Geometry for the server-side SVG charts of the figures page (the template draws; this only measures)."""

from dataclasses import dataclass

LABEL_WIDTH = 230
BAR_AREA = 360
VALUE_GAP = 40
BAR_HEIGHT = 14
ROW_HEIGHT = 44
TOP = 8


@dataclass
class PairedBar:
    label: str
    made: int
    in_preparation: int
    y: int
    made_width: float
    preparation_width: float

    @property
    def label_y(self) -> int:
        return self.y + BAR_HEIGHT + 2

    @property
    def preparation_y(self) -> int:
        return self.y + BAR_HEIGHT + 2

    @property
    def made_value_x(self) -> float:
        return LABEL_WIDTH + self.made_width + 6

    @property
    def preparation_value_x(self) -> float:
        return LABEL_WIDTH + self.preparation_width + 6


def paired_bars(rows) -> dict:
    """Horizontal bars, two per row (made and in preparation), scaled to the largest value."""
    largest = max([max(row.made, row.in_preparation) for row in rows] + [1])
    bars = [
        PairedBar(
            label=row.label,
            made=row.made,
            in_preparation=row.in_preparation,
            y=TOP + index * ROW_HEIGHT,
            made_width=round(BAR_AREA * row.made / largest, 1),
            preparation_width=round(BAR_AREA * row.in_preparation / largest, 1),
        )
        for index, row in enumerate(rows)
    ]
    return {
        "bars": bars,
        "width": LABEL_WIDTH + BAR_AREA + VALUE_GAP,
        "height": TOP * 2 + len(bars) * ROW_HEIGHT,
        "axis_x": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }
