"""The network view: municipalities that take part (`Municipality.in_network`, set by the administrator) compared on
the figures of their published council letters.

Only the frozen figures of a letter's approved version are read, and only once the letter is published: never a
draft, an approved letter that is not yet published, or live data. A municipality that does not take part never
shows. Every figure is defined once here (its glossary text), so that it means the same for every city, and is
also given per 10,000 inhabitants (`Municipality.population`, set by the administrator).

Where a municipality has more than one published letter about a year (two programmes), the one published last
counts. Everything is read in one query, whatever the number of municipalities and years (notes: one more).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import municipality_of
from core import charts
from programmes.models import Activity

from .figures import COUNT, EUROS
from .markup import format_value
from .models import FigureNote, Letter, LetterVersion

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

PER = 10_000
STAFF = {User.Role.COORDINATOR, User.Role.APPROVER, User.Role.COUNCIL}
NOTE_WRITERS = {User.Role.COORDINATOR}


@dataclass(frozen=True)
class NetworkFigure:
    key: str  # the figure's name in a letter's frozen figures
    label: "StrOrPromise"
    definition: "StrOrPromise"
    kind: str = COUNT
    charted: bool = True  # a chart of its own (the funnel's later stages are in the funnel's chart)


FUNNEL = (
    NetworkFigure(
        "challenge_applied",
        _("Challenge: applications"),
        _(
            "Applications submitted to the municipality's challenges whose year is the letter's year, each counted "
            "once, whatever became of it. The first stage of the challenge funnel."
        ),
    ),
    NetworkFigure(
        "challenge_assessed",
        _("Challenge: assessed"),
        _("Applications of those challenges that the jury assessed (or that went further)."),
        charted=False,
    ),
    NetworkFigure(
        "challenge_selected",
        _("Challenge: selected"),
        _("Applicants selected for the programme of the challenge (or who went further)."),
        charted=False,
    ),
    NetworkFigure(
        "challenge_finalists",
        _("Challenge: finalists"),
        _("Applicants who reached the finale (or won)."),
        charted=False,
    ),
    NetworkFigure(
        "challenge_winners",
        _("Challenge: winners"),
        _("Applicants who won the challenge."),
        charted=False,
    ),
)
FIGURES = FUNNEL + (
    NetworkFigure(
        "matches_made",
        _("Matches made"),
        _(
            "Matches between a community initiative and an entrepreneur made in the year (also those since "
            "completed); matches still in preparation do not count."
        ),
    ),
    NetworkFigure(
        "activities_held",
        _("Activities held"),
        _(
            "Activities of the programme held in the year, in person or online; cancelled and still planned "
            "activities do not count."
        ),
    ),
    NetworkFigure(
        "suppliers_verified",
        _("Impact suppliers verified"),
        _(
            "Impact suppliers in the municipality's register whose registration the municipality had verified "
            "by the end of the year (a stock, not only those of the year)."
        ),
    ),
    NetworkFigure(
        "impact_spend",
        _("Spend with impact suppliers"),
        _("The amounts of the purchase requests the municipality awarded to impact suppliers in the year, in euros."),
        kind=EUROS,
    ),
    NetworkFigure(
        "sroi_realised",
        _("Social return realised"),
        _(
            "Social return (SROI) realised on the tenders whose contract started in the year, in euros, as "
            "recorded by the municipality."
        ),
        kind=EUROS,
    ),
    NetworkFigure(
        "revenue_social_enterprises",
        _("Revenue for social enterprises"),
        _(
            "What impact suppliers earned through the portal in the year, in euros: the municipality's awards, its "
            "contractors' social-return purchases the buyer accepted, and private organisations' awards."
        ),
        kind=EUROS,
    ),
    NetworkFigure(
        "revenue_private",
        _("Revenue from private organisations"),
        _(
            "The part of the revenue for social enterprises that came from private organisations (companies and "
            "institutions verified as buyers by the municipality), in euros."
        ),
        kind=EUROS,
    ),
    NetworkFigure(
        "impact_persons_employed",
        _("People employed by impact suppliers"),
        _(
            "People with a distance to the labour market who had a paid job in the year at the municipality's "
            "verified impact suppliers, as the suppliers' yearly impact reports say them and the municipality "
            "accepted them; suppliers without an accepted report do not count."
        ),
    ),
)
BY_KEY = {figure.key: figure for figure in FIGURES}
KIND_HELD = re.compile(r"^line\d+_(?P<kind>[a-z_]+)_held$")


@dataclass
class Cell:
    figure: NetworkFigure
    value: Decimal | None
    per_10k: Decimal | None

    @property
    def text(self) -> str:
        return format_value(self.value, self.figure.kind)

    @property
    def per_10k_text(self) -> str:
        return per_10k_text(self.per_10k, self.figure.kind)


@dataclass
class MunicipalityYear:
    """One municipality's figures of one year, from its published letter."""

    municipality_id: int
    name: str
    population: int | None
    year: int
    version_id: int
    cells: list[Cell]
    held_by_kind: dict[str, int] = field(default_factory=dict)

    def cell(self, key: str) -> Cell:
        return next(cell for cell in self.cells if cell.figure.key == key)


