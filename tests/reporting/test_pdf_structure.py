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
from django.urls import reverse
from django.utils import translation
from django.utils.html import strip_tags

from core import charts
from reporting import markup, renderer, services
from reporting.goals_section import GOALS_CHART, goals_section
from reporting.models import Letter, LetterSection
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
def printed(db, tmp_path_factory):
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


def written(printed, name: str) -> str:
    value = printed["figures"]["values"][name]
    with translation.override("nl"):
        return markup.format_value(value["value"], value["kind"])


def body_words(printed, body: str) -> list[str]:
    with translation.override("nl"):
        html = markup.render(body, printed["figures"]["values"]).html
    return unescape(strip_tags(html)).split()


def test_page_numbers_and_running_heads_are_artifacts_and_every_element_is_in_the_tree(printed):
    tagged = printed["tree"].text
    subject = printed["content"]["subject"]
    pages = printed["pages"]

    assert len(pages) >= 3
    assert all(f"Pagina {number} van {len(pages)}" in page for number, page in enumerate(pages, start=1))
    assert "Pagina" not in tagged  # on every page, but not content
    assert all(page.startswith(subject) for page in pages[1:])  # the running head, printed
    assert tagged.count(subject) == 1  # and read once: the H1
    elements, unreachable = structure_objects(printed["pdf"])
    assert elements and not unreachable, f"{len(unreachable)} structure elements hang loose"


def test_each_section_is_one_element_across_pages_and_opens_with_its_heading(printed):
    tree = printed["tree"]
    lines = printed["content"]["action_lines"]

    assert [kid.kind for kid in tree.kids] == ["Art"]  # one printed, not an article per page
    sections = tree.all("Sect")
    goals = goals_section(printed["figures"]) is not None  # the demo's tagged work gives the letter this section
    assert goals
    assert len(sections) == 4 + len(lines) + goals
    assert all(section.elements and section.elements[0].kind in ("H2", "H3") for section in sections)
    headings = [section.elements[0].text for section in sections]
    assert headings[:3] == ["Inleiding", "Ontwikkelingen", "Praktische uitwerking"] and headings[-1] == "Tot slot"
    assert headings[-2] == "Bijdrage aan de duurzame ontwikkelingsdoelen"
    practical = sections[2]
    assert [kid.elements[0].text for kid in practical.elements if kid.kind == "Sect"] == [
        f"Actielijn {line['number']}: {line['title']}" for line in lines
    ]

    spanning = 0
    for line in lines:
        heading = f"Actielijn {line['number']}: {line['title']}"
        section = next(section for section in sections if section.elements[0].text == heading)
        words = body_words(printed, line["body"])
        if not words:
            continue
        start, end = " ".join(words[:6]), " ".join(words[-6:])
        assert start in section.text and end in section.text, heading  # all of its text, in its section
        first_page = next(number for number, page in enumerate(printed["pages"]) if heading in page)
        last_page = max(number for number, page in enumerate(printed["pages"]) if end in page)
        spanning += last_page > first_page
    assert spanning, "no action line runs over a page break: the demo no longer tests the joining"


def test_the_letterhead_and_the_figure_boxes_are_terms_with_their_definitions(printed):
    pairs = []
    for item in printed["tree"].all("LI"):
        kinds = [kid.kind for kid in item.elements]
        if "Lbl" in kinds:
            assert kinds == ["Lbl", "LBody"], f"a term without its definition: {item.text}"
            pairs.append((item.elements[0].text, item.elements[1].text))

    content = printed["content"]
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
                assert (label, written(printed, name)) in pairs
    # No term or value is a list item of its own, as WeasyPrint makes of <dt> and <dd>.
    assert not [item for item in printed["tree"].all("LI") if item.text in ("Steller", "Datum", "Onderwerp")]


def test_the_subject_is_the_one_h1_and_comes_before_every_other_heading(printed):
    headings = [element for element in printed["tree"].walk() if re.fullmatch(r"H\d", element.kind)]

    assert headings[0].kind == "H1"
    assert [heading.kind for heading in headings].count("H1") == 1
    assert headings[0].text == printed["content"]["subject"]


