"""Surveys' part of a user's personal data: the answers they gave for their organisation. Erasure and the
retention period take the person (and, after the retention period, the organisation) off the answers and erase
the open answers; the counts of choices and points on the scale stay, so results cited in council letters stay
right."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from core import audit
from core.privacy import ERASED, forget_in_trail, personal_data_eraser, personal_data_exporter

from .models import Answer, Response, Survey, SurveyAction

MIN_RETENTION_DAYS = 30  # the shortest retention period a survey can have (Survey.retention_days)


@personal_data_exporter("surveys")
def export_survey_answers(user) -> list[dict]:
    responses = (
        Response.objects.filter(respondent=user)
        .select_related("survey", "organisation")
        .prefetch_related("answers__question", "answers__option")
        .order_by("submitted_at")
    )
    return [
        {
            "survey": response.survey.title,
            "organisation": response.organisation.name if response.organisation else None,
            "submitted_at": response.submitted_at.isoformat(),
            "answers": [
                {
                    "question": answer.question.text_nl,
                    "answer": answer.option.text_nl if answer.option else answer.scale_value or answer.text,
                }
                for answer in response.answers.all()
            ],
        }
        for response in responses
    ]


def _anonymise(responses) -> int:
    """Take the people (and organisations) off these responses and erase their open answers."""
    ids = list(responses.values_list("pk", flat=True))
    texts = Answer.objects.filter(response_id__in=ids, option__isnull=True, scale_value__isnull=True).exclude(text="")
    forget_in_trail(list(texts), ["text"])
    texts.update(text=ERASED)
    return Response.objects.filter(pk__in=ids).update(respondent=None)


@personal_data_eraser
def erase_survey_answers(user) -> None:
    _anonymise(Response.objects.filter(respondent=user))


@transaction.atomic
def surveys_anonymise_expired_answers(*, now: datetime | None = None) -> int:
    """Once a survey's retention period has passed since its closing date, its answers lose who gave them
    (person and organisation) and their open answers; the counts stay. Returns the number of surveys done."""
    today = timezone.localtime(now or timezone.now()).date()
    candidates = Survey.objects.filter(
        anonymised_at__isnull=True, closes_on__lt=today - timedelta(days=MIN_RETENTION_DAYS)
    ).select_related("municipality")
    done = 0
    for survey in candidates:
        if survey.closes_on + timedelta(days=survey.retention_days) >= today:
            continue
        responses = Response.objects.filter(survey=survey)
        _anonymise(responses)
        responses.update(organisation=None)
        Survey.objects.filter(pk=survey.pk).update(anonymised_at=now or timezone.now())
        audit.record(
            action=SurveyAction.ANSWERS_ANONYMISED, actor=None, municipality=survey.municipality, instance=survey
        )
        done += 1
    return done
