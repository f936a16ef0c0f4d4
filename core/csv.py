"""Tables to download as the portal writes them: CSV that Excel opens right in Dutch, or a spreadsheet (.xlsx),
both safe to open.

Every export goes through here, and every export view offers both from one header and one set of rows:
`table_response` answers CSV, or .xlsx when the address asks `?format=xlsx`.

A CSV file starts with a byte order mark (so Excel reads UTF-8) and separates cells with ';' (Dutch Excel's
list separator). A cell that starts like a formula (=, +, -, @, tab, carriage return) gets a ' before it, so
that opening the file runs nothing (CSV injection); this goes for headers too, which can be names people typed.
In a spreadsheet every text cell is stored as text, never as a formula, and numbers stay numbers.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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


def _spreadsheet_cell(sheet: Any, value: Any, bold: bool = False) -> WriteOnlyCell:
    """A cell that keeps a number a number and a date a date, and stores all other values as text (never a
    formula, whatever the text starts with)."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | date):
        value = "" if value is None else str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> bytes:
    """A workbook of one sheet: the header in bold and frozen above the rows."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.freeze_panes = "A2"
    sheet.append([_spreadsheet_cell(sheet, cell, bold=True) for cell in header])
    for row in rows:
        sheet.append([_spreadsheet_cell(sheet, cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]) -> HttpResponse:
    """A spreadsheet to download."""
    response = HttpResponse(xlsx_bytes(header, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(
    request: HttpRequest, filename: str, header: Iterable[Any], rows: Iterable[Iterable[Any]]
) -> HttpResponse:
    """The export a person asked for: CSV, or a spreadsheet with `?format=xlsx`. `filename` names the CSV;
    the spreadsheet gets the same name ending in .xlsx."""
    if request.GET.get("format") == "xlsx":
        return xlsx_response(filename.removesuffix(".csv") + ".xlsx", header, rows)
    return csv_response(filename, header, rows)
