"""CSV files as the portal writes them: what Excel opens right in Dutch, and safe to open.

Every export goes through here. A file starts with a byte order mark (so Excel reads UTF-8) and separates
cells with ';' (Dutch Excel's list separator). A cell that starts like a formula (=, +, -, @, tab, carriage
return) gets a ' before it, so that opening the file runs nothing (CSV injection); this goes for headers too,
which can be names people typed.
"""

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
DELIMITER = ";"
BOM = "\ufeff"


def neutralise(value: Any) -> str:
    """A cell's text, with a ' before anything a spreadsheet would run as a formula."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


class _Echo:
    """A file that hands back what is written to it, so that csv.writer makes lines one at a time."""

    def write(self, value: str) -> str:
        return value


def csv_lines(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> Iterator[str]:
    """The lines of a CSV file: the byte order mark with the header, then a line per row."""
    writer = csv.writer(_Echo(), delimiter=DELIMITER)
    yield BOM + writer.writerow([neutralise(cell) for cell in header])
    for row in rows:
        yield writer.writerow([neutralise(cell) for cell in row])


def csv_response(filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A CSV file to download, as one response (a few megabytes at most)."""
    response = HttpResponse("".join(csv_lines(header, rows)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
