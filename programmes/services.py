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
    PartnerDesk,
    Programme,
    Question,
    QuestionMessage,
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


# ---------------------------------------------------------------- partner desks

DESK_FIELDS = ("name", "partner", "email")


@transaction.atomic
def desk_save(
    *, actor: User, municipality: Municipality, desk: PartnerDesk | None, data: dict, members: Iterable[User]
) -> PartnerDesk:
    """Add or change a partner desk of the municipality and who its members are. The trail records the desk's
    own fields and how many members it has, not who they are (no names of people in the trail)."""
    creating = desk is None
    desk = desk or PartnerDesk(municipality=municipality)
    before = None if creating else audit.snapshot(desk, DESK_FIELDS)
    members_before = 0 if creating else desk.members.count()
    for name in DESK_FIELDS:
        if name in data:
            setattr(desk, name, data[name])
    desk.full_clean()
    desk.save()
    desk.members.set(list(members))
    members_after = desk.members.count()
    changes = audit.changes_between(before or {}, audit.snapshot(desk, DESK_FIELDS))
    if members_after != members_before:
        changes["members"] = [members_before, members_after]
    audit.record(
        action=audit.Action.CREATED if creating else audit.Action.CHANGED,
        actor=actor,
        municipality=municipality,
        instance=desk,
        changes=changes,
    )
    return desk


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


def conversation_url(question: Question) -> str:
    """The secret link to the question's conversation: with it the asker reads it and replies without an account."""
    path = reverse("programmes:question_conversation", kwargs={"pk": question.pk, "token": question.reply_token})
    return settings.SITE_URL.rstrip("/") + path


def _asker_with_account(question: Question) -> User | None:
    """The asker's account, if the question's e-mail address is still theirs (they are told through it)."""
    asker = question.asker
    if asker is not None and asker.is_active and asker.email.lower() == question.email.lower():
        return asker
    return None


def reply_url(question: Question) -> str:
    """Where the asker reads the conversation and replies: their page for the question, or the secret link."""
    if _asker_with_account(question) is not None:
        return settings.SITE_URL.rstrip("/") + reverse("programmes:my_question_detail", kwargs={"pk": question.pk})
    return conversation_url(question)


def _lock(question: Question) -> Question:
    question.refresh_from_db(from_queryset=Question.objects.select_for_update())
    return question


@transaction.atomic
def question_answer(*, question: Question, coordinator: User, answer: str) -> Question:
    """Write to the asker for the municipality (a coordinator, or a member of the desk the question was handed to).
    The first answer is the question's answer (the response time counts to it); what follows are messages in its
    conversation. An open question becomes answered. The asker gets it by e-mail and, with an account, on their
    page."""
    body = answer.strip()
    if not body:
        raise ValidationError({"answer": _("Write an answer.")})
    _lock(question)
    if question.status == Question.Status.CLOSED:
        raise ValidationError({"answer": _("This question is closed: nothing can be added to it.")})
    now = timezone.now()
    first = question.answered_at is None
    message = None if first else QuestionMessage.objects.create(question=question, author=coordinator, body=body)

    def answered(question: Question) -> None:
        question.handler = question.handler or coordinator
        question.picked_up_at = question.picked_up_at or now
        question.reopened_at = None
        if first:
            question.answer = body
            question.answered_at = now

    if question.status != Question.Status.ANSWERED:
        question = transition(
            question,
            to=Question.Status.ANSWERED,
            actor=coordinator,
            municipality=question.municipality,
            prepare=answered,
            message=_("A question that is %(current)s cannot become %(new)s."),
        )
    _tell_asker(question, message, now)
    return question


def _tell_asker(question: Question, message: QuestionMessage | None, now) -> None:
    """The first answer (`message` None) or a later message, to the asker: by notification to an account (as they
    chose), else by e-mail with the secret link."""
    context = {
        "question": question,
        "message": message,
        "reply_url": reply_url(question),
        "my_questions_url": settings.SITE_URL + reverse("programmes:my_questions"),
    }
    template = "programmes/email/question_answered" if message is None else "programmes/email/question_message"
    asker = _asker_with_account(question)
    if asker is not None:
        notify(
            event="question_answered" if message is None else "question_message",
            key=f"question:{question.pk}:answered:{int(now.timestamp())}"
            if message is None
            else f"question:{question.pk}:message:{message.pk}",
            recipients=[asker],
            params={"subject": question.subject},
            url=reverse("programmes:my_question_detail", kwargs={"pk": question.pk}),
            mail_template=template,
            mail_context=context,
        )
    else:
        mail.mail_on_commit(template, context, [question.email], language=question.language)


