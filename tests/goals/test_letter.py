"""The council letter's section "Bijdrage aan de duurzame ontwikkelingsdoelen": written from the tags' counts of the
letter's year, frozen with a version like every figure, in the letter's HTML and its PDF."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.services import goal_tags_set
from matching.models import Match
from programmes.models import Activity
from reporting import renderer, services
from reporting.figures import collect
from tests.matching.factories import MatchFactory, NeedFactory
from tests.procurement.factories import AwardFactory, QuoteFactory, SupplierFactory
from tests.programmes.factories import ActivityFactory
from tests.reporting.factories import letter_about_2020, programme_with_action_lines
from tests.reporting.pdf_tools import squeeze, text_of

pytestmark = pytest.mark.django_db

HEADING = "Bijdrage aan de duurzame ontwikkelingsdoelen"


def moment(year, month, day):
    return dt.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def programme(groningen):
    return programme_with_action_lines(groningen, lines=[(1, "Werk", "Mensen aan het werk."), (2, "Klimaat", "CO2.")])


@pytest.fixture
def tagged_2020(groningen, programme):
    work = programme.action_lines.get(number=1)
    goal_tags_set(obj=work, goals=[8, 10])
    for month in (3, 5, 9):
        ActivityFactory(action_line=work, status=Activity.Status.HELD, starts_at=moment(2020, month, 1), participants=5)
    ActivityFactory(action_line=work, status=Activity.Status.HELD, starts_at=moment(2021, 1, 1))  # another year
    need = NeedFactory(municipality=groningen)
    goal_tags_set(obj=need, goals=[8])
    MatchFactory(need=need, status=Match.Status.MADE, made_on=dt.date(2020, 6, 1))
    supplier = SupplierFactory(organisation__municipality=groningen)
    goal_tags_set(obj=supplier, goals=[12])
    AwardFactory(
        quote=QuoteFactory(purchase_request__municipality=groningen, supplier=supplier),
        amount=Decimal("1250"),
        awarded_on=dt.date(2020, 10, 1),
    )
    return work


def test_the_figures_hold_the_goals_of_the_year(programme, tagged_2020):
    collected = collect(programme, 2020)
    assert collected["values"]["goals_contributed"]["value"] == 3
    rows = {row["label"]: row for row in collected["charts"]["sustainable_development_goals"]["rows"]}
    assert set(rows) == {"8", "10", "12"}
    assert rows["8"]["values"] == [3, 1]  # activities held in 2020, matches made
    assert Decimal(rows["12"]["spend"]) == Decimal("1250") and rows["12"]["suppliers"] == 1


def test_the_letter_says_per_goal_what_contributed_in_sentences(programme, coordinator, tagged_2020):
    letter = letter_about_2020(programme, coordinator)
    content, figures = services.frozen_or_live(letter)
    html = renderer.letter_body_html(content, figures)
    assert HEADING in html
    assert "In 2020 droeg het programma bij aan 3 van de zeventien duurzame ontwikkelingsdoelen" in html
    assert (
        "Doel 8 (Waardig werk en economische groei): 1 actielijn met 3 gehouden activiteiten en 1 gemaakte match."
        in html
    )
    assert "Doel 12 (Verantwoorde consumptie en productie): € 1.250 besteed bij 1 impactleverancier." in html
    assert html.index(HEADING) < html.index("Tot slot")


def test_the_section_is_frozen_with_the_version(client, programme, coordinator, tagged_2020):
    letter = letter_about_2020(programme, coordinator)
    version = services.version_make_now(letter=letter, user=coordinator)
    goal_tags_set(obj=tagged_2020, goals=[13])  # a later change of the tags
    html = renderer.letter_body_html(version.content, version.figures)
    assert "Doel 8 (Waardig werk en economische groei)" in html and "Klimaatactie" not in html
    client.force_login(coordinator)
    preview = client.get(reverse("reporting:letter_preview", args=[letter.pk]))
    assert HEADING in preview.text


def test_a_letter_without_tags_has_no_such_section(programme, coordinator):
    letter = letter_about_2020(programme, coordinator)
    content, figures = services.frozen_or_live(letter)
    assert HEADING not in renderer.letter_body_html(content, figures)


def test_the_pdf_prints_the_section(programme, coordinator, tagged_2020, tmp_path):
    letter = letter_about_2020(programme, coordinator)
    content, figures = services.frozen_or_live(letter)
    path = tmp_path / "brief.pdf"
    path.write_bytes(renderer.render_pdf(content, figures).pdf)
    text = squeeze(text_of(path))
    assert HEADING in text and "Waardig werk en economische groei" in text


def test_an_english_letter_names_the_goals_in_english(programme, coordinator, tagged_2020):
    letter = letter_about_2020(programme, coordinator, language="en")
    content, figures = services.frozen_or_live(letter)
    html = renderer.letter_body_html(content, figures)
    assert "Contribution to the sustainable development goals" in html
    assert "Goal 8 (Decent work and economic growth): 1 action line with 3 activities held and 1 match made." in html
