"""Reads for programmes: access helpers that scope every object to the user's municipality, and
the yearly figures that the dashboard shows and the reporting app puts in the council letter.

Access: coordinators of a municipality manage its programme; council members of that municipality
read it. Anyone else gets 404, so a page never tells an outsider that it exists.

Figures: `activity_figures(programme, year)` and `service_point_figures(municipality, year)` (the challenge
figures live in programmes.challenges.selectors) return
frozen dataclasses of plain numbers and strings (no model instances), each in a constant number of
queries. `dataclasses.asdict()` turns them into dicts.
"""

import calendar
import functools
import re
import secrets
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median
from typing import TYPE_CHECKING, ClassVar

from django.apps import apps as django_apps
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, ExtractYear, RowNumber
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, User
from accounts.selectors import municipality_of
from core import audit, todo, workdays, yearly_figures
from core.compiledquery import compiled_once

from .models import (
    ERASED_EMAIL,
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

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from core.compiledquery import CompiledQuery

COORDINATORS = {User.Role.COORDINATOR}
PROGRAMME_READERS = {User.Role.COORDINATOR, User.Role.COUNCIL}


def current_year() -> int:
    return timezone.localdate().year


# ---------------------------------------------------------------- access


def managed_municipality(user: User) -> Municipality:
    """The municipality whose programme this coordinator manages; 404 for anyone else."""
    return municipality_of(user, roles=COORDINATORS)


def readable_municipality(user: User) -> Municipality:
    """The municipality whose programme this coordinator or council member may read; 404 otherwise."""
    return municipality_of(user, roles=PROGRAMME_READERS)


def _roles(manage: bool) -> Collection[str]:
    return COORDINATORS if manage else PROGRAMME_READERS


def programmes_for(user: User, *, manage: bool = False) -> QuerySet[Programme]:
    municipality = municipality_of(user, roles=_roles(manage))
    return Programme.objects.filter(municipality=municipality).prefetch_related("partners")


def programme_for(user: User, pk: int, *, manage: bool = False) -> Programme:
    """One programme of the user's municipality, with what default_year needs of it."""
    return get_object_or_404(with_last_activity(programmes_for(user, manage=manage)), pk=pk)


def with_last_activity(programmes: QuerySet[Programme], up_to: datetime | None = None) -> QuerySet[Programme]:
    """The programmes, each with `last_activity_at`: when its last activity up to this year (or up to its end year,
    if that came sooner) started, None without one. What default_year needs of a programme that has ended, asked in
    the query that fetches the programme: a page runs the same queries whether its programme runs or has ended.
    `up_to`: the end of this year (end_of_year), by default."""
    last = Activity.objects.filter(
        action_line__programme=OuterRef("pk"), starts_at__lte=up_to or end_of_year(current_year())
    ).filter(starts_at__year__lte=OuterRef("end_year"))
    return programmes.annotate(last_activity_at=Subquery(last.order_by("-starts_at").values("starts_at")[:1]))


def end_of_year(year: int) -> datetime:
    """The last moment of `year` in the current time zone: the bound of a `__year__lte` lookup."""
    return yearly_figures.bounds(year).end


# every programmes page asks it: compiled once per process (core.compiledquery)
_programmes_with_last_activity = compiled_once(
    lambda municipality, up_to: with_last_activity(Programme.objects.filter(municipality_id=municipality), up_to)
)


def current_programme(user: User) -> Programme | None:
    """The programme that runs this year (else the most recent one) of the user's municipality, with
    `last_activity_at` (with_last_activity); its partners not fetched, its municipality the user's, without a
    query."""
    municipality = readable_municipality(user)
    year = current_year()
    programmes = _programmes_with_last_activity(municipality.pk, end_of_year(year))
    for programme in programmes:
        programme.municipality = municipality
    running = [p for p in programmes if p.start_year <= year <= p.end_year]
    chosen = running or programmes
    return chosen[0] if chosen else None


def default_year(programme: Programme | None) -> int:
    """The year a page shows first: this year while the programme runs; after it, the last year of the
    programme with activities (its final figures); else the programme year nearest to this one."""
    year = current_year()
    if programme is None or year in programme.years:
        return year
    if not hasattr(programme, "last_activity_at"):  # fetched without it (current_programme and programme_for have it)
        programme = with_last_activity(Programme.objects.filter(pk=programme.pk)).get()
    last_active = programme.last_activity_at  # type: ignore[attr-defined]
    if last_active is not None:
        return timezone.localtime(last_active).year
    return min(programme.years, key=lambda candidate: abs(candidate - year))


def action_lines_for(user: User, *, manage: bool = False) -> QuerySet[ActionLine]:
    municipality = municipality_of(user, roles=_roles(manage))
    return ActionLine.objects.filter(programme__municipality=municipality).select_related("programme")


def action_line_for(user: User, pk: int, *, manage: bool = False) -> ActionLine:
    queryset = action_lines_for(user, manage=manage).prefetch_related(
        "partners",
        "progress_reports",
        "indicators",
    )
    return get_object_or_404(queryset, pk=pk)


def indicator_for(user: User, pk: int) -> Indicator:
    municipality = managed_municipality(user)
    queryset = Indicator.objects.select_related("action_line__programme").prefetch_related("values")
    return get_object_or_404(queryset, pk=pk, action_line__programme__municipality=municipality)


def progress_for(user: User, action_line: ActionLine, year: int) -> ActionLineProgress:
    """The progress text of a year (unsaved and empty if there is none); 404 outside the programme's period."""
    if year not in action_line.programme.years:
        raise Http404
    return ActionLineProgress.objects.filter(action_line=action_line, year=year).first() or ActionLineProgress(
        action_line=action_line, year=year, text=""
    )


def partners_for(user: User, *, manage: bool = False) -> QuerySet[Partner]:
    return Partner.objects.filter(municipality=municipality_of(user, roles=_roles(manage)))


def partner_for(user: User, pk: int) -> Partner:
    return get_object_or_404(partners_for(user, manage=True), pk=pk)


def activities_for(user: User) -> QuerySet[Activity]:
    """The activities of the programmes of the user's municipality, ready for a list page."""
    municipality = readable_municipality(user)
    return Activity.objects.filter(action_line__programme__municipality=municipality).select_related(
        "action_line__programme", "organiser"
    )


def planned_activities(user: User, *, past: bool) -> QuerySet[Activity]:
    """Planned activities still to come (soonest first), or whose date has passed (oldest first):
    those still have to be marked held or cancelled. Without their action line and organiser."""
    now = timezone.now()
    planned = Activity.objects.filter(
        action_line__programme__municipality=readable_municipality(user), status=Activity.Status.PLANNED
    )
    if past:
        return planned.filter(starts_at__lt=now).order_by("starts_at", "pk")
    return planned.filter(starts_at__gte=now).order_by("starts_at", "pk")


@dataclass(frozen=True)
class PlannedAroundNow:
    """The first planned activities whose date has passed (oldest first: to be marked held or cancelled) and the
    first still to come (soonest first), each as {"pk", "title", "starts_at"}."""

    to_record: list[dict]
    upcoming: list[dict]


def planned_around_now(user: User, *, count: int = 5) -> PlannedAroundNow:
    """The first `count` of planned_activities(user, past=True) and of planned_activities(user, past=False), with
    only what a list shows of them. One query: the planned activities numbered from now on each side."""
    rows = _planned_around(count)(readable_municipality(user).pk, timezone.now())
    around = PlannedAroundNow(to_record=[], upcoming=[])
    for pk, title, starts_at, has_passed in rows:
        side = around.to_record if has_passed else around.upcoming
        side.append({"pk": pk, "title": title, "starts_at": starts_at})
    return around


@functools.cache
def _planned_around(count: int) -> "CompiledQuery":
    """The query of planned_around_now, compiled once per process (core.compiledquery) for each `count`."""

    def build(municipality: int, now: datetime) -> QuerySet:
        passed = ExpressionWrapper(Q(starts_at__lt=now), output_field=BooleanField())
        order = [F("starts_at").asc(), F("pk").asc()]
        return (
            Activity.objects.filter(
                action_line__programme__municipality_id=municipality, status=Activity.Status.PLANNED
            )
            .annotate(passed=passed, place=Window(RowNumber(), partition_by=[passed], order_by=order))
            .filter(place__lte=count)
            .order_by(*order)
            .values_list("pk", "title", "starts_at", "passed")
        )

    return compiled_once(build)


def activity_for(user: User, pk: int, *, manage: bool = False) -> Activity:
    municipality = municipality_of(user, roles=_roles(manage))
    queryset = Activity.objects.select_related("action_line__programme", "organiser")
    return get_object_or_404(queryset, pk=pk, action_line__programme__municipality=municipality)


def activity_years(municipality: Municipality) -> list[int]:
    """The years that the municipality's programmes span, newest first: the choices of the year filter."""
    years: set[int] = set()
    for start, end in Programme.objects.filter(municipality=municipality).values_list("start_year", "end_year"):
        years.update(range(start, end + 1))
    years.add(current_year())
    return sorted(years, reverse=True)


def public_calendar_activities(municipality: Municipality) -> QuerySet[Activity]:
    """The activities a municipality shows in its public iCalendar feed."""
    return (
        Activity.objects.filter(action_line__programme__municipality=municipality, public=True)
        .select_related("action_line", "organiser")
        .order_by("starts_at", "pk")
    )


def municipalities_with_public_activities() -> QuerySet[Municipality]:
    """The municipalities whose public calendar has at least one activity, by name, with how many. One query."""
    return (
        Municipality.objects.filter(programmes__action_lines__activities__public=True)
        .annotate(public_activities=Count("programmes__action_lines__activities", distinct=True))
        .only("name", "slug")
        .order_by("name")
    )


def public_activity(municipality: Municipality, pk: int) -> Activity:
    """An activity of the municipality's public calendar; 404 for any other."""
    return get_object_or_404(public_calendar_activities(municipality).select_related("action_line__programme"), pk=pk)


# ---------------------------------------------------------------- the public calendar page

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def calendar_month_of(text: str | None) -> date | None:
    """The first day of the month that "2020-11" names; None if `text` names none (from the year 1900 to 2199)."""
    match = _MONTH.match(text or "")
    if not match:
        return None
    year, month = int(match.group(1)), int(match.group(2))
    if not (1900 <= year <= 2199 and 1 <= month <= 12):
        return None
    return date(year, month, 1)


@dataclass(frozen=True)
class CalendarDay:
    date: date
    in_month: bool
    activities: list[Activity]


@dataclass(frozen=True)
class CalendarMonth:
    """A month of activities: `weeks` of seven days from Monday (the days of the months around it included, so
    that each row is a whole week) and `days`, the month's days that have activities, for a list."""

    first: date
    weeks: list[list[CalendarDay]]

    @property
    def days(self) -> list[CalendarDay]:
        return [day for week in self.weeks for day in week if day.in_month and day.activities]

    @property
    def count(self) -> int:
        return sum(len(day.activities) for day in self.days)

    @property
    def weekdays(self) -> list[date]:
        """The dates of the first week, Monday to Sunday, whose names head the columns."""
        return [day.date for day in self.weeks[0]]

    @property
    def previous(self) -> date:
        return (self.first - timedelta(days=1)).replace(day=1)

    @property
    def next(self) -> date:
        return (self.first + timedelta(days=31)).replace(day=1)


def calendar_month(activities: QuerySet[Activity], first: date) -> CalendarMonth:
    """The activities that start in the month of `first` (in the local time zone), by day. One query."""
    dates = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)
    start = timezone.make_aware(datetime.combine(dates[0][0], time.min))
    end = timezone.make_aware(datetime.combine(dates[-1][-1] + timedelta(days=1), time.min))
    by_day: dict[date, list[Activity]] = {}
    for activity in activities.filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at", "pk"):
        by_day.setdefault(timezone.localtime(activity.starts_at).date(), []).append(activity)
    weeks = [
        [CalendarDay(date=day, in_month=day.month == first.month, activities=by_day.get(day, [])) for day in week]
        for week in dates
    ]
    return CalendarMonth(first=first, weeks=weeks)


