"""Reads for challenges: who may see which challenge, application, assessment and pitch, the
ranking by weighted score, and the funnel that the council letter reports.

Access: coordinators see their municipality's challenges; entrepreneurs and initiatives see the
open challenges of their municipality and their own organisation's applications; jury members
see only the applications assigned to them. Anyone else gets 404.

Figures for reporting (frozen dataclasses of plain values, a constant number of queries):
`challenge_funnel(challenge)` and `challenge_figures(programme, year)`.
"""

import functools
import secrets
import unicodedata
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, NamedTuple

from django.core.paginator import Page
from django.db.models import Count, DecimalField, F, FloatField, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import numberformat, timezone
from django.utils.formats import date_format, get_format
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Municipality, User
from accounts.selectors import municipality_of, organisation_of
from core import todo, yearly_figures
from core.compiledquery import compiled_once
from core.links import url_for_pk
from core.pagination import numbered_page
from programmes.models import Programme

from .models import (
    STAGE_ORDER,
    Application,
    Challenge,
    CoachingSession,
    Financier,
    FinancingTable,
    Juror,
    Pledge,
    Review,
    Score,
    Stage,
    TablePlan,
)

if TYPE_CHECKING:
    from core.compiledquery import CompiledQuery

COORDINATORS = {User.Role.COORDINATOR}
TWO_PLACES = Decimal("0.01")
NO_SPREAD = Decimal("0.00")  # the spread of a single juror's average
NOTHING_SHOWN = "–"  # an empty cell of a table


# ---------------------------------------------------------------- access


def challenges_for(user: User) -> QuerySet[Challenge]:
    """The challenges of the coordinator's municipality; 404 for anyone else."""
    municipality = municipality_of(user, roles=COORDINATORS)
    return Challenge.objects.filter(action_line__programme__municipality=municipality).select_related(
        "action_line__programme"
    )


def challenge_for(user: User, pk: int) -> Challenge:
    """One challenge of the coordinator's municipality; 404 for anything else. Its partners are read by the
    pages that show them (one query, as a prefetch would be), not by every page of the challenge."""
    return get_object_or_404(challenges_for(user), pk=pk)


def challenge_municipality(challenge: Challenge) -> Municipality:
    return challenge.action_line.programme.municipality


def challenges_to_apply_to(user: User) -> QuerySet[Challenge]:
    """The challenges of the municipality of the user's organisation; 404 for non-members."""
    organisation = organisation_of(user)
    return Challenge.objects.filter(action_line__programme__municipality_id=organisation.municipality_id)


def open_challenges_for(user: User) -> QuerySet[Challenge]:
    now = timezone.now()
    return challenges_to_apply_to(user).filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at")


def challenge_to_apply(user: User, pk: int) -> Challenge:
    return get_object_or_404(challenges_to_apply_to(user).prefetch_related("questions"), pk=pk)


def applications_of(user: User) -> QuerySet[Application]:
    """The applications of the user's organisation, newest first."""
    organisation = organisation_of(user)
    return (
        Application.objects.filter(organisation=organisation).select_related("challenge").order_by("-created_at", "-pk")
    )


def application_of(user: User, challenge: Challenge) -> Application | None:
    """The user's organisation's application to the challenge, if it has one."""
    organisation = organisation_of(user)
    return (
        Application.objects.filter(challenge=challenge, organisation=organisation).prefetch_related("answers").first()
    )


def own_application(user: User, pk: int) -> Application:
    queryset = applications_of(user).prefetch_related("answers__question")
    return get_object_or_404(queryset, pk=pk)


def application_for(user: User, pk: int) -> Application:
    """An application of a challenge of the coordinator's municipality."""
    municipality = municipality_of(user, roles=COORDINATORS)
    queryset = Application.objects.select_related("challenge__action_line__programme", "organisation", "coach")
    return get_object_or_404(
        queryset.prefetch_related("answers__question"),
        pk=pk,
        challenge__action_line__programme__municipality=municipality,
    )


def applications_of_challenge(challenge: Challenge, pks) -> QuerySet[Application]:
    return Application.objects.filter(challenge=challenge, pk__in=pks, submitted_at__isnull=False)


def jurors_of(challenge: Challenge) -> QuerySet[Juror]:
    return Juror.objects.filter(challenge=challenge).select_related("user")


def reviews_of(user: User) -> QuerySet[Review]:
    """The applications assigned to a jury member, grouped by challenge; 404 for anyone else."""
    if not user.is_authenticated or not user.is_jury:
        raise Http404
    return (
        Review.objects.filter(juror=user, application__submitted_at__isnull=False)
        .select_related("application__challenge", "application__organisation")
        .order_by("application__challenge", "application__pk")
    )


