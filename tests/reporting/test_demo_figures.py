"""Every number of the letter of 2 December 2020 (seed 001) comes from the data: the demo's letter about 2020
states each of them through a figure of the catalogue, and its narrative types none of them."""

import re

import pytest
from django.utils import translation

from reporting import demo, figures, markup
from tests.reporting.test_pdf import demo_letter  # noqa: F401  (the printed demo letter, rendered once)


def _between(low, high):
    return lambda value: low <= value <= high


# (what seed 001 says, the figure, what the data must hold for it to say so, how the printed letter says it)
SEED_FIGURES = [
    ("gekomen tot 6 actielijnen", "action_lines", _between(6, 6), "gekomen tot {} actielijnen:"),
    ("Impactcafé's, avondcollege's en kennisexcursies", "line1_activities_held", _between(1, 20), "er {} gehouden"),
    ("verschillende online bijeenkomsten", "line1_online_meeting_held", _between(2, 10), "tot {} online bijeenkomsten"),
    ("met meer dan 50 aanmeldingen", "challenge_applied", _between(51, 59), "met {} aanmeldingen"),
    ("hebben 20 deelnemers een grotendeels online", "challenge_selected", _between(20, 20), "hebben {} deelnemers een"),
    ("De finale vond plaats op 19 november", "challenge_finale_date", "2020-11-19".__eq__, "plaats op {}."),
    ("een 15-tal matches gemaakt", "matches_made", _between(13, 17), "{} matches gemaakt"),
    ("meer dan 40 matches in voorbereiding", "matches_in_preparation", _between(41, 49), "er {} matches in voorb"),
    (
        "15 prominente Groninger MKB ondernemers",
        "line3_peer_group_participants",
        _between(15, 15),
        "{} prominente Gron",
    ),
    ("in 2 groepen aan deelgenomen", "line3_peer_group_held", _between(2, 2), "hier in {} groepen aan"),
    ("In 2019 ... de beoogde twee events", "line4_network_event_held_last_year", _between(2, 2), "beoogde {} events"),
    ("alleen een online bijeenkomst", "line4_online_meeting_held", _between(1, 1), "alleen {} online bijeenkomst"),
    ("de 20 deelnemers ... allemaal gecoacht", "participants_coached", _between(20, 20), "de {} deelnemers van de"),
    ("Bijna 40 ondernemers hebben zich bij ons gemeld", "suppliers_registered", _between(35, 39), "{} ondernemers heb"),
]


def written(values: dict, name: str) -> str:
    with translation.override("nl"):
        return markup.format_value(values[name]["value"], values[name]["kind"])


@pytest.mark.parametrize(("seed", "name", "holds", "phrase"), SEED_FIGURES, ids=[row[1] for row in SEED_FIGURES])
def test_the_printed_2020_letter_states_the_seed_figure_from_the_data(demo_letter, seed, name, holds, phrase):  # noqa: F811
    values = demo_letter["figures"]["values"]

    assert holds(values[name]["value"]), f"the demo data should say {seed!r}, but {name} is {values[name]['value']}"
    assert phrase.format(written(values, name)) in demo_letter["text"]
    narrative = " ".join(line["body"] for line in demo_letter["content"]["action_lines"])
    narrative += demo_letter["content"]["developments"]
    assert f"[[{name}]]" in narrative


def test_the_letters_figure_tokens_are_all_in_the_catalogue():
    known = figures.known_names(range(1, 7))
    for text in [demo.INTRODUCTION, demo.DEVELOPMENTS, demo.CLOSING, *demo.SECTIONS.values()]:
        assert figures.unknown_figures_message(text, known) is None
    for text in [demo.INTRODUCTION_2019, demo.DEVELOPMENTS_2019, demo.CLOSING_2019, *demo.SECTIONS_2019.values()]:
        assert figures.unknown_figures_message(text, known) is None


NUMBER_WORDS = r"\b(twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|vijftien|twintig|veertig|vijftig)\b"


def typed_numbers(text: str) -> list[str]:
    """The numbers a narrative types: digits and number words, apart from figure tokens, years (2019, 2019-2022)
    and quoted names (the children's project 'baas voor 1 dag')."""
    text = markup.FIGURE_TOKEN.sub(" ", text)
    text = re.sub(r"'[^']*'", " ", text)
    text = re.sub(r"\b(19|20)\d\d\b", " ", text)
    return re.findall(r"\b\d+\b", text) + re.findall(NUMBER_WORDS, text, flags=re.IGNORECASE)


def test_the_narrative_of_the_2020_letter_types_no_number():
    sections = {f"section {number}": text for number, text in demo.SECTIONS.items()}
    texts = {"introduction": demo.INTRODUCTION, "developments": demo.DEVELOPMENTS, "closing": demo.CLOSING, **sections}
    typed = {part: typed_numbers(text) for part, text in texts.items()}

    assert {part: numbers for part, numbers in typed.items() if numbers} == {}
    assert typed_numbers("Bovendien is een 15-tal matches gemaakt, in 2 groepen; twee events") == ["15", "2", "twee"]
