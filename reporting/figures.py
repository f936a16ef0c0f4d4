"""The figure catalogue: every figure the council letter can show, in one place.

Each figure has a name (used in the narrative as a token, e.g. ``[[matches_made]]``), a label in
English (translated into Dutch by the catalogue), a kind (how it is written: a count, euros, hours,
a date, a percentage or text) and a group. A group reads its numbers through one selector of the
app that records them; reporting sits above those apps and never writes to them:

| group | selector | default action line |
|---|---|---|
| activities | programmes.selectors.activity_figures(programme, year) | every action line |
| service_point | programmes.selectors.service_point_figures(municipality, year) | none (tokens only) |
| challenge | programmes.challenges.selectors.challenge_figures(programme, year) | 2 |
| matches | matching.selectors.match_figures(municipality, year) | 3 |
| buy_social | matching.selectors.buy_social_figures(municipality, year) | none (tokens only) |
| coaching | programmes.challenges.selectors.challenge_figures(programme, year) | 4 |
| procurement | procurement.selectors.procurement_figures(municipality, year) | 5 |
| sroi | procurement.selectors.procurement_figures(municipality, year) | 5 |
| revenue | procurement.selectors.social_revenue(municipality, year) | none (tokens only) |

The revenue group is what social enterprises earned through the portal, split by who bought:
``revenue_social_enterprises`` (the total), ``revenue_municipal`` (the municipality's awards, the same as
``impact_spend``), ``revenue_contractor`` (its contractors' accepted social-return purchases) and
``revenue_private`` (private organisations' awards). The network view compares the total and the private share.

The procurement group also holds, as tokens for the narrative (not in its box), the accepted impact reports of
the municipality's suppliers of the year (procurement.selectors.municipality_impact_of_years and
impact_per_euro_of_years):
``impact_reports_accepted``, ``impact_persons_employed``, ``impact_fte``, ``impact_trainees``,
``impact_co2_avoided_tonnes``, ``impact_waste_diverted_tonnes``, ``impact_people_reached``,
``impact_volunteers`` and ``impact_persons_employed_per_100k_euros`` (people employed by the suppliers the
municipality bought from, per €100,000 spent with them).

The activities group also has figures per action line, named ``line<N>_<figure>``, e.g.
``line3_activities_held``, and per kind of activity on an action line, named
``line<N>_<kind>_held`` / ``_planned`` / ``_participants``, e.g. ``line4_online_meeting_held`` or
``line3_peer_group_participants``; a section's figure box shows its own action line's numbers.

`collect(programme, year)` returns the live figures as plain JSON-ready data: what the preview shows
and what a version freezes when it is generated.
"""

import difflib
import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.formats import localize
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from goals.contributions.selectors import goal_contributions, goal_contributions_of_years
from matching.selectors import buy_social_figures, buy_social_figures_of_years, match_figures, match_figures_of_years
from procurement.selectors import (
    SpendOfYears,
    impact_per_euro_of_years,
    municipality_impact_of_years,
    procurement_figures,
    procurement_figures_of_years,
    social_revenue,
    social_revenue_of_years,
    spend_of_years,
)
from programmes.challenges.selectors import challenge_figures, challenge_figures_of_years
from programmes.models import Activity
from programmes.selectors import (
    activity_figures,
    activity_figures_of_years,
    programme_indicators,
    service_point_figures,
    service_point_figures_of_years,
)
from surveys.models import in_language
from surveys.selectors import cited_results, cited_results_of_years

from .goals_section import GOALS_CHART
from .markup import figure_names_in, format_value

if TYPE_CHECKING:
    from django.utils.safestring import SafeString
    from django_stubs_ext import StrOrPromise

COUNT, EUROS, HOURS, DATE, PERCENT, TEXT = "count", "euros", "hours", "date", "percent", "text"
DECIMAL = "decimal"  # a number that may have a fraction, such as FTE or tonnes: written with one decimal
WRITTEN_AS = {  # how the editor's list describes a figure's kind
    COUNT: pgettext_lazy("figure kind", "a number"),
    EUROS: pgettext_lazy("figure kind", "an amount in euros"),
    HOURS: pgettext_lazy("figure kind", "a number of hours"),
    DECIMAL: pgettext_lazy("figure kind", "a number with a decimal"),
    DATE: pgettext_lazy("figure kind", "a date"),
    PERCENT: pgettext_lazy("figure kind", "a percentage"),
    TEXT: pgettext_lazy("figure kind", "text"),
}


@dataclass(frozen=True)
class Figure:
    name: str
    label: "StrOrPromise"
    kind: str = COUNT
    in_box: bool = True  # shown in the figure box that opens a section


@dataclass(frozen=True)
class FigureGroup:
    key: str
    label: "StrOrPromise"
    selector: Callable  # the other app's selector the group reads its figures through
    default_action_lines: tuple[int, ...] | None  # None: every action line
    figures: tuple[Figure, ...]
    load: Callable[[dict[int, "Loaded"], "_Context"], None]  # fills the Loaded of each of the context's years
    per_line_figures: tuple[Figure, ...] = ()

    def default_for(self, number: int) -> bool:
        return self.default_action_lines is None or number in self.default_action_lines


