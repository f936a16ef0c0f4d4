"""Periodic jobs of surveys; thin interfaces to its services."""

from celery import shared_task

from . import privacy, services


@shared_task(name="surveys.remind_surveys_closing_soon")
def remind_surveys_closing_soon() -> int:
    return services.surveys_remind_due()


@shared_task(name="surveys.anonymise_expired_survey_answers")
def anonymise_expired_survey_answers() -> int:
    return privacy.surveys_anonymise_expired_answers()
