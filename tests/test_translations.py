"""Dutch first: every string of the portal has a Dutch translation."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(path for path in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po") if ".venv" not in path.parts)


def test_it_has_a_dutch_catalogue_for_the_project_and_accounts():
    names = {path.relative_to(ROOT).parts[0] for path in CATALOGUES}
    assert {"locale", "accounts"} <= names


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=[str(p.relative_to(ROOT)) for p in CATALOGUES])
def test_it_translates_every_string_into_dutch(catalogue):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(catalogue)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
