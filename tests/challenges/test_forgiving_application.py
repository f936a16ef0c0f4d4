"""The challenge application forgives: a pitch survives a submit that failed and is stored on the next one,
an optional question is optional (and labelled so), the errors are listed on top with links to their fields,
and the applicant sees how the jury assesses."""

import datetime
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core import uploads
from programmes.challenges.models import Application
from tests.challenges.factories import PDF_BYTES, ChallengeFactory, ChallengeQuestionFactory, CriterionFactory
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def challenge(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, name="Sociale Groninger Challenge")
    ChallengeQuestionFactory(challenge=challenge, text="Welk probleem lost u op?")
    ChallengeQuestionFactory(challenge=challenge, text="Met wie werkt u samen?", required=False)
    return challenge


def url(challenge):
    return reverse("challenges:challenge_apply", kwargs={"pk": challenge.pk})


def form_data(challenge, action="submit", **extra):
    required, optional = challenge.questions.all()
    data = {
        "title": "Koffie met perspectief",
        "summary": "Statushouders leren het vak van barista.",
        f"answer_{required.pk}": "Werkloosheid onder statushouders.",
        f"answer_{optional.pk}": "",
        "action": action,
    }
    data.update(extra)
    return data


def pitch():
    return SimpleUploadedFile("pitch.pdf", PDF_BYTES, content_type="application/pdf")


def held_files() -> list[Path]:
    return [path for path in (Path(settings.MEDIA_ROOT) / uploads.HOLD_DIRECTORY).glob("*")]


def test_it_keeps_the_pitch_of_a_failed_submit_and_stores_it_on_the_resubmit(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    response = client.post(url(challenge), form_data(challenge, title="", pitch=pitch()))
    page = response.content.decode()
    assert response.status_code == 200 and not Application.objects.exists()
    assert "Bijgevoegd: pitch.pdf" in page

    response = client.post(url(challenge), form_data(challenge))  # no file chosen again

    application = Application.objects.get()
    assert response.status_code == 302 and application.submitted_at is not None
    with application.pitch.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert held_files() == []  # the temporary copy is gone


def test_a_held_pitch_is_never_used_for_someone_else(client, entrepreneur, challenge, groningen):
    client.force_login(entrepreneur)
    client.post(url(challenge), form_data(challenge, title="", pitch=pitch()))
    other = UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=groningen))
    client.force_login(other)
    page = client.get(url(challenge)).content.decode()
    assert "pitch.pdf" not in page
    assert client.post(url(challenge), form_data(challenge)).status_code == 302
    assert not Application.objects.get(organisation=other.organisation).pitch


def test_it_replaces_a_held_pitch_with_a_newly_chosen_one(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    client.post(url(challenge), form_data(challenge, title="", pitch=pitch()))
    newer = SimpleUploadedFile("pitch-v2.pdf", PDF_BYTES + b"%v2\n", content_type="application/pdf")
    page = client.post(url(challenge), form_data(challenge, title="", pitch=newer)).content.decode()
    assert "Bijgevoegd: pitch-v2.pdf" in page and len(held_files()) == 1
    client.post(url(challenge), form_data(challenge))
    with Application.objects.get().pitch.open("rb") as stored:
        assert stored.read().endswith(b"%v2\n")


def test_it_erases_held_uploads_nobody_came_back_for(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    client.post(url(challenge), form_data(challenge, title="", pitch=pitch()))
    assert uploads.erase_stale_held_uploads() == 0
    [held] = held_files()
    a_day_ago = (timezone.now() - datetime.timedelta(days=1, minutes=1)).timestamp()
    os.utime(held, (a_day_ago, a_day_ago))
    assert uploads.erase_stale_held_uploads() == 1 and held_files() == []


def test_an_optional_question_is_optional_and_a_required_one_is_not_labelled_optional(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    page = client.get(url(challenge)).content.decode()
    assert page.count("(niet verplicht)") == 2  # the optional question and the pitch; not the required question
    assert client.post(url(challenge), form_data(challenge)).status_code == 302
    assert Application.objects.get().submitted_at is not None


def test_a_draft_may_leave_a_required_question_empty(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    required = challenge.questions.get(required=True)
    response = client.post(url(challenge), form_data(challenge, action="draft", **{f"answer_{required.pk}": ""}))
    assert response.status_code == 302 and Application.objects.get().submitted_at is None


def test_a_failed_submit_lists_its_errors_on_top_with_links_to_the_fields(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    required = challenge.questions.get(required=True)
    response = client.post(url(challenge), form_data(challenge, title="", **{f"answer_{required.pk}": ""}))
    page = response.content.decode()
    summary = page[page.index("data-error-summary") :]
    assert "Er ging iets mis" in summary
    assert 'href="#id_title"' in summary and f'href="#id_answer_{required.pk}"' in summary
    assert "Beantwoord deze vraag voordat u indient." in summary
    assert page.index("data-error-summary") < page.index('name="title"')
    assert "js/forms.js" in page


def test_the_applicant_sees_the_criteria_and_their_weights(client, entrepreneur, challenge):
    CriterionFactory(challenge=challenge, name="Impact", weight=3)
    CriterionFactory(challenge=challenge, name="Haalbaarheid", weight="1.5")
    client.force_login(entrepreneur)
    page = client.get(url(challenge)).content.decode()
    assert "Impact, weging 3" in page and "Haalbaarheid, weging 1,5" in page and "3.00" not in page