def test_the_creation_and_modification_dates_are_in_the_info_dictionary_and_the_xmp(printed):
    dates = metadata_dates(printed["pdf"])

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


def test_each_chart_s_alternative_text_states_its_title_and_its_numbers(printed):
    charts = dict(printed["figures"]["charts"])
    used = ["activities_per_action_line"] + [
        key for line in printed["content"]["action_lines"] for key in line["charts"]
    ]
    goals = goals_section(printed["figures"])
    if goals is not None:  # the goals section's chart shows the goals that something contributed to
        charts[GOALS_CHART] = goals["data"]
        used.append(GOALS_CHART)
    logo, *figures = figures_of(printed["pdf"])

    assert str(logo.get("/Alt", "")) == "Gemeente Groningen"  # the letterhead's logo: the demo gives Groningen one
    assert len(figures) == len(used)
    for figure, key in zip(figures, used, strict=True):
        alternative = str(figure.get("/Alt", ""))
        chart = charts[key]
        assert alternative.startswith(str(chart["title"]))
        of_one = chart.get("series_of_one") or chart["series"]
        for row in chart["rows"]:
            for value, series, one in zip(row["values"], chart["series"], of_one, strict=True):
                assert f"{value} {one if value == 1 else series}" in alternative, (key, row["label"])


def test_the_goals_section_lists_the_goals_before_its_chart_and_says_one_activity_held(printed):
    section = next(
        section
        for section in printed["tree"].all("Sect")
        if section.elements[0].text == "Bijdrage aan de duurzame ontwikkelingsdoelen"
    )
    kinds = [element.kind for element in section.elements]
    text = " ".join(printed["pages"])
    goals = goals_section(printed["figures"])

    chart = next(index for index, element in enumerate(section.elements) if element.all("Figure"))
    assert kinds[:3] == ["H2", "P", "L"] and chart == 3, kinds  # the opening, the list of goals, then the chart
    assert text.index(goals["sentences"][-1]) < text.index("De cijfers van de grafiek “Gehouden activiteiten")
    held = {row["label"]: row["activities_held"] for row in goals["data"]["rows"]}
    assert held["8"] == 13 and held["10"] == 1  # the demo's
    assert "1 activiteit gehouden" in text and "1 activiteiten gehouden" not in text


def test_the_goals_chart_keeps_its_longest_number_inside_and_starts_no_emptier_page(printed):
    with translation.override("nl"):
        chart = renderer.letter_context(printed["content"], printed["figures"])["goals_section"]["chart"]
    numbers = [shape for shape in chart.shapes if getattr(shape, "css", "") == "portal-chart__value"]

    assert "13 activiteiten gehouden" in [number.text for number in numbers]
    assert all(number.x + charts.text_width(number.text, number.size) <= chart.width for number in numbers)
    # The list fills the page the section starts on; the chart follows whole on the next at the latest.
    opening = next(number for number, page in enumerate(printed["pages"]) if "Bijdrage aan de duurzame" in page)
    last_goal = goals_section(printed["figures"])["sentences"][-1].split(":")[0]
    assert last_goal in printed["pages"][opening]
    caption = "Gehouden activiteiten en gemaakte matches per duurzaam ontwikkelingsdoel"
    assert caption in printed["pages"][opening] or caption in printed["pages"][opening + 1]


# ---------------------------------------------------------------- the pages as a reader sees them

FOOTER = re.compile(r"\s*Pagina \d+ van \d+\s*$")


def test_headings_are_never_the_last_line_of_a_page_and_the_signature_stays_with_the_closing(printed):
    headings = [section.elements[0].text for section in printed["tree"].all("Sect")]

    for page in printed["pages"][:-1]:
        body = FOOTER.sub("", page)
        assert not any(body.endswith(heading) for heading in headings), body[-80:]
    last = printed["pages"][-1]
    assert "Wij vertrouwen erop u hiermee voldoende te hebben geïnformeerd." in last
    assert "Met vriendelijke groet," in last
    # The text of the closing before it, too: the signature never sits alone.
    assert last.index("Wij vertrouwen erop") > 0 and not last.startswith("Met vriendelijke groet")


