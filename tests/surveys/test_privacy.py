"""Answers are personal data: in the person's download, anonymised on erasure and after the survey's retention
period (a daily job), while the counts that results and council letters cite stay."""

import json
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.privacy import ERASED
from surveys.models import Answer, Response, Survey
from surveys.selectors import results_of
from surveys.tasks import anonymise_expired_survey_answers
from tests.factories import PASSWORD
from tests.surveys.factories import answer, sent_survey

pytestmark = pytest.mark.django_db


def test_the_download_holds_the_persons_answers(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    answer(entrepreneur, survey, text="Kleinere kavels")
    client.force_login(entrepreneur)
    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    (given,) = data["surveys"]
    assert given["survey"] == "Behoeftepeiling"
    assert {"question": "Wat moet de gemeente doen?", "answer": "Kleinere kavels"} in given["answers"]


def test_erasure_takes_the_person_off_and_erases_the_open_answer_but_keeps_the_counts(
    client, coordinator, entrepreneur, django_capture_on_commit_callbacks
):
    survey = sent_survey(coordinator)
    answer(entrepreneur, survey, first=1, text="Kleinere kavels")
    before = [[row.count for row in q.rows] for q in results_of(survey).questions]
    client.force_login(entrepreneur)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})
    response = Response.objects.get()
    assert response.respondent is None
    assert not Answer.objects.filter(text="Kleinere kavels").exists()
    assert [[row.count for row in q.rows] for q in results_of(survey).questions] == before


def test_after_the_retention_period_answers_lose_who_gave_them(coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    answer(entrepreneur, survey, text="Kleinere kavels")
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=40), retention_days=30)
    assert anonymise_expired_survey_answers() == 1
    assert anonymise_expired_survey_answers() == 0
    response = Response.objects.get()
    assert response.respondent is None and response.organisation is None
    assert Answer.objects.filter(text=ERASED).count() == 1
    assert results_of(survey).responses == 1


def test_answers_within_the_retention_period_stay(coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    answer(entrepreneur, survey, text="Kleinere kavels")
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=40))  # 365 days
    assert anonymise_expired_survey_answers() == 0
    assert Response.objects.get().respondent == entrepreneur


def test_the_jobs_run_daily():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"surveys.remind_surveys_closing_soon", "surveys.anonymise_expired_survey_answers"} <= tasks
