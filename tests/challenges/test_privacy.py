"""An erased applicant's pitch leaves storage (only once the erasure is committed); an erased juror's comments
go while their scores keep the ranking; both find their part in the download."""

import json
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse

from accounts.services import user_erase
from programmes.challenges.models import Application, Score
from tests.factories import PASSWORD, UserFactory

from .factories import PDF_BYTES, ApplicationFactory, CoachingSessionFactory, CriterionFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(entrepreneur):
    application = ApplicationFactory(
        organisation=entrepreneur.organisation, applicant=entrepreneur, title="Groene Zaak"
    )
    application.pitch.save("pitch.pdf", ContentFile(PDF_BYTES))
    application.answers.create(question=application.challenge.questions.create(text="Waarom?"), text="Omdat het kan")
    return application


def test_the_download_holds_the_application_with_its_answers_and_pitch(client, entrepreneur, application):
    client.force_login(entrepreneur)

    data = json.loads(client.get(reverse("accounts:my_data_download")).content)

    [exported] = data["challenges"]["applications"]
    assert exported["title"] == "Groene Zaak"
    assert exported["answers"] == [{"question": "Waarom?", "answer": "Omdat het kan"}]
    assert exported["pitch"] == Path(application.pitch.name).name


def test_the_pitch_leaves_storage_once_the_erasure_is_committed(
    client, entrepreneur, application, django_capture_on_commit_callbacks
):
    path = Path(application.pitch.path)
    client.force_login(entrepreneur)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    application.refresh_from_db()
    assert not path.exists() and not application.pitch
    assert (application.title, application.stage) == ("—", "applied")  # it still counts
    assert application.answers.get().text == ""


def test_an_erasure_that_is_rolled_back_keeps_the_pitch(entrepreneur, application, django_capture_on_commit_callbacks):
    path = Path(application.pitch.path)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        user_erase(user=entrepreneur, actor=entrepreneur)
        raise RuntimeError("the erasure fails half-way")

    assert path.exists()
    assert Application.objects.get().title == "Groene Zaak"


def test_an_erased_jurors_comments_go_and_their_scores_stay(client, jury_member, application):
    criterion = CriterionFactory(challenge=application.challenge)
    review = ReviewFactory(application=application, juror=jury_member)
    Score.objects.create(review=review, criterion=criterion, value=7, comment="Sterk plan, groet Anouk")
    jury_member.set_password(PASSWORD)
    jury_member.save()
    client.force_login(jury_member)
    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    assert data["challenges"]["assessments"][0]["scores"][0]["comment"] == "Sterk plan, groet Anouk"

    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    score = Score.objects.get()
    assert (score.value, score.comment) == (7, "")


def test_the_participant_downloads_the_sessions_and_erasing_clears_their_notes(client, entrepreneur, application):
    application.coach = UserFactory(role="jury", municipality=application.challenge.action_line.programme.municipality)
    application.save()
    session = CoachingSessionFactory(application=application, notes="Verdienmodel besproken")
    client.force_login(entrepreneur)
    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    [exported] = data["challenges"]["applications"]
    assert exported["coaching_sessions"] == [
        {"held_on": session.held_on.isoformat(), "duration_minutes": 60, "notes": "Verdienmodel besproken"}
    ]
    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})
    session.refresh_from_db()
    assert (session.notes, session.duration_minutes) == ("", 60)  # the hours still count