def per_10k_text(value: Decimal | None, kind: str) -> str:
    if value is None:
        return "–"
    if kind == EUROS:
        return "€ " + formats.number_format(value, 0, use_l10n=True, force_grouping=True)
    return formats.number_format(value, 1, use_l10n=True, force_grouping=True)


def _number(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _per_10k(value: Decimal | None, population: int | None, kind: str) -> Decimal | None:
    if value is None or not population:
        return None
    places = Decimal(1) if kind == EUROS else Decimal("0.1")
    return (value * PER / population).quantize(places)


def _held_by_kind(values: dict) -> dict[str, int]:
    """Activities held per kind, over every action line (the frozen `line<N>_<kind>_held` figures)."""
    kinds = {kind.value for kind in Activity.Kind}
    held: dict[str, int] = {}
    for name, entry in values.items():
        match = KIND_HELD.match(name)
        if match and match["kind"] in kinds:
            number = _number((entry or {}).get("value"))
            held[match["kind"]] = held.get(match["kind"], 0) + int(number or 0)
    return held


def published_network_versions() -> QuerySet[Letter]:
    """The published letters of the municipalities that take part, with their approved (frozen) version."""
    return Letter.objects.filter(
        status=Letter.Status.PUBLISHED,
        programme__municipality__in_network=True,
        approved_version__isnull=False,
        approved_version__status=LetterVersion.Status.READY,
    )


def network_rows() -> list[MunicipalityYear]:
    """Every municipality's figures of every year it published a letter about, by municipality name and year.
    One query."""
    letters = published_network_versions().order_by("published_at", "pk")
    fields = (
        "year",
        "approved_version_id",
        "approved_version__figures",
        "programme__municipality_id",
        "programme__municipality__name",
        "programme__municipality__population",
    )
    latest: dict[tuple[int, int], MunicipalityYear] = {}
    for row in letters.values_list(*fields):
        year, version_id, frozen, municipality_id, name, population = row
        values = (frozen or {}).get("values", {}) if isinstance(frozen, dict) else {}
        cells = []
        for figure in FIGURES:
            value = _number((values.get(figure.key) or {}).get("value"))
            cells.append(Cell(figure, value, _per_10k(value, population, figure.kind)))
        latest[(municipality_id, year)] = MunicipalityYear(
            municipality_id, name, population, year, version_id, cells, _held_by_kind(values)
        )
    return sorted(latest.values(), key=lambda one: (one.name, one.year))


def years_of(rows: Iterable[MunicipalityYear]) -> list[int]:
    """The years with figures, newest first."""
    return sorted({row.year for row in rows}, reverse=True)


def rows_of_year(rows: Iterable[MunicipalityYear], year: int | None) -> list[MunicipalityYear]:
    return [row for row in rows if row.year == year]


def chosen_year(rows: list[MunicipalityYear], asked: str | None) -> int | None:
    """The year asked for (?jaar=) when it has figures, else the newest year with figures."""
    years = years_of(rows)
    if asked and asked.isdigit() and int(asked) in years:
        return int(asked)
    return years[0] if years else None


def kinds_held(rows: Iterable[MunicipalityYear]) -> list[tuple[str, "StrOrPromise"]]:
    """The kinds of activity any of these rows held, in the catalogue's order: (value, label)."""
    seen = {kind for row in rows for kind, count in row.held_by_kind.items() if count}
    return [(kind.value, kind.label) for kind in Activity.Kind if kind.value in seen]


# ---------------------------------------------------------------- charts

# The funnel's stages that are nouns, after a number: "1 winner", "3 winners" (the others are participles).
FUNNEL_COUNTED = {
    "challenge_applied": lambda n: ngettext("application", "applications", n),
    "challenge_finalists": lambda n: ngettext("finalist", "finalists", n),
    "challenge_winners": lambda n: ngettext("winner", "winners", n),
}


def charts_of_year(rows: list[MunicipalityYear], year: int) -> list[charts.Chart]:
    """The funnel of the challenge per municipality, then one chart per figure of its value per 10,000
    inhabitants. The page shows the same numbers in its table."""
    if not rows:
        return []
    names = [row.name for row in rows]
    funnel = charts.horizontal_bar_chart(
        chart_id=f"network-funnel-{year}",
        title=gettext("Challenge funnel per municipality in %(year)s") % {"year": year},
        description=gettext(
            "Per municipality one bar per stage of the challenge: applications, assessed, selected, finalists "
            "and winners, each with its number."
        ),
        categories=names,
        series=[
            charts.Series(
                str(figure.label).split(": ")[-1],
                [int(row.cell(figure.key).value or 0) for row in rows],
                counted=FUNNEL_COUNTED.get(figure.key),
            )
            for figure in FUNNEL
        ],
    )
    made = [funnel]
    for figure in FIGURES:
        if not figure.charted:
            continue
        cells = [row.cell(figure.key) for row in rows]
        made.append(
            charts.column_chart(
                chart_id=f"network-{figure.key}-{year}",
                title=gettext("%(figure)s per 10,000 inhabitants in %(year)s") % {"figure": figure.label, "year": year},
                description=gettext("One column per municipality with its number per 10,000 inhabitants."),
                labels=names,
                values=[cell.per_10k or Decimal(0) for cell in cells],
                texts=[cell.per_10k_text for cell in cells],
            )
        )
    return made


# ---------------------------------------------------------------- the CSV


def csv_table(rows: list[MunicipalityYear]) -> tuple[list[str], list[list]]:
    """Every municipality and year: the inhabitants, each figure and each figure per 10,000 inhabitants."""
    header = [gettext("Municipality"), gettext("Year"), gettext("Inhabitants")]
    for figure in FIGURES:
        header.append(str(figure.label))
        header.append(gettext("%(figure)s per 10,000 inhabitants") % {"figure": figure.label})
    table = []
    for row in rows:
        line: list = [row.name, row.year, row.population if row.population else ""]
        for cell in row.cells:
            line.append(_plain(cell.value))
            line.append(_plain(cell.per_10k))
        table.append(line)
    return header, table


def _plain(value: Decimal | None) -> str:
    """A number as Dutch spreadsheets read it: a decimal comma, no thousands separator."""
    if value is None:
        return ""
    if value == value.to_integral_value():
        return str(int(value))
    return str(value).replace(".", ",")


# ---------------------------------------------------------------- what worked: notes on figures


def notes_of(rows: Iterable[MunicipalityYear]) -> dict[int, list[FigureNote]]:
    """The notes on these rows' published versions, by version, oldest first. One query."""
    version_ids = [row.version_id for row in rows]
    notes: dict[int, list[FigureNote]] = {}
    for note in FigureNote.objects.filter(letter_version_id__in=version_ids).select_related("author"):
        notes.setdefault(note.letter_version_id, []).append(note)
    return notes


def notes_of_year(rows: list[MunicipalityYear]) -> list[dict]:
    """The notes of a year's rows, per municipality and figure, for the staff view."""
    notes = notes_of(rows)
    listed = []
    for row in rows:
        for note in notes.get(row.version_id, []):
            figure = BY_KEY.get(note.figure)
            if figure is None:
                continue
            listed.append({"municipality": row.name, "figure": figure, "cell": row.cell(figure.key), "note": note})
    return listed


def colleague_check(user: User) -> None:
    """Coordinators, approvers and council members of any municipality read the staff view; anyone else gets 404."""
    municipality_of(user, roles=STAFF)


def note_writer_check(user: User) -> None:
    """Only coordinators add notes; anyone else gets 404."""
    municipality_of(user, roles=NOTE_WRITERS)


def own_versions(user: User, rows: Iterable[MunicipalityYear]) -> list[MunicipalityYear]:
    """The rows of the coordinator's own municipality: the published figures they may write a note on."""
    if user.role not in NOTE_WRITERS or user.municipality_id is None:
        return []
    return [row for row in rows if row.municipality_id == user.municipality_id]


@transaction.atomic
def note_add(*, user: User, version_id: int, figure: str, text: str) -> FigureNote:
    """A coordinator's note on a figure of their own municipality's published letter in the network."""
    municipality = municipality_of(user, roles=NOTE_WRITERS)
    text = text.strip()
    if figure not in BY_KEY:
        raise ValidationError(gettext("Choose one of the figures of the network."))
    if not text:
        raise ValidationError(gettext("Write what worked."))
    if len(text) > FigureNote.TEXT_LENGTH:
        raise ValidationError(
            gettext("Keep the note to %(most)s characters at most.") % {"most": FigureNote.TEXT_LENGTH}
        )
    published = published_network_versions().filter(
        approved_version_id=version_id, programme__municipality=municipality
    )
    if not published.exists():
        raise ValidationError(gettext("Choose a year of your own municipality's published figures in the network."))
    return FigureNote.objects.create(letter_version_id=version_id, figure=figure, text=text, author=user)