def _answerers(question: Question):
    """Who writes for the municipality: the members of the desk it was handed to, else its coordinators."""
    if question.desk is not None:
        return question.desk.members.filter(is_active=True)
    return User.objects.filter(role=User.Role.COORDINATOR, municipality=question.municipality_id, is_active=True)


@transaction.atomic
def question_reply(*, question: Question, body: str, asker: User | None = None) -> QuestionMessage:
    """The asker replies (signed in, or through the secret link). An answered question opens again (picked up if
    someone handles it, else new), and those who answer it are notified once."""
    text = body.strip()
    if not text:
        raise ValidationError({"body": _("Write a message.")})
    _lock(question)
    if question.status == Question.Status.CLOSED:
        raise ValidationError({"body": _("This question is closed. Please ask a new question if you need more help.")})
    message = QuestionMessage.objects.create(question=question, author=asker, from_asker=True, body=text)
    if question.status == Question.Status.ANSWERED:

        def reopened(question: Question) -> None:
            question.reopened_at = message.created_at

        transition(
            question,
            to=Question.Status.IN_PROGRESS if question.handler_id else Question.Status.NEW,
            actor=asker,
            municipality=question.municipality,
            reason="the asker replied",
            prepare=reopened,
        )
    notify(
        event="question_reopened",
        key=f"question:{question.pk}:reply:{message.pk}",
        recipients=_answerers(question),
        params={"municipality": question.municipality.name},  # not the subject: what askers type stays out
        url=reverse("programmes:question_detail", kwargs={"pk": question.pk}),
    )
    return message


@transaction.atomic
def question_hand_over(*, question: Question, coordinator: User, desk: PartnerDesk | None) -> Question:
    """Hand a question to a partner desk of the municipality (its members answer it and are notified), or take it
    back (`desk` None)."""
    _lock(question)
    if desk is not None and desk.municipality_id != question.municipality_id:
        raise ValidationError({"desk": _("Choose a desk of your municipality.")})
    if question.status == Question.Status.CLOSED:
        raise ValidationError({"desk": _("A closed question cannot be handed over.")})
    if question.desk_id == (desk.pk if desk else None):
        return question
    before = question.desk
    question.desk = desk
    now = timezone.now()
    question.handed_over_at = now if desk else None
    question.save(update_fields=["desk", "handed_over_at"])
    audit.record(
        action=audit.Action.CHANGED,
        actor=coordinator,
        municipality=question.municipality,
        instance=question,
        changes={"desk": [str(before) if before else None, str(desk) if desk else None]},
    )
    if desk is not None:
        notify(
            event="question_handed_over",
            key=f"question:{question.pk}:desk:{desk.pk}:{int(now.timestamp())}",
            recipients=desk.members.all(),
            params={"desk": desk.name, "municipality": question.municipality.name},
            url=reverse("programmes:question_detail", kwargs={"pk": question.pk}),
        )
        # the desk's shared mailbox hears of it too; the subject and the asker stay in the portal
        url = settings.SITE_URL.rstrip("/") + reverse("programmes:question_detail", kwargs={"pk": question.pk})
        mail.mail_on_commit(
            "programmes/email/question_handed_over", {"question": question, "desk": desk, "url": url}, [desk.email]
        )
    return question


@transaction.atomic
def question_close(*, question: Question, coordinator: User) -> Question:
    """Close a question: after answering it, or without an answer (a duplicate, spam). An asker who got an answer is
    asked once, by e-mail with the secret link, whether they were helped."""
    now = timezone.now()

    def closing(question: Question) -> None:
        if question.answered_at is not None and question.satisfaction_asked_at is None:
            question.satisfaction_asked_at = now

    question = transition(
        question,
        to=Question.Status.CLOSED,
        actor=coordinator,
        municipality=question.municipality,
        prepare=closing,
        updates={"handler": question.handler or coordinator, "closed_at": now},
        message=_("A question that is %(current)s cannot become %(new)s."),
    )
    if question.satisfaction_asked_at == now:
        mail.mail_on_commit(
            "programmes/email/question_satisfaction",
            {"question": question, "feedback_url": conversation_url(question)},
            [question.email],
            language=question.language,
        )
    return question


@transaction.atomic
def question_feedback(*, question: Question, helped: bool, remark: str = "") -> Question:
    """The asker says, once, whether the service point helped them (asked when the question was closed)."""
    _lock(question)
    if question.satisfaction_asked_at is None:
        raise ValidationError(_("You have not been asked about this question yet."))
    if question.helped is not None:
        raise ValidationError(_("You have already told us whether you were helped. Thank you."))
    question.helped = helped
    question.helped_remark = remark.strip()
    question.save(update_fields=["helped", "helped_remark"])
    return question
