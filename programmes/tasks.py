"""Periodic jobs of the programmes app; thin interfaces to its services."""

from celery import shared_task

from . import privacy


@shared_task(name="programmes.erase_expired_question_personal_data")
def erase_expired_question_personal_data() -> int:
    return privacy.questions_erase_expired_personal_data()
