"""The demo letter about 2020, printed: every part of seed 001 in its order, the figures from the
data, and an archivable, tagged PDF/A-2a. Rendered once for the module to keep the suite fast."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import translation

from reporting import markup, renderer, services
from reporting.models import Letter
from tests.reporting.pdf_tools import fonts_of, info_of, squeeze, text_of, unpacked

_RENDERED: dict = {}


@pytest.fixture
def demo_letter(db, tmp_path_factory):
    """The demo data's Groningen letter about 2020 as the renderer prints it; rendered by the first
    test that asks, then kept as bytes and JSON for the others (each test's data is rolled back)."""
    if not _RENDERED:
        call_command("seed_demo", stdout=io.StringIO())
        letter = Letter.objects.get(programme__municipality__slug="groningen", year=2020)
        content, figures = services.frozen_or_live(letter)
        result = renderer.render_pdf(content, figures)
        path = tmp_path_factory.mktemp("letter") / "raadsbrief-groningen-2020.pdf"
        path.write_bytes(result.pdf)
        _RENDERED.update(
            {"path": path, "content": content, "figures": figures, "result": result, "text": squeeze(text_of(path))}
        )
    return _RENDERED


def positions(text: str, parts: list[str]) -> list[int]:
    found: list[int] = []
    for part in parts:
        index = text.find(part, found[-1] + 1 if found else 0)
        assert index >= 0, f"{part!r} is missing (or out of order) in the letter"
        found.append(index)
    return found


def test_it_prints_the_letter_in_the_shape_of_the_letter_of_2_december_2020(demo_letter):
    text = demo_letter["text"]

    positions(
        text,
        [
            "De leden van de raad van de gemeente Groningen",
            "te",
            "GRONINGEN",
            "Onderwerp",
            "Update actieprogramma ondernemen met impact 2020",
            "Geachte heer, mevrouw,",
            "Inleiding",
            "Het actieprogramma Ondernemen met Impact 2019-2022 vormt",
            "Ontwikkelingen",
            "gekomen tot 6 actielijnen:",
            "Praktische uitwerking",
            "Tot slot",
            "De samenwerking met verschillende partners",
            "Wij vertrouwen erop u hiermee voldoende te hebben geïnformeerd.",
            "Met vriendelijke groet,",
            "burgemeester en wethouders van Groningen,",
            "burgemeester,",
            "Koen Schuiling",
            "secretaris,",
            "Christien Bronda",
            "Deze brief is elektronisch aangemaakt en daarom niet ondertekend.",
        ],
    )
    for label, value in [
        ("Steller", "Simon Poelstra"),
        ("Telefoon", "06-11380588"),
        ("Datum", "02-12-2020"),
        ("Bijlagen", "-"),
    ]:
        assert label in text and value in text
    for label in ("Ons kenmerk", "Uw brief van", "Uw kenmerk"):
        assert label in text


def test_it_prints_the_six_action_lines_in_their_order_with_their_titles(demo_letter):
    text = demo_letter["text"]
    lines = demo_letter["content"]["action_lines"]

    assert [line["number"] for line in lines] == [1, 2, 3, 4, 5, 6]
    headings = [f"Actielijn {line['number']}: {line['title']}" for line in lines]
    start = text.index("Praktische uitwerking")
    found = positions(text[start:], headings)
    assert found == sorted(found)
    assert text.index("Tot slot") > start + found[-1]
    numbered = [f"{line['number']}) " for line in lines]
    positions(text[text.index("Ontwikkelingen") : start], numbered)


def test_it_fills_in_the_figures_from_the_data(demo_letter):
    text = demo_letter["text"]
    values = demo_letter["figures"]["values"]
    with translation.override("nl"):
        written = {name: markup.format_value(v["value"], v["kind"]) for name, v in values.items()}

    used = set()
    for line in demo_letter["content"]["action_lines"]:
        used |= markup.figure_names_in(line["body"])
    assert used, "the demo narrative inserts figures by name"
    assert "[[" not in text
    if "matches_made" in used:
        assert f"{written['matches_made']} matches" in text
    if "line1_activities_held" in used:
        assert f"in 2020 zijn er {written['line1_activities_held']} gehouden" in text
    # The figure boxes that open the sections carry their labels and values.
    for line in demo_letter["content"]["action_lines"]:
        for box in line["boxes"]:
            for name, label in box["figures"]:
                assert f"{label}" in text
                assert written[name] in text
    # Each chart is followed by its numbers, its text alternative.
    assert "De cijfers van de grafiek “Activiteiten per actielijn in 2020”" in text


def test_it_writes_an_archivable_tagged_pdf_a_2a_in_dutch_with_its_title(demo_letter):
    path = demo_letter["path"]
    info = info_of(path)
    metadata = info_of(path, "-meta")
    catalogue = unpacked(demo_letter["result"].pdf)

    assert 'pdfaid:part="2"' in metadata and 'pdfaid:conformance="A"' in metadata
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    assert re.search(r"^Title:\s+Update actieprogramma ondernemen met impact 2020", info, re.M)
    assert re.search(r"^Page size:.*\(A4\)", info, re.M)
    assert b"/Lang (nl)" in catalogue
    assert b"/StructTreeRoot" in catalogue
    fonts = fonts_of(path)
    assert fonts and all("yes" in row[-5:-2] for row in fonts), fonts  # the "emb" column
    assert demo_letter["result"].refused == []


def test_it_numbers_the_pages_and_repeats_the_reference_after_the_first(demo_letter):
    path = demo_letter["path"]
    pages = int(re.search(r"^Pages:\s+(\d+)", info_of(path), re.M).group(1))
    reference = renderer.running_reference(demo_letter["content"])

    assert pages >= 2
    first = squeeze(text_of(path, first=1, last=1))
    assert f"Pagina 1 van {pages}" in first
    assert not first.startswith(reference)
    for page in range(2, pages + 1):
        text = squeeze(text_of(path, first=page, last=page))
        assert f"Pagina {page} van {pages}" in text
        assert reference in text
