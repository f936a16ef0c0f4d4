"""Writes for challenges: the call, its questions and criteria, applications from draft to
submitted, jury invitations and assignments, scores, stages with their e-mails, coaches and their sessions.

A coordinator's every change is in the programme's audit trail (core.audit); stage
changes are also kept as StageChange rows, from which the funnel is counted.
"""

from collections.abc import Iterable

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Organisation, User
from core import audit, files, mail
from core.services import model_update
from core.transitions import transition
from notifications.events import msgid
from notifications.services import notify
from programmes.models import ActionLine, Partner

from .models import (
    Application,
    ApplicationAnswer,
    Challenge,
    ChallengeQuestion,
    CoachingSession,
    Criterion,
    Financier,
    FinancingTable,
    Juror,
    Pledge,
    Review,
    Score,
    Stage,
    StageChange,
    TablePlan,
)
from .selectors import PRESENTABLE, challenge_municipality, coach_candidates

# The fields of a question and a criterion that the coordinator's formsets change.
QUESTION_FIELDS = ("position", "text", "help_text", "required")
CRITERION_FIELDS = ("position", "name", "description", "weight")

# ---------------------------------------------------------------- the challenge


@transaction.atomic
def challenge_create(
    *, actor: User, action_line: ActionLine, data: dict, partners: Iterable[Partner] = ()
) -> Challenge:
    challenge = Challenge(action_line=action_line, **data)
    return audit.save(
        actor=actor,
        municipality=action_line.programme.municipality,
        instance=challenge,
        before=None,
        m2m={"partners": partners},
    )


@transaction.atomic
def challenge_update(*, actor: User, challenge: Challenge, data: dict, partners: Iterable[Partner]) -> Challenge:
    before = audit.snapshot(challenge)
    model_update(instance=challenge, fields=list(data), data=data)  # the form's fields, its partners aside
    return audit.save(
        actor=actor,
        municipality=challenge_municipality(challenge),
        instance=challenge,
        before=before,
        m2m={"partners": partners},
    )


@transaction.atomic
def challenge_question_save(
    *, actor: User, challenge: Challenge, question: ChallengeQuestion | None, data: dict
) -> ChallengeQuestion:
    before = audit.snapshot(question) if question else None
    question = question or ChallengeQuestion(challenge=challenge)
    model_update(instance=question, fields=QUESTION_FIELDS, data=data)
    return audit.save(actor=actor, municipality=challenge_municipality(challenge), instance=question, before=before)


@transaction.atomic
def challenge_question_delete(*, actor: User, question: ChallengeQuestion) -> None:
    audit.record(
        actor=actor,
        municipality=challenge_municipality(question.challenge),
        instance=question,
        action=audit.Action.DELETED,
    )
    question.delete()


@transaction.atomic
def criterion_save(*, actor: User, challenge: Challenge, criterion: Criterion | None, data: dict) -> Criterion:
    before = audit.snapshot(criterion) if criterion else None
    criterion = criterion or Criterion(challenge=challenge)
    model_update(instance=criterion, fields=CRITERION_FIELDS, data=data)
    return audit.save(actor=actor, municipality=challenge_municipality(challenge), instance=criterion, before=before)


@transaction.atomic
def criterion_delete(*, actor: User, criterion: Criterion) -> None:
    """Remove a criterion, unless jurors have scored it (their scores would be lost)."""
    if criterion.scores.exists():
        raise ValidationError(_("Jury members have scored “%(name)s”; it cannot be removed.") % {"name": criterion})
    audit.record(
        actor=actor,
        municipality=challenge_municipality(criterion.challenge),
        instance=criterion,
        action=audit.Action.DELETED,
    )
    criterion.delete()


# ---------------------------------------------------------------- applying


def _check_open(challenge: Challenge) -> None:
    if not challenge.is_open():
        raise ValidationError(_("This challenge is not open for applications."), code="closed")