def nearest_activity_month(activities: QuerySet[Activity], first: date) -> date | None:
    """For an empty month: the month of the next activity after it, or else of the last one before it; None if
    there is none. One query (two when nothing comes after)."""
    start = timezone.make_aware(datetime.combine(first, time.min))
    nearest = activities.filter(starts_at__gte=start).order_by("starts_at").values_list("starts_at", flat=True).first()
    if nearest is None:
        nearest = (
            activities.filter(starts_at__lt=start).order_by("-starts_at").values_list("starts_at", flat=True).first()
        )
    return None if nearest is None else timezone.localtime(nearest).date().replace(day=1)


# ---------------------------------------------------------------- the impact service point

OPEN_QUESTION_STATUSES = (Question.Status.NEW, Question.Status.IN_PROGRESS)


def overdue_before(municipality: Municipality, *, now: datetime | None = None) -> datetime:
    """Questions asked before this moment and still without an answer are overdue: the municipality's target
    response time in working days has passed."""
    return workdays.overdue_before(municipality.response_target_working_days, now=now)


def _overdue_questions(municipality: Municipality, now: datetime | None = None) -> Q:
    """Open questions waiting past the target: for their first answer, or for an answer to the asker's reply."""
    return _overdue_since(overdue_before(municipality, now=now))


