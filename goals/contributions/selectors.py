"""What contributes to each sustainable development goal in a municipality, read from the tags: the tagged action
lines and the activities held on them, the tagged challenges and their applications, the matches made on tagged
needs and offers, and the spend with tagged (verified) impact suppliers.

This part of the goals app sits above programmes, challenges, matching and procurement and reads their tables; the
rest of the app (the goals, the tags, the form field) sits below them. A fixed number of queries, whatever the
data: the goals, the targets, the tags of every kind at once, then one per kind."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Aggregate, Count, Func, Q, Sum
from django.db.models.functions import Coalesce

from accounts.models import Municipality
from goals.models import Goal, LocalTarget
from goals.selectors import all_goals, local_targets_of, tagged_with, tags_of_kinds
from matching.models import Match, Need, Offer
from procurement.models import IMPACT_FIGURES, ImpactReport, PurchaseRequest, Supplier
from programmes.challenges.models import Challenge
from programmes.models import ActionLine, Activity


@dataclass(frozen=True)
class TaggedLine:
    pk: int
    number: int
    title: str
    programme: str
    activities_held: int


@dataclass(frozen=True)
class TaggedChallenge:
    pk: int
    name: str
    applications: int


@dataclass(frozen=True)
class TaggedSupplier:
    pk: int
    name: str
    spend: Decimal
    awards: int


@dataclass
class GoalContribution:
    goal: Goal
    targets: list[LocalTarget] = field(default_factory=list)
    action_lines: list[TaggedLine] = field(default_factory=list)
    challenges: list[TaggedChallenge] = field(default_factory=list)
    needs: int = 0
    offers: int = 0
    matches_made: int = 0
    suppliers: list[TaggedSupplier] = field(default_factory=list)
    impact: list[tuple[str, Decimal]] = field(default_factory=list)  # (label, sum) of the suppliers' accepted reports

    @property
    def activities_held(self) -> int:
        return sum(line.activities_held for line in self.action_lines)

    @property
    def spend(self) -> Decimal:
        return sum((supplier.spend for supplier in self.suppliers), Decimal("0"))

    @property
    def contributes(self) -> bool:
        return bool(self.action_lines or self.challenges or self.needs or self.offers or self.suppliers)

    @property
    def shown(self) -> bool:
        return self.contributes or bool(self.targets)


def _scopes(municipality: Municipality) -> dict:
    return {
        ActionLine: ActionLine.objects.filter(programme__municipality=municipality),
        Challenge: Challenge.objects.filter(action_line__programme__municipality=municipality),
        Need: Need.objects.filter(municipality=municipality),
        Offer: Offer.objects.filter(municipality=municipality),
        Supplier: Supplier.objects.filter(status=Supplier.Status.VERIFIED).filter(
            Q(organisation__municipality=municipality)
            | Q(
                awards__purchase_request__municipality=municipality,
                awards__purchase_request__origin=PurchaseRequest.Origin.MUNICIPAL,
            )
        ),
    }


def _in_year(field: str, year: int | None) -> Q:
    """`field` in `year`; anything for None (all time)."""
    return Q(**{f"{field}__year": year}) if year is not None else Q()


def _tagged_lines(ids: list[int], years: list[int | None]) -> dict[int | None, dict[int, TaggedLine]]:
    """{year: {action line id: the line with its activities held in the year}} of the tagged lines, in one query
    (none without tagged lines)."""
    if not ids:
        return {year: {} for year in years}
    held = Q(activities__status=Activity.Status.HELD)
    counts = {
        f"held_{index}": Count("activities", filter=held & _in_year("activities__starts_at", year))
        for index, year in enumerate(years)
    }
    rows = (
        ActionLine.objects.filter(pk__in=ids)
        .annotate(**counts)
        .values_list("pk", "number", "title", "programme__name", *counts)
        .order_by("programme__start_year", "number")
    )
    return {
        year: {row[0]: TaggedLine(row[0], row[1], row[2], row[3], row[4 + index]) for row in rows}
        for index, year in enumerate(years)
    }


def _tagged_challenges(ids: list[int]) -> dict[int, TaggedChallenge]:
    if not ids:
        return {}
    rows = (
        Challenge.objects.filter(pk__in=ids)
        .annotate(applied=Count("applications", filter=Q(applications__submitted_at__isnull=False)))
        .values_list("pk", "name", "applied")
        .order_by("-opens_at", "pk")
    )
    return {row[0]: TaggedChallenge(*row) for row in rows}


def _matches_made(
    municipality: Municipality, need_ids, offer_ids, years: list[int | None]
) -> dict[int | None, list[tuple[int, int, int]]]:
    """{year: (pk, need id, offer id) of each match made in the year on a tagged need or offer}, in one query (none
    without tagged needs and offers)."""
    if not need_ids and not offer_ids:
        return {year: [] for year in years}
    made = Q(status__in=Match.MADE_STATUSES)
    if None not in years:
        made &= Q(made_on__year__gte=min(years), made_on__year__lte=max(years))  # type: ignore[type-var]
    rows = list(
        Match.objects.filter(made, municipality=municipality)
        .filter(Q(need_id__in=need_ids) | Q(offer_id__in=offer_ids))
        .values_list("pk", "need_id", "offer_id", "made_on")
    )
    return {
        year: [
            (pk, need, offer)
            for pk, need, offer, made_on in rows
            if year is None or (made_on is not None and made_on.year == year)
        ]
        for year in years
    }


def _tagged_suppliers(
    municipality: Municipality, ids: list[int], years: list[int | None]
) -> dict[int | None, dict[int, TaggedSupplier]]:
    """{year: {supplier id: the supplier with the municipality's awards to it in the year}} of the tagged suppliers,
    in one query (none without tagged suppliers)."""
    if not ids:
        return {year: {} for year in years}
    spent = Q(
        awards__purchase_request__municipality=municipality,
        awards__purchase_request__origin=PurchaseRequest.Origin.MUNICIPAL,
    )
    sums: dict[str, Aggregate | Func] = {}
    for index, year in enumerate(years):
        in_year = spent & _in_year("awards__awarded_on", year)
        sums[f"spend_{index}"] = Coalesce(Sum("awards__amount", filter=in_year), Decimal("0"))
        sums[f"n_{index}"] = Count("awards", filter=in_year)
    rows = (
        Supplier.objects.filter(pk__in=ids)
        .annotate(**sums)
        .values_list("pk", "organisation__name", *sums)
        .order_by("organisation__name")
    )
    return {
        year: {row[0]: TaggedSupplier(row[0], row[1], row[2 + 2 * index], row[3 + 2 * index]) for row in rows}
        for index, year in enumerate(years)
    }


def _impact_of_suppliers(ids: list[int], year: int | None) -> dict[int, dict[str, Decimal]]:
    """The sums of each supplier's accepted impact reports (of `year`, or of every year)."""
    reports = ImpactReport.objects.filter(status=ImpactReport.Status.ACCEPTED, supplier_id__in=ids)
    if year is not None:
        reports = reports.filter(year=year)
    rows = reports.values("supplier_id").annotate(**{f"sum_{name}": Sum(name) for name in IMPACT_FIGURES})
    return {
        row["supplier_id"]: {name: row[f"sum_{name}"] for name in IMPACT_FIGURES if row[f"sum_{name}"] is not None}
        for row in rows
    }


def _impact_sums(impact: dict[int, dict[str, Decimal]], supplier_ids: set[int]) -> list[tuple[str, Decimal]]:
    sums: dict[str, Decimal] = {}
    for supplier_id in sorted(supplier_ids & set(impact)):
        for name, value in impact[supplier_id].items():
            sums[name] = sums.get(name, Decimal("0")) + Decimal(value)
    label = {name: str(getattr(ImpactReport._meta.get_field(name), "verbose_name", name)) for name in sums}
    return [(label[name], sums[name]) for name in IMPACT_FIGURES if name in sums]


def goal_contributions(municipality: Municipality, year: int | None = None) -> list[GoalContribution]:
    """Per goal (all seventeen, by number) what contributes to it in `municipality`: all time, or in `year`."""
    return goal_contributions_of_years(municipality, [year])[year]


def goal_contributions_of_years(
    municipality: Municipality, years: Iterable[int | None], *, impact: bool = True
) -> dict[int | None, list[GoalContribution]]:
    """{year: goal_contributions of the year} for each of `years` (None: all time): the tags, the challenges and
    the local targets read once for all of them. `impact=False` leaves out the suppliers' impact (the council
    letter does not show it)."""
    tags = tags_of_kinds(_scopes(municipality))
    all_ids = {model: sorted(found) for model, found in tags.items()}
    challenges = _tagged_challenges(all_ids[Challenge])
    targets: dict[int, list[LocalTarget]] = defaultdict(list)
    for target in local_targets_of(municipality):
        targets[target.goal_id].append(target)
    goals = list(all_goals())
    tagged_of_goal = {
        goal.number: {model: set(tagged_with(found, goal.number)) for model, found in tags.items()} for goal in goals
    }
    years = list(dict.fromkeys(years))
    lines_of = _tagged_lines(all_ids[ActionLine], years)
    matches_of = _matches_made(municipality, all_ids[Need], all_ids[Offer], years)
    suppliers_of = _tagged_suppliers(municipality, all_ids[Supplier], years)
    result = {}
    for year in years:
        lines, matches, suppliers = lines_of[year], matches_of[year], suppliers_of[year]
        impact_of = _impact_of_suppliers(all_ids[Supplier], year) if impact else {}
        contributions = []
        for goal in goals:
            tagged = tagged_of_goal[goal.number]
            contributions.append(
                GoalContribution(
                    goal=goal,
                    targets=targets[goal.number],
                    action_lines=[line for pk, line in lines.items() if pk in tagged[ActionLine]],
                    challenges=[challenge for pk, challenge in challenges.items() if pk in tagged[Challenge]],
                    needs=len(tagged[Need]),
                    offers=len(tagged[Offer]),
                    matches_made=sum(1 for _, need, offer in matches if need in tagged[Need] or offer in tagged[Offer]),
                    suppliers=[supplier for pk, supplier in suppliers.items() if pk in tagged[Supplier]],
                    impact=_impact_sums(impact_of, tagged[Supplier]),
                )
            )
        result[year] = contributions
    return result
