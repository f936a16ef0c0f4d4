"""Programmes' part of a user's personal data: their service-point questions, and how long the questions of
people without an account keep the asker's details (the municipality's retention period)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from accounts.models import Municipality
from core.privacy import forget_in_trail, personal_data_eraser, personal_data_exporter, scrub

from .models import ERASED_EMAIL, ERASED_NAME, Question, QuestionMessage

# What an asker typed (the answer is the coordinator's: only the asker's identifiers go from it).
QUESTION_FIELDS = ("name", "email", "organisation_name", "subject", "body")


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
            "conversation": [
                {
                    "from_you": message.from_asker,
                    "message": message.body,
                    "written_at": message.created_at.isoformat(),
                }
                for message in question.messages.all()
            ],
            "helped": question.helped,
            "remark_about_the_help": question.helped_remark,
        }
        for question in _questions_of(user).prefetch_related("messages").order_by("asked_at")
    ]


def _questions_of(user):
    """The questions the user asked: signed in, or before with their e-mail address."""
    return Question.objects.filter(Q(asker=user) | Q(email__iexact=user.email))


@personal_data_eraser
def erase_questions(user) -> None:
    identifiers = [user.name, user.email, user.phone]
    erase_question_personal_data(_questions_of(user), identifiers=identifiers)
    # A coordinator who signed their answers: the answers stay (the askers keep them), without the signature.
    for question in Question.objects.filter(handler=user).exclude(answer=""):
        answer = scrub(question.answer, identifiers)
        if answer != question.answer:
            Question.objects.filter(pk=question.pk).update(answer=answer)
    # So do their later messages in the conversations (as a coordinator or a member of a partner desk).
    for message in QuestionMessage.objects.filter(author=user, from_asker=False):
        body = scrub(message.body, identifiers)
        if body != message.body:
            QuestionMessage.objects.filter(pk=message.pk).update(body=body)


def erase_question_personal_data(questions, *, identifiers: list[str] | None = None) -> int:
    """Erase what the askers typed: name, e-mail address, organisation, subject, question, their replies in the
    conversation and their remark about the help; the asker's name and address also go from the answer and the
    municipality's messages, and from the audit trail. The questions stay, and so do their status, dates and
    whether the asker was helped: the service point's figures count them. Returns the number of questions erased."""
    erased = 0
    for question in questions.exclude(email=ERASED_EMAIL):
        known = [question.name, question.email, *(identifiers or [])]
        answer = scrub(question.answer, known)
        question.name = question.subject = question.body = ERASED_NAME
        question.email, question.organisation_name, question.answer = ERASED_EMAIL, "", answer
        question.helped_remark = ""
        question.save(update_fields=[*QUESTION_FIELDS, "answer", "helped_remark"])
        question.messages.filter(from_asker=True).update(body=ERASED_NAME)
        for message in question.messages.filter(from_asker=False):
            body = scrub(message.body, known)
            if body != message.body:
                QuestionMessage.objects.filter(pk=message.pk).update(body=body)
        forget_in_trail([question], [*QUESTION_FIELDS, "answer"])
        erased += 1
    return erased


@transaction.atomic
def questions_erase_expired_personal_data(*, now: datetime | None = None) -> int:
    """Erase the personal data of questions asked without an account once the municipality's retention period
    has passed since the last thing that happened to them (closed, answered, picked up or asked), whatever their
    state: a question nobody picked up is not kept for ever. A message in its conversation counts as something
    that happened. Returns the number of questions erased."""
    now = now or timezone.now()
    erased = 0
    last_moment = Greatest(
        Coalesce("closed_at", "answered_at", "picked_up_at", "asked_at"),
        Coalesce(Max("messages__created_at"), "asked_at"),
    )
    for municipality in Municipality.objects.all():
        cutoff = now - timedelta(days=municipality.question_retention_days)
        expired = Question.objects.filter(municipality=municipality, asker__isnull=True).alias(last=last_moment)
        erased += erase_question_personal_data(expired.filter(last__lt=cutoff))
    return erased
