"""The demo letter about 2020 as an archivist and a screen reader get it: PDF/A-2a whose structure tree
holds the letter and nothing else (page numbers and running heads are artifacts), one element per
section across page breaks with its heading, the letterhead and figure boxes as term/definition pairs,
the subject as H1, its dates in the info dictionary and XMP, and charts whose alternative text says
their numbers. And the pages as a reader sees them: nothing split from what it belongs to, nothing
past the margin, nothing dropped. Rendered once for the module."""

import copy
import io
import re
from datetime import UTC, datetime
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import call_command
from django.utils import translation
from django.utils.html import strip_tags

from reporting import forms, markup, renderer, services
from reporting.models import Letter
from tests.reporting.pdf_tools import (
    figures_of,
    info_of,
    metadata_dates,
    squeeze,
    structure_objects,
    structure_of,
    text_of,
    words_with_boxes,
)

CREATED = datetime(2020, 12, 1, 9, 30, tzinfo=UTC)
MODIFIED = datetime(2020, 12, 2, 14, 5, tzinfo=UTC)
_RENDERED: dict = {}


@pytest.fixture
def letter(db, tmp_path_factory):
    if not _RENDERED:
        call_command("seed_demo", stdout=io.StringIO())
        record = Letter.objects.get(programme__municipality__slug="groningen", year=2020)
        content, figures = services.frozen_or_live(record)
        result = renderer.render_pdf(content, figures, created=CREATED, modified=MODIFIED)
        path = tmp_path_factory.mktemp("letter") / "raadsbrief-groningen-2020.pdf"
        path.write_bytes(result.pdf)
        pages = int(re.search(r"^Pages:\s+(\d+)", info_of(path), re.M).group(1))
        _RENDERED.update(
            {
                "path": path,
                "pdf": result.pdf,
                "content": content,
                "figures": figures,
                "tree": structure_of(path),
                "pages": [squeeze(text_of(path, first=page, last=page)) for page in range(1, pages + 1)],
            }
        )
    return _RENDERED


def written(letter, name: str) -> str:
    value = letter["figures"]["values"][name]
    with translation.override("nl"):
        return markup.format_value(value["value"], value["kind"])


def body_words(letter, body: str) -> list[str]:
    with translation.override("nl"):
        html = markup.render(body, letter["figures"]["values"]).html
    return unescape(strip_tags(html)).split()


def test_page_numbers_and_running_heads_are_artifacts_and_every_element_is_in_the_tree(letter):
    tagged = letter["tree"].text
    subject = letter["content"]["subject"]
    pages = letter["pages"]

    assert len(pages) >= 3
    assert all(f"Pagina {number} van {len(pages)}" in page for number, page in enumerate(pages, start=1))
    assert "Pagina" not in tagged  # on every page, but not content
    assert all(page.startswith(subject) for page in pages[1:])  # the running head, printed
    assert tagged.count(subject) == 1  # and read once: the H1
    elements, unreachable = structure_objects(letter["pdf"])
    assert elements and not unreachable, f"{len(unreachable)} structure elements hang loose"


def test_each_section_is_one_element_across_pages_and_opens_with_its_heading(letter):
    tree = letter["tree"]
    lines = letter["content"]["action_lines"]

    assert [kid.kind for kid in tree.kids] == ["Art"]  # one letter, not an article per page
    sections = tree.all("Sect")
    assert len(sections) == 4 + len(lines)
    assert all(section.elements and section.elements[0].kind in ("H2", "H3") for section in sections)
    headings = [section.elements[0].text for section in sections]
    assert headings[:3] == ["Inleiding", "Ontwikkelingen", "Praktische uitwerking"] and headings[-1] == "Tot slot"
    practical = sections[2]
    assert [kid.elements[0].text for kid in practical.elements if kid.kind == "Sect"] == [
        f"Actielijn {line['number']}: {line['title']}" for line in lines
    ]

    spanning = 0
    for line in lines:
        heading = f"Actielijn {line['number']}: {line['title']}"
        section = next(section for section in sections if section.elements[0].text == heading)
        words = body_words(letter, line["body"])
        if not words:
            continue
        start, end = " ".join(words[:6]), " ".join(words[-6:])
        assert start in section.text and end in section.text, heading  # all of its text, in its section
        first_page = next(number for number, page in enumerate(letter["pages"]) if heading in page)
        last_page = max(number for number, page in enumerate(letter["pages"]) if end in page)
        spanning += last_page > first_page
    assert spanning, "no action line runs over a page break: the demo no longer tests the joining"


def test_the_letterhead_and_the_figure_boxes_are_terms_with_their_definitions(letter):
    pairs = []
    for item in letter["tree"].all("LI"):
        kinds = [kid.kind for kid in item.elements]
        if "Lbl" in kinds:
            assert kinds == ["Lbl", "LBody"], f"a term without its definition: {item.text}"
            pairs.append((item.elements[0].text, item.elements[1].text))

    content = letter["content"]
    for term, definition in [
        ("Steller", content["author_name"]),
        ("Telefoon", content["phone"]),
        ("Datum", "02-12-2020"),
        ("Bijlagen", "-"),
        ("Ons kenmerk", content["our_reference"] or "-"),
    ]:
        assert (term, definition) in pairs
    for line in content["action_lines"]:
        for box in line["boxes"]:
            for name, label in box["figures"]:
                assert (label, written(letter, name)) in pairs
    # No term or value is a list item of its own, as WeasyPrint makes of <dt> and <dd>.
    assert not [item for item in letter["tree"].all("LI") if item.text in ("Steller", "Datum", "Onderwerp")]


