"""Reads for matching: what each user may see, the ranked and explained suggestions, and the figures.

Every function that returns one object for a user raises Http404 when the user may not see it,
so a page never tells an outsider that it exists.
"""

import calendar
import datetime
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.paginator import Page
from django.db.models import (
    Case,
    Count,
    Exists,
    Expression,
    F,
    FilteredRelation,
    FloatField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import ExtractQuarter, ExtractYear
from django.db.models.lookups import GreaterThan
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from accounts.models import Municipality, Organisation, Theme, User
from accounts.selectors import SharedScope
from core import geo, todo, yearly_figures
from core.choices import choice_labels
from core.compiledquery import compiled_once
from core.links import url_for_pk
from core.pagination import numbered_page

from .models import (
    HELP_KIND_FIELDS,
    THEME_BITS,
    Beursvloer,
    Deal,
    HelpKind,
    ListingStatus,
    Match,
    MatchEvent,
    Need,
    Offer,
    theme_bits,
)

# ---------------------------------------------------------------- the score

KIND_POINTS = 3  # per kind of help that one side wants and the other gives
THEME_POINTS = 2  # per impact theme both share
NEAR_KM, NEARBY_KM = 5, 15
DISTANCE_POINTS = {"near": 3, "nearby": 2, "within_reach": 1}  # up to 5 km, up to 15 km, within the offer's radius
AVAILABILITY_POINTS = 1  # the offer lasts until the need's date (or has no end date)
SUGGESTION_LIMIT = 20


@dataclass
class Suggestion:
    """One ranked suggestion with its score, the score's parts and the reasons in words."""

    listing: Need | Offer
    score: int
    kind_count: int
    theme_count: int
    distance_km: float | None
    distance_points: int
    availability_points: int
    shared_kinds: list[str] = field(default_factory=list)
    shared_themes: list[str] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def _kind_match_count(kinds: list[HelpKind]) -> Expression:
    """The number of the given kinds of help that each row also has (0 when none)."""
    total: Expression = Value(0, output_field=IntegerField())
    for kind in kinds:
        total = total + Case(
            When(**{HELP_KIND_FIELDS[kind]: True}, then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    return total


def _shared_theme_count(bits: int) -> Expression:
    """How many of the themes in `bits` each row has: per theme, its bit of the row's theme_bits (0 or 1), summed.
    The row's own column, so the count reads no other table."""
    total: Expression = Value(0, output_field=IntegerField())
    for position in range(bits.bit_length()):
        if bits >> position & 1:
            total = total + F("theme_bits").bitrightshift(position).bitand(1)
    return total


def _shares_something(kinds: list[HelpKind], bits: int) -> Q:
    """Rows that have one of the kinds of help, or one of the themes in `bits` (a bit in common)."""
    condition = Q(pk__in=[])
    for kind in kinds:
        condition |= Q(**{HELP_KIND_FIELDS[kind]: True})
    if bits:
        condition |= Q(GreaterThan(F("theme_bits").bitand(bits), 0))
    return condition


def _distance(point: geo.Point | None):
    if point is None:
        return Value(None, output_field=FloatField())
    return geo.distance_expression(point, "latitude", "longitude")


def _within(point: geo.Point | None, radius_km) -> Q:
    """Rows within `radius_km` of the point, and rows (or a point) without coordinates, whose distance is
    unknown. The distance is computed once per row: `distance_km IS NULL OR distance_km <= radius` would
    compute it twice, and the missing coordinates say the same as a NULL distance."""
    if point is None:
        return Q()
    return Q(latitude__isnull=True) | Q(longitude__isnull=True) | Q(distance_km__lte=radius_km)


def _distance_points() -> Case:
    return Case(
        When(distance_km__lte=NEAR_KM, then=Value(DISTANCE_POINTS["near"])),
        When(distance_km__lte=NEARBY_KM, then=Value(DISTANCE_POINTS["nearby"])),
        When(distance_km__isnull=False, then=Value(DISTANCE_POINTS["within_reach"])),
        default=Value(0),
        output_field=IntegerField(),
    )


def _point_of(listing: Need | Offer) -> geo.Point | None:
    if listing.latitude is None or listing.longitude is None:
        return None
    return geo.Point(listing.latitude, listing.longitude)


def _ranked(queryset: QuerySet) -> QuerySet:
    """Add the total score and order by it; ties go to the nearer one, then to the newer one."""
    return queryset.annotate(
        score=F("kind_count") * KIND_POINTS
        + F("theme_count") * THEME_POINTS
        + F("distance_points")
        + F("availability_points")
    ).order_by("-score", F("distance_km").asc(nulls_last=True), "-created_at", "-pk")


def ranked_offers_for_need(need: Need) -> QuerySet[Offer]:
    """Open, still available offers of the need's municipality, scored and ranked in the database.

    An offer is left out when it shares neither a kind of help nor a theme with the need, when the
    need lies beyond the distance the entrepreneur will travel, or when the entrepreneur already has
    an open match for this need. The entrepreneurs with an open match are a NOT IN (hashed once, tested
    first, before the dearer conditions) rather than an anti-join after them; a match always has one.
    """
    today = timezone.localdate()
    point = _point_of(need)
    already_matched = Match.objects.filter(need=need, status__in=Match.OPEN_STATUSES).values("enterprise_id")
    if need.needed_by:
        lasts = Q(available_until__isnull=True) | Q(available_until__gte=need.needed_by)
    else:
        lasts = Q(available_until__isnull=True)
    bits = theme_bits(need.themes.all())
    offers = (
        Offer.objects.filter(municipality_id=need.municipality_id, status=Offer.Status.OPEN)
        .filter(Q(available_until__isnull=True) | Q(available_until__gte=today))
        .exclude(organisation_id__in=already_matched)
        .filter(_shares_something(need.help_kinds, bits))
        .annotate(
            kind_count=_kind_match_count(need.help_kinds),
            theme_count=_shared_theme_count(bits),
            distance_km=_distance(point),
            distance_points=_distance_points(),
            availability_points=Case(When(lasts, then=Value(AVAILABILITY_POINTS)), default=Value(0)),
        )
        .filter(_within(point, F("radius_km")))
    )
    return _ranked(offers)


def ranked_needs_for_offer(offer: Offer) -> QuerySet[Need]:
    """Open needs of the offer's municipality, scored and ranked like `ranked_offers_for_need`, mirrored."""
    today = timezone.localdate()
    point = _point_of(offer)
    already_matched = Match.objects.filter(enterprise_id=offer.organisation_id, status__in=Match.OPEN_STATUSES).values(
        "need_id"
    )
    if offer.available_until:
        lasts = Q(needed_by__isnull=False) & Q(needed_by__lte=offer.available_until)
    else:
        lasts = Q(pk__isnull=False)
    bits = theme_bits(offer.themes.all())
    needs = (
        Need.objects.filter(municipality_id=offer.municipality_id, status=Need.Status.OPEN)
        .filter(Q(needed_by__isnull=True) | Q(needed_by__gte=today))
        .exclude(pk__in=already_matched)
        .filter(_shares_something(offer.help_kinds, bits))
        .annotate(
            kind_count=_kind_match_count(offer.help_kinds),
            theme_count=_shared_theme_count(bits),
            distance_km=_distance(point),
            distance_points=_distance_points(),
            availability_points=Case(When(lasts, then=Value(AVAILABILITY_POINTS)), default=Value(0)),
        )
        .filter(_within(point, offer.radius_km))
    )
    return _ranked(needs)


def _month(date: datetime.date) -> str:
    return date_format(date, "F Y")


def _reasons(suggestion: Suggestion, *, need: Need, offer: Offer) -> list[str]:
    reasons = []
    if suggestion.shared_themes:
        reasons.append(_("both about %(themes)s") % {"themes": get_text_list(suggestion.shared_themes, _("and"))})
    if suggestion.shared_kinds:
        kinds = get_text_list([kind.lower() for kind in suggestion.shared_kinds], _("and"))
        reasons.append(_("%(kinds)s wanted and offered") % {"kinds": kinds})
    if suggestion.distance_km is None:
        reasons.append(_("distance unknown"))
    elif suggestion.distance_km < 0.5:
        reasons.append(_("less than 1 km apart"))
    else:
        reasons.append(_("%(km)s km apart") % {"km": number_format(round(suggestion.distance_km))})
    if offer.available_until is None:
        reasons.append(_("available with no end date"))
    elif suggestion.availability_points:
        reasons.append(_("available until %(month)s") % {"month": _month(offer.available_until)})
    elif need.needed_by:
        reasons.append(
            _("available only until %(until)s, help wanted by %(by)s")
            % {"until": _month(offer.available_until), "by": _month(need.needed_by)}
        )
    else:
        reasons.append(_("available until %(month)s") % {"month": _month(offer.available_until)})
    return reasons


# What the ranking query returns of each row besides its id. Not the theme count: it is the number of shared themes
# the reasons list, worked out from the row's theme_bits.
SCORE_PARTS = ("score", "kind_count", "distance_km", "distance_points", "availability_points")


def _top(ranked: QuerySet, limit: int) -> list[tuple[Any, dict[str, Any]]]:
    """The first `limit` rows of a ranking, each with its score and the score's parts (two queries).

    The ranking scores the candidates without reading them whole and returns the best `limit` (a narrow sort of
    a few columns); only those rows are then read whole, with their organisation."""
    scored = list(ranked.values_list("pk", *SCORE_PARTS)[:limit])
    rows = ranked.model.objects.select_related("organisation").in_bulk([s[0] for s in scored])
    return [(rows[pk], dict(zip(SCORE_PARTS, parts, strict=True))) for pk, *parts in scored]


def _explain(
    top: list[tuple[Any, dict[str, Any]]], *, other_themes: Iterable[Theme], other_kinds: list[HelpKind], pair
) -> list[Suggestion]:
    """Each row of `top` as a Suggestion with its reasons: the kinds of help and the themes (by code, as the
    theme list orders them) it shares with the other side, whose themes and kinds are given."""
    themes = sorted(other_themes, key=lambda theme: theme.code)
    suggestions = []
    for row, parts in top:
        need, offer = pair(row)
        shared_kinds = [str(kind.label) for kind in other_kinds if kind in row.help_kinds]
        shared_themes = [str(theme) for theme in themes if row.theme_bits & THEME_BITS[theme.code]]
        suggestion = Suggestion(
            listing=row,
            theme_count=len(shared_themes),
            shared_kinds=shared_kinds,
            shared_themes=shared_themes,
            **parts,
        )
        suggestion.reasons = _reasons(suggestion, need=need, offer=offer)
        suggestions.append(suggestion)
    return suggestions


def suggestions_for_need(need: Need, *, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """The best offers for a need, each with its score and the reasons in words (two queries, and the need's
    themes unless they are prefetched)."""
    return _explain(
        _top(ranked_offers_for_need(need), limit),
        other_themes=need.themes.all(),
        other_kinds=need.help_kinds,
        pair=lambda offer: (need, offer),
    )


def suggestions_for_offer(offer: Offer, *, limit: int = SUGGESTION_LIMIT) -> list[Suggestion]:
    """The best needs for an offer, each with its score and the reasons in words (two queries, and the offer's
    themes unless they are prefetched)."""
    return _explain(
        _top(ranked_needs_for_offer(offer), limit),
        other_themes=offer.themes.all(),
        other_kinds=offer.help_kinds,
        pair=lambda need: (need, offer),
    )


# ---------------------------------------------------------------- who sees what


def _is_coordinator_of(user: User, municipality_id: int) -> bool:
    return user.is_authenticated and user.is_coordinator and user.municipality_id == municipality_id


def _organisation_id(user: User | AnonymousUser) -> int | None:
    return user.organisation_id if user.is_authenticated and user.is_organisation_member else None


def listed_needs() -> QuerySet[Need]:
    """Needs anyone may browse, as plain rows (the list shows them as cards: card_page)."""
    return Need.objects.filter(status=Need.Status.OPEN)


def listed_offers() -> QuerySet[Offer]:
    """Offers anyone may browse (still available), as plain rows (the list shows them as cards: card_page)."""
    today = timezone.localdate()
    return Offer.objects.filter(status=Offer.Status.OPEN).filter(
        Q(available_until__isnull=True) | Q(available_until__gte=today)
    )


def open_needs() -> QuerySet[Need]:
    """Needs anyone may browse, with their organisation, municipality and themes."""
    return listed_needs().select_related("organisation", "municipality").prefetch_related("themes")


def open_offers() -> QuerySet[Offer]:
    """Offers anyone may browse (still available), with their organisation, municipality and themes."""
    return listed_offers().select_related("organisation", "municipality").prefetch_related("themes")


@dataclass
class ListingCard:
    """A need or an offer as a card of its list shows it."""

    pk: int
    title: str
    url: str
    organisation_name: str
    place: str  # its place, else its municipality's name
    distance_km: float | None  # when the filter measured it
    help_kind_names: list[str]
    theme_names: list[str]
    text: str  # the need's story or the offer's description
    until: datetime.date | None  # needed by, or available until


_CARD_COLUMNS = ("pk", "title", "place", "municipality__name", "organisation__name", *HELP_KIND_FIELDS.values())


def card_page(listings: QuerySet[Need] | QuerySet[Offer], number, detail_url_name: str) -> Page:
    """Page `number` of `listings` (filtered needs or offers) as ListingCards, built from plain rows of the columns
    a card shows rather than from model objects with their organisation and municipality (which cost several times
    as much to build): three queries (count, page, themes) whatever the page's size. Labels (themes, kinds of help)
    are translated once per language, and each card's URL comes from one reversed URL."""
    is_need = listings.model is Need
    text, until = ("story", "needed_by") if is_need else ("description", "available_until")
    measured = "distance_km" in listings.query.annotations
    columns = listings.values(*_CARD_COLUMNS, text, until, *(["distance_km"] if measured else []))
    page = numbered_page(columns, number, counted=listings)  # counted without the joins of the columns
    rows = list(page.object_list)
    column = "need_id" if is_need else "offer_id"
    themes: dict[int, list[str]] = {row["pk"]: [] for row in rows}
    if rows:
        theme_labels = choice_labels(Theme.Code)
        through = listings.model.themes.through.objects.filter(**{f"{column}__in": list(themes)})
        for listing_id, code in through.order_by("theme__code").values_list(column, "theme__code"):
            themes[listing_id].append(theme_labels.get(code, code))
    help_kind_labels = choice_labels(HelpKind)
    url = url_for_pk(detail_url_name)
    page.object_list = [
        ListingCard(
            pk=row["pk"],
            title=row["title"],
            url=url(row["pk"]),
            organisation_name=row["organisation__name"],
            place=row["place"] or row["municipality__name"],
            distance_km=row.get("distance_km"),
            help_kind_names=[label for kind, label in help_kind_labels.items() if row[HELP_KIND_FIELDS[kind]]],
            theme_names=themes[row["pk"]],
            text=row[text],
            until=row[until],
        )
        for row in rows
    ]
    return page


def _visible(queryset: QuerySet, user: User | AnonymousUser, *, party: Callable[[int], Q]) -> QuerySet:
    """Open listings for everyone; others to their owner, the municipality's coordinators and match parties.

    `party(organisation_id)` selects the listings that organisation is the other side of a match of."""
    visible = Q(status=Need.Status.OPEN)
    organisation_id = _organisation_id(user)
    if organisation_id:
        visible |= Q(organisation_id=organisation_id) | party(organisation_id)
    if user.is_authenticated and user.is_coordinator:
        visible |= Q(municipality_id=user.municipality_id)
    return queryset.filter(visible)


def need_for_viewer(user: User, pk: int) -> Need:
    def party(organisation_id: int) -> Q:
        return Q(pk__in=Match.objects.filter(enterprise_id=organisation_id).values("need_id"))

    queryset = Need.objects.select_related("organisation", "municipality").prefetch_related("themes")
    return _get_or_404(_visible(queryset, user, party=party), pk)


class HelpRefusal:
    """Why a signed-in user cannot answer a need with a match proposal ("I want to help")."""

    NOT_OPEN = "not_open"  # the need takes no new proposals
    OWN_NEED = "own_need"  # the initiative's own need
    INITIATIVE = "initiative"  # initiatives ask for help; entrepreneurs offer it
    OTHER_MUNICIPALITY = "other_municipality"  # entrepreneurs and coordinators help in their own municipality
    NOT_AN_ENTREPRENEUR = "not_an_entrepreneur"  # buyers, jury members, council members and the like


def help_refusal(user: User, need: Need) -> str | None:
    """None when the user may propose a match for the need (an entrepreneur of, or a coordinator of, the need's
    municipality while the need is open); else the HelpRefusal that explains why not."""
    if need.status != Need.Status.OPEN:
        return HelpRefusal.NOT_OPEN
    organisation_id = _organisation_id(user)
    if organisation_id == need.organisation_id:
        return HelpRefusal.OWN_NEED
    if user.is_coordinator:
        return None if user.municipality_id == need.municipality_id else HelpRefusal.OTHER_MUNICIPALITY
    if user.role == User.Role.INITIATIVE:
        return HelpRefusal.INITIATIVE
    if user.role != User.Role.ENTREPRENEUR or user.organisation is None:
        return HelpRefusal.NOT_AN_ENTREPRENEUR
    if user.organisation.municipality_id != need.municipality_id:
        return HelpRefusal.OTHER_MUNICIPALITY
    return None


def offer_for_viewer(user: User, pk: int) -> Offer:
    def party(organisation_id: int) -> Q:
        return Q(pk__in=Match.objects.filter(need__organisation_id=organisation_id).values("offer_id"))

    queryset = Offer.objects.select_related("organisation", "municipality").prefetch_related("themes")
    return _get_or_404(_visible(queryset, user, party=party), pk)


def _get_or_404(queryset: QuerySet, pk: int):
    try:
        return queryset.get(pk=pk)
    except queryset.model.DoesNotExist:
        raise Http404 from None


def need_of_owner(user: User, pk: int) -> Need:
    """A need the user's own initiative posted (to edit, pause or close); 404 otherwise."""
    return _get_or_404(Need.objects.filter(organisation_id=_organisation_id(user) or 0).prefetch_related("themes"), pk)


def offer_of_owner(user: User, pk: int) -> Offer:
    return _get_or_404(Offer.objects.filter(organisation_id=_organisation_id(user) or 0).prefetch_related("themes"), pk)


def need_for_suggestions(user: User, pk: int) -> Need:
    """A need whose suggestions this user may see: its own initiative's, or any need for its coordinators."""
    scope = Q(organisation_id=_organisation_id(user) or 0)
    if user.is_coordinator:
        scope |= Q(municipality_id=user.municipality_id)
    queryset = Need.objects.filter(scope).select_related("organisation", "municipality").prefetch_related("themes")
    return _get_or_404(queryset, pk)


def offer_for_suggestions(user: User, pk: int) -> Offer:
    scope = Q(organisation_id=_organisation_id(user) or 0)
    if user.is_coordinator:
        scope |= Q(municipality_id=user.municipality_id)
    queryset = Offer.objects.filter(scope).select_related("organisation", "municipality").prefetch_related("themes")
    return _get_or_404(queryset, pk)


def matches_for(user: User) -> QuerySet[Match]:
    """The matches a user may see: their own organisation's, or all of their municipality's for coordinators."""
    queryset = Match.objects.select_related("need__organisation", "enterprise", "offer", "beursvloer")
    if user.is_authenticated and user.is_coordinator and user.municipality_id is not None:
        return queryset.filter(municipality_id=user.municipality_id)
    organisation_id = _organisation_id(user)
    if organisation_id:
        # either side: a union of the two sides' index scans (an OR across the join to the need would make
        # PostgreSQL scan every match of every municipality)
        either_side = (
            Match.objects.filter(need__organisation_id=organisation_id)
            .order_by()
            .values("pk")
            .union(Match.objects.filter(enterprise_id=organisation_id).order_by().values("pk"))
        )
        return queryset.filter(pk__in=either_side)
    return queryset.none()


def match_table_rows(matches: QuerySet[Match]) -> QuerySet[Match]:
    """Matches with only the columns the match table shows (matching/includes/match_table.html): a page of
    them builds and converts a fifth of the columns that whole rows of five tables have."""
    return (
        matches.select_related(None)
        .select_related("need__organisation", "enterprise", "offer")
        .only("status", "updated_at", "need__title", "need__organisation__name", "enterprise__name", "offer__title")
    )


def match_for(user: User, pk: int) -> Match:
    """One match, for its two sides and the municipality's coordinators; 404 for anyone else."""
    return _get_or_404(matches_for(user), pk)


def proposal_choices(user: User) -> dict:
    """What a user may join in a match proposal: needs, offers and entrepreneurs of their municipality.

    An initiative proposes for its own open needs, an entrepreneur for itself (and its own offers), a
    coordinator for anyone in the municipality; anyone else gets 404.
    """
    today = timezone.localdate()
    organisation = user.organisation if _organisation_id(user) else None
    if user.is_authenticated and user.is_coordinator and user.municipality_id:
        municipality_id = user.municipality_id
    elif organisation is not None:
        municipality_id = organisation.municipality_id
    else:
        raise Http404
    needs = Need.objects.filter(municipality_id=municipality_id, status=Need.Status.OPEN)
    offers = Offer.objects.filter(municipality_id=municipality_id, status=Offer.Status.OPEN).filter(
        Q(available_until__isnull=True) | Q(available_until__gte=today)
    )
    enterprises = Organisation.objects.filter(municipality_id=municipality_id, kind=Organisation.Kind.ENTERPRISE)
    if organisation is None:  # a coordinator
        return {"needs": needs, "offers": offers, "enterprises": enterprises}
    if organisation.kind == Organisation.Kind.INITIATIVE:
        return {"needs": needs.filter(organisation=organisation), "offers": offers, "enterprises": enterprises}
    return {
        "needs": needs,
        "offers": offers.filter(organisation=organisation),
        "enterprises": enterprises.filter(pk=organisation.pk),
        "own_enterprise": organisation,
    }


def match_history(match: Match) -> QuerySet[MatchEvent]:
    return match.events.select_related("actor")


def matches_of_need(need: Need) -> QuerySet[Match]:
    return need.matches.select_related("enterprise", "offer").order_by("-updated_at")


def matches_of_offer(offer: Offer) -> QuerySet[Match]:
    return offer.matches.select_related("need__organisation").order_by("-updated_at")


CONTACT_STATUSES = (Match.Status.PREPARATION, Match.Status.MADE, Match.Status.COMPLETED)


def may_see_contact(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Contact data of an organisation: for its own members, the municipality's coordinators, and the
    other side of a match that has been accepted (in preparation, made or completed)."""
    if not user.is_authenticated:
        return False
    if _is_coordinator_of(user, organisation.municipality_id):
        return True
    organisation_id = _organisation_id(user)
    if not organisation_id:
        return False
    if organisation_id == organisation.pk:
        return True
    accepted = Match.objects.filter(status__in=CONTACT_STATUSES)
    return accepted.filter(
        Q(need__organisation_id=organisation_id, enterprise_id=organisation.pk)
        | Q(need__organisation_id=organisation.pk, enterprise_id=organisation_id)
    ).exists()


def contact_of(organisation: Organisation) -> dict:
    """An organisation's contact data: its address, e-mail, phone and the people who represent it."""
    return {
        "organisation": organisation,
        "members": list(User.objects.filter(organisation=organisation, is_active=True).order_by("name")),
    }


def own_needs(user: User) -> QuerySet[Need]:
    return Need.objects.filter(organisation_id=_organisation_id(user) or 0).annotate(
        open_matches=Count("matches", filter=Q(matches__status__in=Match.OPEN_STATUSES))
    )


def own_offers(user: User) -> QuerySet[Offer]:
    return Offer.objects.filter(organisation_id=_organisation_id(user) or 0).annotate(
        open_matches=Count("matches", filter=Q(matches__status__in=Match.OPEN_STATUSES))
    )


def needs_of_municipality(municipality: Municipality) -> QuerySet[Need]:
    """Open needs of a municipality with their number of open matches, for the coordinator's overview."""
    return (
        Need.objects.filter(municipality=municipality, status=Need.Status.OPEN)
        .select_related("organisation")
        .annotate(open_matches=Count("matches", filter=Q(matches__status__in=Match.OPEN_STATUSES)))
        .order_by("open_matches", "needed_by", "-created_at", "-pk")
    )


# ---------------------------------------------------------------- beursvloer


def beursvloeren_of(municipality: Municipality) -> QuerySet[Beursvloer]:
    return (
        Beursvloer.objects.filter(municipality=municipality)
        .annotate(
            match_count=Count("matches", distinct=True),
            made_count=Count("matches", filter=Q(matches__status__in=Match.MADE_STATUSES), distinct=True),
            deal_count=Count("deals", distinct=True),
        )
        .order_by("-date", "name")
    )


def beursvloer_for(user: User, pk: int) -> Beursvloer:
    """A beursvloer, for the coordinators of its municipality only."""
    if not (user.is_authenticated and user.is_coordinator and user.municipality_id is not None):
        raise Http404
    return _get_or_404(Beursvloer.objects.filter(municipality_id=user.municipality_id), pk)


def beursvloer_matches(beursvloer: Beursvloer) -> QuerySet[Match]:
    return beursvloer.matches.select_related("need__organisation", "enterprise", "offer").order_by("-created_at", "-pk")


def beursvloer_result(beursvloer: Beursvloer) -> dict[str, int]:
    """The counts of an event's matches per status, in one query."""
    counts = beursvloer.matches.aggregate(
        total=Count("pk"),
        **{status: Count("pk", filter=Q(status=status)) for status in Match.Status.values},
    )
    return counts


# ---------------------------------------------------------------- Buy Social deals


def beursvloer_deals(beursvloer: Beursvloer) -> QuerySet[Deal]:
    return beursvloer.deals.select_related("company", "enterprise").order_by("-created_at", "-pk")


@dataclass(frozen=True)
class DealResult:
    """The totals of a set of Buy Social deals."""

    deals: int
    companies: int
    enterprises: int
    expected_amount: Decimal
    social_return_deals: int
    social_return_amount: Decimal


def _deal_aggregates() -> dict:
    """The aggregates of DealResult, for one set of deals or per group of them."""
    for_social_return = Q(for_social_return=True)
    return {
        "deals": Count("pk"),
        "companies": Count("company", distinct=True),
        "enterprises": Count("enterprise", distinct=True),
        "amount": Sum("expected_amount"),
        "social_return_deals": Count("pk", filter=for_social_return),
        "social_return_amount": Sum("expected_amount", filter=for_social_return),
    }


def _deal_result(totals: dict) -> DealResult:
    return DealResult(
        deals=totals["deals"],
        companies=totals["companies"],
        enterprises=totals["enterprises"],
        expected_amount=totals["amount"] or Decimal("0"),
        social_return_deals=totals["social_return_deals"],
        social_return_amount=totals["social_return_amount"] or Decimal("0"),
    )


NO_DEALS = {
    "deals": 0,
    "companies": 0,
    "enterprises": 0,
    "amount": None,
    "social_return_deals": 0,
    "social_return_amount": None,
}


def deal_totals(deals: QuerySet[Deal]) -> DealResult:
    """Deals, the companies and social entrepreneurs in them and the amounts, in one query."""
    return _deal_result(deals.aggregate(**_deal_aggregates()))


def deal_result(beursvloer: Beursvloer) -> DealResult:
    return deal_totals(Deal.objects.filter(beursvloer=beursvloer))


def buy_social_figures(municipality: Municipality, year: int) -> DealResult:
    """The deals made at the municipality's Buy Social marketplaces held in `year`, for the council letter."""
    return buy_social_figures_of_years(municipality, [year])[year]


def buy_social_figures_of_years(municipality: Municipality, years: Iterable[int]) -> dict[int, DealResult]:
    """{year: buy_social_figures of the year} for each of `years`, the totals of every year in one query."""
    years = sorted(set(years))
    rows = (
        Deal.objects.filter(
            beursvloer__municipality=municipality,
            beursvloer__date__year__gte=years[0],
            beursvloer__date__year__lte=years[-1],
        )
        .values(year=ExtractYear("beursvloer__date"))
        .annotate(**_deal_aggregates())
        .order_by()
    )
    totals = {row["year"]: row for row in rows}
    return {year: _deal_result(totals.get(year, NO_DEALS)) for year in years}


def deals_for(user: User) -> QuerySet[Deal]:
    """The deals of the user's own organisation: a company's people (a contractor, a private buyer) see their
    company's, a social entrepreneur their enterprise's; 404 for anyone else."""
    if not (user.is_authenticated and user.organisation_id is not None):
        raise Http404
    deals = Deal.objects.select_related("beursvloer", "company", "enterprise").order_by("-beursvloer__date", "-pk")
    if user.role in User.COMPANY_ROLES:
        return deals.filter(company_id=user.organisation_id)
    if user.role == User.Role.ENTREPRENEUR:
        return deals.filter(enterprise_id=user.organisation_id)
    raise Http404


SEARCH_LIMIT = 10


def search_open_needs(municipality: Municipality, text: str) -> QuerySet[Need]:
    """Open needs whose title or initiative contains `text` (for search-as-you-type)."""
    needs = Need.objects.filter(municipality=municipality, status=Need.Status.OPEN).select_related("organisation")
    if text:
        needs = needs.filter(Q(title__icontains=text) | Q(organisation__name__icontains=text))
    return needs.order_by("organisation__name", "title")


def search_enterprises(municipality: Municipality, text: str) -> QuerySet[Organisation]:
    """Entrepreneurs of the municipality whose name contains `text`."""
    enterprises = Organisation.objects.filter(municipality=municipality, kind=Organisation.Kind.ENTERPRISE)
    if text:
        enterprises = enterprises.filter(name__icontains=text)
    return enterprises.order_by("name")


def search_companies(municipality: Municipality, text: str) -> QuerySet[Organisation]:
    """Companies and institutions of the municipality whose name or KvK number contains `text`."""
    companies = Organisation.objects.filter(municipality=municipality, kind=Organisation.Kind.COMPANY)
    if text:
        companies = companies.filter(Q(name__icontains=text) | Q(kvk_number__startswith=text))
    return companies.order_by("name")


def open_offers_of_municipality(municipality: Municipality) -> QuerySet[Offer]:
    return Offer.objects.filter(municipality=municipality, status=Offer.Status.OPEN).select_related("organisation")


# ---------------------------------------------------------------- figures


@dataclass
class CountPair:
    label: str
    made: int
    in_preparation: int


@dataclass
class MatchFigures:
    """A municipality's matching figures of one year, for the dashboard and the council letter."""

    municipality: Municipality
    year: int
    made: int
    in_preparation: int
    completed: int
    declined: int
    hours_given: int
    euros_given: Decimal
    active_initiatives: int
    active_entrepreneurs: int
    per_theme: list[CountPair]
    per_help_kind: list[CountPair]
    per_quarter: list[CountPair]


QUARTERS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}


def _made_in(year: int) -> Q:
    bounds = yearly_figures.bounds(year)
    return _made_between(bounds.first_day, bounds.last_day)


def _made_between(first_day: datetime.date, last_day: datetime.date) -> Q:
    return Q(status__in=Match.MADE_STATUSES, made_on__range=(first_day, last_day))


def _in_preparation_on(day: datetime.date) -> Q:
    """Matches that were in preparation at the end of `day`: gone into preparation by then and not yet made
    (still in preparation, made later, or closed for lack of movement later: that records its day). A declined
    match records no day of declining, so it no longer counts; a match without a day of preparation cannot be
    placed in time and does not count either."""
    return Q(prepared_on__lte=day) & (
        Q(status=Match.Status.PREPARATION)
        | Q(status__in=Match.MADE_STATUSES, made_on__gt=day)
        | Q(
            status=Match.Status.DECLINED,
            stale_closed_from=Match.Status.PREPARATION,
            stale_closed_at__date__gt=day,
        )
    )


def _per_theme(matches: QuerySet[Match], made: Q, preparing: Q) -> list[CountPair]:
    """Made and in preparation per theme of the need, every theme listed; two queries over this
    municipality's matches only."""
    counts = {
        row["need__themes"]: row
        for row in matches.filter(made | preparing)
        .values("need__themes")
        .annotate(made=Count("pk", filter=made, distinct=True), preparing=Count("pk", filter=preparing, distinct=True))
        .order_by()
    }
    empty = {"made": 0, "preparing": 0}
    return [
        CountPair(str(theme), counts.get(theme.pk, empty)["made"], counts.get(theme.pk, empty)["preparing"])
        for theme in Theme.objects.order_by("code")
    ]


def match_figures(municipality: Municipality, year: int) -> MatchFigures:
    """Matches made and in preparation in `year`, per theme and per kind of help, and what was given.

    - made: matches made (or made and since completed) whose day of making lies in the year (a flow);
    - in preparation: matches in preparation at the end of the year (a stock; for the year in progress: today);
    - hours and euros given: recorded on the matches made in the year;
    - active initiatives and entrepreneurs: organisations that posted a need or offer in the year or
      took part in a match made or prepared in the year.
    - per quarter: made in the quarter, and in preparation at the end of the quarter (as far as it has passed).
    A match counts under every theme of its need, so the theme rows may add up to more than the total.
    Four queries, whatever the number of matches.
    """
    matches = Match.objects.filter(municipality=municipality)
    made, preparing = _made_in(year), _in_preparation_on(min(datetime.date(year, 12, 31), timezone.localdate()))
    kind_counts = {}
    for kind, field_name in HELP_KIND_FIELDS.items():
        kind_counts[f"made_{kind}"] = Count("pk", filter=made & Q(**{field_name: True}))
        kind_counts[f"preparation_{kind}"] = Count("pk", filter=preparing & Q(**{field_name: True}))
    for quarter, (first, last) in QUARTERS.items():
        kind_counts[f"made_q{quarter}"] = Count("pk", filter=made & Q(made_on__month__range=(first, last)))
        quarter_end = datetime.date(year, last, calendar.monthrange(year, last)[1])
        kind_counts[f"preparation_q{quarter}"] = Count(
            "pk", filter=_in_preparation_on(min(quarter_end, timezone.localdate()))
        )
    totals = matches.aggregate(
        made=Count("pk", filter=made),
        in_preparation=Count("pk", filter=preparing),
        completed=Count("pk", filter=Q(status=Match.Status.COMPLETED, made_on__year=year)),
        declined=Count("pk", filter=Q(status=Match.Status.DECLINED, updated_at__year=year)),
        hours=Sum("hours_given", filter=made),
        euros=Sum("euros_given", filter=made),
        **kind_counts,
    )
    per_theme = _per_theme(matches, made, preparing)
    active = _active_organisations_of_years(municipality, [year])
    per_help_kind = [
        CountPair(str(kind.label), totals[f"made_{kind}"], totals[f"preparation_{kind}"]) for kind in HelpKind
    ]
    per_quarter = [
        CountPair(f"Q{quarter}", totals[f"made_q{quarter}"], totals[f"preparation_q{quarter}"]) for quarter in QUARTERS
    ]
    return MatchFigures(
        municipality=municipality,
        year=year,
        made=totals["made"],
        in_preparation=totals["in_preparation"],
        completed=totals["completed"],
        declined=totals["declined"],
        hours_given=totals["hours"] or 0,
        euros_given=totals["euros"] or Decimal("0"),
        active_initiatives=active[year]["initiatives"],
        active_entrepreneurs=active[year]["entrepreneurs"],
        per_theme=per_theme,
        per_help_kind=per_help_kind,
        per_quarter=per_quarter,
    )


def _active_organisations_of_years(municipality: Municipality, years: Iterable[int]) -> dict[int, dict[str, int]]:
    """{year: {"initiatives": n, "entrepreneurs": n}}: the municipality's community initiatives that posted a need,
    and its entrepreneurs that posted an offer, in the year, or that took part in a match of `municipality` made or
    prepared in the year (through a need of theirs, or as its entrepreneur). One query: each organisation joined to
    its needs with their matches, its matches as entrepreneur and its offers of the years, and counted once per kind
    and year."""
    years = sorted(set(years))

    def in_years(path: str) -> Q:
        return Q(**{f"{path}__year__gte": years[0], f"{path}__year__lte": years[-1]})

    def matched(path: str) -> FilteredRelation:
        """The matches along `path` that count: the municipality's, with contact, made or prepared in the years."""
        of_municipality = Q(**{f"{path}__municipality": municipality, f"{path}__status__in": CONTACT_STATUSES})
        return FilteredRelation(
            path, condition=of_municipality & (in_years(f"{path}__made_on") | in_years(f"{path}__prepared_on"))
        )

    def active_in(year: int, matches: str, posts: str) -> Q:
        made_or_prepared = Q(**{f"{matches}__made_on__year": year}) | Q(**{f"{matches}__prepared_on__year": year})
        return made_or_prepared | Q(**{f"{posts}__created_at__year": year})

    ways = {  # of each kind: its kind, its matches and what it posts
        "initiatives": (Organisation.Kind.INITIATIVE, "need_matches", "needs"),
        "entrepreneurs": (Organisation.Kind.ENTERPRISE, "enterprise_matches", "offers_in_years"),
    }
    counts = (
        Organisation.objects.filter(municipality=municipality, kind__in=[kind for kind, _, _ in ways.values()])
        .annotate(
            need_matches=matched("needs__matches"),
            enterprise_matches=matched("matches"),
            offers_in_years=FilteredRelation("offers", condition=in_years("offers__created_at")),
        )
        .aggregate(
            **{
                f"{name}_{year}": Count("pk", distinct=True, filter=Q(kind=kind) & active_in(year, matches, posts))
                for name, (kind, matches, posts) in ways.items()
                for year in years
            }
        )
    )
    return {year: {name: counts[f"{name}_{year}"] for name in ways} for year in years}


@dataclass(frozen=True)
class MatchYear:
    """A municipality's matches in one year as the council letter reports them, counted as match_figures counts
    them: made (also per quarter), in preparation at the end of the year, completed, hours and euros given on the
    matches made, and the active community initiatives and entrepreneurs."""

    year: int
    made: int
    in_preparation: int
    completed: int
    hours_given: int
    euros_given: Decimal
    active_initiatives: int
    active_entrepreneurs: int
    made_per_quarter: tuple[int, ...]


def _year_end(year: int) -> datetime.date:
    """The day a stock of `year` is counted on: 31 December, or today for the year in progress."""
    return min(datetime.date(year, 12, 31), timezone.localdate())


def match_figures_of_years(municipality: Municipality, years: Iterable[int]) -> dict[int, MatchYear]:
    """{year: MatchYear} for each of `years` in one pass, with match_figures' definitions (see there): the matches
    made counted per year, quarter and status (with their hours and euros), those in preparation at the end of
    each year, and the active organisations of each kind and year. Three queries, whatever the number of matches
    and years."""
    years = sorted(set(years))
    matches = Match.objects.filter(municipality=municipality)
    made_rows = (
        matches.filter(status__in=Match.MADE_STATUSES, made_on__year__gte=years[0], made_on__year__lte=years[-1])
        .values("status", year=ExtractYear("made_on"), quarter=ExtractQuarter("made_on"))
        .annotate(n=Count("pk"), hours=Sum("hours_given"), euros=Sum("euros_given"))
        .order_by()
    )
    made: dict[tuple[int, int], int] = {}
    completed: dict[int, int] = {}
    hours: dict[int, list[int]] = {}
    euros: dict[int, list[Decimal]] = {}
    for row in made_rows:
        year = row["year"]
        made[(year, row["quarter"])] = made.get((year, row["quarter"]), 0) + row["n"]
        if row["status"] == Match.Status.COMPLETED:
            completed[year] = completed.get(year, 0) + row["n"]
        if row["hours"] is not None:
            hours.setdefault(year, []).append(row["hours"])
        if row["euros"] is not None:
            euros.setdefault(year, []).append(row["euros"])
    preparing = matches.aggregate(
        **{f"in_{year}": Count("pk", filter=_in_preparation_on(_year_end(year))) for year in years}
    )
    active = _active_organisations_of_years(municipality, years)
    return {
        year: MatchYear(
            year=year,
            made=sum(made.get((year, quarter), 0) for quarter in QUARTERS),
            in_preparation=preparing[f"in_{year}"],
            completed=completed.get(year, 0),
            hours_given=sum(hours.get(year, [])),
            euros_given=sum(euros.get(year, []), Decimal("0")) or Decimal("0"),
            active_initiatives=active[year]["initiatives"],
            active_entrepreneurs=active[year]["entrepreneurs"],
            made_per_quarter=tuple(made.get((year, quarter), 0) for quarter in QUARTERS),
        )
        for year in years
    }


def matches_per_year(municipality: Municipality) -> list[CountPair]:
    """Matches made in each year (a flow) and in preparation at its end (a stock; for this year: today), as
    match_figures counts them, from the first year with a match to the last, oldest first (two queries)."""
    made = dict(
        Match.objects.filter(municipality=municipality, status__in=Match.MADE_STATUSES, made_on__isnull=False)
        .values_list("made_on__year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    prepared = list(
        Match.objects.filter(
            Q(status__in=(Match.Status.PREPARATION, *Match.MADE_STATUSES))
            | Q(status=Match.Status.DECLINED, stale_closed_from=Match.Status.PREPARATION),
            municipality=municipality,
            prepared_on__isnull=False,
        )
        .values("status", "prepared_on__year", "made_on__year", "stale_closed_at__year")
        .annotate(n=Count("pk"))
        .order_by()
    )

    def in_preparation_at_end_of(year: int) -> int:
        return sum(
            row["n"]
            for row in prepared
            if row["prepared_on__year"] <= year
            and (
                row["status"] == Match.Status.PREPARATION
                or (row["made_on__year"] is not None and row["made_on__year"] > year)
                or (row["stale_closed_at__year"] is not None and row["stale_closed_at__year"] > year)
            )
        )

    years = set(made) | {row["prepared_on__year"] for row in prepared}
    if not years:
        return []
    return [
        CountPair(str(year), made.get(year, 0), in_preparation_at_end_of(year))
        for year in range(min(years), max(years) + 1)
    ]


def figure_years(municipality: Municipality) -> list[int]:
    """The years with matching figures, newest first, always including this year."""
    years = {timezone.localdate().year}
    years |= {int(pair.label) for pair in matches_per_year(municipality)}
    return sorted(years, reverse=True)


# ---------------------------------------------------------------- yearly figures for programmes' indicators


@yearly_figures.provides("matches_made", "matches_in_preparation")
def _yearly_match_figures(programme, year: int, names: Collection[str]) -> dict[str, int]:
    """Matches made and in preparation of the programme's municipality, as the council letter counts them
    (match_figures' made and in_preparation), those of `names`: one query, not all of match_figures."""
    bounds = yearly_figures.bounds(year)
    preparing_on = min(bounds.last_day, timezone.localdate())
    rows = _yearly_matches(programme.municipality_id, bounds.first_day, bounds.last_day, preparing_on)
    counted = rows[0] if rows else {"matches_made": 0, "matches_in_preparation": 0}
    return {name: counted[name] for name in names}


# compiled once per process (core.compiledquery): one municipality's matches made in a year and in preparation at
# the end of a day, one row
_yearly_matches = compiled_once(
    lambda municipality, first_day, last_day, preparing_on: (
        Match.objects.filter(municipality_id=municipality)
        .values("municipality_id")
        .annotate(
            matches_made=Count("pk", filter=_made_between(first_day, last_day)),
            matches_in_preparation=Count("pk", filter=_in_preparation_on(preparing_on)),
        )
        .values("matches_made", "matches_in_preparation")
    )
)


# ---------------------------------------------------------------- start page (open work, oldest first)

WAITING = (Match.Status.SUGGESTED, Match.Status.PREPARATION)


def stale_cutoff(municipality: Municipality, *, now: datetime.datetime | None = None) -> datetime.datetime:
    """Before this moment, work of the municipality without movement since is stale (its stale_reminder_days)."""
    return (now or timezone.now()) - datetime.timedelta(days=municipality.stale_reminder_days)


def _match_moved_since(listing_field: str, since) -> Exists:
    """Whether a match of the listing (`need` or `offer`) changed at or after `since` (a moment or an F())."""
    return Exists(Match.objects.filter(**{listing_field: OuterRef("pk"), "updated_at__gte": since}))


def _quiet_listings(model: type[Need] | type[Offer], municipality_id: int, since) -> QuerySet:
    """Open listings that neither changed nor saw a match of theirs move since `since`: movement is any change of
    the listing itself or of one of its matches."""
    field = "need" if model is Need else "offer"
    return (
        model.objects.filter(municipality_id=municipality_id, status=ListingStatus.OPEN, updated_at__lt=since)
        .exclude(_match_moved_since(field, since))
        .order_by("updated_at", "pk")
    )


def quiet_needs(municipality_id: int, since: datetime.datetime) -> QuerySet[Need]:
    return _quiet_listings(Need, municipality_id, since)


def quiet_offers(municipality_id: int, since: datetime.datetime) -> QuerySet[Offer]:
    return _quiet_listings(Offer, municipality_id, since)


def quiet_matches(municipality_id: int, since: datetime.datetime) -> QuerySet[Match]:
    """Suggested or prepared matches that have not changed since `since`."""
    return Match.objects.filter(municipality_id=municipality_id, status__in=WAITING, updated_at__lt=since).order_by(
        "updated_at", "pk"
    )


def moved_after_reminder(model: type[Need] | type[Offer] | type[Match]) -> QuerySet:
    """Reminded work that moved after its reminder (its clock starts again)."""
    reminded = model.objects.filter(stale_reminded_at__isnull=False)
    itself = Q(updated_at__gt=F("stale_reminded_at"))
    if model is Match:
        return reminded.filter(itself)
    field = "need" if model is Need else "offer"
    return reminded.filter(itself | Q(_match_moved_since(field, OuterRef("stale_reminded_at"))))


def stale_needs_of(user: User) -> QuerySet[Need]:
    """The coordinator's open needs without movement for the municipality's reminder period, oldest first."""
    municipality = _coordinators_municipality(user)
    return quiet_needs(municipality.pk, stale_cutoff(municipality)).select_related("organisation")


def stale_matches_of(user: User) -> QuerySet[Match]:
    """The coordinator's suggested or prepared matches without movement for the reminder period, oldest first."""
    municipality = _coordinators_municipality(user)
    return quiet_matches(municipality.pk, stale_cutoff(municipality)).select_related(
        "need__organisation", "enterprise", "offer"
    )


def _coordinators_municipality(user: User) -> Municipality:
    if not user.is_coordinator or user.municipality_id is None or user.municipality is None:
        raise Http404
    return user.municipality


def _match_item(match: Match) -> todo.Todo:
    return todo.Todo(
        title=f"{match.need.title} – {match.enterprise.name}",
        url=reverse("matching:match_detail", args=[match.pk]),
        since=match.updated_at,
        note=str(match.get_status_display()),
    )


def start_stale_matches(user: User) -> todo.TodoList:
    """The coordinator's suggested or prepared matches that have not moved for the municipality's reminder period,
    oldest first. One query (and the municipality, which the user keeps)."""
    municipality = _coordinators_municipality(user)
    matches = (
        quiet_matches(municipality.pk, stale_cutoff(municipality))
        .select_related("need", "enterprise")
        .only("pk", "status", "updated_at", "need__title", "enterprise__name")
    )
    return todo.todo_list(
        "stale_matches",
        _("Matches without movement for %(days)s days") % {"days": municipality.stale_reminder_days},
        matches,
        _match_item,
        more_url=reverse("matching:stale_matches"),
    )


def start_stale_needs(user: User) -> todo.TodoList:
    """The coordinator's open needs that neither changed nor saw a match move for the municipality's reminder
    period, oldest first. One query (and the municipality, which the user keeps)."""
    municipality = _coordinators_municipality(user)
    needs = stale_needs_of(user).only("pk", "title", "updated_at", "organisation__name")

    def item(need: Need) -> todo.Todo:
        return todo.Todo(
            title=need.title,
            url=reverse("matching:need_detail", args=[need.pk]),
            since=need.updated_at,
            note=need.organisation.name,
        )

    return todo.todo_list(
        "stale_needs",
        _("Open needs without movement for %(days)s days") % {"days": municipality.stale_reminder_days},
        needs,
        item,
        more_url=reverse("matching:stale_needs"),
    )


def start_proposals_to_answer(user: User) -> todo.TodoList:
    """Suggested matches of the user's organisation that the other side (or a coordinator) proposed: the
    organisation accepts or declines them. Oldest first, one query."""
    organisation_id = _organisation_id(user) or 0
    matches = (
        Match.objects.filter(
            Q(need__organisation_id=organisation_id) | Q(enterprise_id=organisation_id),
            status=Match.Status.SUGGESTED,
        )
        .exclude(proposed_by_organisation_id=organisation_id)
        .select_related("need", "enterprise")
        .only("pk", "status", "updated_at", "need__title", "enterprise__name")
        .order_by("created_at", "pk")
    )
    return todo.todo_list(
        "proposals", _("Match proposals to answer"), matches, _match_item, more_url=reverse("matching:mine")
    )


def has_listing(user: User) -> bool:
    """Whether the user's organisation posted an offer (an entrepreneur) or a need (an initiative). One query."""
    listings = Offer.objects if user.role == User.Role.ENTREPRENEUR else Need.objects
    return listings.filter(organisation_id=_organisation_id(user) or 0).exists()


# ---------------------------------------------------------------- a region's shared marketplace


def marketplace_needs(scope: SharedScope) -> QuerySet[Need]:
    """The open needs of the scope's municipalities (a region's members for a regional coordinator), by
    municipality and newest first: what anyone may browse, brought together."""
    return (
        Need.objects.filter(status=Need.Status.OPEN, municipality__in=scope.municipality_ids)
        .select_related("organisation", "municipality")
        .order_by("municipality__name", "-created_at", "-pk")
    )


def marketplace_offers(scope: SharedScope) -> QuerySet[Offer]:
    """The open, still available offers of the scope's municipalities, by municipality and newest first."""
    return (
        open_offers()
        .filter(municipality__in=scope.municipality_ids)
        .prefetch_related(None)
        .order_by("municipality__name", "-created_at", "-pk")
    )


def marketplace_counts(municipality_ids: QuerySet[Municipality, Any], year: int) -> dict[int, dict[str, int]]:
    """Per municipality: its open needs, its open offers and the matches made in `year`. Three queries."""
    counts: dict[int, dict[str, int]] = {}

    def add(rows, key: str) -> None:
        for row in rows:
            counts.setdefault(row["municipality"], {})[key] = row["count"]

    per_municipality = ("municipality",)
    add(
        Need.objects.filter(status=Need.Status.OPEN, municipality__in=municipality_ids)
        .values(*per_municipality)
        .annotate(count=Count("pk"))
        .order_by(),
        "open_needs",
    )
    add(
        open_offers()
        .filter(municipality__in=municipality_ids)
        .select_related(None)
        .prefetch_related(None)
        .values(*per_municipality)
        .annotate(count=Count("pk"))
        .order_by(),
        "open_offers",
    )
    add(
        Match.objects.filter(_made_in(year), municipality__in=municipality_ids)
        .values(*per_municipality)
        .annotate(count=Count("pk"))
        .order_by(),
        "matches_made",
    )
    return counts