@transaction.atomic
def application_save(
    *,
    applicant: User,
    challenge: Challenge,
    organisation: Organisation,
    title: str,
    summary: str,
    answers: dict[int, str],
    pitch: UploadedFile | None = None,
    remove_pitch: bool = False,
    submit: bool = False,
) -> Application:
    """Save an organisation's application as a draft, or submit it. Only while the call is open;
    a submitted application cannot be changed. Submitting needs every required question answered."""
    _check_open(challenge)
    application = Application.objects.select_for_update().filter(challenge=challenge, organisation=organisation).first()
    if application and application.is_submitted:
        raise ValidationError(_("Your application has been submitted and can no longer be changed."))
    application = application or Application(challenge=challenge, organisation=organisation)
    application.applicant = applicant
    application.title, application.summary = title, summary
    if (remove_pitch or pitch is not None) and application.pitch:
        files.delete_on_commit(application.pitch)
        application.pitch = ""
    if pitch is not None:
        application.pitch = pitch
    questions = list(challenge.questions.all())
    if submit:
        missing = [q for q in questions if q.required and not answers.get(q.pk, "").strip()]
        if missing:
            raise ValidationError({f"answer_{q.pk}": _("Answer this question before you submit.") for q in missing})
        application.submitted_at = timezone.now()
        application.stage = application.furthest_stage = Stage.APPLIED
    application.full_clean()
    application.save()
    for question in questions:
        ApplicationAnswer.objects.update_or_create(
            application=application, question=question, defaults={"text": answers.get(question.pk, "")}
        )
    if submit:
        mail.mail_on_commit("challenges/email/application_submitted", {"application": application}, [applicant.email])
    return application


# ---------------------------------------------------------------- the jury


def _set_password_url(user: User) -> str:
    """A link to allauth's own password-reset page, where the invitee chooses a password."""
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    return settings.SITE_URL + path


@transaction.atomic
def juror_invite(*, actor: User, challenge: Challenge, email: str, name: str) -> Juror:
    """Invite a jury member by e-mail. A new address gets a jury account bound to the challenge's
    municipality, without a password: the invitation links to the password-reset page, where they
    choose one (the link proves they read the mail). An existing jury member of the municipality is
    simply added. Any other account cannot become a jury member here."""
    municipality = challenge_municipality(challenge)
    email = User.objects.normalize_email(email).strip()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, name=name.strip(), role=User.Role.JURY, municipality=municipality)
        user.set_unusable_password()
        user.full_clean()
        user.save()
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    elif user.role != User.Role.JURY or user.municipality_id != municipality.pk:
        raise ValidationError(
            {"email": _("This address belongs to an account that cannot be a jury member of this municipality.")}
        )
    juror, created = Juror.objects.get_or_create(challenge=challenge, user=user)
    if not created:
        raise ValidationError({"email": _("%(email)s is already a jury member of this challenge.") % {"email": email}})
    audit.record(
        actor=actor,
        municipality=municipality,
        instance=juror,
        action=audit.Action.CREATED,
        changes={"user": [None, str(user)]},
    )
    needs_password = not user.has_usable_password()
    context = {
        "juror": user,
        "challenge": challenge,
        "coordinator": actor,
        "set_password_url": _set_password_url(user) if needs_password else "",
        "login_url": settings.SITE_URL + reverse("account_login"),
        "reset_url": settings.SITE_URL + reverse("account_reset_password"),
    }
    mail.mail_on_commit("challenges/email/jury_invitation", context, [user.email])
    return juror


@transaction.atomic
def reviews_assign(
    *, actor: User, challenge: Challenge, applications: Iterable[Application], jurors: Iterable[User]
) -> int:
    """Assign submitted applications to jury members of the challenge; returns how many assignments
    are new. Assigning twice changes nothing."""
    allowed = set(Juror.objects.filter(challenge=challenge).values_list("user_id", flat=True))
    jurors = list(jurors)
    if any(juror.pk not in allowed for juror in jurors):
        raise ValidationError(_("Only jury members of this challenge can assess its applications."))
    new = 0
    municipality = challenge_municipality(challenge)
    assigned: dict[User, list[Review]] = {}
    for application in applications:
        if application.challenge_id != challenge.pk or not application.is_submitted:
            raise ValidationError(_("Only submitted applications of this challenge can be assessed."))
        for juror in jurors:
            review, created = Review.objects.get_or_create(application=application, juror=juror)
            if created:
                new += 1
                assigned.setdefault(juror, []).append(review)
                audit.record(
                    actor=actor,
                    municipality=municipality,
                    instance=review,
                    action=audit.Action.CREATED,
                    changes={"juror": [None, str(juror)]},
                )
    for juror, reviews in assigned.items():
        notify(
            event="reviews_assigned",
            key=f"review:{min(review.pk for review in reviews)}:assigned",
            recipients=[juror],
            params={"count": len(reviews), "challenge": challenge.name},
            url=reverse("challenges:jury_home"),
        )
    return new


