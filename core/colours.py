"""Colours as WCAG 2.x reads them: the relative luminance of an sRGB colour, the contrast ratio of two, and
shades mixed towards black or white. Colours are written "#rrggbb"."""

WHITE = "#ffffff"
BLACK = "#000000"
AA_TEXT = 4.5  # WCAG 2.x AA for body text
AA_GRAPHICS = 3.0  # WCAG 2.x AA for the parts of a graphic and of a control


def _channels(colour: str) -> tuple[int, int, int]:
    value = colour.removeprefix("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: int) -> float:
    share = channel / 255
    return share / 12.92 if share <= 0.04045 else ((share + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    red, green, blue = (_linear(channel) for channel in _channels(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def mix(colour: str, other: str, share: float) -> str:
    """`colour` with `share` (0 to 1) of `other` mixed in."""
    mixed = (
        round(own + (theirs - own) * share) for own, theirs in zip(_channels(colour), _channels(other), strict=True)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)