@dataclass
class Loaded:
    """What the loaders fill in: values by figure name and charts by chart name."""

    values: dict[str, dict] = field(default_factory=dict)
    charts: dict[str, dict] = field(default_factory=dict)

    def put(self, figure: Figure, value, *, name: str | None = None) -> None:
        self.values[name or figure.name] = {"value": _plain(value), "kind": figure.kind}


def _plain(value):
    """JSON-ready: Decimals to strings, dates to ISO, timedeltas to hours."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return round(value.total_seconds() / 3600, 1)
    return value


# ---------------------------------------------------------------- activities

# Held in person, held online, cancelled and still planned do not overlap: the boxes and the chart
# show those, so that they add up to every activity of the year. Held (the sum of the first two) and
# moved online (a part of held online) are figures for the narrative only.
ACTIVITY_FIGURES = (
    Figure("action_lines", _("Action lines of the programme"), in_box=False),
    Figure("activities_held", _("Activities held"), in_box=False),
    Figure("activities_held_in_person", _("Activities held in person")),
    Figure("activities_online", _("Activities held online")),
    Figure("activities_cancelled", _("Activities cancelled")),
    Figure("activities_planned", _("Activities still planned")),
    Figure("activities_moved_online", _("Activities moved online"), in_box=False),
    Figure("activity_participants", _("Participants in activities held"), in_box=False),
    Figure(
        "activities_participants_unknown", _("Activities held with an unknown number of participants"), in_box=False
    ),
)
ACTIVITY_FIELDS = {
    "activities_held": "held",
    "activities_held_in_person": "held_in_person",
    "activities_online": "online",
    "activities_planned": "planned",
    "activities_cancelled": "cancelled",
    "activities_moved_online": "moved_online",
    "activity_participants": "participants",
    "activities_participants_unknown": "participants_unknown",
}
ACTIVITY_LINE_FIGURES_BY_STATUS = (
    Figure("activities_held", _("Activities held"), in_box=False),
    Figure("activities_held_in_person", _("Activities held in person")),
    Figure("activities_online", _("Activities held online")),
    Figure("activities_cancelled", _("Activities cancelled")),
    Figure("activities_planned", _("Activities still planned"), in_box=False),
    Figure("activities_moved_online", _("Activities moved online"), in_box=False),
    Figure("activity_participants", _("Participants"), in_box=False),
)
# The chart's bars are the boxes' figures, under the ends of their labels (the chart's title says "Activities").
ACTIVITY_CHART_SERIES = {
    "activities_held_in_person": _("held in person"),
    "activities_online": _("held online"),
    "activities_cancelled": _("cancelled"),
}
# Per kind of activity on an action line, e.g. ``line4_online_meeting_held``: held, still planned,
# and the participants of those held (of a peer group: its entrepreneurs).
KIND_FIELDS = {
    "held": _("{kind}: held"),
    "planned": _("{kind}: still planned"),
    "participants": _("{kind}: participants"),
}
ACTIVITY_KIND_FIGURES = {
    f"{kind.value}_{field_name}": (kind.value, field_name) for kind in Activity.Kind for field_name in KIND_FIELDS
}
ACTIVITY_LINE_FIGURES = ACTIVITY_LINE_FIGURES_BY_STATUS + tuple(
    Figure(name, format_lazy(KIND_FIELDS[field_name], kind=Activity.Kind(kind).label), in_box=False)
    for name, (kind, field_name) in ACTIVITY_KIND_FIGURES.items()
)


def line_figure_name(number: int, name: str) -> str:
    return f"line{number}_{name}"


def _line_value(line, name: str):
    if name in ACTIVITY_KIND_FIGURES:
        kind, field_name = ACTIVITY_KIND_FIGURES[name]
        return getattr(line.of_kind(kind), field_name)
    return getattr(line, ACTIVITY_FIELDS[name])


def _load_activities(by_year: dict[int, Loaded], context) -> None:
    context.cache["activities"] = activity_figures_of_years(context.programme, context.years)
    for year, figures in context.cache["activities"].items():
        _put_activities(by_year[year], figures, chart=year == context.year)


def _put_activities(loaded: Loaded, figures, *, chart: bool) -> None:
    loaded.put(ACTIVITY_FIGURES[0], len(figures.action_lines))
    for figure in ACTIVITY_FIGURES[1:]:
        loaded.put(figure, getattr(figures, ACTIVITY_FIELDS[figure.name]))
    rows = []
    for line in figures.action_lines:
        for figure in ACTIVITY_LINE_FIGURES:
            loaded.put(figure, _line_value(line, figure.name), name=line_figure_name(line.number, figure.name))
        rows.append(
            {
                "label": str(line.number),
                "title": line.title,
                "values": [_line_value(line, name) for name in ACTIVITY_CHART_SERIES],
            }
        )
    if not chart:
        return
    loaded.charts["activities_per_action_line"] = {
        "title": str(_("Activities per action line in %(year)s") % {"year": figures.year}),
        "category_label": str(_("Action line")),
        "series": [str(label) for label in ACTIVITY_CHART_SERIES.values()],
        "rows": rows,
    }


# ---------------------------------------------------------------- service point

SERVICE_POINT_FIGURES = (
    Figure("service_point_questions", _("Questions to the service point")),
    Figure("service_point_answered", _("Questions answered")),
    Figure("service_point_open", _("Questions still open")),
    Figure("service_point_median_hours", _("Median time to an answer (hours)"), kind=HOURS),
)


def _load_service_point(by_year: dict[int, Loaded], context) -> None:
    for year, figures in service_point_figures_of_years(context.municipality, context.years).items():
        values = (figures.asked, figures.answered, figures.open, figures.median_response_hours)
        for figure, value in zip(SERVICE_POINT_FIGURES, values, strict=True):
            by_year[year].put(figure, value)


# ---------------------------------------------------------------- challenge and coaching

CHALLENGE_FIGURES = (
    Figure("challenge_name", _("Challenge"), kind=TEXT, in_box=False),
    Figure("challenge_applied", _("Applications to the challenge")),
    Figure("challenge_assessed", _("Applications assessed"), in_box=False),
    Figure("challenge_selected", _("Participants selected")),
    Figure("challenge_finalists", _("Finalists")),
    Figure("challenge_winners", _("Winners"), in_box=False),
    Figure("challenge_finale_date", _("Date of the finale"), kind=DATE),
    Figure("challenge_presented", _("Plans presented to financiers"), in_box=False),
    Figure("challenge_financed", _("Participants financed"), in_box=False),
    Figure("challenge_financed_amount", _("Amount financed"), kind=EUROS, in_box=False),
)
COACHING_FIGURES = (
    Figure("participants_coached", _("Participants coached")),
    Figure("coaches", _("Coaches")),
    Figure("coaching_hours", _("Hours of coaching"), kind=HOURS),
    Figure("coaching_sessions", _("Coaching sessions"), in_box=False),
    Figure("participants_with_sessions", _("Participants with a recorded coaching session"), in_box=False),
)


def _challenge_figures(context) -> dict:
    """{year: ChallengeFigures} of the context's years, read once for the challenge and coaching groups."""
    if "challenge" not in context.cache:
        context.cache["challenge"] = challenge_figures_of_years(context.programme, context.years)
    return context.cache["challenge"]


