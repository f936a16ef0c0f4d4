"""Programmes' part of a user's personal data: their service-point questions."""

from core.privacy import personal_data_eraser, personal_data_exporter

from . import services
from .models import Question


@personal_data_exporter("service_point_questions")
def export_questions(user) -> list[dict]:
    return [
        {
            "subject": question.subject,
            "question": question.body,
            "name": question.name,
            "email": question.email,
            "organisation": question.organisation_name,
            "status": question.status,
            "answer": question.answer,
            "asked_at": question.asked_at.isoformat(),
            "answered_at": question.answered_at.isoformat() if question.answered_at else None,
        }
        for question in Question.objects.filter(asker=user).order_by("asked_at")
    ]


@personal_data_eraser
def erase_questions(user) -> None:
    services.questions_erase_personal_data_of(user=user)
