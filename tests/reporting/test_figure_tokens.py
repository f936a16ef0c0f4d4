"""Figures that cannot be misspelt: an unknown [[token]] is refused at save, at generate and at approve."""

import pytest
from django.urls import reverse

from reporting import figures
from reporting.models import Letter, LetterSection, LetterVersion
from tests.reporting.permission_table import ready_version
from tests.reporting.test_views import messages_of

pytestmark = pytest.mark.django_db

SUGGESTION = "Onbekend cijfer [[matches_mad]]; bedoelt u [[matches_made]]"


def _misspell_section(letter, number=1):
    """Put a misspelt token in a section directly, as text written before the check existed."""
    LetterSection.objects.filter(letter=letter, action_line__number=number).update(
        body="Er zijn [[matches_mad]] matches gemaakt."
    )


def test_saving_a_section_with_a_misspelt_figure_suggests_the_name_and_saves_nothing(client, coordinator, letter):
    client.force_login(coordinator)
    line = letter.programme.action_lines.get(number=3)
    url = reverse("reporting:section_edit", kwargs={"pk": letter.pk, "action_line_pk": line.pk})
    draft = LetterSection.objects.get(letter=letter, action_line=line).body

    response = client.post(url, {"figure_groups": ["matches"], "body": "Er zijn [[matches_mad]] matches."})

    assert response.status_code == 200
    assert SUGGESTION in " ".join(response.context["form"].errors["body"])
    assert SUGGESTION in response.content.decode()
    assert LetterSection.objects.get(letter=letter, action_line=line).body == draft


def test_saving_the_letter_with_an_unknown_figure_names_it_and_saves_nothing(client, coordinator, letter):
    client.force_login(coordinator)
    data = {
        "subject": "Update actieprogramma 2020",
        "author_name": "Simon Poelstra",
        "letter_date": "2020-12-02",
        "introduction": "Wij maakten [[matches_mad]] matches en [[zzzz]] dingen.",
        "developments": "",
        "closing": "",
    }

    response = client.post(reverse("reporting:letter_edit", kwargs={"pk": letter.pk}), data)

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors["introduction"])
    assert SUGGESTION in errors
    assert "Onbekend cijfer [[zzzz]]; kies een naam uit de lijst" in errors
    letter.refresh_from_db()
    assert letter.introduction == "Het actieprogramma vormt de basis."


def test_known_figures_of_every_action_line_save(client, coordinator, letter):
    client.force_login(coordinator)
    line = letter.programme.action_lines.get(number=6)
    url = reverse("reporting:section_edit", kwargs={"pk": letter.pk, "action_line_pk": line.pk})

    response = client.post(url, {"figure_groups": [], "body": "[[line6_activities_held]] en [[matches_made]]"})

    assert response.status_code == 302


def test_a_version_cannot_be_generated_while_the_letter_holds_an_unknown_figure(client, coordinator, small_letter):
    _misspell_section(small_letter)
    client.force_login(coordinator)

    response = client.post(reverse("reporting:version_generate", kwargs={"pk": small_letter.pk}), follow=True)

    assert any(SUGGESTION in message for message in messages_of(response))
    assert not LetterVersion.objects.exists()


def test_a_version_with_an_unknown_figure_cannot_be_approved(client, coordinator, colleague, small_letter):
    _misspell_section(small_letter)
    version = ready_version(small_letter, coordinator)
    client.force_login(colleague)

    response = client.post(
        reverse("reporting:letter_approve", kwargs={"pk": small_letter.pk}), {"version": version.pk}, follow=True
    )

    assert any(SUGGESTION in message for message in messages_of(response))
    small_letter.refresh_from_db()
    assert small_letter.status == Letter.Status.DRAFT
    assert small_letter.approved_version is None


def test_the_editor_lists_the_catalogue_by_dutch_name(client, coordinator, letter):
    client.force_login(coordinator)
    line = letter.programme.action_lines.get(number=3)

    page = client.get(reverse("reporting:section_edit", kwargs={"pk": letter.pk, "action_line_pk": line.pk}))

    html = page.content.decode()
    assert "Cijfers die u kunt invoegen" in html
    assert "Geld gegeven" in html and "een bedrag in euro&#x27;s" in html and "Geschreven als" in html
    for name in figures.known_names(range(1, 7)):
        assert f"[[{name}]]" in html