def _load_challenge(by_year: dict[int, Loaded], context) -> None:
    for year, figures in _challenge_figures(context).items():
        _put_challenge(by_year[year], figures, chart=year == context.year)


def _put_challenge(loaded: Loaded, figures, *, chart: bool) -> None:
    values = (
        figures.name,
        figures.applied,
        figures.assessed,
        figures.selected,
        figures.finalists,
        figures.winners,
        figures.finale_date,
        figures.presented,
        figures.financed,
        figures.financed_amount,
    )
    for figure, value in zip(CHALLENGE_FIGURES, values, strict=True):
        loaded.put(figure, value)
    if not chart:
        return
    loaded.charts["challenge_funnel"] = {
        "title": str(_("From application to winner")),
        "category_label": str(_("Stage")),
        "series": [str(_("participants"))],
        "series_of_one": [str(ngettext("participant", "participants", 1))],
        "rows": [{"label": stage.label, "values": [stage.count]} for stage in figures.stages],
    }


def _load_coaching(by_year: dict[int, Loaded], context) -> None:
    for year, figures in _challenge_figures(context).items():
        values = (
            figures.coached,
            figures.coaches,
            figures.coaching_hours,
            figures.coaching_sessions,
            figures.participants_with_sessions,
        )
        for figure, value in zip(COACHING_FIGURES, values, strict=True):
            by_year[year].put(figure, value)


# ---------------------------------------------------------------- matches

MATCH_FIGURES = (
    Figure("matches_made", _("Matches made")),
    Figure("matches_in_preparation", _("Matches in preparation at year end")),
    Figure("matches_completed", _("Matches completed"), in_box=False),
    Figure("match_hours_given", _("Hours of help given"), kind=HOURS),
    Figure("match_euros_given", _("Money given"), kind=EUROS),
    Figure("matching_initiatives", _("Community initiatives taking part"), in_box=False),
    Figure("matching_entrepreneurs", _("Entrepreneurs taking part"), in_box=False),
)


def _load_matches(by_year: dict[int, Loaded], context) -> None:
    of_years = match_figures_of_years(context.municipality, context.years)
    for year, figures in of_years.items():
        values = (
            figures.made,
            figures.in_preparation,
            figures.completed,
            figures.hours_given,
            figures.euros_given,
            figures.active_initiatives,
            figures.active_entrepreneurs,
        )
        for figure, value in zip(MATCH_FIGURES, values, strict=True):
            by_year[year].put(figure, value)
    # Made is a flow, shown per quarter; in preparation is a stock, given apart as at the end of the year (its
    # figure above), so that the chart never sets the two side by side as if they were alike.
    by_year[context.year].charts["matches"] = {
        "title": str(_("Matches made per quarter of %(year)s") % {"year": context.year}),
        "category_label": str(_("Quarter")),
        "series": [str(MATCH_FIGURES[0].label)],
        "rows": [
            {"label": f"Q{quarter}", "values": [made]}
            for quarter, made in enumerate(of_years[context.year].made_per_quarter, start=1)
        ],
    }