def review_for(user: User, pk: int) -> Review:
    queryset = reviews_of(user).prefetch_related("scores", "application__answers__question")
    return get_object_or_404(queryset, pk=pk)


def other_reviews(review: Review) -> QuerySet[Review]:
    """The other jurors' submitted assessments of the same application; only for a juror who submitted."""
    if not review.is_submitted:
        return Review.objects.none()
    return (
        Review.objects.filter(application=review.application, submitted_at__isnull=False)
        .exclude(pk=review.pk)
        .select_related("juror")
        .prefetch_related("scores__criterion")
    )


def coached_by(user: User) -> QuerySet[Application]:
    return Application.objects.filter(coach=user).select_related("challenge", "organisation")


def coached_participants(user: User) -> QuerySet[Application]:
    """The participants this person coaches, with their number of sessions and minutes of coaching, newest
    challenge first; 404 for anyone who coaches nobody (whatever their role: coaches are often entrepreneurs)."""
    if not user.is_authenticated or not Application.objects.filter(coach=user).exists():
        raise Http404
    return (
        coached_by(user)
        .annotate(
            n_sessions=Count("coaching_sessions"),
            hours=Cast(Sum("coaching_sessions__duration_minutes"), FloatField()) / 60.0,
        )
        .order_by("-challenge__closes_at", "organisation__name", "pk")
    )


def coached_participant(user: User, pk: int) -> Application:
    """A participant this person coaches now; 404 for other coaches, jurors and everyone else."""
    if not user.is_authenticated:
        raise Http404
    queryset = Application.objects.select_related("challenge", "organisation", "applicant")
    return get_object_or_404(queryset.prefetch_related("answers__question"), pk=pk, coach=user)


def coaching_sessions_of(application: Application) -> QuerySet[CoachingSession]:
    """The sessions of a participant, newest first, for its coach, the participant and the coordinators."""
    return CoachingSession.objects.filter(application=application).select_related("coach").order_by("-held_on", "-pk")


def pitch_for(user: User, pk: int) -> Application:
    """An application whose pitch document this user may read: the applicant's organisation, the
    coordinators of the municipality, and the jury members it is assigned to."""
    if not user.is_authenticated:
        raise Http404
    allowed = Q(reviews__juror=user)
    if user.is_organisation_member:
        allowed |= Q(organisation_id=user.organisation_id)
    if user.is_coordinator:
        allowed |= Q(challenge__action_line__programme__municipality_id=user.municipality_id)
    application = Application.objects.filter(allowed, pk=pk).exclude(pitch="").distinct().first()
    if application is None:
        raise Http404
    return application


def public_challenges() -> QuerySet[Challenge]:
    """Challenges anyone may read about: open now, or with public results."""
    now = timezone.now()
    return (
        Challenge.objects.filter(Q(opens_at__lte=now, closes_at__gt=now) | Q(results_public=True))
        .select_related("action_line__programme__municipality")
        .order_by("-closes_at")
    )


def public_challenge(pk: int) -> Challenge:
    """A challenge's public page exists once its call has opened."""
    return get_object_or_404(
        Challenge.objects.select_related("action_line__programme__municipality").prefetch_related("partners"),
        pk=pk,
        opens_at__lte=timezone.now(),
    )


def public_results(challenge: Challenge) -> dict[str, list[Application]]:
    """Finalists and winners, if the coordinator made them public."""
    if not challenge.results_public:
        return {"winners": [], "finalists": []}
    applications = list(
        Application.objects.filter(challenge=challenge, furthest_stage__in=[Stage.FINALIST, Stage.WINNER])
        .select_related("organisation")
        .order_by("organisation__name")
    )
    return {
        "winners": [a for a in applications if a.stage == Stage.WINNER],
        "finalists": [a for a in applications if a.furthest_stage in (Stage.FINALIST, Stage.WINNER)],
    }


def coach_candidates(challenge: Challenge) -> QuerySet[User]:
    """Who may coach a participant: the municipality's jury members and coaches, and the
    entrepreneurs of its registered enterprises (often SME entrepreneurs)."""
    municipality = challenge_municipality(challenge)
    return User.objects.filter(
        Q(role=User.Role.JURY, municipality=municipality)
        | Q(role=User.Role.ENTREPRENEUR, organisation__municipality=municipality),
        is_active=True,
    ).select_related("organisation")


# ---------------------------------------------------------------- ranking


