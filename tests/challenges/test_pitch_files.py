"""A pitch document leaves the disk when it is replaced or removed, once the change is committed:
never before (a rolled-back change keeps the file its row still points to)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse

from programmes.challenges import services
from programmes.challenges.models import Application
from tests.challenges.factories import PDF_BYTES, ChallengeFactory, ChallengeQuestionFactory


@pytest.fixture
def challenge(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen)
    ChallengeQuestionFactory(challenge=challenge, required=False)
    return challenge


def pitch(name="pitch.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def save_draft(client, challenge, django_capture_on_commit_callbacks, **extra):
    data = {"title": "Koffie met perspectief", "summary": "Barista's.", "action": "draft"} | extra
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("challenges:challenge_apply", kwargs={"pk": challenge.pk}), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return Application.objects.get(challenge=challenge)


def on_disk(name: str) -> bool:
    return (Path(settings.MEDIA_ROOT) / name).exists()


def test_it_deletes_the_old_pitch_from_disk_when_it_is_replaced(
    client, entrepreneur, challenge, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)
    old = save_draft(client, challenge, django_capture_on_commit_callbacks, pitch=pitch()).pitch.name
    assert on_disk(old)
    new = save_draft(client, challenge, django_capture_on_commit_callbacks, pitch=pitch("nieuw.pdf")).pitch.name
    assert new != old and on_disk(new)
    assert not on_disk(old)


def test_it_deletes_a_removed_pitch_from_disk_after_the_commit(
    client, entrepreneur, challenge, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)
    old = save_draft(client, challenge, django_capture_on_commit_callbacks, pitch=pitch()).pitch.name
    application = save_draft(client, challenge, django_capture_on_commit_callbacks, remove_pitch="on")
    assert not application.pitch and not on_disk(old)


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_old_pitch_when_the_replacement_is_rolled_back(entrepreneur, challenge):
    arguments = {
        "applicant": entrepreneur,
        "challenge": challenge,
        "organisation": entrepreneur.organisation,
        "title": "Koffie met perspectief",
        "summary": "Barista's.",
        "answers": {},
    }
    old = services.application_save(**arguments, pitch=pitch()).pitch.name
    for change in ({"pitch": pitch("nieuw.pdf")}, {"remove_pitch": True}):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.application_save(**arguments, **change)
            raise RuntimeError("something later in the same transaction fails")
        assert Application.objects.get().pitch.name == old
        assert on_disk(old), change
