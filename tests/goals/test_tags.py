"""The goals as data and tiles, and tagging through the forms of action lines, challenges, needs, offers and
suppliers: the tiles are in the form, the choice is kept, and the object's page shows its goals."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from core.colours import AA_TEXT, contrast_ratio
from goals.data import SEVENTEEN_GOALS
from goals.models import Goal
from goals.selectors import goals_of
from matching.models import Need, Offer
from procurement.models import Supplier
from programmes.challenges.models import Challenge
from tests.goals.helpers import numbers_of
from tests.matching.test_listings import need_data, offer_data
from tests.procurement.helpers import registration_data
from tests.programmes.factories import ActionLineFactory

pytestmark = pytest.mark.django_db

STYLESHEET = Path(__file__).resolve().parents[2] / "goals" / "static" / "goals" / "goals.css"


def test_it_holds_the_seventeen_goals_with_their_official_names_and_colours():
    goals = list(Goal.objects.all())
    assert [goal.number for goal in goals] == list(range(1, 18))
    assert goals[0].name_nl == "Geen armoede" and goals[0].colour == "#E5243B"
    assert goals[16].name_nl == "Partnerschap om doelstellingen te bereiken" and goals[16].colour == "#19486A"
    assert goals[12].name_en == "Climate action"


def test_each_tile_carries_its_colour_and_a_text_colour_that_reads_at_aa():
    css = STYLESHEET.read_text()
    for number, _, _, colour in SEVENTEEN_GOALS:
        rule = re.search(
            rf"\.goal-tile--{number} \{{\s*background-color: (#[0-9a-f]{{6}});\s*color: (#[0-9a-f]{{6}});", css
        )
        assert rule, number
        assert rule.group(1) == colour.lower()
        assert contrast_ratio(rule.group(1), rule.group(2)) >= AA_TEXT, number
    assert "url(" not in css  # no outside images


def test_a_coordinator_tags_an_action_line_and_its_page_shows_the_goals(client, coordinator, groningen):
    line = ActionLineFactory(programme__municipality=groningen, number=1, title="Werk")
    client.force_login(coordinator)
    form_page = client.get(reverse("programmes:action_line_edit", args=[line.pk]))
    assert 'name="goals" value="8"' in form_page.text and "Waardig werk en economische groei" in form_page.text
    data = {"number": 1, "title": "Werk", "goal": "Mensen aan het werk.", "goals": ["8", "10"]}
    response = client.post(reverse("programmes:action_line_edit", args=[line.pk]), data)
    assert response.status_code == 302
    assert numbers_of(line) == [8, 10]
    page = client.get(line.get_absolute_url())
    assert "Ongelijkheid verminderen" in page.text and "goal-tile--8" in page.text
    edit_again = client.get(reverse("programmes:action_line_edit", args=[line.pk]))
    assert re.search(r'value="10"[^>]*checked', edit_again.text)
    client.post(reverse("programmes:action_line_edit", args=[line.pk]), {**data, "goals": ["13"]})
    assert numbers_of(line) == [13]


def test_a_goal_that_does_not_exist_is_refused_and_changes_nothing(client, coordinator, groningen):
    line = ActionLineFactory(programme__municipality=groningen, number=1, title="Werk")
    client.force_login(coordinator)
    data = {"number": 1, "title": "Anders", "goal": "x", "goals": ["18"]}
    response = client.post(reverse("programmes:action_line_edit", args=[line.pk]), data)
    assert response.status_code == 200
    assert "18" in response.text and "goals" in response.context["form"].errors
    line.refresh_from_db()
    assert line.title == "Werk" and numbers_of(line) == []


def test_a_coordinator_tags_a_new_challenge(client, coordinator, groningen):
    line = ActionLineFactory(programme__municipality=groningen)
    client.force_login(coordinator)
    data = {
        "action_line": line.pk,
        "name": "Circulaire challenge",
        "call_text": "Doe mee",
        "opens_at": "2026-03-01T09:00",
        "closes_at": "2026-04-01T09:00",
        "scale_min": 1,
        "scale_max": 5,
        "goals": ["12"],
    }
    response = client.post(reverse("challenges:challenge_create"), data)
    assert response.status_code == 302, response.context["form"].errors
    challenge = Challenge.objects.get()
    assert numbers_of(challenge) == [12]
    assert "Verantwoorde consumptie en productie" in client.get(challenge.get_absolute_url()).text


def test_an_initiative_tags_its_need_and_an_entrepreneur_its_offer(client, initiative, entrepreneur):
    client.force_login(initiative)
    assert client.post(reverse("matching:need_create"), need_data(goals=["1", "10"])).status_code == 302
    need = Need.objects.get()
    assert numbers_of(need) == [1, 10]
    client.logout()
    assert "Geen armoede" in client.get(need.get_absolute_url()).text  # the public page of the need
    client.force_login(entrepreneur)
    assert client.post(reverse("matching:offer_create"), offer_data(goals=["4"])).status_code == 302
    assert numbers_of(Offer.objects.get()) == [4]


def test_an_entrepreneur_tags_its_supplier_registration(client, entrepreneur):
    client.force_login(entrepreneur)
    assert 'name="goals"' in client.get(reverse("procurement:registration_edit")).text
    response = client.post(reverse("procurement:registration_edit"), registration_data(goals=["8", "12"]))
    assert response.status_code == 302
    supplier = Supplier.objects.get()
    assert [goal.number for goal in goals_of(supplier)] == [8, 12]
    assert "Waardig werk en economische groei" in client.get(reverse("procurement:registration")).text


def test_the_goals_read_in_english_on_an_english_page(client, coordinator, groningen):
    line = ActionLineFactory(programme__municipality=groningen)
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en"})
    page = client.get(reverse("programmes:action_line_edit", args=[line.pk]))
    assert "Decent work and economic growth" in page.text and "Sustainable development goals" in page.text


def test_a_huge_or_foreign_goal_number_is_refused_with_a_message(client, initiative):
    client.force_login(initiative)
    for value in ["99999999999999999999999", "٣", "1; drop"]:
        response = client.post(reverse("matching:need_create"), need_data(goals=[value]))
        assert response.status_code == 200
        assert "goals" in response.context["form"].errors
    assert not Need.objects.exists()