@dataclass(frozen=True)
class RankedApplication:
    """An application in the ranking: its weighted average over the jurors who submitted scores,
    and the spread between the highest and the lowest juror's weighted average.

    The fields that end in `_shown` are the ranking page's cells, formatted for the active language (a "–"
    where there is nothing): the page has many rows, and a cell formatted here costs a fraction of the same
    cell formatted by the template's filters."""

    application_id: int
    organisation: str
    title: str
    stage: str
    stage_label: str
    stage_badge: str
    coach: str
    assigned: int
    scored: int
    score: Decimal | None
    spread: Decimal | None
    rank: int | None
    id_shown: str
    url_shown: str
    select_shown: str
    title_shown: str
    rank_shown: str
    score_shown: str
    spread_shown: str
    scored_shown: str
    coach_shown: str


def _weighted_averages_per_application(challenge: Challenge) -> dict[int, list[Decimal | None]]:
    """{submitted application id: for each juror it is assigned to, the juror's weighted average, or None while
    the juror has not submitted scores}. A criterion a juror left unscored does not count for that juror: the
    other criteria's weights carry the average. One query, a row per assignment."""
    submitted = Q(submitted_at__isnull=False)
    weighted = Sum(F("scores__value") * F("scores__criterion__weight"), output_field=DecimalField(), filter=submitted)
    rows = (
        Review.objects.filter(application__challenge=challenge, application__submitted_at__isnull=False)
        .values_list("pk", "application_id")
        .annotate(weighted=weighted, weights=Sum("scores__criterion__weight", filter=submitted))
        .order_by()
    )
    per_application: dict[int, list[Decimal | None]] = {}
    for _review, application_id, weighted_sum, weights in rows:
        average = Decimal(weighted_sum) / Decimal(weights) if weights else None
        per_application.setdefault(application_id, []).append(average)
    return per_application


class _Placed(NamedTuple):
    """An application's place in the ranking with the columns the ranking shows, before they are formatted for
    the shown rows (a tuple: one for each application, quicker to make than a dataclass)."""

    application_id: int
    organisation: str
    title: str
    stage: str
    coach: str
    assigned: int
    scored: int
    score: Decimal | None
    spread: Decimal | None
    rank: int | None


def _placed(challenge: Challenge, stage: str | None) -> list[_Placed]:
    """Every submitted application in ranking order (see `ranking`), with the columns the ranking shows: two
    queries, whatever the number of applications."""
    assignments = _weighted_averages_per_application(challenge)
    columns = Application.objects.filter(challenge=challenge, submitted_at__isnull=False).values_list(
        "pk", "stage", "organisation__name", "title", "coach__name", "coach__email"
    )
    # each application as a _Placed without its rank (a plain tuple, quicker to make) until the order is known
    items: list[tuple] = []
    for application_id, application_stage, organisation, title, coach_name, coach_email in columns.order_by("pk"):
        averages = assignments.get(application_id, [])
        scores = [average for average in averages if average is not None]
        coach = coach_name or coach_email or ""  # as User.__str__ gives it
        unranked = (application_id, organisation, title, application_stage, coach, len(averages), len(scores))
        items.append(unranked + _score_and_spread(scores))
    score_at, spread_at, organisation_at, stage_at = map(
        _Placed._fields.index, ["score", "spread", "organisation", "stage"]
    )
    # the best score first (none last), then the smaller spread, then by the organisation's name
    items.sort(
        key=lambda item: (item[score_at] is None, -(item[score_at] or 0), item[spread_at] or 0, item[organisation_at])
    )
    placed, previous_score, previous_rank = [], None, 0
    for position, item in enumerate(items, start=1):
        score = item[score_at]
        if score is None:
            rank = None
        elif score == previous_score:
            rank = previous_rank
        else:
            rank = position
        previous_score, previous_rank = score, rank or previous_rank
        if not stage or item[stage_at] == stage:
            placed.append(_Placed._make((*item, rank)))
    return placed


def _score_and_spread(averages: list[Decimal]) -> tuple[Decimal | None, Decimal | None]:
    """The mean of the jurors' weighted averages and the spread between the highest and the lowest, each to two
    places (None for no averages). One juror's average is taken as it is, quicker: the same figures."""
    if not averages:
        return None, None
    if len(averages) == 1:
        return averages[0].quantize(TWO_PLACES, ROUND_HALF_UP), NO_SPREAD
    score = sum(averages, Decimal(0)) / len(averages)
    spread = max(averages) - min(averages)
    return score.quantize(TWO_PLACES, ROUND_HALF_UP), spread.quantize(TWO_PLACES, ROUND_HALF_UP)