# ---------------------------------------------------------------- Buy Social marketplaces (deals at a beursvloer)

BUY_SOCIAL_FIGURES = (
    Figure("buy_social_deals", _("Deals made at Buy Social marketplaces")),
    Figure("buy_social_expected_amount", _("Amount expected from Buy Social deals"), kind=EUROS),
    Figure("buy_social_companies", _("Companies that made a Buy Social deal"), in_box=False),
    Figure("buy_social_enterprises", _("Social entrepreneurs who made a Buy Social deal"), in_box=False),
    Figure("buy_social_social_return_amount", _("Amount of Buy Social deals for social return"), kind=EUROS),
)


def _load_buy_social(by_year: dict[int, Loaded], context) -> None:
    for year, figures in buy_social_figures_of_years(context.municipality, context.years).items():
        values = (
            figures.deals,
            figures.expected_amount,
            figures.companies,
            figures.enterprises,
            figures.social_return_amount,
        )
        for figure, value in zip(BUY_SOCIAL_FIGURES, values, strict=True):
            by_year[year].put(figure, value)


# ---------------------------------------------------------------- procurement and SROI

PROCUREMENT_FIGURES = (
    Figure("suppliers_registered", _("Impact suppliers registered")),
    Figure("suppliers_verified", _("Impact suppliers verified")),
    Figure("purchase_requests_posted", _("Purchase requests posted"), in_box=False),
    Figure("purchase_requests_awarded", _("Purchase requests awarded")),
    Figure("impact_spend", _("Spend with impact suppliers"), kind=EUROS),
)
# The accepted impact reports of the municipality's suppliers about the year: tokens only, so that the box stays.
IMPACT_FIGURES = (
    Figure("impact_reports_accepted", _("Impact reports of suppliers accepted"), in_box=False),
    Figure("impact_persons_employed", _("People with a distance to the labour market employed"), in_box=False),
    Figure("impact_fte", _("FTE of people with a distance to the labour market"), kind=DECIMAL, in_box=False),
    Figure("impact_trainees", _("Trainees and work-experience places"), in_box=False),
    Figure("impact_co2_avoided_tonnes", _("CO₂ avoided (tonnes)"), kind=DECIMAL, in_box=False),
    Figure("impact_waste_diverted_tonnes", _("Waste diverted (tonnes)"), kind=DECIMAL, in_box=False),
    Figure("impact_people_reached", _("People reached by suppliers"), in_box=False),
    Figure("impact_volunteers", _("Volunteers at suppliers"), in_box=False),
    Figure(
        "impact_persons_employed_per_100k_euros",
        _("People employed per €100,000 spent with suppliers that reported"),
        kind=DECIMAL,
        in_box=False,
    ),
)
IMPACT_FIELDS = {
    "impact_persons_employed": "persons_employed",
    "impact_fte": "fte",
    "impact_trainees": "trainees",
    "impact_co2_avoided_tonnes": "co2_avoided",
    "impact_waste_diverted_tonnes": "waste_diverted",
    "impact_people_reached": "people_reached",
    "impact_volunteers": "volunteers",
}
SROI_FIGURES = (
    Figure("sroi_required", _("Social return required"), kind=EUROS),
    Figure("sroi_realised", _("Social return realised"), kind=EUROS),
    Figure("sroi_realised_share", pgettext_lazy("share of the required social return", "Share realised"), kind=PERCENT),
)


def _spend(context) -> SpendOfYears:
    """What was bought from suppliers in the context's years, read once for the spend, the impact per euro and the
    revenue of social enterprises."""
    if "spend" not in context.cache:
        context.cache["spend"] = spend_of_years(context.municipality, context.years)
    return context.cache["spend"]


def _procurement_figures(context) -> dict:
    """{year: ProcurementFigures} of the context's years (without the spend per theme, which no letter shows), read
    once for the procurement and SROI groups."""
    if "procurement" not in context.cache:
        context.cache["procurement"] = procurement_figures_of_years(
            context.municipality, context.years, per_theme=False, spend=_spend(context)
        )
    return context.cache["procurement"]


def _load_procurement(by_year: dict[int, Loaded], context) -> None:
    for year, figures in _procurement_figures(context).items():
        values = (
            figures.suppliers_registered,
            figures.suppliers_verified,
            figures.requests_posted,
            figures.requests_awarded,
            figures.spend_total,
        )
        for figure, value in zip(PROCUREMENT_FIGURES, values, strict=True):
            by_year[year].put(figure, value)
    _load_impact(by_year, context)


def _load_impact(by_year: dict[int, Loaded], context) -> None:
    """The accepted impact of the municipality's suppliers in each year; per €100,000 of what it spent with the
    suppliers it bought from that reported (empty without such spend)."""
    per_euro_of_years = impact_per_euro_of_years(context.municipality, context.years, spend=_spend(context))
    for year, totals in municipality_impact_of_years(context.municipality, context.years).items():
        loaded = by_year[year]
        loaded.put(IMPACT_FIGURES[0], totals.reports)
        for figure in IMPACT_FIGURES[1:-1]:
            loaded.put(figure, totals.value(IMPACT_FIELDS[figure.name]))
        per_euro = next(f for f in per_euro_of_years[year].figures if f.name == "persons_employed")
        loaded.put(IMPACT_FIGURES[-1], per_euro.per_100k)


