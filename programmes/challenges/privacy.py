"""Challenges' part of a user's personal data: the applications of their organisation (with answers and pitch),
the assessments they gave as a jury member and the participants they coach.

Applications count in the figures (applications, finalists, winners, coaching), so erasing keeps them and their
stages; what the applicant wrote goes when their organisation closes with them, and the pitch document is
deleted from storage once the erasure is committed. A juror's scores stay (they made the ranking); their
comments go. A coach's session notes go when the coach is erased, and the notes about a participant go when
its organisation closes; the sessions' dates and durations stay (they count as hours of coaching).

Financiers of a financing table have no account: their name and e-mail address are exported and erased with the
account of the same address, if there is one, and erased anyway FINANCIER_RETENTION_DAYS after their table closed
(the periodic task challenges.erase_expired_financier_details). Their organisation and pledges stay: the amount
financed counts in the figures. An erased financier's link no longer opens.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.privacy import closing_organisation
from core.files import delete_on_commit
from core.privacy import ERASED, forget_in_trail, personal_data_eraser, personal_data_exporter

from .models import (
    Application,
    ApplicationAnswer,
    CoachingSession,
    Financier,
    Review,
    Score,
    new_financier_token,
)

APPLICATION_TEXT_FIELDS = ("title", "summary", "pitch")


def _applications_of(user):
    if user.organisation_id is None:
        return Application.objects.filter(applicant=user)
    return Application.objects.filter(organisation_id=user.organisation_id) | Application.objects.filter(applicant=user)


@personal_data_exporter("challenges")
def export_challenges(user) -> dict:
    applications = (
        _applications_of(user).select_related("challenge").prefetch_related("answers__question", "coaching_sessions")
    )
    reviews = Review.objects.filter(juror=user).select_related("application__challenge")
    return {
        "applications": [
            {
                "challenge": application.challenge.name,
                "title": application.title,
                "summary": application.summary,
                "answers": [
                    {"question": answer.question.text, "answer": answer.text} for answer in application.answers.all()
                ],
                "pitch": application.pitch.name.rsplit("/", 1)[-1] if application.pitch else None,
                "coaching_sessions": [
                    {
                        "held_on": session.held_on.isoformat(),
                        "duration_minutes": session.duration_minutes,
                        "notes": session.notes,
                    }
                    for session in application.coaching_sessions.all()
                ],
                "stage": application.stage,
                "submitted_at": application.submitted_at.isoformat() if application.submitted_at else None,
            }
            for application in applications.distinct().order_by("created_at", "pk")
        ],
        "assessments": [
            {
                "challenge": review.application.challenge.name,
                "application": review.application.title,
                "submitted_at": review.submitted_at.isoformat() if review.submitted_at else None,
                "scores": [
                    {"criterion": score.criterion.name, "score": score.value, "comment": score.comment}
                    for score in review.scores.select_related("criterion")
                ],
            }
            for review in reviews.order_by("assigned_at", "pk")
        ],
        "coaching": [
            {"challenge": application.challenge.name, "application": str(application)}
            for application in Application.objects.filter(coach=user).select_related("challenge", "organisation")
        ],
        "coaching_sessions": [
            {
                "application": str(session.application),
                "held_on": session.held_on.isoformat(),
                "duration_minutes": session.duration_minutes,
                "notes": session.notes,
            }
            for session in CoachingSession.objects.filter(coach=user)
            .select_related("application__organisation")
            .order_by("held_on", "pk")
        ],
        "financing_tables": [
            {
                "challenge": financier.table.challenge.name,
                "name": financier.name,
                "organisation": financier.organisation,
                "email": financier.email,
                "invited_at": financier.invited_at.isoformat(),
                "pledges": [
                    {
                        "plan": pledge.plan.application.title,
                        "decision": pledge.decision,
                        "amount": str(pledge.amount) if pledge.amount is not None else None,
                        "kind": pledge.kind,
                    }
                    for pledge in financier.pledges.all()
                ],
            }
            for financier in _financiers_of(user)
            .select_related("table__challenge")
            .prefetch_related("pledges__plan__application")
            .order_by("invited_at", "pk")
        ],
    }


def _financiers_of(user):
    return Financier.objects.filter(email__iexact=user.email) if user.email else Financier.objects.none()


FINANCIER_RETENTION_DAYS = 365
ERASED_EMAIL = "erased@erased.invalid"  # as programmes writes it: an address nobody has


def erase_financier_details(financiers) -> int:
    """Erase the financiers' names and e-mail addresses (and so the link of their invitation: its secret is
    replaced). Their organisation and pledges stay. Returns how many were erased."""
    financiers = list(financiers.exclude(email=ERASED_EMAIL))
    for financier in financiers:
        Financier.objects.filter(pk=financier.pk).update(name=ERASED, email=ERASED_EMAIL, token=new_financier_token())
    forget_in_trail(financiers, ["name", "email"])
    return len(financiers)


@transaction.atomic
def financiers_erase_expired_details(*, now: datetime | None = None) -> int:
    """Erase the details of the financiers of tables closed more than FINANCIER_RETENTION_DAYS ago."""
    cutoff = (now or timezone.now()) - timedelta(days=FINANCIER_RETENTION_DAYS)
    return erase_financier_details(Financier.objects.filter(table__closed_at__lt=cutoff))


@personal_data_eraser
def erase_challenges(user) -> None:
    Score.objects.filter(review__juror=user).exclude(comment="").update(comment="")
    erase_financier_details(_financiers_of(user))
    CoachingSession.objects.filter(coach=user).exclude(notes="").update(notes="")
    organisation = closing_organisation(user)
    if organisation is None:
        return
    applications = list(Application.objects.filter(organisation=organisation).select_related("organisation"))
    for application in applications:
        delete_on_commit(application.pitch)
        application.title = application.summary = ERASED
        application.pitch = ""  # an empty FileField is stored as ""
        application.save(update_fields=[*APPLICATION_TEXT_FIELDS, "updated_at"])
    ApplicationAnswer.objects.filter(application__in=applications).update(text="")
    CoachingSession.objects.filter(application__in=applications).exclude(notes="").update(notes="")
    forget_in_trail(applications, APPLICATION_TEXT_FIELDS)
    # An assessment is described by its application: those entries get the erased application's description too.
    forget_in_trail(Review.objects.filter(application__in=applications).select_related("juror", "application"), [])