@transaction.atomic
def review_save(*, juror: User, review: Review, scores: dict[int, tuple[int | None, str]], submit: bool) -> Review:
    """Save a jury member's scores (value and comment per criterion id), or submit them. Scores lie
    within the challenge's scale; submitting needs every criterion scored; submitted scores are final."""
    if review.juror_id != juror.pk:
        raise ValidationError(_("This assessment belongs to another jury member."))
    # Lock the review: of two saves at once (two tabs, a double click) the second sees the first's scores.
    review.refresh_from_db(from_queryset=Review.objects.select_for_update())
    if review.is_submitted:
        raise ValidationError(_("You have submitted your scores; they can no longer be changed."))
    criteria = list(review.application.challenge.criteria.all())
    if submit:
        missing = [c for c in criteria if scores.get(c.pk, (None, ""))[0] is None]
        if missing:
            raise ValidationError({f"score_{c.pk}": _("Score this criterion before you submit.") for c in missing})
    existing = {score.criterion_id: score for score in Score.objects.filter(review=review)}
    for criterion in criteria:
        value, comment = scores.get(criterion.pk, (None, ""))
        score = existing.get(criterion.pk)
        if value is None:
            if score is not None:
                score.delete()
            continue
        score = score or Score(review=review, criterion=criterion)
        score.value, score.comment = value, comment
        try:
            score.full_clean()
        except ValidationError as error:
            raise ValidationError({f"score_{criterion.pk}": error.message_dict.get("value", error.messages)}) from None
        score.save()
    if submit:
        review.submitted_at = timezone.now()
        review.save(update_fields=["submitted_at"])
    return review


# ---------------------------------------------------------------- stages and coaches


def allowed_stages(application: Application) -> list[str]:
    """The stages an application may move to: the next one in the order, or "not selected"."""
    return Stage(application.stage).next_statuses


def _notify_stage(application: Application) -> None:
    """The applicant is notified as they chose (the stage's e-mail when straight away); the organisation's own
    address, if it is another, gets the e-mail."""
    applicant = application.applicant
    context = {"application": application}
    if applicant is not None:
        notify(
            event="stage_moved",
            key=f"application:{application.pk}:stage:{application.stage}:{timezone.now().timestamp()}",
            recipients=[applicant],
            params={"challenge": application.challenge.name, "stage": msgid(Stage(application.stage).label)},
            url=reverse("challenges:my_application", kwargs={"pk": application.pk}),
            mail_template="challenges/email/stage_changed",
            mail_context=context,
        )
    others = (
        [application.organisation.email]
        if applicant is None or applicant.email != application.organisation.email
        else []
    )
    mail.mail_on_commit("challenges/email/stage_changed", context, others)


@transaction.atomic
def application_move(*, actor: User, application: Application, stage: str) -> Application:
    """Move an application to the next stage in the order, or to "not selected"; the applicant is
    told by e-mail. Recorded in the stage history and the audit trail."""
    application = transition(
        application,
        field="stage",
        to=stage,
        actor=actor,
        municipality=challenge_municipality(application.challenge),
        updates={"furthest_stage": stage} if stage != Stage.NOT_SELECTED else {},
        history=lambda application, previous: StageChange.objects.create(
            application=application, from_stage=previous, to_stage=stage, actor=actor
        ),
        message=_("An application that is “%(current)s” cannot become “%(new)s”."),
    )
    _notify_stage(application)
    return application


def applications_move(*, actor: User, applications: Iterable[Application], stage: str) -> tuple[int, list[str]]:
    """Move several applications at once; returns how many moved and the names of those that could
    not (each move is checked on its own, so one refusal does not stop the others)."""
    moved, refused = 0, []
    for application in applications:
        try:
            application_move(actor=actor, application=application, stage=stage)
        except ValidationError:
            refused.append(str(application.organisation))
        else:
            moved += 1
    return moved, refused