def _ranked_applications(placed: list[_Placed]) -> list[RankedApplication]:
    """The ranking's rows for these places, each cell formatted for the active language. No query."""
    labels = {value: str(label) for value, label in Stage.choices}  # translated once, not once per application
    badges = Stage.badge_table()
    url = url_for_pk("challenges:application_detail")
    select = gettext("Select %(name)s")
    shown = _figures_shown()
    return [
        RankedApplication(
            application_id=item.application_id,
            organisation=item.organisation,
            title=item.title,
            stage=item.stage,
            stage_label=labels[item.stage],
            stage_badge=badges[item.stage],
            coach=item.coach,
            assigned=item.assigned,
            scored=item.scored,
            score=item.score,
            spread=item.spread,
            rank=item.rank,
            id_shown=str(item.application_id),
            url_shown=url(item.application_id),
            select_shown=select % {"name": item.organisation},
            title_shown=_shortened(item.title, 70),
            rank_shown=shown(item.rank),
            score_shown=shown(item.score),
            spread_shown=shown(item.spread),
            scored_shown=f"{shown(item.scored)} / {shown(item.assigned)}",
            coach_shown=item.coach or NOTHING_SHOWN,
        )
        for item in placed
    ]


def _shortened(text: str, length: int) -> str:
    """The `truncatechars` filter: the text cut to `length` characters with an ellipsis, or whole (in Unicode's
    composed form, NFC) when it is no longer; a text that needs neither is returned as it is, quicker."""
    if len(text) <= length and unicodedata.is_normalized("NFC", text):
        return text
    return Truncator(text).chars(length)


def _figures_shown() -> Callable[[int | Decimal | None], str]:
    """`localize` for the many figures of one page (a dash for none): the active language's separators looked up
    once, and a figure under a thousand (no digits to group) written out directly, as `localize` writes it."""
    decimal_separator = get_format("DECIMAL_SEPARATOR")
    grouping = get_format("NUMBER_GROUPING")
    thousand_separator = get_format("THOUSAND_SEPARATOR")

    def shown(figure: int | Decimal | None) -> str:
        if figure is None:
            return NOTHING_SHOWN
        if 0 <= figure < 1000:
            return f"{figure:f}".replace(".", decimal_separator) if isinstance(figure, Decimal) else str(figure)
        return numberformat.format(figure, decimal_separator, grouping=grouping, thousand_sep=thousand_separator)

    return shown


def ranking(challenge: Challenge, *, stage: str | None = None) -> list[RankedApplication]:
    """The submitted applications, best weighted average first. Applications without submitted
    scores come last, unranked. Equal scores (to two decimals) share a rank (1, 2, 2, 4); among
    them the smaller spread comes first. Two queries, whatever the number of applications."""
    return _ranked_applications(_placed(challenge, stage))


def ranking_page(challenge: Challenge, number, size: int, *, stage: str | None = None) -> Page:
    """Page `number` of the ranking (see `ranking`), `size` to a page: the order and the ranks need every
    application's scores; the cells are formatted for the page's rows only."""
    page = numbered_page(_placed(challenge, stage), number, size)
    page.object_list = _ranked_applications(list(page.object_list))
    return page


def scores_for_export(challenge: Challenge) -> list[Score]:
    """Every submitted score of the challenge, for the CSV of the jury meeting. One query."""
    return list(
        Score.objects.filter(review__application__challenge=challenge, review__submitted_at__isnull=False)
        .select_related("review__juror", "criterion")
        .order_by("review__application_id", "review__juror__name", "criterion__position")
    )


# ---------------------------------------------------------------- the funnel


@dataclass(frozen=True)
class FunnelStage:
    stage: str
    label: str
    count: int


@dataclass(frozen=True)
class ChallengeFunnel:
    """How many applications of one challenge reached each stage.

    - applied: submitted applications (drafts do not count)
    - assessed, selected, coached, finalists, winners: applications that reached that stage,
      including those later not selected
    - not_selected: applications that ended as not selected
    - coaches: the number of different coaches
    - presented: applications put forward to the financing table; financed: those whose financing the
      coordinator confirmed; financed_amount: the sum of the pledges (decision "pledged") to financed plans
    - stages: the same counts in order, with translated labels, for a chart (presented and financed only
      when the challenge has a financing table with plans)
    """

    challenge_id: int
    name: str
    year: int
    finale_date: date | None
    applied: int
    assessed: int
    selected: int
    coached: int
    finalists: int
    winners: int
    not_selected: int
    coaches: int
    stages: list[FunnelStage] = field(default_factory=list)
    presented: int = 0
    financed: int = 0
    financed_amount: Decimal = Decimal(0)
    action_line_number: int = 0

    @property
    def funnel(self) -> list[FunnelStage]:
        return self.stages