def _load_sroi(by_year: dict[int, Loaded], context) -> None:
    for year, figures in _procurement_figures(context).items():
        sroi = figures.sroi
        by_year[year].put(SROI_FIGURES[0], sroi.required)
        by_year[year].put(SROI_FIGURES[1], sroi.realised)
        by_year[year].put(SROI_FIGURES[2], sroi.percentage if sroi.required > 0 else None)


# ---------------------------------------------------------------- revenue for social enterprises

REVENUE_FIGURES = (
    Figure("revenue_social_enterprises", _("Revenue for social enterprises"), kind=EUROS),
    Figure("revenue_municipal", _("of which bought by the municipality"), kind=EUROS),
    Figure("revenue_contractor", _("of which bought by contractors for their social return"), kind=EUROS),
    Figure("revenue_private", _("of which bought by private organisations"), kind=EUROS),
)


def _load_revenue(by_year: dict[int, Loaded], context) -> None:
    for year, revenue in social_revenue_of_years(context.municipality, context.years, spend=_spend(context)).items():
        values = (revenue.total, revenue.municipal, revenue.contractor, revenue.private)
        for figure, value in zip(REVENUE_FIGURES, values, strict=True):
            by_year[year].put(figure, value)


# ---------------------------------------------------------------- sustainable development goals

GOAL_FIGURES = (
    Figure("goals_contributed", _("Sustainable development goals contributed to")),
    Figure("goals_local_targets", _("Local targets for the goals")),
)


def _load_goals(by_year: dict[int, Loaded], context) -> None:
    """Per goal something contributed to in each year: its counts, frozen for the letter's section on the goals
    (reporting.goals_section writes its sentences) and drawn as a chart of activities held and matches made."""
    of_years = goal_contributions_of_years(context.municipality, context.years, impact=False)
    for year in context.years:
        _put_goals(by_year[year], of_years[year], year, chart=year == context.year)


def _put_goals(loaded: Loaded, contributions, year: int, *, chart: bool) -> None:
    rows = [
        {
            "label": str(one.goal.number),
            "title": one.goal.name,
            "name_nl": one.goal.name_nl,
            "name_en": one.goal.name_en,
            "values": [one.activities_held, one.matches_made],
            "action_lines": len(one.action_lines),
            "activities_held": one.activities_held,
            "challenges": len(one.challenges),
            "matches_made": one.matches_made,
            "suppliers": len([supplier for supplier in one.suppliers if supplier.awards]),
            "spend": str(one.spend),
        }
        for one in contributions
        if one.action_lines or one.challenges or one.matches_made or one.spend
    ]
    loaded.put(GOAL_FIGURES[0], len(rows))
    loaded.put(GOAL_FIGURES[1], sum(len(one.targets) for one in contributions))
    if not chart:
        return
    loaded.charts[GOALS_CHART] = {
        "title": str(
            _("Activities held and matches made per sustainable development goal in %(year)s") % {"year": year}
        ),
        "category_label": str(_("Goal")),
        "series": [str(_("activities held")), str(_("matches made"))],
        "series_of_one": [
            str(ngettext("activity held", "activities held", 1)),
            str(ngettext("match made", "matches made", 1)),
        ],
        "rows": rows,
        "year": year,
    }


# ---------------------------------------------------------------- survey results cited on an action line

# A coordinator cites one result of a survey per action line and letter year (surveys.Citation): how many of the
# organisations that answered the question chose an answer, with their statement; and how many were invited, for
# the response. Tokens only: no section shows them unless chosen.
SURVEY_LINE_FIGURES = (
    Figure("survey_result", _("Survey result (a sentence)"), kind=TEXT, in_box=False),
    Figure("survey_result_count", _("Survey result: organisations that gave the answer")),
    Figure("survey_result_answered", _("Survey result: organisations that answered the question")),
    Figure("survey_result_invited", _("Survey result: organisations invited")),
)


def _load_survey_results(by_year: dict[int, Loaded], context) -> None:
    for year, results in cited_results_of_years(context.programme, context.years).items():
        _put_survey_results(by_year[year], results)


def _put_survey_results(loaded: Loaded, results: dict) -> None:
    for number, result in results.items():
        sentence = None
        if result is not None:
            sentence = gettext("%(count)s of %(answered)s %(statement)s") % {
                "count": result.count,
                "answered": result.answered,
                "statement": in_language(result.statement_nl, result.statement_en),
            }
        values = (sentence, result.count, result.answered, result.invited) if result else (None, None, None, None)
        for figure, value in zip(SURVEY_LINE_FIGURES, values, strict=True):
            loaded.put(figure, value, name=line_figure_name(number, figure.name))


# ---------------------------------------------------------------- the catalogue