COACHABLE = {Stage.SELECTED, Stage.COACHED, Stage.FINALIST, Stage.WINNER}


@transaction.atomic
def application_assign_coach(*, actor: User, application: Application, coach: User | None) -> Application:
    """Give a selected participant a coach (an SME entrepreneur or a coach of the municipality)."""
    if application.stage not in COACHABLE:
        raise ValidationError(_("Only selected participants get a coach."))
    if coach is not None and not coach_candidates(application.challenge).filter(pk=coach.pk).exists():
        raise ValidationError(_("This person cannot coach in this municipality."))
    before = {"coach": str(application.coach) if application.coach_id else None}
    application.coach = coach
    application.save(update_fields=["coach", "updated_at"])
    audit.record(
        actor=actor,
        municipality=challenge_municipality(application.challenge),
        instance=application,
        action=audit.Action.CHANGED,
        changes=audit.changes_between(before, {"coach": str(coach) if coach else None}),
    )
    if coach is not None:
        mail.mail_on_commit(
            "challenges/email/coach_assigned", {"application": application, "coach": coach}, [coach.email]
        )
    return application


@transaction.atomic
def coaching_session_record(
    *, coach: User, application: Application, held_on, duration_minutes: int, notes: str = ""
) -> CoachingSession:
    """A participant's coach records a session that took place. Only the participant's coach of the moment
    may, and only while the participant is in the challenge (selected or further)."""
    application = Application.objects.select_for_update().select_related("challenge").get(pk=application.pk)
    if application.coach_id != coach.pk:
        raise ValidationError(_("Only the participant's coach records coaching sessions."))
    if application.stage not in COACHABLE:
        raise ValidationError(_("Sessions are recorded for selected participants only."))
    session = CoachingSession(
        application=application, coach=coach, held_on=held_on, duration_minutes=duration_minutes, notes=notes
    )
    session.full_clean()
    session.save()
    audit.record(
        actor=coach,
        municipality=challenge_municipality(application.challenge),
        instance=session,
        related=application,
        action=audit.Action.CREATED,
        details={"held_on": held_on.isoformat(), "duration_minutes": duration_minutes},
    )
    return session


# ---------------------------------------------------------------- the financing table

TABLE_FIELDS = ("held_on", "place", "description")
PLEDGE_FIELDS = ("amount", "kind", "decision")


def _check_table_open(table: FinancingTable) -> None:
    """Refuse any change once the coordinator closed the table; the table row is locked first, so a change
    that started before the closing either finishes before it or sees it."""
    locked = FinancingTable.objects.select_for_update().get(pk=table.pk)
    if locked.is_closed:
        raise ValidationError(_("The financing table has been closed; nothing can be changed any more."), code="closed")


@transaction.atomic
def financing_table_save(*, actor: User, challenge: Challenge, data: dict) -> FinancingTable:
    """Set up the challenge's financing table (date, place, description), or change it while it is open."""
    table = FinancingTable.objects.filter(challenge=challenge).first()
    if table is not None:
        _check_table_open(table)
    before = audit.snapshot(table, TABLE_FIELDS) if table else None
    table = table or FinancingTable(challenge=challenge)
    model_update(instance=table, fields=TABLE_FIELDS, data=data)
    return audit.save(actor=actor, municipality=challenge_municipality(challenge), instance=table, before=before)


def financier_link(financier: Financier) -> str:
    path = reverse("challenges:financier_table", kwargs={"pk": financier.pk, "token": financier.token})
    return settings.SITE_URL.rstrip("/") + path


