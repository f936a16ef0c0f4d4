"""How a purchase counts towards a social-return (SROI) duty: the one place that weighs.

A municipality sets, per criterion a supplier can meet, the percentage of a purchase's amount that counts
(SroiWeight); the highest weight a supplier meets applies. Without a rule of its own for a criterion the
defaults below hold, as many municipalities' SROI frameworks count them:

- registered with the Code Sociale Ondernemingen: 100% (the register of social enterprises that the seeds name);
- member of Social Enterprise NL: 50%;
- certified on the PSO ladder (any level): 50%;
- any other verified supplier in the register: 0%: it is in the register, but the municipality has not said that
  buying from it counts, and it can raise that on the weighting page.

A realisation counts once the buyer accepts it, for the weight recorded at that moment (`SroiRealisation.weight`):
a later change of the rules does not change what was accepted. What awaits the check is shown for the weight it
A tender's progress: required (contract value × SROI percentage), realised (accepted purchases × their weight),
awaiting (the amounts of the purchases the buyer has still to check) and owed (required less realised). Worked out
here, in SQL for lists (one query whatever their length) and for a single tender.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import Municipality

from .models import SroiCriterion, SroiRealisation, SroiTender, SroiWeight, Supplier

DEFAULT_WEIGHTS: dict[str, int] = {
    SroiCriterion.CODE_REGISTER: 100,
    SroiCriterion.SOCIAL_ENTERPRISE_NL: 50,
    SroiCriterion.PSO_CERTIFIED: 50,
    SroiCriterion.VERIFIED_SUPPLIER: 0,
}

# The buyer's invitation of a tender's contractor: a link signed with django.core.signing (as eHerkenning's approval
# links), valid for a month; procurement.services signs it, procurement.selectors reads it.
INVITATION_SALT = "procurement.sroi.invitation"
INVITATION_MAX_AGE = 60 * 60 * 24 * 30


def _amount() -> DecimalField:
    """The size of a sum of amounts in euros."""
    return DecimalField(max_digits=14, decimal_places=2)


ZERO = Value(Decimal("0.00"), output_field=_amount())
CENT = Decimal("0.01")


def weights_of(municipality: Municipality | int) -> dict[str, int]:
    """{criterion: percent} for every criterion: the municipality's rules over the defaults. One query."""
    rules = SroiWeight.objects.filter(municipality=municipality).values_list("criterion", "weight")
    return {**DEFAULT_WEIGHTS, **dict(rules)}


def criteria_met(supplier: Supplier) -> list[str]:
    """The criteria a supplier meets (a verified one meets at least the last)."""
    met: list[str] = []
    if supplier.code_sociale_ondernemingen:
        met.append(SroiCriterion.CODE_REGISTER)
    if supplier.social_enterprise_nl:
        met.append(SroiCriterion.SOCIAL_ENTERPRISE_NL)
    if supplier.pso_level:
        met.append(SroiCriterion.PSO_CERTIFIED)
    if supplier.is_verified:
        met.append(SroiCriterion.VERIFIED_SUPPLIER)
    return met


def weight_for(supplier: Supplier, weights: dict[str, int]) -> int:
    """The highest weight among the criteria the supplier meets; 0 if it meets none."""
    return max((weights[criterion] for criterion in criteria_met(supplier)), default=0)


def _criterion_conditions(prefix: str) -> dict[str, Q]:
    return {
        SroiCriterion.CODE_REGISTER: Q(**{f"{prefix}code_sociale_ondernemingen": True}),
        SroiCriterion.SOCIAL_ENTERPRISE_NL: Q(**{f"{prefix}social_enterprise_nl": True}),
        SroiCriterion.PSO_CERTIFIED: ~Q(**{f"{prefix}pso_level": Supplier.PsoLevel.NONE}),
        SroiCriterion.VERIFIED_SUPPLIER: Q(**{f"{prefix}status": Supplier.Status.VERIFIED}),
    }


def weight_expression(weights: dict[str, int], *, prefix: str = ""):
    """`weight_for` in SQL, for a queryset of suppliers (prefix "") or of rows with a supplier ("supplier__")."""
    conditions = _criterion_conditions(prefix)
    ordered = sorted(weights.items(), key=lambda item: -item[1])  # the first condition that holds is the highest
    return Case(*(When(conditions[criterion], then=Value(weight)) for criterion, weight in ordered), default=Value(0))


