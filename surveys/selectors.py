"""Reads for surveys: access helpers that scope a survey to the coordinator's municipality or to the invited
organisation's members (404 for anyone else), who a survey goes to, and its results in a constant number of
queries."""

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from core import todo
from procurement.models import Supplier
from programmes.challenges.models import Challenge
from programmes.models import ActionLine
from programmes.selectors import managed_municipality

from .models import SCALE, Answer, Audience, Citation, Invitation, Option, Question, Response, Survey

RESPONDING_KINDS = (Organisation.Kind.ENTERPRISE, Organisation.Kind.INITIATIVE)

# ---------------------------------------------------------------- access


def surveys_for(user: User) -> QuerySet[Survey]:
    """The surveys of the coordinator's municipality; 404 for anyone else."""
    return Survey.objects.filter(municipality=managed_municipality(user))


def survey_for(user: User, pk: int) -> Survey:
    return get_object_or_404(surveys_for(user).select_related("municipality", "theme", "challenge"), pk=pk)


def survey_to_answer(user: User, pk: int) -> Survey:
    """A survey sent to the user's organisation; 404 for anyone else (also for its coordinator)."""
    if not user.is_organisation_member or user.organisation_id is None:
        return get_object_or_404(Survey.objects.none(), pk=pk)
    invited = Invitation.objects.filter(survey=OuterRef("pk"), organisation_id=user.organisation_id)
    return get_object_or_404(Survey.objects.filter(Exists(invited), sent_at__isnull=False), pk=pk)


def response_of(survey: Survey, organisation_id: int | None) -> Response | None:
    if organisation_id is None:
        return None
    return Response.objects.filter(survey=survey, organisation_id=organisation_id).select_related("respondent").first()


def questions_of(survey: Survey) -> list[Question]:
    """The survey's questions in order, with their choices (two queries)."""
    return list(survey.questions.prefetch_related("options"))


def challenges_of(municipality) -> QuerySet[Challenge]:
    return Challenge.objects.filter(action_line__programme__municipality=municipality).order_by("-opens_at", "pk")


def action_lines_of(municipality) -> QuerySet[ActionLine]:
    return ActionLine.objects.filter(programme__municipality=municipality).select_related("programme")


# ---------------------------------------------------------------- who a survey goes to


def audience_of(survey: Survey) -> QuerySet[Organisation]:
    """The open enterprises and initiatives of the survey's municipality in the group it is sent to."""
    organisations = Organisation.objects.filter(
        municipality=survey.municipality, kind__in=RESPONDING_KINDS, closed_at__isnull=True
    )
    if survey.audience == Audience.THEME:
        organisations = organisations.filter(themes=survey.theme_id)
    elif survey.audience == Audience.CHALLENGE:
        applied = Q(challenge_applications__challenge=survey.challenge_id)
        organisations = organisations.filter(applied, challenge_applications__submitted_at__isnull=False)
    elif survey.audience == Audience.SUPPLIERS:
        verified = Supplier.objects.verified().filter(organisation=OuterRef("pk"))
        organisations = organisations.filter(Exists(verified))
    return organisations.distinct()


def members_of(organisation_ids) -> QuerySet[User]:
    return User.objects.filter(
        organisation_id__in=organisation_ids, role__in=User.ORGANISATION_ROLES, is_active=True
    ).order_by("pk")


def not_answered_organisation_ids(survey: Survey) -> list[int]:
    answered = Response.objects.filter(survey=survey, organisation=OuterRef("organisation"))
    return list(
        Invitation.objects.filter(survey=survey).exclude(Exists(answered)).values_list("organisation_id", flat=True)
    )


def surveys_to_remind(*, today, days_before: int) -> QuerySet[Survey]:
    """Sent surveys not yet reminded that close within `days_before` days and are still open."""
    return Survey.objects.filter(
        sent_at__isnull=False,
        reminded_at__isnull=True,
        closes_on__gte=today,
        closes_on__lte=today + timedelta(days=days_before),
    )


# ---------------------------------------------------------------- the coordinator's list


def _count_of(model) -> Coalesce:
    """The number of `model` rows of each survey, as a subquery (no join of invitations with responses)."""
    rows = model.objects.filter(survey=OuterRef("pk")).order_by().values("survey").annotate(n=Count("pk"))
    return Coalesce(Subquery(rows.values("n")[:1]), 0)