def _overdue_since(late: datetime) -> Q:
    """Open questions asked before `late` and still without an answer, or reopened before it (overdue_before)."""
    waiting = Q(answered_at__isnull=True, asked_at__lt=late) | Q(reopened_at__lt=late)
    return Q(status__in=OPEN_QUESTION_STATUSES) & waiting


def is_overdue(question: Question, late: datetime) -> bool:
    """The same as _overdue_questions, for a question in hand (`late`: overdue_before)."""
    if question.status not in OPEN_QUESTION_STATUSES:
        return False
    if question.answered_at is None and question.asked_at < late:
        return True
    return question.reopened_at is not None and question.reopened_at < late


def with_overdue(
    questions: QuerySet[Question], municipality: Municipality, *, now: datetime | None = None
) -> QuerySet[Question]:
    """Each question with `overdue`: not answered within the municipality's target (see overdue_before)."""
    overdue = Case(
        When(_overdue_questions(municipality, now), then=Value(True)), default=Value(False), output_field=BooleanField()
    )
    return questions.annotate(overdue=overdue)


def overdue_question_count(municipality: Municipality, *, now: datetime | None = None) -> int:
    """How many questions of the municipality are overdue (see overdue_before). One query."""
    return Question.objects.filter(_overdue_questions(municipality, now), municipality=municipality).count()


@dataclass(frozen=True)
class LongestWaiting:
    """The open questions of a municipality that wait longest (oldest first, each with `overdue`), and how many
    open questions are overdue in all."""

    questions: Sequence[Question]
    overdue_count: int


def longest_waiting(municipality: Municipality, *, count: int = 5) -> LongestWaiting:
    """The `count` open questions asked longest ago with only what a list shows of them and what says whether
    they are overdue, each with `overdue` (is_overdue), and the number of all overdue ones, counted over every
    open question (a window count, before the limit). One query."""
    late = overdue_before(municipality, now=timezone.now())
    questions = _longest_waiting(count)(municipality.pk, late)
    for question in questions:
        question.overdue = is_overdue(question, late)  # as with_overdue annotates
    # every overdue question is open: with no open question there is none overdue
    return LongestWaiting(questions=questions, overdue_count=questions[0].overdue_count if questions else 0)


