"""Writes for programmes. Every change to a programme, an action line (with its progress texts and
indicators), an activity or a partner leaves an entry in the audit trail; status changes of
activities and service-point questions go through one function each that checks the transition."""

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Municipality, User
from core import audit, mail
from core.services import model_update
from core.transitions import transition
from notifications.services import notify

from .models import (
    ActionLine,
    ActionLineProgress,
    Activity,
    Indicator,
    IndicatorValue,
    Partner,
    Programme,
    Question,
)

# The fields the forms change.
PROGRAMME_FIELDS = ("name", "start_year", "end_year", "ambition")
ACTION_LINE_FIELDS = ("number", "title", "goal")
PARTNER_FIELDS = ("name", "website", "description")

# ---------------------------------------------------------------- programmes and action lines


@transaction.atomic
def programme_create(
    *, actor: User, municipality: Municipality, data: dict, partners: Iterable[Partner] = ()
) -> Programme:
    programme = Programme(municipality=municipality, **data)
    return audit.save(
        actor=actor, municipality=municipality, instance=programme, before=None, m2m={"partners": partners}
    )


@transaction.atomic
def programme_update(*, actor: User, programme: Programme, data: dict, partners: Iterable[Partner]) -> Programme:
    before = audit.snapshot(programme)
    model_update(instance=programme, fields=PROGRAMME_FIELDS, data=data)
    return audit.save(
        actor=actor,
        municipality=programme.municipality,
        instance=programme,
        before=before,
        m2m={"partners": partners},
    )


@transaction.atomic
def action_line_create(
    *, actor: User, programme: Programme, data: dict, partners: Iterable[Partner] = ()
) -> ActionLine:
    action_line = ActionLine(programme=programme, **data)
    return audit.save(
        actor=actor,
        municipality=programme.municipality,
        instance=action_line,
        before=None,
        m2m={"partners": partners},
    )


@transaction.atomic
def action_line_update(*, actor: User, action_line: ActionLine, data: dict, partners: Iterable[Partner]) -> ActionLine:
    before = audit.snapshot(action_line)
    model_update(instance=action_line, fields=ACTION_LINE_FIELDS, data=data)
    return audit.save(
        actor=actor,
        municipality=action_line.programme.municipality,
        instance=action_line,
        before=before,
        m2m={"partners": partners},
    )


@transaction.atomic
def action_line_progress_save(*, actor: User, action_line: ActionLine, year: int, text: str) -> ActionLineProgress:
    """Write the progress text of one year of an action line (create or replace)."""
    if year not in action_line.programme.years:
        raise ValidationError({"year": _("The year lies outside the programme's period.")})
    progress = ActionLineProgress.objects.filter(action_line=action_line, year=year).first()
    before = audit.snapshot(progress) if progress else None
    progress = progress or ActionLineProgress(action_line=action_line, year=year)
    progress.text = text
    return audit.save(actor=actor, municipality=action_line.programme.municipality, instance=progress, before=before)


@transaction.atomic
def indicator_create(
    *, actor: User, action_line: ActionLine, name: str, unit: str = "", source: str = "", activity_kind: str = ""
) -> Indicator:
    indicator = Indicator(action_line=action_line, name=name, unit=unit, source=source, activity_kind=activity_kind)
    indicator.full_clean(exclude=["action_line"], validate_unique=False, validate_constraints=False)
    return audit.save(actor=actor, municipality=action_line.programme.municipality, instance=indicator, before=None)