def test_a_value_sits_on_one_line_in_its_box_and_percentages_are_rounded(printed):
    date_box = [
        element
        for element in printed["tree"].all("LBody")
        if element.text == written(printed, "challenge_finale_date") or "november" in element.text
    ]

    assert date_box, "the demo's finale date is in a box"
    assert all(len(box.lines + [line for kid in box.kids for line in kid.lines]) == 1 for box in date_box)
    share = printed["figures"]["values"]["sroi_realised_share"]
    assert share["value"] == 38  # 34.150 of 90.000 is 37.9%
    assert "38%" in " ".join(printed["pages"]) and "37%" not in " ".join(printed["pages"])
    with translation.override("nl"):
        assert markup.format_value(Decimal("37.94"), "percent") == "38%"
        assert markup.format_value(Decimal("37.4"), "percent") == "37%"
        assert markup.format_value("12.5", "percent") == "13%"


LONG_WORD = "Impactondernemerschapsstimuleringsregelingsuitvoeringsverantwoordingsrapportagebijlagenoverzichtslijst"
LONG_URL = "https://gemeente.groningen.nl/ondernemen-met-impact/actieprogramma-2019-2022/voortgang/raadsbrief-bijlagen"
DEEP_LIST = "\n".join("  " * level + f"- niveau {level + 1}" for level in range(6))


def test_long_words_and_urls_wrap_inside_the_margin_and_deep_lists_are_printed_whole(printed, tmp_path):
    """Text saved before lists were limited, or a word no line holds: wrapped and printed, not lost."""
    content = copy.deepcopy(printed["content"])
    content["closing"] = f"{content['closing']}\n\n{LONG_WORD} {LONG_URL}\n\n{DEEP_LIST}"
    path = tmp_path / "lang.pdf"
    path.write_bytes(renderer.render_pdf(content, printed["figures"]).pdf)

    words = words_with_boxes(path)
    right_margin = 595.28 - 20 * 72 / 25.4
    beyond = [(page, word) for page, right, word in words if right > right_margin + 1]
    assert not beyond, beyond
    on_the_pages = "".join(word for _page, _right, word in words)
    assert LONG_WORD in on_the_pages and LONG_URL in on_the_pages
    assert "niveau 6" in squeeze(text_of(path))


def nested(depth: int) -> str:
    return "\n".join("  " * level + f"- niveau {level + 1}" for level in range(depth))


def test_a_section_with_lists_nested_deeper_than_the_letter_shows_is_refused_with_a_message(
    client, coordinator, letter
):
    client.force_login(coordinator)
    line = letter.programme.action_lines.get(number=3)
    url = reverse("reporting:section_edit", kwargs={"pk": letter.pk, "action_line_pk": line.pk})
    draft = LetterSection.objects.get(letter=letter, action_line=line).body

    response = client.post(url, {"figure_groups": [], "body": nested(5)})

    assert response.status_code == 200
    assert NESTING.format(depth=5) in response.content.decode()
    assert LetterSection.objects.get(letter=letter, action_line=line).body == draft
    assert client.post(url, {"figure_groups": [], "body": nested(3)}).status_code == 302
    assert LetterSection.objects.get(letter=letter, action_line=line).body == nested(3)


def test_the_letter_s_own_text_with_lists_nested_too_deep_is_refused_with_a_message(client, coordinator, letter):
    client.force_login(coordinator)
    data = {
        "subject": "Update actieprogramma 2020",
        "author_name": "Simon Poelstra",
        "letter_date": "2020-12-02",
        "introduction": "",
        "developments": "",
        "closing": nested(12),
    }

    response = client.post(reverse("reporting:letter_edit", kwargs={"pk": letter.pk}), data)

    assert response.status_code == 200
    assert NESTING.format(depth=12) in " ".join(response.context["form"].errors["closing"])
    letter.refresh_from_db()
    assert letter.closing != nested(12)
    # What was saved before the limit existed is still printed whole: markdown-it's own limit lies far deeper.
    assert markup.render(nested(12)).html.count("<ul>") == 12


NESTING = "Lijsten kunnen in de brief hooguit 3 niveaus diep genest worden; deze tekst heeft {depth} niveaus."