def _reached(stage: Stage) -> Q:
    return Q(furthest_stage__in=STAGE_ORDER[STAGE_ORDER.index(stage) :])


def _funnel_counts(queryset) -> dict:
    return queryset.aggregate(
        applied=Count("pk"),
        assessed=Count("pk", filter=_reached(Stage.ASSESSED)),
        selected=Count("pk", filter=_reached(Stage.SELECTED)),
        coached=Count("pk", filter=_reached(Stage.COACHED)),
        finalists=Count("pk", filter=_reached(Stage.FINALIST)),
        winners=Count("pk", filter=Q(stage=Stage.WINNER)),
        not_selected=Count("pk", filter=Q(stage=Stage.NOT_SELECTED)),
        coaches=Count("coach", distinct=True),
        **_TABLE_COUNTS,
    )


# An application is at most one plan of its challenge's one table: these counts join without doubling rows.
_TABLE_COUNTS = {
    "presented": Count("table_plans"),
    "financed": Count("table_plans", filter=Q(table_plans__financed_at__isnull=False)),
}


def _stages(counts: dict) -> list[FunnelStage]:
    keys = ["applied", "assessed", "selected", "coached", "finalists", "winners"]
    stages = [
        FunnelStage(stage=stage.value, label=str(stage.label), count=counts[key])
        for stage, key in zip(STAGE_ORDER, keys, strict=True)
    ]
    if counts.get("presented"):
        stages += [
            FunnelStage(stage="presented", label=str(_("Presented to financiers")), count=counts["presented"]),
            FunnelStage(stage="financed", label=str(_("Financed")), count=counts["financed"]),
        ]
    return stages