@transaction.atomic
def financier_invite(*, actor: User, table: FinancingTable, name: str, organisation: str, email: str) -> Financier:
    """Invite a financier to the table: they get an e-mail with their own secret link (no account)."""
    _check_table_open(table)
    email = User.objects.normalize_email(email).strip()
    if Financier.objects.filter(table=table, email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s has already been invited to this table.") % {"email": email}})
    financier = Financier(table=table, name=name.strip(), organisation=organisation.strip(), email=email)
    financier.full_clean()
    financier.save()
    challenge = table.challenge
    audit.record(
        actor=actor,
        municipality=challenge_municipality(challenge),
        instance=financier,
        related=table,
        action=audit.Action.CREATED,
        changes={"organisation": [None, financier.organisation]},
        object_repr=financier.organisation,  # not their name: that is personal data the erasure removes
    )
    context = {
        "financier": financier,
        "table": table,
        "challenge": challenge,
        "coordinator": actor,
        "link": financier_link(financier),
    }
    mail.mail_on_commit("challenges/email/financier_invitation", context, [email], language=translation.get_language())
    return financier


@transaction.atomic
def plan_present(*, actor: User, table: FinancingTable, application: Application, requested_amount) -> TablePlan:
    """Put a participant's plan forward to the financing table, with the amount it asks."""
    _check_table_open(table)
    if application.challenge_id != table.challenge_id or application.stage not in PRESENTABLE:
        raise ValidationError(
            _("Only coached participants, finalists and winners of this challenge can be put forward.")
        )
    if TablePlan.objects.filter(table=table, application=application).exists():
        raise ValidationError(_("This plan has already been put forward to the table."))
    plan = TablePlan(table=table, application=application, requested_amount=requested_amount)
    plan.full_clean()
    plan.save()
    audit.record(
        actor=actor,
        municipality=challenge_municipality(table.challenge),
        instance=plan,
        related=application,
        action=audit.Action.CREATED,
        changes={"requested_amount": [None, str(requested_amount)]},
    )
    return plan


@transaction.atomic
def pledge_save(
    *, financier: Financier, plan: TablePlan, amount, kind: str, decision: str, recorded_by: User | None = None
) -> Pledge:
    """A financier's pledge to a plan (or the coordinator's, on their behalf): saved over their earlier one, until
    the table closes. Each financier has their own pledge per plan, so two financiers saving at once do not touch
    each other's."""
    if plan.table_id != financier.table_id:
        raise ValidationError(_("This plan is not at your financing table."))
    _check_table_open(financier.table)
    pledge = Pledge.objects.select_for_update().filter(plan=plan, financier=financier).first()
    before = audit.snapshot(pledge, PLEDGE_FIELDS) if pledge else None
    pledge = pledge or Pledge(plan=plan, financier=financier)
    pledge.amount, pledge.kind, pledge.decision, pledge.recorded_by = amount, kind, decision, recorded_by
    pledge.full_clean()
    pledge.save()
    # The trail names the plan, not the financier (their name is personal data that the erasure removes).
    audit.record(
        actor=recorded_by,
        municipality=challenge_municipality(plan.table.challenge),
        instance=pledge,
        related=plan.application,
        action=audit.Action.CREATED if before is None else audit.Action.CHANGED,
        changes=audit.changes_between(before or {}, audit.snapshot(pledge, PLEDGE_FIELDS)),
        object_repr=f"{financier.organisation} – {plan}",
    )
    return pledge


@transaction.atomic
def plan_confirm_financed(*, actor: User, plan: TablePlan) -> TablePlan:
    """The coordinator confirms that a plan is financed: it needs at least one pledge with the decision "pledged"."""
    _check_table_open(plan.table)
    plan = TablePlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_financed:
        raise ValidationError(_("This plan's financing has already been confirmed."))
    if not plan.pledges.filter(decision=Pledge.Decision.PLEDGED).exists():
        raise ValidationError(_("A plan is financed once at least one financier has pledged money to it."))
    plan.financed_at = timezone.now()
    plan.save(update_fields=["financed_at"])
    audit.record(
        actor=actor,
        municipality=challenge_municipality(plan.table.challenge),
        instance=plan,
        related=plan.application,
        action=audit.Action.CHANGED,
        changes={"financed_at": [None, plan.financed_at.isoformat()]},
    )
    return plan


@transaction.atomic
def financing_table_close(*, actor: User, table: FinancingTable) -> FinancingTable:
    """Close the table: the financiers' pledges can no longer be changed."""
    _check_table_open(table)
    table.closed_at = timezone.now()
    table.save(update_fields=["closed_at"])
    audit.record(
        actor=actor,
        municipality=challenge_municipality(table.challenge),
        instance=table,
        action=audit.Action.CHANGED,
        changes={"closed_at": [None, table.closed_at.isoformat()]},
    )
    return table
