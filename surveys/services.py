"""Writes for surveys: composing (the survey and its questions, while it is a draft), sending it to its group with
a notification to every member of the invited organisations, the one reminder before closing, answering (once per
organisation, never after the closing date) and citing a result on an action line for the council letter."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Municipality, User
from core import audit
from core.services import model_update
from notifications.services import notify

from . import selectors
from .models import Answer, Audience, Citation, Invitation, Option, Question, Response, Survey, SurveyAction

SURVEY_FIELDS = ("title", "introduction", "audience", "theme", "challenge", "closes_on", "retention_days")
QUESTION_FIELDS = (
    "position",
    "kind",
    "text_nl",
    "text_en",
    "required",
    "scale_low_nl",
    "scale_low_en",
    "scale_high_nl",
    "scale_high_en",
)
REMINDER_DAYS_BEFORE = 3  # the reminder goes this many days before the closing date


def day(value: date) -> str:
    """A date as the notifications and messages write it in both languages: 31-03-2026."""
    return value.strftime("%d-%m-%Y")


def _refuse_when_sent(survey: Survey) -> None:
    if survey.is_sent:
        raise ValidationError(_("This survey has been sent; its questions and group can no longer change."))


def _check_audience(survey: Survey) -> None:
    if survey.audience == Audience.THEME and survey.theme_id is None:
        raise ValidationError({"theme": _("Choose the impact theme the survey goes to.")})
    if survey.audience == Audience.CHALLENGE:
        if survey.challenge_id is None:
            raise ValidationError({"challenge": _("Choose the challenge whose participants the survey goes to.")})
        if not selectors.challenges_of(survey.municipality).filter(pk=survey.challenge_id).exists():
            raise ValidationError({"challenge": _("Choose a challenge of your municipality.")})
    if survey.audience != Audience.THEME:
        survey.theme = None
    if survey.audience != Audience.CHALLENGE:
        survey.challenge = None


# ---------------------------------------------------------------- composing


@transaction.atomic
def survey_create(*, actor: User, municipality: Municipality, data: Mapping) -> Survey:
    survey = Survey(municipality=municipality, created_by=actor)
    model_update(instance=survey, fields=SURVEY_FIELDS, data=data)
    _check_audience(survey)
    return audit.save(actor=actor, municipality=municipality, instance=survey, before=None)


@transaction.atomic
def survey_update(*, actor: User, survey: Survey, data: Mapping) -> Survey:
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    _refuse_when_sent(survey)
    before = audit.snapshot(survey)
    model_update(instance=survey, fields=SURVEY_FIELDS, data=data)
    _check_audience(survey)
    return audit.save(actor=actor, municipality=survey.municipality, instance=survey, before=before)


@transaction.atomic
def question_save(
    *, actor: User, survey: Survey, question: Question | None, data: Mapping, options: Sequence[tuple[str, str]] = ()
) -> Question:
    """Save a question and, for a choice question, its choices as (Dutch, English) pairs in order."""
    _refuse_when_sent(Survey.objects.select_for_update().get(pk=survey.pk))
    before = audit.snapshot(question) if question else None
    question = question or Question(survey=survey)
    model_update(instance=question, fields=QUESTION_FIELDS, data=data)
    if question.has_options and len(options) < 2:
        raise ValidationError(
            _("A choice question needs two choices at least: “%(question)s”.") % {"question": question}
        )
    audit.save(actor=actor, municipality=survey.municipality, instance=question, before=before)
    question.options.all().delete()
    if question.has_options:
        Option.objects.bulk_create(
            Option(question=question, position=number, text_nl=dutch, text_en=english)
            for number, (dutch, english) in enumerate(options, start=1)
        )
    return question


@transaction.atomic
def question_delete(*, actor: User, question: Question) -> None:
    _refuse_when_sent(Survey.objects.select_for_update().get(pk=question.survey_id))
    audit.record(actor=actor, municipality=question.survey.municipality, instance=question, action=audit.Action.DELETED)
    question.delete()


# ---------------------------------------------------------------- sending and reminding


def _answer_url(survey: Survey) -> str:
    return reverse("surveys:answer", args=[survey.pk])


@transaction.atomic
def survey_send(*, actor: User, survey: Survey, today: date | None = None) -> int:
    """Invite the organisations of the survey's group and notify their members with the link. Once: a second
    click (or a second coordinator at the same moment) is refused. Returns the number of organisations."""
    today = today or timezone.localdate()
    survey = Survey.objects.select_for_update().select_related("municipality").get(pk=survey.pk)
    if survey.is_sent:
        raise ValidationError(_("This survey has already been sent."))
    if not survey.questions.exists():
        raise ValidationError(_("Add a question before you send the survey."))
    if survey.closes_on < today:
        raise ValidationError(_("The closing date has passed; choose a later one before you send the survey."))
    organisation_ids = list(selectors.audience_of(survey).values_list("pk", flat=True))
    if not organisation_ids:
        raise ValidationError(_("No entrepreneur or initiative is in the group you chose; choose another group."))
    now = timezone.now()
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, organisation_id=pk, invited_at=now) for pk in organisation_ids],
        ignore_conflicts=True,
    )
    survey.sent_at = now
    survey.save(update_fields=["sent_at"])
    notify(
        event="survey_invited",
        key=f"survey-invited-{survey.pk}",
        recipients=selectors.members_of(organisation_ids),
        params={"municipality": survey.municipality.name, "title": survey.title, "date": day(survey.closes_on)},
        url=_answer_url(survey),
    )
    audit.record(
        action=SurveyAction.SENT,
        actor=actor,
        municipality=survey.municipality,
        instance=survey,
        details={"organisations": len(organisation_ids)},
    )
    return len(organisation_ids)


@transaction.atomic
def survey_extend(*, actor: User, survey: Survey, closes_on: date, today: date | None = None) -> Survey:
    """Give a sent survey more time: a later closing date (never an earlier one, so that nobody loses the time
    they were given), also to open a closed survey again. The organisations that have not answered are told the
    new date, and the one reminder goes again before it."""
    today = today or timezone.localdate()
    survey = Survey.objects.select_for_update().select_related("municipality").get(pk=survey.pk)
    if not survey.is_sent:
        raise ValidationError(_("This survey has not been sent; change its closing date on its edit page."))
    if closes_on <= survey.closes_on or closes_on < today:
        raise ValidationError(
            {
                "closes_on": _("Choose a date after the current closing date (%(date)s), from today on.")
                % {"date": day(survey.closes_on)}
            }
        )
    before = audit.snapshot(survey, fields=["closes_on"])
    survey.closes_on = closes_on
    survey.reminded_at = None
    audit.save(actor=actor, municipality=survey.municipality, instance=survey, before=before)
    notify(
        event="survey_extended",
        key=f"survey-extended-{survey.pk}-{closes_on.isoformat()}",
        recipients=selectors.members_of(selectors.not_answered_organisation_ids(survey)),
        params={"title": survey.title, "date": day(closes_on)},
        url=_answer_url(survey),
    )
    return survey


def surveys_remind_due(*, today: date | None = None) -> int:
    """The one reminder, a few days before closing, to the members of invited organisations that have not
    answered. Each survey is claimed with a compare-and-set update, so two runs never remind twice. Returns
    the number of surveys reminded."""
    today = today or timezone.localdate()
    reminded = 0
    for survey in selectors.surveys_to_remind(today=today, days_before=REMINDER_DAYS_BEFORE):
        reminded += survey_remind(survey=survey)
    return reminded


@transaction.atomic
def survey_remind(*, survey: Survey) -> int:
    if not Survey.objects.filter(pk=survey.pk, reminded_at__isnull=True).update(reminded_at=timezone.now()):
        return 0
    waiting = selectors.not_answered_organisation_ids(survey)
    notify(
        event="survey_reminder",
        key=f"survey-reminder-{survey.pk}",
        recipients=selectors.members_of(waiting),
        params={"title": survey.title, "date": day(survey.closes_on)},
        url=_answer_url(survey),
    )
    audit.record(
        action=SurveyAction.REMINDED,
        actor=None,
        municipality=survey.municipality,
        instance=survey,
        details={"organisations": len(waiting)},
    )
    return 1


# ---------------------------------------------------------------- answering


@dataclass(frozen=True)
class Given:
    """What the respondent gave for one question: choice ids, a point on the scale, or a text."""

    option_ids: tuple[int, ...] = ()
    scale_value: int | None = None
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.option_ids and self.scale_value is None and not self.text.strip()


def _answers_for(question: Question, given: Given) -> list[Answer]:
    """The answer rows of one question, after checking that what was given fits it (the form checks this too;
    this is what holds whatever a request carries)."""
    if given.is_empty:
        if question.required:
            raise ValidationError(_("Answer the question “%(question)s”.") % {"question": question})
        return []
    if question.has_options:
        known = {option.pk for option in question.options.all()}
        chosen = list(dict.fromkeys(given.option_ids))
        if not set(chosen) <= known or (question.kind == Question.Kind.SINGLE and len(chosen) != 1):
            raise ValidationError(_("Choose from the choices of “%(question)s”.") % {"question": question})
        return [Answer(question=question, option_id=pk) for pk in chosen]
    if question.kind == Question.Kind.SCALE:
        if given.scale_value not in range(1, 6):
            raise ValidationError(_("Choose a point from 1 to 5 for “%(question)s”.") % {"question": question})
        return [Answer(question=question, scale_value=given.scale_value)]
    return [Answer(question=question, text=given.text.strip())]


@transaction.atomic
def response_submit(*, user: User, survey: Survey, given: Mapping[int, Given], today: date | None = None) -> Response:
    """The organisation's answers, once: after the closing date, or when the organisation already answered
    (also at the same moment, by a colleague or a second click), nothing is saved and the person is told why."""
    today = today or timezone.localdate()
    if survey.is_closed(today):
        raise ValidationError(
            _("This survey closed on %(date)s; answers are no longer accepted.") % {"date": day(survey.closes_on)}
        )
    if selectors.response_of(survey, user.organisation_id) is not None:
        raise ValidationError(_("Your organisation has already answered this survey."))
    questions = selectors.questions_of(survey)
    if set(given) - {question.pk for question in questions}:
        raise ValidationError(_("These answers are not to questions of this survey."))
    rows = [row for question in questions for row in _answers_for(question, given.get(question.pk, Given()))]
    try:
        with transaction.atomic():
            response = Response.objects.create(survey=survey, organisation_id=user.organisation_id, respondent=user)
    except IntegrityError as error:
        raise ValidationError(_("Your organisation has already answered this survey.")) from error
    for row in rows:
        row.response = response
    Answer.objects.bulk_create(rows)
    return response


# ---------------------------------------------------------------- citing a result in the council letter


@transaction.atomic
def citation_save(*, actor: User, survey: Survey, action_line, year: int, data: Mapping) -> Citation:
    """Attach a result to an action line for the letter about `year`; one per action line and year, so a new
    one takes the place of the one before."""
    if action_line.programme.municipality_id != survey.municipality_id:
        raise ValidationError({"action_line": _("Choose an action line of your municipality.")})
    question, option = data["question"], data.get("option")
    if question.survey_id != survey.pk:
        raise ValidationError({"question": _("Choose a question of this survey.")})
    if question.has_options:
        if option is None or option.question_id != question.pk:
            raise ValidationError({"option": _("Choose one of the choices of this question.")})
    elif question.kind == Question.Kind.SCALE:
        if data.get("scale_value") not in range(1, 6):
            raise ValidationError({"scale_value": _("Choose a point from 1 to 5.")})
    else:
        raise ValidationError({"question": _("An open question has no count to cite; choose another question.")})
    citation = Citation.objects.select_for_update().filter(action_line=action_line, year=year).first()
    before = audit.snapshot(citation) if citation else None
    citation = citation or Citation(action_line=action_line, year=year)
    citation.survey, citation.question, citation.created_by, citation.created_at = (
        survey,
        question,
        actor,
        timezone.now(),
    )
    citation.option = option if question.has_options else None
    citation.scale_value = None if question.has_options else data.get("scale_value")
    citation.statement_nl, citation.statement_en = data["statement_nl"], data["statement_en"]
    return audit.save(actor=actor, municipality=survey.municipality, instance=citation, before=before)


@transaction.atomic
def citation_delete(*, actor: User, citation: Citation) -> None:
    audit.record(actor=actor, municipality=citation.survey.municipality, instance=citation, action=audit.Action.DELETED)
    citation.delete()
