"""The one CSV writer: what Dutch Excel opens right, with cells that would run as formulas neutralised."""

import csv
import io

import pytest

from core.csv import csv_lines, csv_response


def read(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))


@pytest.mark.parametrize("cell", ["=1+1", "+31 50 123", "-2", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_it_puts_an_apostrophe_before_a_cell_that_starts_like_a_formula(cell):
    rows = read("".join(csv_lines(["naam"], [[cell]])))
    assert rows[1] == ["'" + cell]


def test_it_leaves_other_cells_and_empty_ones_as_they_are():
    rows = read("".join(csv_lines(["a", "b", "c", "d"], [["Impactcafé", 28, None, "a=b"]])))
    assert rows[1] == ["Impactcafé", "28", "", "a=b"]


def test_it_neutralises_the_header_too_which_people_can_name():
    assert read("".join(csv_lines(["=criterion"], [])))[0] == ["'=criterion"]


def test_it_writes_a_byte_order_mark_and_semicolons_for_dutch_excel():
    response = csv_response("lijst.csv", ["a", "b"], [["1", "2"]])
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="lijst.csv"'
    assert response.content.decode("utf-8") == "\ufeffa;b\r\n1;2\r\n"
