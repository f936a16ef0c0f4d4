"""An erased coordinator's council letters: a draft loses them as its author, an approved letter stays the
municipality's record; the frozen figures stay exactly as they were."""

import json

import pytest
from django.urls import reverse

from accounts.services import user_erase
from reporting.models import Letter, LetterVersion
from reporting.services import letter_content, live_figures
from tests.reporting.factories import letter_about_2020

pytestmark = pytest.mark.django_db


@pytest.fixture
def author(coordinator):
    coordinator.name, coordinator.phone = "Carla Jansen", "050 367 00 00"
    coordinator.save()
    return coordinator


def test_the_download_lists_the_letters_the_coordinator_wrote(client, author, programme):
    letter_about_2020(programme, author)
    client.force_login(author)

    data = json.loads(client.get(reverse("accounts:my_data_download")).content)

    assert data["council_letters"]["letters_written"][0]["author"] == "Carla Jansen"


def test_a_draft_loses_its_erased_author_and_the_frozen_figures_stay(author, programme, groningen):
    letter = letter_about_2020(programme, author)
    version = LetterVersion.objects.create(
        letter=letter,
        content=letter_content(letter),
        figures=live_figures(letter),
        author=author,
        author_name=author.name,
    )
    figures = version.figures
    assert "Carla Jansen" in json.dumps(version.content)
    other = type(author).objects.create_user(email="c2@example.nl", role="coordinator", municipality=groningen)

    user_erase(user=author, actor=other, reason="Verzoek van Carla Jansen")

    letter = Letter.objects.get()
    version.refresh_from_db()
    assert (letter.author_name, letter.phone) == ("—", "")
    assert version.author_name == "" and "Carla Jansen" not in json.dumps(version.content)
    assert version.figures == figures == live_figures(letter)
