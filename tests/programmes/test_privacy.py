"""Personal data in the service point: kept only as long as the municipality says, erased with the account."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from programmes import services
from programmes.models import ERASED_EMAIL, Question
from programmes.tasks import erase_expired_question_personal_data
from tests.factories import PASSWORD
from tests.programmes.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def closed_question(municipality, *, days_ago, **fields):
    closed = timezone.now() - timedelta(days=days_ago)
    return QuestionFactory(
        municipality=municipality,
        status=Question.Status.CLOSED,
        asked_at=closed - timedelta(days=2),
        answered_at=closed - timedelta(days=1),
        closed_at=closed,
        **fields,
    )


def test_it_erases_the_asker_of_an_old_closed_question_without_an_account(groningen):
    groningen.question_retention_days = 30
    groningen.save()
    old = closed_question(groningen, days_ago=31, name="Aylin Demir", email="aylin@example.nl")
    recent = closed_question(groningen, days_ago=29, name="Bram Smit", email="bram@example.nl")

    erased = erase_expired_question_personal_data()

    assert erased == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert "Aylin" not in old.name and old.email == ERASED_EMAIL
    assert recent.email == "bram@example.nl"
    assert Question.objects.count() == 2  # the figures still count both


def test_it_follows_each_municipalitys_own_retention_period(groningen, haarlem):
    haarlem.question_retention_days = 400
    haarlem.save()
    closed_question(groningen, days_ago=366, email="groningen@example.nl")
    closed_question(haarlem, days_ago=366, email="haarlem@example.nl")

    erase_expired_question_personal_data()

    assert set(Question.objects.values_list("email", flat=True)) == {ERASED_EMAIL, "haarlem@example.nl"}


def test_it_keeps_questions_of_account_holders_for_their_erasure(groningen, entrepreneur):
    closed_question(groningen, days_ago=900, asker=entrepreneur, email=entrepreneur.email)

    assert erase_expired_question_personal_data() == 0


@pytest.mark.parametrize("status", [Question.Status.NEW, Question.Status.IN_PROGRESS, Question.Status.ANSWERED])
def test_it_erases_questions_in_every_state_once_nothing_happened_to_them_for_the_retention_period(groningen, status):
    long_ago = timezone.now() - timedelta(days=400)
    moments = {
        Question.Status.NEW: {},
        Question.Status.IN_PROGRESS: {"picked_up_at": long_ago},
        Question.Status.ANSWERED: {
            "picked_up_at": long_ago,
            "answered_at": long_ago,
            "answer": "Beste Aylin Demir, ...",
        },
    }[status]
    question = QuestionFactory(
        municipality=groningen,
        status=status,
        asked_at=long_ago - timedelta(days=1),
        name="Aylin Demir",
        email="aylin@example.nl",
        subject="Vraag van Aylin Demir",
        **moments,
    )

    assert erase_expired_question_personal_data() == 1

    question.refresh_from_db()
    assert question.status == status  # it still counts as it did
    assert "Aylin" not in f"{question.name} {question.subject} {question.body} {question.answer}"
    assert question.email == ERASED_EMAIL


def test_a_question_still_being_handled_is_kept_until_the_retention_period_after_its_last_step(groningen):
    question = QuestionFactory(
        municipality=groningen,
        status=Question.Status.IN_PROGRESS,
        asked_at=timezone.now() - timedelta(days=900),
        picked_up_at=timezone.now() - timedelta(days=10),
        email="still@example.nl",
    )

    assert erase_expired_question_personal_data() == 0
    question.refresh_from_db()
    assert question.email == "still@example.nl"


def test_the_trail_forgets_the_subject_of_an_erased_question(groningen, coordinator):
    question = QuestionFactory(
        municipality=groningen, subject="Vraag van Aylin Demir", asked_at=timezone.now() - timedelta(days=900)
    )
    services.question_close(question=question, coordinator=coordinator)
    Question.objects.filter(pk=question.pk).update(closed_at=timezone.now() - timedelta(days=800))
    assert AuditEvent.objects.filter(object_repr__contains="Aylin").exists()

    erase_expired_question_personal_data()

    assert not AuditEvent.objects.filter(object_repr__contains="Aylin").exists()
    assert AuditEvent.objects.filter(object_id=question.pk, actor_role="coordinator").exists()


def test_the_daily_job_is_scheduled_with_celery_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["erase-expired-question-personal-data"]

    assert schedule["task"] == erase_expired_question_personal_data.name
    assert schedule["schedule"] == 24 * 60 * 60


def test_a_users_questions_are_in_their_download_and_erased_with_their_account(client, entrepreneur, groningen):
    question = QuestionFactory(
        municipality=groningen, asker=entrepreneur, name=entrepreneur.name, email=entrepreneur.email
    )
    client.force_login(entrepreneur)

    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    assert data["service_point_questions"][0]["subject"] == question.subject
    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    question.refresh_from_db()
    assert question.email == ERASED_EMAIL
    assert entrepreneur.name not in question.name