@functools.cache
def _longest_waiting(count: int) -> "CompiledQuery":
    """The query of longest_waiting, compiled once per process (core.compiledquery) for each `count`."""

    def build(municipality: int, late: datetime) -> QuerySet:
        open_questions = Question.objects.filter(municipality_id=municipality, status__in=OPEN_QUESTION_STATUSES)
        return (
            open_questions.annotate(overdue_count=Window(Count("pk", filter=_overdue_since(late))))
            .only("pk", "subject", "asked_at", "status", "answered_at", "reopened_at")
            .order_by("asked_at", "pk")[:count]
        )

    return compiled_once(build)


def question_queue(user: User) -> QuerySet[Question]:
    """The service point's questions of the coordinator's municipality, oldest first, each with `overdue`."""
    municipality = managed_municipality(user)
    questions = Question.objects.filter(municipality=municipality).select_related("handler", "asker", "desk")
    return with_overdue(questions, municipality)


def question_by_reply_token(pk: int, token: str) -> Question:
    """The question of a secret reply link; 404 for a wrong token (compared in constant time) or erased details."""
    question = get_object_or_404(Question.objects.select_related("municipality"), pk=pk)
    if not secrets.compare_digest(token.encode(), question.reply_token.encode()):
        raise Http404
    if question.email == ERASED_EMAIL:
        raise Http404
    return question


def question_for(user: User, pk: int) -> Question:
    return get_object_or_404(question_queue(user), pk=pk)


def desks_of(user: User) -> QuerySet[PartnerDesk]:
    return PartnerDesk.objects.filter(members=user) if user.is_authenticated else PartnerDesk.objects.none()


def desk_questions(user: User) -> QuerySet[Question]:
    """The questions handed over to the partner desks the user is a member of (and no others), newest first;
    404 for someone who is a member of no desk."""
    if not desks_of(user).exists():
        raise Http404
    return (
        Question.objects.filter(desk__members=user)
        .select_related("desk", "municipality", "handler")
        .order_by("-asked_at", "-pk")
    )


def is_question_coordinator(user: User, question: Question) -> bool:
    return user.role in COORDINATORS and user.municipality_id == question.municipality_id


def question_in_conversation_for(user: User, pk: int) -> Question:
    """A question someone may write in for the municipality: its coordinators, and the members of the desk it was
    handed over to. 404 for anyone else."""
    if user.role in COORDINATORS and user.municipality_id is not None:
        try:
            return question_for(user, pk)
        except Http404:
            pass
    handed_over = Question.objects.filter(desk__members=user).select_related("municipality")
    municipality = get_object_or_404(handed_over, pk=pk).municipality
    return get_object_or_404(with_overdue(handed_over.select_related("handler", "asker", "desk"), municipality), pk=pk)


def questions_of(user: User) -> QuerySet[Question]:
    """The questions a signed-in user asked the service point, newest first."""
    return Question.objects.filter(asker=user).select_related("municipality").order_by("-asked_at", "-pk")


def my_question_for(user: User, pk: int) -> Question:
    return get_object_or_404(questions_of(user), pk=pk)


def conversation_of(question: Question) -> QuerySet[QuestionMessage]:
    """The messages after the first answer, oldest first."""
    return question.messages.select_related("author").order_by("created_at", "pk")


def partner_desks_of(municipality: Municipality) -> QuerySet[PartnerDesk]:
    return PartnerDesk.objects.filter(municipality=municipality)


def _audited_models() -> list:
    """What the programme's trail shows: programmes, action lines with their progress and indicators,
    activities, partners and challenges; not the service point's questions."""
    programme_apps = [
        config for config in django_apps.get_app_configs() if config.label in ("programmes", "challenges")
    ]
    return [model for config in programme_apps for model in config.get_models() if model is not Question]


def audit_entries_for(user: User) -> QuerySet[audit.AuditEvent]:
    return (
        audit.entries_about(_audited_models(), actions=audit.Action.values)
        .filter(municipality=managed_municipality(user))
        .select_related("actor")
    )


def audit_entries_of(instance) -> QuerySet[audit.AuditEvent]:
    """The audit trail of one object, newest first."""
    return audit.entries_of(instance).select_related("actor")


# ---------------------------------------------------------------- action lines with their year


@dataclass(frozen=True)
class IndicatorYear:
    """An indicator in one year: its target and its actual, computed from its source or typed in (`typed`)."""

    name: str
    unit: str
    target: int | None
    actual: int | None
    typed: bool = True
    source: str = ""
    source_label: str = ""
    indicator_id: int | None = None


@dataclass(frozen=True)
class ActionLineYear:
    """An action line as the council letter describes it for one year."""

    action_line_id: int
    number: int
    title: str
    goal: str
    partners: list[str]
    progress: str
    indicators: list[IndicatorYear]


