"""The letter speaks its own language (Dutch), whatever the interface language of the coordinator."""

import pytest
from django.urls import reverse
from django.utils import translation

from reporting import services
from reporting.models import LetterVersion
from tests.reporting.pdf_tools import squeeze, text_of

pytestmark = pytest.mark.django_db

ENGLISH = ["Activities per action line", "Matches per quarter", "From application to winner", "Activities held"]
DUTCH = ["Activiteiten per actielijn in 2020", "Matches gemaakt per kwartaal van 2020", "Van aanmelding tot winnaar"]


def english_in(text: str) -> list[str]:
    return [phrase for phrase in ENGLISH if phrase in text]


@pytest.mark.django_db(transaction=True)  # the job is enqueued when the request's transaction commits
def test_an_english_speaking_coordinator_generates_a_dutch_version(client, coordinator, letter):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en"})

    response = client.post(reverse("reporting:version_generate", kwargs={"pk": letter.pk}), follow=True)

    assert "Generate PDF" in response.content.decode()  # the interface itself stays English
    version = LetterVersion.objects.get()
    charts = version.figures["charts"]
    assert charts["activities_per_action_line"]["title"] == "Activiteiten per actielijn in 2020"
    assert charts["activities_per_action_line"]["series"][0] == "fysiek gehouden"
    assert not {"held in person", "held online", "cancelled"} & set(charts["activities_per_action_line"]["series"])
    assert charts["matches"]["title"] == "Matches gemaakt per kwartaal van 2020"
    labels = [box["label"] for line in version.content["action_lines"] for box in line["boxes"]]
    assert "Activiteiten" in labels and "Activities" not in labels
    text = squeeze(text_of(version.file.path))
    assert english_in(text) == []
    for phrase in DUTCH:
        assert phrase in text


def test_an_english_speaking_coordinator_previews_the_letter_in_dutch(client, coordinator, letter):
    client.force_login(coordinator)
    client.post(reverse("set_language"), {"language": "en"})

    preview = client.get(reverse("reporting:letter_preview", kwargs={"pk": letter.pk})).content.decode()
    editor = client.get(reverse("reporting:letter_edit", kwargs={"pk": letter.pk})).content.decode()

    assert english_in(preview) == []
    assert "Activiteiten per actielijn in 2020" in preview and "Van aanmelding tot winnaar" in preview
    assert "Activiteiten per actielijn in 2020" in editor  # the editor's live preview


def test_a_version_made_while_english_is_active_is_dutch(coordinator, small_letter):
    """As when the demo's set-up runs after a step that left English active."""
    with translation.override("en"):
        version = services.version_make_now(letter=small_letter, user=coordinator)

    assert version.figures["charts"]["activities_per_action_line"]["title"] == "Activiteiten per actielijn in 2020"
    text = squeeze(text_of(version.file.path))
    assert english_in(text) == [] and "Activiteiten per actielijn in 2020" in text