GROUPS: dict[str, FigureGroup] = {
    group.key: group
    for group in (
        FigureGroup(
            "activities",
            _("Activities"),
            activity_figures,
            None,
            ACTIVITY_FIGURES,
            _load_activities,
            per_line_figures=ACTIVITY_LINE_FIGURES,
        ),
        FigureGroup(
            "service_point",
            _("Service point"),
            service_point_figures,
            (),
            SERVICE_POINT_FIGURES,
            _load_service_point,
        ),
        FigureGroup(
            "challenge",
            _("Challenge funnel"),
            challenge_figures,
            (2,),
            CHALLENGE_FIGURES,
            _load_challenge,
        ),
        FigureGroup("matches", _("Matches"), match_figures, (3,), MATCH_FIGURES, _load_matches),
        FigureGroup(
            "buy_social",
            _("Buy Social marketplaces"),
            buy_social_figures,
            (),
            BUY_SOCIAL_FIGURES,
            _load_buy_social,
        ),
        FigureGroup(
            "coaching",
            _("Coaching"),
            challenge_figures,
            (4,),
            COACHING_FIGURES,
            _load_coaching,
        ),
        FigureGroup(
            "procurement",
            _("Procurement"),
            procurement_figures,
            (5,),
            PROCUREMENT_FIGURES + IMPACT_FIGURES,
            _load_procurement,
        ),
        FigureGroup(
            "sroi",
            _("Social return (SROI)"),
            procurement_figures,
            (5,),
            SROI_FIGURES,
            _load_sroi,
        ),
        FigureGroup(
            "revenue",
            _("Revenue for social enterprises"),
            social_revenue,
            (),
            REVENUE_FIGURES,
            _load_revenue,
        ),
        FigureGroup(
            "goals",
            _("Sustainable development goals"),
            goal_contributions,
            (),
            GOAL_FIGURES,
            _load_goals,
        ),
        FigureGroup(
            "surveys",
            _("Survey results"),
            cited_results,
            (),
            (),
            _load_survey_results,
            per_line_figures=SURVEY_LINE_FIGURES,
        ),
    )
}
CHART_OF_GROUP = {"challenge": "challenge_funnel", "matches": "matches"}


def available_groups() -> list[FigureGroup]:
    return list(GROUPS.values())


def group_choices() -> list[tuple[str, "StrOrPromise"]]:
    return [(group.key, group.label) for group in available_groups()]


def default_groups_for(number: int) -> list[str]:
    """The figure groups that open the section of action line `number` unless the coordinator chooses."""
    return [group.key for group in available_groups() if group.default_for(number)]


def catalogue(action_line_numbers: list[int]) -> list[dict]:
    """Every figure name a narrative may use, with its label and group, for the editor's list. Worked out once
    per language and set of action lines (about 500 entries, a translation each), not per request; the entries
    are shared: copy one before changing it."""
    return _catalogue_in(get_language(), tuple(action_line_numbers))


@functools.lru_cache(maxsize=64)
def _catalogue_in(language: str | None, action_line_numbers: tuple[int, ...]) -> list[dict]:
    entries = []
    for group in available_groups():
        group_label = str(group.label)
        for figure in group.figures:
            entries.append(
                {
                    "name": figure.name,
                    "label": str(figure.label),
                    "group": group_label,
                    "written_as": str(WRITTEN_AS[figure.kind]),
                }
            )
        for number in action_line_numbers:
            for figure in group.per_line_figures:
                entries.append(
                    {
                        "name": line_figure_name(number, figure.name),
                        "label": _("%(label)s, action line %(number)s") % {"label": figure.label, "number": number},
                        "group": group_label,
                        "written_as": str(WRITTEN_AS[figure.kind]),
                    }
                )
    entries += last_year_entries(entries)
    for entry in entries:
        entry["cells"] = _catalogue_cells(entry)
    return entries


def _catalogue_cells(entry: dict) -> str:
    """The editor's table cells of an entry that do not change with the data: its label, token, group and
    how it is written (built once with the catalogue, not per request by the template)."""
    return format_html(
        '<td>{label}</td><td data-token="[[{name}]]" data-label="{label}"><code>[[{name}]]</code></td>'
        "<td>{group}</td><td>{written_as}</td>",
        **{key: entry[key] for key in ("label", "name", "group", "written_as")},
    )


def catalogue_rows(action_line_numbers: list[int], values: dict) -> "SafeString":
    """The editor's table of the catalogue: each entry's fixed cells, its value now in `values` (collect's), written
    as the template would write it, and the cell its Insert button goes in. One string built here: a template loop
    over the thousand entries cost more than anything else on the page. The fixed cells are safe already; only the
    value is escaped (format_html per row escaped both and cost as much as the rest of the table)."""
    written: dict[tuple[type, Any], str] = {}  # each value written once: most of the table's values are alike

    def cell(value: dict | None) -> str:
        plain = value.get("value") if value else None
        key = (type(plain), plain)
        if key not in written:
            written[key] = escape(_value_now(plain))
        return written[key]

    return mark_safe(  # noqa: S308  # the cells are format_html's and the values are escaped
        "".join(
            f'<tr>{entry["cells"]}<td class="portal-numeric">{cell(values.get(entry["name"]))}</td>'
            "<td data-needs-script data-insert-cell></td></tr>"
            for entry in catalogue(action_line_numbers)
        )
    )


