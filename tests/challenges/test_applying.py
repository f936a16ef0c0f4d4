"""Applying to a challenge: drafts, submitting before the deadline, one application per
organisation, a PDF pitch checked for type and size, nothing changed after submitting."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from programmes.challenges.models import PITCH_MAX_BYTES, Application
from tests.challenges.factories import PDF_BYTES, ApplicationFactory, ChallengeFactory, ChallengeQuestionFactory
from tests.programmes.helpers import shows


@pytest.fixture
def challenge(groningen):
    challenge = ChallengeFactory(action_line__programme__municipality=groningen, name="Sociale Groninger Challenge")
    ChallengeQuestionFactory(challenge=challenge, text="Welk maatschappelijk probleem lost u op?")
    ChallengeQuestionFactory(challenge=challenge, text="Wat heeft u nodig?", required=False)
    return challenge


def url(challenge):
    return reverse("challenges:challenge_apply", kwargs={"pk": challenge.pk})


def form_data(challenge, action="draft", **extra):
    first, second = challenge.questions.all()
    data = {
        "title": "Koffie met perspectief",
        "summary": "Statushouders leren het vak van barista.",
        f"answer_{first.pk}": "Werkloosheid onder statushouders.",
        f"answer_{second.pk}": "",
        "action": action,
    }
    data.update(extra)
    return data


def test_it_saves_a_draft_and_submits_it_later(client, entrepreneur, challenge, django_capture_on_commit_callbacks):
    client.force_login(entrepreneur)
    response = client.post(url(challenge), form_data(challenge))
    assert response.status_code == 302
    application = Application.objects.get()
    assert application.submitted_at is None and application.organisation == entrepreneur.organisation
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(challenge), form_data(challenge, action="submit"))
    application.refresh_from_db()
    assert response["Location"] == reverse("challenges:my_application", kwargs={"pk": application.pk})
    assert application.submitted_at is not None and application.stage == "applied"
    assert application.answers.get(question__required=True).text == "Werkloosheid onder statushouders."
    [confirmation] = mail.outbox
    assert confirmation.to == [entrepreneur.email]


def test_it_asks_for_the_required_answers_before_submitting(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    first = challenge.questions.first()
    response = client.post(url(challenge), form_data(challenge, action="submit", **{f"answer_{first.pk}": ""}))
    assert response.status_code == 200
    assert shows(response, "Answer this question before you submit.")
    assert not Application.objects.filter(submitted_at__isnull=False).exists()


def test_it_refuses_changes_after_submitting(client, entrepreneur, challenge):
    application = ApplicationFactory(challenge=challenge, organisation=entrepreneur.organisation, title="Origineel")
    client.force_login(entrepreneur)
    response = client.post(url(challenge), form_data(challenge, title="Gewijzigd"))
    assert response["Location"] == reverse("challenges:my_application", kwargs={"pk": application.pk})
    application.refresh_from_db()
    assert application.title == "Origineel"


def test_it_closes_the_form_after_the_deadline(client, entrepreneur, challenge):
    challenge.closes_at = timezone.now() - timedelta(minutes=1)
    challenge.save()
    client.force_login(entrepreneur)
    response = client.get(url(challenge))
    assert shows(response, "Your draft was not submitted before the deadline.") is False
    assert '<form class="portal-form"' not in response.content.decode()
    response = client.post(url(challenge), form_data(challenge, action="submit"))
    assert response.status_code == 200 and not Application.objects.exists()


def test_it_does_not_open_before_the_opening(client, entrepreneur, challenge):
    challenge.opens_at = timezone.now() + timedelta(days=1)
    challenge.closes_at = timezone.now() + timedelta(days=5)
    challenge.save()
    client.force_login(entrepreneur)
    client.post(url(challenge), form_data(challenge))
    assert not Application.objects.exists()


def test_it_keeps_one_application_per_organisation(client, entrepreneur, challenge):
    colleague = type(entrepreneur).objects.create_user(
        email="collega@example.nl", name="Collega", role="entrepreneur", organisation=entrepreneur.organisation
    )
    client.force_login(entrepreneur)
    client.post(url(challenge), form_data(challenge))
    client.force_login(colleague)
    client.post(url(challenge), form_data(challenge, title="Tweede plan"))
    assert Application.objects.count() == 1 and Application.objects.get().title == "Tweede plan"


def test_it_stores_a_pdf_pitch(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    pitch = SimpleUploadedFile("pitch.pdf", PDF_BYTES, content_type="application/pdf")
    client.post(url(challenge), form_data(challenge, pitch=pitch))
    application = Application.objects.get()
    assert application.pitch.name.endswith(".pdf") and "pitch.pdf" not in application.pitch.name
    response = client.get(reverse("challenges:pitch_download", kwargs={"pk": application.pk}))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    assert response["Content-Type"] == "application/pdf"


def test_it_refuses_a_file_that_is_not_a_pdf(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    fake = SimpleUploadedFile("pitch.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(url(challenge), form_data(challenge, pitch=fake))
    assert response.status_code == 200 and shows(response, "The pitch document is not a PDF file.")
    word = SimpleUploadedFile("pitch.docx", PDF_BYTES, content_type="application/pdf")
    response = client.post(url(challenge), form_data(challenge, pitch=word))
    assert shows(response, "The pitch document must be a PDF file.")
    assert not Application.objects.exists()


def test_it_refuses_a_pitch_larger_than_5_mb(client, entrepreneur, challenge):
    client.force_login(entrepreneur)
    big = SimpleUploadedFile("pitch.pdf", PDF_BYTES + b"0" * PITCH_MAX_BYTES, content_type="application/pdf")
    response = client.post(url(challenge), form_data(challenge, pitch=big))
    assert response.status_code == 200 and shows(response, "The pitch document is larger than 5 MB.")
    assert not Application.objects.exists()


def test_it_shows_applicants_only_their_own_application(client, entrepreneur, initiative, challenge):
    application = ApplicationFactory(challenge=challenge, organisation=entrepreneur.organisation)
    client.force_login(initiative)
    assert client.get(reverse("challenges:my_application", kwargs={"pk": application.pk})).status_code == 404
    client.force_login(entrepreneur)
    response = client.get(reverse("challenges:my_application", kwargs={"pk": application.pk}))
    assert response.status_code == 200 and application.title in response.content.decode()


def test_it_lists_only_the_open_challenges_of_the_own_municipality(client, entrepreneur, challenge, haarlem):
    ChallengeFactory(action_line__programme__municipality=haarlem, name="NewFuture@Work")
    ChallengeFactory(
        action_line=challenge.action_line,
        name="Oude challenge",
        opens_at=timezone.now() - timedelta(days=400),
        closes_at=timezone.now() - timedelta(days=300),
    )
    client.force_login(entrepreneur)
    page = client.get(reverse("challenges:my_challenges")).content.decode()
    assert "Sociale Groninger Challenge" in page and "NewFuture@Work" not in page and "Oude challenge" not in page


def test_it_does_not_let_an_entrepreneur_apply_in_another_municipality(client, entrepreneur, haarlem):
    foreign = ChallengeFactory(action_line__programme__municipality=haarlem)
    client.force_login(entrepreneur)
    assert client.get(url(foreign)).status_code == 404