@transaction.atomic
def indicator_update(
    *,
    actor: User,
    indicator: Indicator,
    name: str,
    unit: str,
    values: dict[int, tuple[int | None, int | None]],
    source: str | None = None,
    activity_kind: str | None = None,
) -> Indicator:
    """Rename an indicator, choose where its actual comes from (None: unchanged) and set its (target, actual)
    per year; years outside the programme are refused. An indicator with a source keeps no typed actual: its
    actual comes from the data."""
    municipality = indicator.action_line.programme.municipality
    years = indicator.action_line.programme.years
    # as saved: a bound model form has already put the new values on `indicator`
    before = audit.snapshot(Indicator.objects.get(pk=indicator.pk))
    indicator.name, indicator.unit = name, unit
    if source is not None:
        indicator.source = source
    if activity_kind is not None:
        indicator.activity_kind = activity_kind
    if indicator.source not in Indicator.ACTIVITY_SOURCES:
        indicator.activity_kind = ""
    indicator.full_clean(exclude=["action_line"], validate_unique=False, validate_constraints=False)
    audit.save(actor=actor, municipality=municipality, instance=indicator, before=before)
    existing = {value.year: value for value in IndicatorValue.objects.filter(indicator=indicator)}
    for year, (target, actual) in sorted(values.items()):
        if year not in years:
            raise ValidationError({"year": _("The year lies outside the programme's period.")})
        value = existing.get(year)
        if value is None and target is None and actual is None:
            continue
        before_value = audit.snapshot(value) if value else None
        value = value or IndicatorValue(indicator=indicator, year=year)
        value.target, value.actual = target, actual if indicator.is_typed else None
        audit.save(actor=actor, municipality=municipality, instance=value, before=before_value)
    return indicator


@transaction.atomic
def partner_create(*, actor: User, municipality: Municipality, data: dict) -> Partner:
    partner = Partner(municipality=municipality, **data)
    return audit.save(actor=actor, municipality=municipality, instance=partner, before=None)


@transaction.atomic
def partner_update(*, actor: User, partner: Partner, data: dict) -> Partner:
    before = audit.snapshot(partner)
    model_update(instance=partner, fields=PARTNER_FIELDS, data=data)
    return audit.save(actor=actor, municipality=partner.municipality, instance=partner, before=before)


# ---------------------------------------------------------------- activities


def _check_participants(status: str, participants: int | None, participants_unknown: bool) -> None:
    """A held activity has its number of participants, or says explicitly that the number is unknown."""
    error = Activity.participants_error(status, participants, participants_unknown)
    if error:
        raise ValidationError({"participants": error})


@transaction.atomic
def activity_create(*, actor: User, action_line: ActionLine, data: dict) -> Activity:
    """Record an activity; it may be recorded afterwards as held or cancelled straight away (held with its
    participants, or `participants_unknown`)."""
    data = dict(data)
    unknown = data.pop("participants_unknown", False)
    _check_participants(data.get("status", Activity.Status.PLANNED), data.get("participants"), unknown)
    activity = Activity(action_line=action_line, **data)
    if activity.status != Activity.Status.CANCELLED:
        activity.cancellation_reason = ""
    return audit.save(actor=actor, municipality=action_line.programme.municipality, instance=activity, before=None)


@transaction.atomic
def activity_update(*, actor: User, activity: Activity, data: dict) -> Activity:
    """Change an activity's details; its status changes only through activity_change_status."""
    data = dict(data)
    unknown = data.pop("participants_unknown", False)
    _check_participants(activity.status, data.get("participants", activity.participants), unknown)
    before = audit.snapshot(activity)
    model_update(instance=activity, fields=[name for name in data if name != "status"], data=data)
    return audit.save(
        actor=actor, municipality=activity.action_line.programme.municipality, instance=activity, before=before
    )


def activity_allowed_statuses(activity: Activity) -> list[str]:
    return Activity.Status(activity.status).next_statuses


@transaction.atomic
def activity_change_status(
    *,
    actor: User,
    activity: Activity,
    status: str,
    participants: int | None = None,
    participants_unknown: bool = False,
    cancellation_reason: str = "",
) -> Activity:
    """Mark an activity held (with its participants, or saying the number is unknown), cancelled (with a
    reason) or planned again."""
    _check_participants(status, participants, participants_unknown)
    updates: dict[str, object] = {
        "cancellation_reason": cancellation_reason if status == Activity.Status.CANCELLED else ""
    }
    if status == Activity.Status.HELD:
        updates["participants"] = participants
    return transition(
        activity,
        to=status,
        actor=actor,
        municipality=activity.action_line.programme.municipality,
        updates=updates,
        clean=True,
        message=_("An activity that is %(current)s cannot become %(new)s."),
        error_field="status",
    )