def _value_now(value) -> str:
    if value is None:
        return "–"
    return str(localize(value))


def known_names(action_line_numbers: Iterable[int]) -> set[str]:
    """The figure names a narrative of a programme with these action lines may use (no labels: no translation)."""
    return set(_known_names(tuple(action_line_numbers)))


@functools.lru_cache(maxsize=64)
def _known_names(action_line_numbers: tuple[int, ...]) -> frozenset[str]:
    names = []
    for group in available_groups():
        names += [figure.name for figure in group.figures]
        names += [
            line_figure_name(number, figure.name) for number in action_line_numbers for figure in group.per_line_figures
        ]
    return frozenset(names + [last_year_name(name) for name in names])


def unknown_figures_message(text: str, known: set[str]) -> str | None:
    """What is wrong with the figure tokens of `text`: each unknown name with the closest known names;
    None when every token is in the catalogue."""
    problems = []
    for name in sorted(figure_names_in(text) - known):
        close = difflib.get_close_matches(name, sorted(known), n=3)
        if close:
            problems.append(
                gettext("Unknown figure [[%(name)s]]; did you mean %(suggestions)s?")
                % {"name": name, "suggestions": gettext(" or ").join(f"[[{c}]]" for c in close)}
            )
        else:
            problems.append(
                gettext("Unknown figure [[%(name)s]]; choose a name from the list of figures you can insert.")
                % {"name": name}
            )
    return " ".join(problems) or None


def refuse_unknown_figures(content: dict) -> None:
    """Raise a ValidationError naming every unknown figure token in a letter's content (as
    `services.letter_content` makes it), so that no unknown token reaches a PDF."""
    known = known_names(line["number"] for line in content.get("action_lines", []))
    texts = [content.get(name) or "" for name in ("introduction", "developments", "closing")]
    texts += [line.get("body") or "" for line in content.get("action_lines", [])]
    message = unknown_figures_message("\n".join(texts), known)
    if message:
        raise ValidationError(
            gettext("Correct the figure names in the letter first. %(problems)s") % {"problems": message}
        )


# The models whose tables `collect` reads (tests/reporting/test_kept_figures.py holds this to its queries): a write
# to any of them moves the data's mark (core.datachanges), and a draft's live figures are kept only until then.
SOURCES = (
    "accounts.Municipality",
    "accounts.Organisation",
    "challenges.Application",
    "challenges.Challenge",
    "challenges.CoachingSession",
    "challenges.Pledge",
    "challenges.TablePlan",
    "contenttypes.ContentType",
    "goals.Goal",
    "goals.GoalTag",
    "goals.LocalTarget",
    "matching.Beursvloer",
    "matching.Deal",
    "matching.Match",
    "matching.Need",
    "matching.Offer",
    "procurement.Award",
    "procurement.ImpactReport",
    "procurement.PurchaseRequest",
    "procurement.SroiRealisation",
    "procurement.SroiTender",
    "procurement.Supplier",
    "programmes.ActionLine",
    "programmes.Activity",
    "programmes.Indicator",
    "programmes.IndicatorValue",
    "programmes.Programme",
    "programmes.Question",
    "surveys.Answer",
    "surveys.Citation",
    "surveys.Invitation",
    "surveys.Response",
)


@dataclass
class _Context:
    """What the loaders read: the programme, the letter's year and the figures two groups share."""

    programme: Any
    year: int
    cache: dict = field(default_factory=dict)

    @property
    def municipality(self):
        return self.programme.municipality

    @property
    def years(self) -> tuple[int, int]:
        """The year before and the letter's year, which each group loads in one pass."""
        return (self.year - 1, self.year)


def collect(programme, year: int) -> dict:
    """The live figures of a programme's year: {"values": {name: {"value", "kind"}}, "charts": {...},
    "groups": [available group keys], "indicators": {line number: [rows]}}, JSON-ready so that a version can
    freeze it. The values include each figure of the year before as `<name>_last_year`."""
    context = _Context(programme=programme, year=year)
    by_year = {one: Loaded() for one in context.years}
    groups = available_groups()
    for group in groups:
        group.load(by_year, context)
    loaded, last_year = by_year[year], by_year[year - 1]
    known = {(name, year): value["value"] for name, value in loaded.values.items()}
    known |= {(name, year - 1): value["value"] for name, value in last_year.values.items()}
    loaded.values.update({last_year_name(name): value for name, value in last_year.values.items()})
    return {
        "values": loaded.values,
        "charts": loaded.charts,
        "groups": [group.key for group in groups],
        "indicators": indicator_rows(programme, year, known=known, activities=context.cache.get("activities")),
        "last_year_in_programme": year - 1 >= programme.start_year,
    }