def _financed_amounts(challenges) -> dict[int, Decimal]:
    """{challenge id: the sum of the pledges to its financed plans}. One query."""
    rows = (
        Pledge.objects.filter(
            plan__application__challenge__in=challenges,
            plan__application__submitted_at__isnull=False,
            plan__financed_at__isnull=False,
            decision=Pledge.Decision.PLEDGED,
        )
        .values("plan__application__challenge_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["plan__application__challenge_id"]: row["total"] or Decimal(0) for row in rows}


def challenge_funnel(challenge: Challenge) -> ChallengeFunnel:
    """The funnel of one challenge (see ChallengeFunnel). Two queries."""
    counts = _funnel_counts(Application.objects.filter(challenge=challenge, submitted_at__isnull=False))
    return ChallengeFunnel(
        challenge_id=challenge.pk,
        name=challenge.name,
        year=challenge.year,
        finale_date=challenge.finale_on,
        stages=_stages(counts),
        financed_amount=_financed_amounts([challenge]).get(challenge.pk, Decimal(0)),
        action_line_number=challenge.action_line.number,
        **counts,
    )


@dataclass(frozen=True)
class ChallengeFigures:
    """The challenges of a programme that count in one year (the year of their finale, else of
    their closing date), added up, with each challenge's own funnel in `challenges`.

    `name` lists the challenges' names; `finale_date` is the last finale of the year. `coached` counts the
    participants that reached the coaching stage (as the funnel does, also for years before sessions were
    recorded); the coaching sessions their coaches recorded give `coaching_sessions`, `coaching_hours` (to two
    decimals) and `participants_with_sessions`."""

    programme_id: int
    year: int
    name: str
    finale_date: date | None
    applied: int
    assessed: int
    selected: int
    coached: int
    finalists: int
    winners: int
    not_selected: int
    coaches: int
    challenges: list[ChallengeFunnel] = field(default_factory=list)
    stages: list[FunnelStage] = field(default_factory=list)
    coaching_sessions: int = 0
    coaching_hours: Decimal = Decimal(0)
    participants_with_sessions: int = 0
    presented: int = 0
    financed: int = 0
    financed_amount: Decimal = Decimal(0)

    @property
    def funnel(self) -> list[FunnelStage]:
        return self.stages


def _coaching_per_challenge(challenges: list[Challenge]) -> dict[int, dict]:
    """{challenge id: its coaching sessions, their minutes and the participants with one}. One query."""
    rows = (
        CoachingSession.objects.filter(application__challenge__in=challenges, application__submitted_at__isnull=False)
        .values("application__challenge_id")
        .annotate(
            sessions=Count("pk"), minutes=Sum("duration_minutes"), participants=Count("application", distinct=True)
        )
        .order_by()
    )
    return {row.pop("application__challenge_id"): row for row in rows}


def _coaching_counts(per_challenge: list[dict]) -> dict:
    """The coaching of some challenges added up (an application is of one challenge, so none counts twice)."""
    minutes = sum(counts["minutes"] or 0 for counts in per_challenge)
    return {
        "coaching_sessions": sum(counts["sessions"] for counts in per_challenge),
        "coaching_hours": (Decimal(minutes) / 60).quantize(TWO_PLACES, ROUND_HALF_UP),
        "participants_with_sessions": sum(counts["participants"] for counts in per_challenge),
    }


def challenge_figures(programme: Programme, year: int) -> ChallengeFigures:
    """The challenge figures of a programme in `year` (see ChallengeFigures). Four queries, whatever
    the number of challenges, applications, coaching sessions and pledges."""
    return challenge_figures_of_years(programme, [year])[year]


def challenge_figures_of_years(programme: Programme, years: Iterable[int]) -> dict[int, ChallengeFigures]:
    """{year: ChallengeFigures} for each of `years`, in one pass: four queries, whatever the number of years,
    challenges, applications, coaching sessions and pledges."""
    years = sorted(set(years))
    challenges = [
        challenge
        for challenge in Challenge.objects.filter(action_line__programme=programme)
        .select_related("action_line")
        .order_by("closes_at", "pk")
        if challenge.year in years
    ]
    rows = (
        Application.objects.filter(challenge__in=challenges, submitted_at__isnull=False)
        .values("challenge_id")
        .annotate(
            applied=Count("pk"),
            assessed=Count("pk", filter=_reached(Stage.ASSESSED)),
            selected=Count("pk", filter=_reached(Stage.SELECTED)),
            coached=Count("pk", filter=_reached(Stage.COACHED)),
            finalists=Count("pk", filter=_reached(Stage.FINALIST)),
            winners=Count("pk", filter=Q(stage=Stage.WINNER)),
            not_selected=Count("pk", filter=Q(stage=Stage.NOT_SELECTED)),
            coaches=Count("coach", distinct=True),
            **_TABLE_COUNTS,
        )
        .order_by()
    )
    empty = dict.fromkeys(
        [
            "applied",
            "assessed",
            "selected",
            "coached",
            "finalists",
            "winners",
            "not_selected",
            "coaches",
            "presented",
            "financed",
        ],
        0,
    )
    per_challenge = {row.pop("challenge_id"): row for row in rows}
    amounts = _financed_amounts(challenges) if challenges else {}
    coaching = _coaching_per_challenge(challenges) if challenges else {}
    no_coaching = {"sessions": 0, "minutes": None, "participants": 0}
    result = {}
    for year in years:
        of_year = [challenge for challenge in challenges if challenge.year == year]
        funnels = []
        for challenge in of_year:
            counts = per_challenge.get(challenge.pk, empty)
            funnels.append(
                ChallengeFunnel(
                    challenge_id=challenge.pk,
                    name=challenge.name,
                    year=year,
                    finale_date=challenge.finale_on,
                    stages=_stages(counts),
                    financed_amount=amounts.get(challenge.pk, Decimal(0)),
                    action_line_number=challenge.action_line.number,
                    **counts,
                )
            )
        totals = {key: sum(getattr(funnel, key) for funnel in funnels) for key in empty}
        finales = [funnel.finale_date for funnel in funnels if funnel.finale_date]
        result[year] = ChallengeFigures(
            programme_id=programme.pk,
            year=year,
            name=", ".join(funnel.name for funnel in funnels),
            finale_date=max(finales) if finales else None,
            challenges=funnels,
            stages=_stages(totals),
            financed_amount=sum((funnel.financed_amount for funnel in funnels), Decimal(0)),
            **totals,
            **_coaching_counts([coaching.get(challenge.pk, no_coaching) for challenge in of_year]),
        )
    return result


# ---------------------------------------------------------------- yearly figures for programmes' indicators


def _of_the_year(year: yearly_figures.YearBounds, path: str = "") -> Q:
    """Challenges that count in `year` (Challenge.year: the year of the finale, else of the closing date), through
    the lookup `path` to the challenge (`"challenge__"` from an application)."""
    return Q(**{f"{path}finale_on__range": (year.first_day, year.last_day)}) | Q(
        **{f"{path}finale_on__isnull": True, f"{path}closes_at__range": (year.start, year.end)}
    )


@yearly_figures.provides("challenge_applied", "challenge_selected", "challenge_finalists", "participants_coached")
def _yearly_challenge_figures(programme, year: int, names: Collection[str]) -> dict[str, int]:
    """The funnel of the programme's challenges of the year, as the council letter counts it (the totals of
    challenge_figures), the figures of `names`: one query, without the figures per challenge and of coaching."""
    rows = _yearly_funnel(tuple(names))(programme.pk, *yearly_figures.bounds(year))
    return rows[0] if rows else dict.fromkeys(names, 0)


@functools.cache
def _yearly_funnel(names: tuple[str, ...]) -> "CompiledQuery":
    """The query of _yearly_challenge_figures for `names`, compiled once per process (core.compiledquery): the
    programme's applications of the year, counted per condition."""
    conditions = {
        "challenge_applied": None,
        "challenge_selected": _reached(Stage.SELECTED),
        "challenge_finalists": _reached(Stage.FINALIST),
        "participants_coached": _reached(Stage.COACHED),
    }

    def build(programme: int, *year) -> QuerySet:
        return (
            Application.objects.filter(
                _of_the_year(yearly_figures.YearBounds(*year), "challenge__"),
                challenge__action_line__programme_id=programme,
                submitted_at__isnull=False,
            )
            .values("challenge__action_line__programme_id")  # one programme: one row
            .annotate(**{name: Count("pk", filter=conditions[name]) for name in names})
            .values(*names)
        )

    return compiled_once(build)


@yearly_figures.provides("challenge_financed", "challenge_financed_amount")
def yearly_financing(programme, year: int, names: Collection[str] = ()) -> dict[str, int | Decimal]:
    """The participants financed at the financing tables of the programme's challenges of the year, and the sum
    of the pledges to them, as challenge_figures counts them (for the dashboard): both, whichever `names` asks.
    One query."""
    rows = _yearly_financing(programme.pk, *yearly_figures.bounds(year))
    totals = rows[0] if rows else {"financed": 0, "amount": None}
    return {"challenge_financed": totals["financed"], "challenge_financed_amount": totals["amount"] or Decimal(0)}


# compiled once per process (core.compiledquery): one programme's financing tables of a year, one row
_yearly_financing = compiled_once(
    lambda programme, *year: (
        TablePlan.objects.filter(
            _of_the_year(yearly_figures.YearBounds(*year), "table__challenge__"),
            table__challenge__action_line__programme_id=programme,
            application__submitted_at__isnull=False,
            financed_at__isnull=False,
        )
        .values("table__challenge__action_line__programme_id")
        .annotate(
            financed=Count("pk", distinct=True),
            amount=Sum("pledges__amount", filter=Q(pledges__decision=Pledge.Decision.PLEDGED)),
        )
        .values("financed", "amount")
    )
)


# ---------------------------------------------------------------- start page (open work, oldest first)

AWAITING_DECISION = (Stage.APPLIED, Stage.ASSESSED)


def start_applications_awaiting_decision(user: User) -> todo.TodoList:
    """Submitted applications of closed calls that still wait for the coordinator's stage decision (applied or
    assessed), oldest first. One query."""
    municipality = municipality_of(user, roles=COORDINATORS)
    applications = (
        Application.objects.filter(
            challenge__action_line__programme__municipality=municipality,
            challenge__closes_at__lt=timezone.now(),
            submitted_at__isnull=False,
            stage__in=AWAITING_DECISION,
        )
        .select_related("challenge", "organisation")
        .only("pk", "title", "submitted_at", "stage", "challenge__name", "organisation__name")
        .order_by("submitted_at", "pk")
    )

    def item(application: Application) -> todo.Todo:
        return todo.Todo(
            title=f"{application.organisation.name}: {application.title}",
            url=reverse("challenges:application_detail", args=[application.pk]),
            since=application.submitted_at,
            note=f"{application.challenge.name} · {application.get_stage_display()}",
        )

    return todo.todo_list("applications", _("Applications awaiting a stage decision"), applications, item)


def start_reviews_to_submit(user: User) -> todo.TodoList:
    """The jury member's assigned assessments not yet submitted, the earliest call first, with the call's close
    date. One query."""
    reviews = (
        reviews_of(user)
        .filter(submitted_at__isnull=True)
        .only(
            "pk",
            "assigned_at",
            "application__title",
            "application__organisation__name",
            "application__challenge__name",
            "application__challenge__closes_at",
        )
        .order_by("application__challenge__closes_at", "assigned_at", "pk")
    )

    def item(review: Review) -> todo.Todo:
        challenge = review.application.challenge
        deadline = date_format(timezone.localtime(challenge.closes_at), "j F Y")
        return todo.Todo(
            title=f"{review.application.organisation.name}: {review.application.title}",
            url=reverse("challenges:review_edit", args=[review.pk]),
            since=review.assigned_at,
            note=str(_("%(challenge)s, call closes %(date)s") % {"challenge": challenge.name, "date": deadline}),
        )

    return todo.todo_list(
        "reviews", _("Assessments to submit"), reviews, item, more_url=reverse("challenges:jury_home")
    )


def start_coached(user: User) -> todo.TodoList:
    """The participants the user coaches until their challenge's finale (and while still selected), oldest
    application first. One query."""
    applications = (
        coached_by(user)
        .filter(submitted_at__isnull=False)
        .filter(Q(challenge__finale_on__isnull=True) | Q(challenge__finale_on__gte=timezone.localdate()))
        .exclude(stage=Stage.NOT_SELECTED)
        .only("pk", "title", "submitted_at", "stage", "challenge__name", "organisation__name")
        .order_by("submitted_at", "pk")
    )

    def item(application: Application) -> todo.Todo:
        return todo.Todo(
            title=f"{application.organisation.name}: {application.title}",
            url=reverse("challenges:coaching_participant", kwargs={"pk": application.pk}),
            since=application.submitted_at,
            note=f"{application.challenge.name} · {application.get_stage_display()}",
        )

    return todo.todo_list("coached", _("Participants you coach"), applications, item)


# ---------------------------------------------------------------- the financing table

PRESENTABLE = (Stage.COACHED, Stage.FINALIST, Stage.WINNER)


def financing_table_of(challenge: Challenge) -> FinancingTable | None:
    return FinancingTable.objects.filter(challenge=challenge).first()


def financiers_of(table: FinancingTable) -> QuerySet[Financier]:
    return Financier.objects.filter(table=table).order_by("organisation", "name", "pk")


def plans_of(table: FinancingTable) -> QuerySet[TablePlan]:
    """The plans put forward to the table, each with its pledges (and their financiers) and `pledged`: the sum of
    the pledges with decision "pledged". Two queries, whatever the number of plans and pledges."""
    return (
        TablePlan.objects.filter(table=table)
        .select_related("application__organisation")
        .annotate(pledged=Sum("pledges__amount", filter=Q(pledges__decision=Pledge.Decision.PLEDGED)))
        .prefetch_related(
            Prefetch("pledges", Pledge.objects.select_related("financier").order_by("financier__organisation"))
        )
        .order_by("application__organisation__name", "pk")
    )


def presentable_applications(challenge: Challenge) -> QuerySet[Application]:
    """The participants the coordinator may put forward to the table: coached, finalists and winners, not yet
    put forward."""
    return (
        Application.objects.filter(challenge=challenge, submitted_at__isnull=False, stage__in=PRESENTABLE)
        .exclude(table_plans__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name", "pk")
    )


def financier_by_token(pk: int, token: str) -> Financier:
    """The financier of a secret link; 404 for a wrong token (compared in constant time)."""
    financier = get_object_or_404(Financier.objects.select_related("table__challenge"), pk=pk)
    if not secrets.compare_digest(token.encode(), financier.token.encode()):
        raise Http404
    return financier


def plans_for_financier(financier: Financier) -> list[TablePlan]:
    """The plans of the financier's table, each with `own` (this financier's pledge, or None). Two queries."""
    plans = list(
        TablePlan.objects.filter(table_id=financier.table_id)
        .select_related("application__organisation")
        .order_by("application__organisation__name", "pk")
    )
    own = {pledge.plan_id: pledge for pledge in Pledge.objects.filter(financier=financier, plan__in=plans)}
    for plan in plans:
        plan.own = own.get(plan.pk)  # type: ignore[attr-defined]
    return plans


def plan_for_financier(financier: Financier, plan_pk: int) -> TablePlan:
    """A plan of the financier's table; 404 for any other."""
    return get_object_or_404(TablePlan.objects.select_related("application"), pk=plan_pk, table_id=financier.table_id)


def plan_for(user: User, pk: int) -> TablePlan:
    """A plan at a financing table of the coordinator's municipality."""
    municipality = municipality_of(user, roles=COORDINATORS)
    return get_object_or_404(
        TablePlan.objects.select_related("table__challenge__action_line__programme", "application__organisation"),
        pk=pk,
        table__challenge__action_line__programme__municipality=municipality,
    )
