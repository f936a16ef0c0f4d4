"""python manage.py render_letter MUNICIPALITY YEAR --output PATH"""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.reporting.pdf_tools import info_of

pytestmark = pytest.mark.django_db


def test_it_renders_the_municipalitys_letter_into_the_path_and_prints_it(small_letter, tmp_path):
    output = tmp_path / "brief.pdf"
    stdout = io.StringIO()

    call_command("render_letter", "groningen", "2020", "--output", str(output), stdout=stdout)

    assert stdout.getvalue().strip() == str(output)
    assert output.read_bytes().startswith(b"%PDF-")
    assert "Tagged:          yes" in info_of(output)


def test_it_says_so_when_there_is_no_letter(small_letter, tmp_path):
    with pytest.raises(CommandError, match="no council letter for 2019"):
        call_command("render_letter", "groningen", "2019", "--output", str(tmp_path / "brief.pdf"))