# ---------------------------------------------------------------- the impact service point


def _question_move(question: Question, status: str, *, coordinator: User, **updates) -> Question:
    """The one place where a question changes status; refuses a move the service point does not make."""
    return transition(
        question,
        to=status,
        actor=coordinator,
        municipality=question.municipality,
        updates=updates,
        message=_("A question that is %(current)s cannot become %(new)s."),
    )


@transaction.atomic
def question_ask(
    *,
    municipality: Municipality,
    asker: User | None,
    subject: str,
    body: str,
    name: str = "",
    email: str = "",
    organisation_name: str = "",
) -> Question:
    """A question to a municipality's service point, with or without an account. A signed-in asker's
    name, e-mail and organisation come from their account. The asker gets a confirmation by e-mail."""
    if asker is not None:
        name, email = asker.name or asker.email, asker.email
        organisation_name = asker.organisation.name if asker.organisation is not None else organisation_name
    question = Question(
        municipality=municipality,
        asker=asker,
        name=name,
        email=email,
        organisation_name=organisation_name,
        subject=subject,
        body=body,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    question.full_clean()
    question.save()
    # The form takes any address: only an address its owner proved may get the typed text back (no mail relay).
    quote = asker is not None and EmailAddress.objects.filter(user=asker, email__iexact=email, verified=True).exists()
    mail.mail_on_commit(
        "programmes/email/question_received",
        {"question": question, "quote_question": quote},
        [question.email],
        language=question.language,
    )
    notify(
        event="question_new",
        key=f"question:{question.pk}:new",
        recipients=User.objects.filter(role=User.Role.COORDINATOR, municipality=municipality, is_active=True),
        params={"municipality": municipality.name},
        url=reverse("programmes:question_detail", kwargs={"pk": question.pk}),
    )
    return question


@transaction.atomic
def question_pick_up(*, question: Question, coordinator: User) -> Question:
    """A coordinator takes a question on; the queue shows who handles it."""
    return _question_move(
        question, Question.Status.IN_PROGRESS, coordinator=coordinator, handler=coordinator, picked_up_at=timezone.now()
    )


@transaction.atomic
def question_answer(*, question: Question, coordinator: User, answer: str) -> Question:
    """Answer a question: the asker gets the answer by e-mail and, with an account, on their page."""
    if not answer.strip():
        raise ValidationError({"answer": _("Write an answer.")})
    now = timezone.now()

    def answered(question: Question) -> None:
        question.handler = question.handler or coordinator
        question.picked_up_at = question.picked_up_at or now
        question.answer = answer.strip()
        question.answered_at = now

    question = transition(
        question,
        to=Question.Status.ANSWERED,
        actor=coordinator,
        municipality=question.municipality,
        prepare=answered,
        message=_("A question that is %(current)s cannot become %(new)s."),
    )
    context = {"question": question, "my_questions_url": settings.SITE_URL + reverse("programmes:my_questions")}
    asker = question.asker
    if asker is not None and asker.is_active and asker.email.lower() == question.email.lower():
        # An asker with an account is told as they chose: the answer by e-mail straight away, in the summary, or
        # only on their page.
        notify(
            event="question_answered",
            key=f"question:{question.pk}:answered:{int(now.timestamp())}",
            recipients=[asker],
            params={"subject": question.subject},
            url=reverse("programmes:my_questions"),
            mail_template="programmes/email/question_answered",
            mail_context=context,
        )
    else:
        mail.mail_on_commit("programmes/email/question_answered", context, [question.email], language=question.language)
    return question


@transaction.atomic
def question_close(*, question: Question, coordinator: User) -> Question:
    """Close a question: after answering it, or without an answer (a duplicate, spam)."""
    return _question_move(
        question,
        Question.Status.CLOSED,
        coordinator=coordinator,
        handler=question.handler or coordinator,
        closed_at=timezone.now(),
    )


ERASED_NAME = "—"
ERASED_EMAIL = "erased@erased.invalid"