def main_figure_of(group_key: str, number, box_figures: list) -> tuple[str, str]:
    """The (name, label) of a group's main figure for the section of action line `number`: its first number
    (activities held, matches made, applications, ...), also where the box shows it split into disjoint parts
    (activities held in person and online); the box's first figure for a group the catalogue no longer has."""
    group = GROUPS.get(group_key)
    if group is None:
        name, label = box_figures[0]
        return name, label
    if group.per_line_figures:
        pairs = [(line_figure_name(number, f.name), f.label) for f in group.per_line_figures if f.kind != TEXT]
    else:
        pairs = [(f.name, f.label) for f in group.figures if f.kind != TEXT]
    labels = dict(tuple(pair) for pair in box_figures)
    name, label = pairs[0]
    return name, labels.get(name, str(label))


def box_for(group_key: str, number: int) -> list[tuple[str, str]]:
    """The (figure name, label) pairs that a section's figure box shows for a group."""
    group = GROUPS.get(group_key)
    if group is None:
        return []
    if group.per_line_figures:
        return [(line_figure_name(number, f.name), str(f.label)) for f in group.per_line_figures if f.in_box]
    return [(f.name, str(f.label)) for f in group.figures if f.in_box]


# ---------------------------------------------------------------- last year, and the indicators' targets and actuals
#
# `collect` also loads every group's figures of the year before, in the same pass as the year's (each group's
# selector counts both years at once), and keeps each value as `<name>_last_year`, a token a narrative may use
# like any other (e.g. [[line4_activities_held_last_year]]). And it freezes, per action line, its
# indicators' target and actual of the year beside last year's actual (`indicators`), computed by the one selector
# that the programme page and the dashboard use (programmes.selectors.programme_indicators), so the three agree.

LAST_YEAR_SUFFIX = "_last_year"
LAST_YEAR_GROUP = pgettext_lazy("figure group", "Last year")


def last_year_name(name: str) -> str:
    return f"{name}{LAST_YEAR_SUFFIX}"


def last_year_entries(entries: list[dict]) -> list[dict]:
    """The catalogue's entries once more, for the year before, in a group of their own."""
    return [
        {
            **entry,
            "name": last_year_name(entry["name"]),
            "label": _("%(label)s, last year") % {"label": entry["label"]},
            "group": str(LAST_YEAR_GROUP),
        }
        for entry in entries
    ]


def _figure_of_indicator(indicator) -> str:
    """The catalogue figure an indicator's actual equals ('' when none does, e.g. when narrowed to a kind)."""
    if not indicator.source:
        return ""
    if indicator.source in indicator.ACTIVITY_SOURCES:
        return "" if indicator.activity_kind else line_figure_name(indicator.action_line.number, indicator.source)
    return indicator.source


def indicator_rows(
    programme, year: int, *, known: dict | None = None, activities: dict | None = None
) -> dict[str, list[dict]]:
    """{action line number (as text): [each indicator's name, unit, target and actual of `year`, last year's
    actual, whether typed in, and the catalogue figure it equals]}, JSON-ready for a version to freeze.
    `known`: {(figure name, year): value} and `activities`: {year: ActivityFigures} that collect has loaded
    already, so that no selector runs twice and no activity is counted twice."""
    rows: dict[str, list[dict]] = {}
    for indicator, by_year in programme_indicators(programme, [year - 1, year], known=known, activities=activities):
        this, last = by_year[year], by_year[year - 1]
        rows.setdefault(str(indicator.action_line.number), []).append(
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "source": indicator.source,
                "figure": _figure_of_indicator(indicator),
                "kind": EUROS if indicator.source == "impact_spend" else COUNT,
                "typed": this.typed,
                "target": this.target,
                "actual": this.actual,
                "last_year": last.actual,
            }
        )
    return rows


def indicator_table(line: dict, year: int, figures: dict) -> dict | None:
    """The rows of an action line's table in the letter (from a version's frozen content and figures): each
    indicator's target and actual against last year's actual, then the main figure of each of the section's boxes
    that no indicator already shows, beside its value of last year (no last year before the programme began).
    None when there is nothing to show."""
    values = figures.get("values", {})
    rows = []
    covered = set()
    for row in figures.get("indicators", {}).get(str(line.get("number")), []):
        covered.add(row.get("figure"))
        kind = row.get("kind", COUNT)
        rows.append(
            {
                "label": f"{row['name']} ({row['unit']})" if row.get("unit") else row["name"],
                "target": format_value(row.get("target"), kind),
                "actual": format_value(row.get("actual"), kind),
                "typed": bool(row.get("typed")) and row.get("actual") is not None,
                "last_year": format_value(row.get("last_year"), kind),
                "typed_last_year": bool(row.get("typed")) and row.get("last_year") is not None,
            }
        )
    for box in line.get("boxes", []):
        if not box.get("figures"):
            continue
        name, label = main_figure_of(box.get("group", ""), line.get("number"), box["figures"])
        if name in covered or name not in values:
            continue
        kind = values[name].get("kind", COUNT)
        rows.append(
            {
                "label": label,
                "target": format_value(None, kind),
                "actual": format_value(values[name].get("value"), kind),
                "typed": False,
                "last_year": format_value(values.get(last_year_name(name), {}).get("value"), kind),
                "typed_last_year": False,
            }
        )
    if not rows:
        return None
    # no column for a year before the programme began
    last_year = year - 1 if figures.get("last_year_in_programme", True) else None
    return {"number": line.get("number"), "year": year, "last_year": last_year, "rows": rows}