def survey_list(user: User) -> QuerySet[Survey]:
    return (
        surveys_for(user)
        .annotate(n_invited=_count_of(Invitation), n_responses=_count_of(Response))
        .order_by("-created_at", "-pk")
    )


# ---------------------------------------------------------------- results


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    option_id: int | None = None
    scale_value: int | None = None


@dataclass
class QuestionResult:
    question: Question
    rows: list[Row] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    answered: int = 0  # responses that answered this question

    @property
    def chart_id(self) -> str:
        return f"question-{self.question.pk}"


@dataclass
class Results:
    survey: Survey
    invited: int
    responses: int
    questions: list[QuestionResult]

    @property
    def rate(self) -> int:
        """The response rate in whole percent."""
        return round(100 * self.responses / self.invited) if self.invited else 0


def results_of(survey: Survey) -> Results:
    """Per question the counts (per choice, per point of the scale) and the open answers; the response rate.
    Five queries whatever the number of questions and answers."""
    questions = questions_of(survey)
    answers = Answer.objects.filter(response__survey=survey)
    by_option = Counter(
        dict(
            answers.filter(option__isnull=False)
            .values_list("option_id")
            .annotate(n=Count("pk"))
            .values_list("option_id", "n")
        )
    )
    by_scale: Counter = Counter()
    answered: Counter = Counter()
    texts: dict[int, list[str]] = {}
    for question_id, scale_value, text in answers.filter(option__isnull=True).values_list(
        "question_id", "scale_value", "text"
    ):
        if scale_value is not None:
            by_scale[(question_id, scale_value)] += 1
        elif text:
            texts.setdefault(question_id, []).append(text)
    answered.update(
        dict(
            answers.values_list("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .values_list("question_id", "n")
        )
    )
    results = []
    for question in questions:
        result = QuestionResult(question=question, answered=answered[question.pk], texts=texts.get(question.pk, []))
        if question.has_options:
            result.rows = [
                Row(option.text, by_option[option.pk], option_id=option.pk) for option in question.options.all()
            ]
        elif question.kind == Question.Kind.SCALE:
            result.rows = [
                Row(scale_label(question, value), by_scale[(question.pk, value)], scale_value=value) for value in SCALE
            ]
        results.append(result)
    return Results(
        survey=survey,
        invited=survey.invitations.count(),
        responses=survey.responses.count(),
        questions=results,
    )


def scale_label(question: Question, value: int) -> str:
    if value == 1 and question.scale_low:
        return f"1 ({question.scale_low})"
    if value == 5 and question.scale_high:
        return f"5 ({question.scale_high})"
    return str(value)


def export_rows(survey: Survey) -> tuple[list[str], list[list]]:
    """The CSV of a survey's responses: a row per response, a column per question (choices in the user's
    language, several choices joined with ' | '). Three queries."""
    questions = questions_of(survey)
    header = [gettext("Response"), gettext("Submitted at"), *[question.text for question in questions]]
    options = {option.pk: option.text for question in questions for option in question.options.all()}
    cells: dict[int, dict[int, list[str]]] = {}
    submitted: dict[int, str] = {}
    for response_id, at in Response.objects.filter(survey=survey).values_list("pk", "submitted_at"):
        submitted[response_id] = timezone.localtime(at).strftime("%Y-%m-%d %H:%M")
        cells[response_id] = {}
    for response_id, question_id, option_id, scale_value, text in Answer.objects.filter(
        response__survey=survey
    ).values_list("response_id", "question_id", "option_id", "scale_value", "text"):
        value = options.get(option_id, "") if option_id else (str(scale_value) if scale_value else text)
        cells.setdefault(response_id, {}).setdefault(question_id, []).append(value)
    rows = [
        [number, submitted.get(response_id, ""), *[" | ".join(by_question.get(q.pk, [])) for q in questions]]
        for number, (response_id, by_question) in enumerate(sorted(cells.items()), start=1)
    ]
    return header, rows


# ---------------------------------------------------------------- citations (the council letter's figures)


@dataclass(frozen=True)
class CitedResult:
    """A survey result cited on an action line, as the letter writes it."""

    action_line_number: int
    count: int
    answered: int  # the organisations that answered the question: the "41" of "23 of 41"
    invited: int
    statement_nl: str
    statement_en: str


def cited_results(programme, year: int) -> dict[int, CitedResult | None]:
    """{number of each action line of the programme: its cited survey result for the letter about `year`, or
    None}: how many of the organisations that answered the question gave the cited answer. One query, and three
    more when a result is cited."""
    return cited_results_of_years(programme, [year])[year]


def cited_results_of_years(programme, years: Iterable[int]) -> dict[int, dict[int, CitedResult | None]]:
    """{year: cited_results of the year} for each of `years`, in the queries of one year: the citations of every
    year in one query, and three more when a result is cited in any of them."""
    years = sorted(set(years))
    rows = list(
        ActionLine.objects.filter(programme=programme)
        .annotate(cited=FilteredRelation("survey_citations", condition=Q(survey_citations__year__in=years)))
        .order_by("number")
        .values_list(
            "number",
            "cited__year",
            "cited__survey_id",
            "cited__question_id",
            "cited__option_id",
            "cited__scale_value",
            "cited__statement_nl",
            "cited__statement_en",
        )
    )
    survey_ids = {row[2] for row in rows if row[2] is not None}
    invited: dict[int, int] = {}
    chosen: dict[tuple, int] = {}
    answered: dict[int, int] = {}
    if survey_ids:
        invited = dict(
            Invitation.objects.filter(survey_id__in=survey_ids)
            .values_list("survey_id")
            .annotate(n=Count("pk"))
            .values_list("survey_id", "n")
        )
        chosen = {
            (question_id, option_id, scale_value): n
            for question_id, option_id, scale_value, n in Answer.objects.filter(response__survey_id__in=survey_ids)
            .filter(Q(option__isnull=False) | Q(scale_value__isnull=False))
            .values("question_id", "option_id", "scale_value")
            .annotate(n=Count("response_id", distinct=True))
            .values_list("question_id", "option_id", "scale_value", "n")
        }
        answered = dict(
            Answer.objects.filter(response__survey_id__in=survey_ids)
            .values("question_id")
            .annotate(n=Count("response_id", distinct=True))
            .values_list("question_id", "n")
        )
    found: dict[int, dict[int, CitedResult | None]] = {year: {} for year in years}
    for number, cited_year, survey_id, question_id, option_id, scale_value, statement_nl, statement_en in rows:
        for of_year in found.values():
            of_year.setdefault(number, None)
        if survey_id is None:
            continue
        key = (question_id, option_id, None if option_id else scale_value)
        found[cited_year][number] = CitedResult(
            action_line_number=number,
            count=chosen.get(key, 0),
            answered=answered.get(question_id, 0),
            invited=invited.get(survey_id, 0),
            statement_nl=statement_nl,
            statement_en=statement_en,
        )
    return found


def citations_of(survey: Survey) -> QuerySet[Citation]:
    return survey.citations.select_related("action_line", "question", "option").order_by("year", "action_line__number")


# ---------------------------------------------------------------- the respondent's start page


def start_surveys_to_answer(user: User) -> todo.TodoList:
    """Open surveys sent to the user's organisation that it has not answered, closing soonest first. One query."""
    heading = _("Surveys waiting for your answer")
    if not user.is_organisation_member or user.organisation_id is None:
        return todo.TodoList(kind="surveys_to_answer", heading=heading)
    answered = Response.objects.filter(survey=OuterRef("pk"), organisation_id=user.organisation_id)
    invited = Invitation.objects.filter(survey=OuterRef("pk"), organisation_id=user.organisation_id)
    surveys = (
        Survey.objects.filter(Exists(invited), sent_at__isnull=False, closes_on__gte=timezone.localdate())
        .exclude(Exists(answered))
        .only("pk", "title", "sent_at", "closes_on")
        .order_by("closes_on", "pk")
    )

    def item(survey: Survey) -> todo.Todo:
        return todo.Todo(
            title=survey.title,
            url=reverse("surveys:answer", args=[survey.pk]),
            since=survey.sent_at,
            note=gettext("open until %(date)s") % {"date": date_format(survey.closes_on)},
        )

    return todo.todo_list("surveys_to_answer", heading, surveys, item)


def option_of(question: Question, option_id: int) -> Option | None:
    return next((option for option in question.options.all() if option.pk == option_id), None)