def test_the_subject_is_the_one_h1_and_comes_before_every_other_heading(letter):
    headings = [element for element in letter["tree"].walk() if re.fullmatch(r"H\d", element.kind)]

    assert headings[0].kind == "H1"
    assert [heading.kind for heading in headings].count("H1") == 1
    assert headings[0].text == letter["content"]["subject"]


def test_the_creation_and_modification_dates_are_in_the_info_dictionary_and_the_xmp(letter):
    dates = metadata_dates(letter["pdf"])

    for key, moment in [
        ("info created", CREATED),
        ("xmp created", CREATED),
        ("info modified", MODIFIED),
        ("xmp modified", MODIFIED),
    ]:
        found = dates[key]
        assert found is not None, key
        found = found if found.tzinfo else found.replace(tzinfo=UTC)  # pypdf gives XMP dates in UTC, naive
        assert found == moment, key


def test_each_chart_s_alternative_text_states_its_title_and_its_numbers(letter):
    charts = letter["figures"]["charts"]
    used = ["activities_per_action_line"] + [
        key for line in letter["content"]["action_lines"] for key in line["charts"]
    ]
    figures = figures_of(letter["pdf"])

    assert len(figures) == len(used)
    for figure, key in zip(figures, used, strict=True):
        alternative = str(figure.get("/Alt", ""))
        chart = charts[key]
        assert alternative.startswith(str(chart["title"]))
        for row in chart["rows"]:
            for value, series in zip(row["values"], chart["series"], strict=True):
                assert f"{value} {series}" in alternative, (key, row["label"])


# ---------------------------------------------------------------- the pages as a reader sees them

FOOTER = re.compile(r"\s*Pagina \d+ van \d+\s*$")


def test_headings_are_never_the_last_line_of_a_page_and_the_signature_stays_with_the_closing(letter):
    headings = [section.elements[0].text for section in letter["tree"].all("Sect")]

    for page in letter["pages"][:-1]:
        body = FOOTER.sub("", page)
        assert not any(body.endswith(heading) for heading in headings), body[-80:]
    last = letter["pages"][-1]
    assert "Wij vertrouwen erop u hiermee voldoende te hebben geïnformeerd." in last
    assert "Met vriendelijke groet," in last
    # The text of the closing before it, too: the signature never sits alone.
    assert last.index("Wij vertrouwen erop") > 0 and not last.startswith("Met vriendelijke groet")


def test_a_value_sits_on_one_line_in_its_box_and_percentages_are_rounded(letter):
    date_box = [
        element
        for element in letter["tree"].all("LBody")
        if element.text == written(letter, "challenge_finale_date") or "november" in element.text
    ]

    assert date_box, "the demo's finale date is in a box"
    assert all(len(box.lines + [line for kid in box.kids for line in kid.lines]) == 1 for box in date_box)
    share = letter["figures"]["values"]["sroi_realised_share"]
    assert share["value"] == 38  # 34.150 of 90.000 is 37.9%
    assert "38%" in " ".join(letter["pages"]) and "37%" not in " ".join(letter["pages"])
    with translation.override("nl"):
        assert markup.format_value(Decimal("37.94"), "percent") == "38%"
        assert markup.format_value(Decimal("37.4"), "percent") == "37%"
        assert markup.format_value("12.5", "percent") == "13%"


LONG_WORD = "Impactondernemerschapsstimuleringsregelingsuitvoeringsverantwoordingsrapportagebijlagenoverzichtslijst"
LONG_URL = "https://gemeente.groningen.nl/ondernemen-met-impact/actieprogramma-2019-2022/voortgang/raadsbrief-bijlagen"
DEEP_LIST = "\n".join("  " * level + f"- niveau {level + 1}" for level in range(6))


def test_long_words_and_urls_wrap_inside_the_margin_and_deep_lists_are_printed_whole(letter, tmp_path):
    """Text saved before lists were limited, or a word no line holds: wrapped and printed, not lost."""
    content = copy.deepcopy(letter["content"])
    content["closing"] = f"{content['closing']}\n\n{LONG_WORD} {LONG_URL}\n\n{DEEP_LIST}"
    path = tmp_path / "lang.pdf"
    path.write_bytes(renderer.render_pdf(content, letter["figures"]).pdf)

    words = words_with_boxes(path)
    right_margin = 595.28 - 20 * 72 / 25.4
    beyond = [(page, word) for page, right, word in words if right > right_margin + 1]
    assert not beyond, beyond
    printed = "".join(word for _page, _right, word in words)
    assert LONG_WORD in printed and LONG_URL in printed
    assert "niveau 6" in squeeze(text_of(path))


@pytest.mark.parametrize("depth, refused", [(3, False), (4, True), (12, True)])
def test_lists_nested_deeper_than_the_letter_shows_are_refused_at_save(db, depth, refused):
    text = "\n".join("  " * level + f"- niveau {level + 1}" for level in range(depth))

    with translation.override("nl"):
        section = forms.SectionForm(data={"body": text})
        letter_form = forms.LetterForm(data={"introduction": text})
        section.is_valid()
        letter_form.is_valid()
    message = f"Lijsten kunnen in de brief hooguit 3 niveaus diep genest worden; deze tekst heeft {depth} niveaus."
    assert any(message in error for error in section.errors.get("body", [])) is refused
    assert any(message in error for error in letter_form.errors.get("introduction", [])) is refused
    # What the form lets through, the letter prints whole.
    assert markup.render(text).html.count("<ul>") == depth