def _weighted(amount: str, weight) -> ExpressionWrapper:
    return ExpressionWrapper(F(amount) * weight / Value(100), output_field=_amount())


def realised_sum(prefix: str = "") -> Coalesce:
    """The sum of accepted realisations × the weight each was accepted with (`prefix`: "realisations__" from a
    tender)."""
    accepted = Q(**{f"{prefix}status": SroiRealisation.Status.ACCEPTED})
    return Coalesce(Sum(_weighted(f"{prefix}amount", F(f"{prefix}weight")), filter=accepted), ZERO)


def awaiting_sum(prefix: str = "") -> Coalesce:
    """The sum of the amounts of the submitted realisations, which the buyer has still to check."""
    submitted = Q(**{f"{prefix}status": SroiRealisation.Status.SUBMITTED})
    return Coalesce(Sum(f"{prefix}amount", filter=submitted), ZERO)


@dataclass(frozen=True)
class SroiProgress:
    """Realised against required for a tender, or for all tenders of a year; `awaiting` is the amount of the
    purchases the buyer has still to check."""

    required: Decimal
    realised: Decimal
    awaiting: Decimal = Decimal("0.00")

    @property
    def remaining(self) -> Decimal:
        """What the contractor still owes."""
        return max(self.required - self.realised, Decimal("0.00")).quantize(CENT)

    @property
    def percentage(self) -> int:
        """How much of the required amount is realised, rounded to whole percent (37.9 is 38), but 100
        only once the condition is met (99.6 is 99); 100 when nothing is required."""
        if self.required <= 0:
            return 100
        rounded = int((self.realised * 100 / self.required).quantize(Decimal(1), rounding=ROUND_HALF_UP))
        return rounded if self.met or rounded < 100 else 99

    @property
    def bar_width(self) -> int:
        """The realised share as the width of a bar in a 600-wide chart, at most full."""
        return min(self.percentage, 100) * 6

    @property
    def met(self) -> bool:
        return self.realised >= self.required


def with_progress(tenders: QuerySet[SroiTender]) -> QuerySet[SroiTender]:
    """Tenders annotated with `realised` (accepted × weight) and `awaiting`, for `progress_of` without a query."""
    return tenders.annotate(realised=realised_sum("realisations__"), awaiting=awaiting_sum("realisations__"))


def progress_of(tender: SroiTender) -> SroiProgress:
    """A tender's progress: from the annotations of `with_progress` when it has them, else one query."""
    realised = getattr(tender, "realised", None)
    awaiting = getattr(tender, "awaiting", None)
    if realised is None or awaiting is None:
        totals = SroiRealisation.objects.filter(tender=tender).aggregate(
            realised=realised_sum(), awaiting=awaiting_sum()
        )
        realised, awaiting = totals["realised"], totals["awaiting"]
    return SroiProgress(
        required=tender.required_amount,
        realised=Decimal(realised).quantize(CENT),
        awaiting=Decimal(awaiting).quantize(CENT),
    )


def realised_of(realisations: QuerySet[SroiRealisation]) -> Decimal:
    """The weighted sum of the accepted ones among `realisations`. One query."""
    return Decimal(realisations.aggregate(total=realised_sum())["total"]).quantize(CENT)


@dataclass(frozen=True)
class Rule:
    criterion: str
    label: str
    weight: int
    is_default: bool


def rules_of(municipality: Municipality) -> list[Rule]:
    """The municipality's weighting rules as shown to contractors and buyers, highest weight first. One query."""
    own = dict(SroiWeight.objects.filter(municipality=municipality).values_list("criterion", "weight"))
    rules = [
        Rule(
            criterion=criterion,
            label=str(SroiCriterion(criterion).label),
            weight=own.get(criterion, default),
            is_default=criterion not in own,
        )
        for criterion, default in DEFAULT_WEIGHTS.items()
    ]
    return sorted(rules, key=lambda rule: -rule.weight)


def rule_sentence(rule: Rule) -> str:
    """ "A purchase from a supplier that is …: counts fully / for 50% / does not count"."""
    if rule.weight == 100:
        counts = _("counts fully")
    elif rule.weight == 0:
        counts = _("does not count")
    else:
        counts = _("counts for %(weight)s%%") % {"weight": rule.weight}
    return _("%(criterion)s: %(counts)s") % {"criterion": rule.label, "counts": counts}