def _whole(value) -> int | None:
    """A computed figure as the whole number an indicator shows (euros rounded)."""
    return None if value is None else int(Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def indicator_years(
    indicators: Sequence[Indicator],
    years: Iterable[int],
    *,
    known: Mapping[tuple[str, int], object] | None = None,
    activities: Mapping[int, "ActivityFigures"] | None = None,
    stored: Mapping[tuple[int, int], tuple[int | None, int | None]] | None = None,
) -> dict[tuple[int, int], IndicatorYear]:
    """Each indicator in each year: {(indicator id, year): IndicatorYear}. The one place that works out an
    indicator's actual: from its source where it has one (activities of its own action line, optionally of one
    kind; or a figure another app provides through core.yearly_figures, as the council letter counts it), else
    the actual typed in. The indicators must share one programme. A query for the targets and typed actuals, one
    for the activity sources, and each other source's selector once per year: never a query per indicator.
    `known` ({(figure name, year): value}) are figures the caller has computed already (the council letter's
    catalogue has), taken as they are instead of asking their selector again; `activities` ({year: the programme's
    ActivityFigures}, for every year asked) likewise spare the query for the activity sources, and `stored`
    ({(indicator id, year): (target, typed actual)}, for every one asked) the query for the targets."""
    years = list(years)
    if not indicators:
        return {}
    if stored is None:
        ids = [indicator.pk for indicator in indicators]
        stored = {
            (indicator_id, year): (target, actual)
            for indicator_id, year, target, actual in IndicatorValue.objects.filter(
                indicator_id__in=ids, year__in=years
            )
            .order_by()
            .values_list("indicator_id", "year", "target", "actual")
        }
    activity_counts: dict[tuple[int, str, int], tuple[int, int]] = {}
    if activities is not None and all(year in activities for year in years):
        activity_counts = _held_per_line_kind_and_year(activities)
    elif any(indicator.source in Indicator.ACTIVITY_SOURCES for indicator in indicators):
        rows = (
            Activity.objects.filter(
                action_line_id__in={indicator.action_line_id for indicator in indicators},
                status=Activity.Status.HELD,
                starts_at__year__in=years,
            )
            .annotate(year=ExtractYear("starts_at"))
            .values("action_line_id", "kind", "year")
            .annotate(held=Count("pk"), participants=Coalesce(Sum("participants"), 0))
            .order_by()
        )
        for row in rows:
            activity_counts[(row["action_line_id"], row["kind"], row["year"])] = (row["held"], row["participants"])
    other = {indicator.source for indicator in indicators if indicator.source} - set(Indicator.ACTIVITY_SOURCES)
    provided: dict[tuple[str, int], object] = dict(known or {})
    missing = sorted(name for name in other if any((name, year) not in provided for year in years))
    if missing:
        provided |= yearly_figures.compute(missing, indicators[0].action_line.programme, years)

    def computed(indicator: Indicator, year: int) -> int | None:
        if indicator.source in Indicator.ACTIVITY_SOURCES:
            position = 0 if indicator.source == Indicator.Source.ACTIVITIES_HELD else 1
            return sum(
                counts[position]
                for (line_id, kind, in_year), counts in activity_counts.items()
                if line_id == indicator.action_line_id
                and in_year == year
                and (not indicator.activity_kind or kind == indicator.activity_kind)
            )
        return _whole(provided.get((indicator.source, year)))

    # get_FOO_display() translates every choice's label on each call (Django hashes them all): look them up
    source_labels = dict(Indicator._meta.get_field("source").flatchoices)
    kind_labels = dict(Indicator._meta.get_field("activity_kind").flatchoices)
    result = {}
    for indicator in indicators:
        label = ""
        if indicator.source:
            label = str(source_labels.get(indicator.source, indicator.source))
            if indicator.activity_kind:
                kind = str(kind_labels.get(indicator.activity_kind, indicator.activity_kind))
                label = f"{label} ({kind})"
        for year in years:
            target, actual = stored.get((indicator.pk, year), (None, None))
            result[(indicator.pk, year)] = IndicatorYear(
                name=indicator.name,
                unit=indicator.unit,
                target=target,
                actual=computed(indicator, year) if indicator.source else actual,
                typed=not indicator.source,
                source=indicator.source,
                source_label=label,
                indicator_id=indicator.pk,
            )
    return result


def _held_per_line_kind_and_year(
    activities: Mapping[int, "ActivityFigures"],
) -> dict[tuple[int, str, int], tuple[int, int]]:
    """{(action line id, kind, year): (activities held, their participants)} from a programme's activity figures of
    some years: what indicator_years would otherwise count in a query."""
    return {
        (line.action_line_id, kind, year): (counts.held, counts.participants)
        for year, figures in activities.items()
        for line in figures.action_lines
        for kind, counts in line.by_kind.items()
        if counts.held
    }


def action_lines_in_year(programme: Programme, year: int) -> list[ActionLineYear]:
    """Each action line of the programme with its partners, its progress text of `year` and its
    indicators' target and actual of `year` (see indicator_years). Five queries, and those of the
    indicators' sources."""
    action_lines = list(
        ActionLine.objects.filter(programme=programme).prefetch_related(
            "partners",
            Prefetch(
                "progress_reports", queryset=ActionLineProgress.objects.filter(year=year), to_attr="progress_of_year"
            ),
            "indicators",
        )
    )
    indicators = [indicator for line in action_lines for indicator in line.indicators.all()]
    for indicator in indicators:
        indicator.action_line.programme = programme  # known: no query for it
    values = indicator_years(indicators, [year])
    return [
        ActionLineYear(
            action_line_id=line.pk,
            number=line.number,
            title=line.title,
            goal=line.goal,
            partners=[partner.name for partner in line.partners.all()],
            progress=line.progress_of_year[0].text if line.progress_of_year else "",
            indicators=[values[(indicator.pk, year)] for indicator in line.indicators.all()],
        )
        for line in action_lines
    ]


def _with_values_of_years(indicators: QuerySet[Indicator], years: Iterable[int]) -> QuerySet[Indicator]:
    """The indicators, each with its target and typed actual of each year joined in (`target_<year>` and
    `actual_<year>`, None without a value of that year)."""
    for year in years:
        value = f"value_{year}"
        indicators = indicators.annotate(
            **{value: FilteredRelation("values", condition=Q(values__year=year))}
        ).annotate(**{f"target_{year}": F(f"{value}__target"), f"actual_{year}": F(f"{value}__actual")})
    return indicators


def programme_indicators(
    programme: Programme,
    years: Iterable[int],
    *,
    known: Mapping[tuple[str, int], object] | None = None,
    activities: Mapping[int, "ActivityFigures"] | None = None,
) -> list[tuple[Indicator, dict[int, IndicatorYear]]]:
    """Every indicator of the programme (by action line) with its IndicatorYear of each year, for the dashboard
    and the council letter. One query for the indicators with their targets, and those of the indicators' sources
    (see indicator_years; `known` and `activities` as there)."""
    years = list(dict.fromkeys(years))
    indicators = list(
        _with_values_of_years(Indicator.objects.filter(action_line__programme=programme), years)
        .select_related("action_line")
        .order_by("action_line__number", "name")
    )
    for indicator in indicators:
        indicator.action_line.programme = programme
    stored = {
        (indicator.pk, year): (getattr(indicator, f"target_{year}"), getattr(indicator, f"actual_{year}"))
        for indicator in indicators
        for year in years
    }
    values = indicator_years(indicators, years, known=known, activities=activities, stored=stored)
    return [(indicator, {year: values[(indicator.pk, year)] for year in years}) for indicator in indicators]


# ---------------------------------------------------------------- activity figures


@dataclass(frozen=True)
class KindFigures:
    """Activities of one kind on one action line in one year: held, still planned, and the participants
    of those held."""

    held: int = 0
    planned: int = 0
    participants: int = 0


@dataclass(frozen=True)
class ActionLineActivityFigures:
    """Activities of one action line in one year, counted by status; `by_kind` per kind of activity
    (Activity.Kind code), for the kinds that occur on the line in the year."""

    action_line_id: int
    number: int
    title: str
    held: int
    planned: int
    cancelled: int
    moved_online: int
    online: int
    participants: int
    participants_unknown: int = 0
    by_kind: dict[str, KindFigures] = field(default_factory=dict)

    COUNTERS: ClassVar[tuple[str, ...]] = (
        "held",
        "planned",
        "cancelled",
        "moved_online",
        "online",
        "participants",
        "participants_unknown",
    )

    @property
    def total(self) -> int:
        return self.held + self.planned + self.cancelled

    @property
    def held_in_person(self) -> int:
        """Held activities that took place in person; with `online` they make up `held`, without overlap."""
        return self.held - self.online

    def of_kind(self, kind: str) -> KindFigures:
        return self.by_kind.get(kind, KindFigures())


@dataclass(frozen=True)
class ActivityFigures:
    """A programme's activities of one year: per action line and in total.

    - held / planned / cancelled: activities by status, counted in the year they start
    - moved_online: held activities that were planned as physical meetings and moved online
    - online: held activities that took place online (moved or planned so)
    - participants: the participants of the held activities added up
    - participants_unknown: held activities whose number of participants is unknown (not in `participants`)
    - held_in_person: held activities that took place in person (held = held_in_person + online)
    - held_by_kind: {kind code (Activity.Kind): number held}, for the kinds held at least once
    - per action line, by_kind: held, still planned and participants per kind of activity
    """

    programme_id: int
    year: int
    action_lines: list[ActionLineActivityFigures]
    held: int
    planned: int
    cancelled: int
    moved_online: int
    online: int
    participants: int
    participants_unknown: int = 0
    held_by_kind: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.held + self.planned + self.cancelled

    @property
    def held_in_person(self) -> int:
        return self.held - self.online

    @property
    def held_by_kind_label(self) -> list[tuple["StrOrPromise", int]]:
        """(translated kind, number held), for pages."""
        return [(Activity.Kind(kind).label, count) for kind, count in self.held_by_kind.items()]


def activity_figures(programme: Programme, year: int) -> ActivityFigures:
    """The programme's activity figures of `year` per action line and per kind (see ActivityFigures).
    Two queries, whatever the number of activities."""
    return activity_figures_of_years(programme, [year])[year]


def activity_figures_of_years(programme: Programme, years: Iterable[int]) -> dict[int, ActivityFigures]:
    """{year: the programme's activity figures of that year} for each of `years` (see ActivityFigures), in one
    pass: each action line with its activities of those years counted per year, kind, status, mode and whether
    moved online (a line without any: one row without an activity). One query, whatever the number of activities
    and years."""
    years = sorted(set(years))
    in_years = Q(activities__starts_at__year__gte=years[0], activities__starts_at__year__lte=years[-1])
    rows = (
        ActionLine.objects.filter(programme=programme)
        .annotate(activity=FilteredRelation("activities", condition=in_years))
        .values(
            "pk",
            "number",
            "title",
            kind=F("activity__kind"),
            status=F("activity__status"),
            mode=F("activity__mode"),
            moved_online=F("activity__moved_online"),
            year=ExtractYear("activity__starts_at"),
        )
        .annotate(
            n=Count("activity"),
            n_participants=Sum("activity__participants"),
            n_unknown=Count("activity", filter=Q(activity__participants__isnull=True)),
        )
        .order_by("number")
    )
    lines: dict[int, tuple[int, int, str]] = {}  # {action line id: (id, number, title)}, by number
    # {(year, action line id): {counter: number}} and {(year, action line id): {kind: {counter: number}}}
    per_line: dict[tuple[int, int], dict[str, int]] = {}
    per_kind: dict[tuple[int, int], dict[str, dict[str, int]]] = {}
    for row in rows:
        lines.setdefault(row["pk"], (row["pk"], row["number"], row["title"]))
        if not row["n"]:  # the line has no activity in the years
            continue
        key = (row["year"], row["pk"])
        line = per_line.setdefault(key, dict.fromkeys(ActionLineActivityFigures.COUNTERS, 0))
        of_kind = per_kind.setdefault(key, {}).setdefault(row["kind"], {"held": 0, "planned": 0, "participants": 0})
        if row["status"] == Activity.Status.HELD:
            line["held"] += row["n"]
            line["moved_online"] += row["n"] if row["moved_online"] else 0
            line["online"] += row["n"] if row["mode"] == Activity.Mode.ONLINE else 0
            line["participants"] += row["n_participants"] or 0
            line["participants_unknown"] += row["n_unknown"]
            of_kind["held"] += row["n"]
            of_kind["participants"] += row["n_participants"] or 0
        elif row["status"] == Activity.Status.PLANNED:
            line["planned"] += row["n"]
            of_kind["planned"] += row["n"]
        elif row["status"] == Activity.Status.CANCELLED:
            line["cancelled"] += row["n"]
    result = {}
    for year in years:
        action_lines = [
            ActionLineActivityFigures(
                action_line_id=pk,
                number=number,
                title=title,
                **per_line.get((year, pk), dict.fromkeys(ActionLineActivityFigures.COUNTERS, 0)),
                by_kind={kind: KindFigures(**counts) for kind, counts in sorted(per_kind.get((year, pk), {}).items())},
            )
            for pk, number, title in lines.values()
        ]
        held_by_kind: dict[str, int] = {}
        for kind in sorted({kind for line in action_lines for kind in line.by_kind}):
            held = sum(line.by_kind[kind].held for line in action_lines if kind in line.by_kind)
            if held:
                held_by_kind[kind] = held
        result[year] = ActivityFigures(
            programme_id=programme.pk,
            year=year,
            action_lines=action_lines,
            **{name: sum(getattr(line, name) for line in action_lines) for name in ActionLineActivityFigures.COUNTERS},
            held_by_kind=held_by_kind,
        )
    return result


def held_kinds_per_line(programme: Programme, year: int) -> dict[int, list[tuple[str, int]]]:
    """Per action line number: the kinds of activity held in `year` (Activity.Kind codes) with how many, most
    held first. One query."""
    rows = (
        Activity.objects.filter(action_line__programme=programme, starts_at__year=year, status=Activity.Status.HELD)
        .values("action_line__number", "kind")
        .annotate(n=Count("pk"))
        .order_by("action_line__number", "-n", "kind")
    )
    kinds: dict[int, list[tuple[str, int]]] = {}
    for row in rows:
        kinds.setdefault(row["action_line__number"], []).append((row["kind"], row["n"]))
    return kinds


# ---------------------------------------------------------------- service point figures


@dataclass(frozen=True)
class ServicePointFigures:
    """The impact service point of a municipality in one year.

    - asked: questions asked in the year
    - answered: of those, how many have been answered (answered or closed after an answer)
    - open: of those, how many still wait for an answer (new or picked up)
    - closed_unanswered: closed without an answer (duplicates, spam)
    - median_response_time: the median time from asking to answering of the answered ones; None if none
    - asked_per_month: twelve numbers, January first
    - helped / satisfaction_answers: of the askers who said whether they were helped, how many said yes
    """

    municipality_id: int
    year: int
    asked: int
    answered: int
    open: int
    closed_unanswered: int
    median_response_time: timedelta | None
    asked_per_month: list[int]
    helped: int = 0
    satisfaction_answers: int = 0

    @property
    def helped_percentage(self) -> int | None:
        """The share of askers who said they were helped, in whole percents; None if nobody said."""
        if not self.satisfaction_answers:
            return None
        return round(100 * self.helped / self.satisfaction_answers)

    @property
    def median_response_hours(self) -> float | None:
        if self.median_response_time is None:
            return None
        return round(self.median_response_time.total_seconds() / 3600, 1)


def service_point_figures(municipality: Municipality, year: int) -> ServicePointFigures:
    """The service point's figures of `year` (see ServicePointFigures). One query."""
    return service_point_figures_of_years(municipality, [year])[year]


def service_point_figures_of_years(municipality: Municipality, years: Iterable[int]) -> dict[int, ServicePointFigures]:
    """{year: the service point's figures of that year} for each of `years` (see ServicePointFigures), each question
    counted in the year it was asked (local time). One query, whatever the years."""
    years = sorted(set(years))
    rows = Question.objects.filter(
        municipality=municipality, asked_at__year__gte=years[0], asked_at__year__lte=years[-1]
    ).values_list("asked_at", "answered_at", "status", "helped")
    counts = {year: {"open": 0, "closed_unanswered": 0, "helped": 0, "satisfaction_answers": 0} for year in years}
    asked_per_month = {year: [0] * 12 for year in years}
    response_times: dict[int, list[timedelta]] = {year: [] for year in years}
    for asked_at, answered_at, status, helped in rows:
        local = timezone.localtime(asked_at)
        if local.year not in counts:  # a year between the first and the last that was not asked for
            continue
        of_year = counts[local.year]
        asked_per_month[local.year][local.month - 1] += 1
        if helped is not None:
            of_year["satisfaction_answers"] += 1
            of_year["helped"] += helped
        if answered_at is not None:
            response_times[local.year].append(answered_at - asked_at)
        elif status == Question.Status.CLOSED:
            of_year["closed_unanswered"] += 1
        else:
            of_year["open"] += 1
    return {
        year: ServicePointFigures(
            municipality_id=municipality.pk,
            year=year,
            asked=sum(asked_per_month[year]),
            answered=len(response_times[year]),
            median_response_time=timedelta(seconds=median(time.total_seconds() for time in response_times[year]))
            if response_times[year]
            else None,
            asked_per_month=asked_per_month[year],
            **counts[year],
        )
        for year in years
    }


@yearly_figures.provides("service_point_questions", "service_point_answered")
def _yearly_service_point_figures(programme: Programme, year: int, names: Collection[str]) -> dict[str, int]:
    """Questions to the service point of the programme's municipality, as the council letter counts them."""
    figures = service_point_figures(programme.municipality, year)
    return {"service_point_questions": figures.asked, "service_point_answered": figures.answered}


# ---------------------------------------------------------------- start page (open work, oldest first)


def start_open_questions(user: User) -> "todo.TodoList":
    """The coordinator's unanswered questions (new or picked up), oldest first; those not answered within the
    municipality's target response time (working days) say they are overdue. One query."""
    municipality = managed_municipality(user)
    late = overdue_before(municipality)
    questions = (
        Question.objects.filter(municipality=municipality, status__in=OPEN_QUESTION_STATUSES)
        .only("pk", "subject", "asked_at", "status", "answered_at", "reopened_at")
        .order_by("asked_at", "pk")
    )

    def item(question: Question) -> todo.Todo:
        overdue = is_overdue(question, late)
        return todo.Todo(
            title=question.subject,
            url=reverse("programmes:question_detail", args=[question.pk]),
            since=question.asked_at,
            note=str(_("overdue")) if overdue else str(question.get_status_display()),
            urgent=overdue,
        )

    return todo.todo_list(
        "questions", _("Questions to answer"), questions, item, more_url=reverse("programmes:question_queue")
    )


def start_unrecorded_activities(user: User) -> "todo.TodoList":
    """Planned activities whose date has passed: still to be recorded as held or cancelled. One query."""

    def item(activity: Activity) -> todo.Todo:
        return todo.Todo(
            title=activity.title,
            url=reverse("programmes:activity_detail", args=[activity.pk]),
            since=activity.starts_at,
        )

    activities = planned_activities(user, past=True).select_related(None).only("pk", "title", "starts_at")
    return todo.todo_list(
        "activities",
        _("Activities to record as held or cancelled"),
        activities,
        item,
        more_url=reverse("programmes:activity_list"),
    )


def start_answered_questions(user: User) -> "todo.TodoList":
    """The asker's questions that the service point answered (and did not yet close), oldest first. One query."""
    questions = (
        Question.objects.filter(asker=user, status=Question.Status.ANSWERED)
        .only("pk", "subject", "answered_at")
        .order_by("answered_at", "pk")
    )

    def item(question: Question) -> todo.Todo:
        return todo.Todo(
            title=question.subject,
            url=reverse("programmes:my_question_detail", args=[question.pk]),
            since=question.answered_at,
            answered=True,
        )

    return todo.todo_list("answered_questions", _("Your questions that were answered"), questions, item)


def start_desk_questions(user: User) -> "todo.TodoList":
    """The open questions handed over to the partner desks the user is a member of, oldest first. One query."""
    questions = (
        Question.objects.filter(desk__members=user, status__in=OPEN_QUESTION_STATUSES)
        .only("pk", "subject", "asked_at", "status")
        .order_by("asked_at", "pk")
    )

    def item(question: Question) -> todo.Todo:
        return todo.Todo(
            title=question.subject,
            url=reverse("programmes:question_detail", args=[question.pk]),
            since=question.asked_at,
            note=str(question.get_status_display()),
        )

    return todo.todo_list(
        "desk_questions",
        _("Questions handed over to your desk"),
        questions,
        item,
        more_url=reverse("programmes:desk_questions"),
    )
