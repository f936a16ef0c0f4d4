"""Reads for procurement, each scoped to what the user may see (404 otherwise), and the figures that the
reporting app reads for the council letter.

The public sees verified suppliers only; coordinators see their municipality's register; buyers their
municipality's purchase requests and SROI tenders; a supplier sees the open requests that fit it.
"""

import functools
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, cast

from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core import signing
from django.core.paginator import Paginator
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DecimalField,
    Exists,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import BuyerStatus, Municipality, Organisation, Theme, User
from accounts.selectors import SharedScope, municipality_of, organisation_of, shared_scope
from core import audit, todo, yearly_figures
from core.choices import choice_labels
from core.compiledquery import compiled_once
from core.links import url_for_pk

from . import sroi
from .filters import BEST_MATCH, DirectoryFilter
from .models import (
    FIRST_IMPACT_YEAR,
    IMPACT_DECIMAL_FIGURES,
    IMPACT_FIGURES,
    AuditAction,
    Award,
    ImpactReport,
    Offering,
    PurchaseRequest,
    Quote,
    RegisterImport,
    SroiRealisation,
    SroiTender,
    Supplier,
    SupplierQuerySet,
    impact_figure_field,
)
from .sroi import SroiProgress

ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=14, decimal_places=2))
FIGURE_ROLES = {User.Role.COORDINATOR, User.Role.BUYER, User.Role.COUNCIL}

# ---------------------------------------------------------------- the public directory


CARD_COLUMNS = (
    "pk",
    "organisation__name",
    "organisation__municipality__name",
    "description",
    "city",
    "pso_level",
    "code_sociale_ondernemingen",
    "social_enterprise_nl",
)


def public_suppliers() -> QuerySet[Supplier]:
    """Verified suppliers with everything a profile or an export shows (not the search vector), their themes and
    offerings prefetched."""
    return (
        Supplier.objects.listed()
        .select_related("organisation__municipality")
        .defer("search_vector")
        .prefetch_related("themes", "offerings")
    )


def export_suppliers() -> SupplierQuerySet:
    """Suppliers with everything a CSV row holds; their offerings and themes prefetched into lists
    (`export_offerings`, `export_themes`), which thousands of rows read faster than related managers."""
    return (
        Supplier.objects.select_related("organisation__municipality")
        .defer("search_vector")
        .prefetch_related(
            Prefetch("offerings", to_attr="export_offerings"), Prefetch("themes", to_attr="export_themes")
        )
    )


CARD_OFFERINGS = 3  # a directory card names this many products and services, and counts the rest


def directory_suppliers() -> SupplierQuerySet:
    """Verified suppliers, as the directory searches them (directory_page reads the columns its cards show)."""
    return Supplier.objects.listed()


def theme_labels() -> dict[str, str]:
    """The name of every impact theme in the active language, by code: translated once per language."""
    return choice_labels(Theme.Code)


@dataclass
class SupplierCard:
    """A verified supplier as a card of the directory shows it."""

    pk: int
    name: str  # the organisation's
    municipality_name: str
    city: str
    description: str
    profile_url: str
    pso_level: str
    pso_label: str  # the level's name, "" without a certificate
    code_sociale_ondernemingen: bool
    social_enterprise_nl: bool
    theme_labels: list[str]  # by theme code
    offering_titles: list[str]  # the first CARD_OFFERINGS by title
    more_offerings: int  # how many more
    distance: float | None = None  # km from the postcode searched near
    sroi_weight: int | None = None  # how much a purchase counts towards a contractor's social return
    in_region: bool | None = None  # based in the region of the contractor's municipality


def _supplier_cards(rows: list[tuple], extra: list[str]) -> list[SupplierCard]:
    """Cards of the suppliers whose ids begin `rows` (followed by the values of the annotations named in `extra`),
    in that order, built from plain rows of the columns a card shows rather than from model objects with their
    organisation and municipality (which cost several times as much to build): three queries, whatever the
    number. A supplier withdrawn since its id was read is left out."""
    ids = [row[0] for row in rows]
    columns = {card["pk"]: card for card in Supplier.objects.filter(pk__in=ids).values(*CARD_COLUMNS)}
    labels = theme_labels()
    themes: dict[int, list[str]] = {pk: [] for pk in ids}
    through = Supplier.themes.through.objects.filter(supplier_id__in=ids).order_by("theme__code")
    for supplier_id, code in through.values_list("supplier_id", "theme__code"):
        themes[supplier_id].append(labels.get(code, code))
    titles: dict[int, list[str]] = {pk: [] for pk in ids}
    offerings = Offering.objects.filter(supplier_id__in=ids).order_by("title", "pk")
    for supplier_id, title in offerings.values_list("supplier_id", "title"):
        titles[supplier_id].append(title)
    profile_url = url_for_pk("procurement:supplier_profile")
    pso_labels = choice_labels(Supplier.PsoLevel)
    cards = []
    for pk, *values in rows:
        card = columns.get(pk)
        if card is None:
            continue
        cards.append(
            SupplierCard(
                pk=pk,
                name=card["organisation__name"],
                municipality_name=card["organisation__municipality__name"],
                city=card["city"],
                description=card["description"],
                profile_url=profile_url(pk),
                pso_level=card["pso_level"],
                pso_label=pso_labels.get(card["pso_level"], "") if card["pso_level"] else "",
                code_sociale_ondernemingen=card["code_sociale_ondernemingen"],
                social_enterprise_nl=card["social_enterprise_nl"],
                theme_labels=themes[pk],
                offering_titles=titles[pk][:CARD_OFFERINGS],
                more_offerings=max(0, len(titles[pk]) - CARD_OFFERINGS),
                **dict(zip(extra, values, strict=True)),
            )
        )
    return cards


def directory_filterset(params, *, queryset: QuerySet[Supplier] | None = None):
    """The directory's FilterSet over verified suppliers, bound to the GET parameters (a shareable URL)."""
    return DirectoryFilter(params or None, queryset=directory_suppliers() if queryset is None else queryset)


DIRECTORY_COUNT_LIMIT = 1000  # a search counts and pages through this many suppliers at most (50 pages)


class DirectoryPaginator(Paginator):
    """Pages through the first DIRECTORY_COUNT_LIMIT suppliers of a search, and counts no further: the count asks
    PostgreSQL for at most one row more than that (`SELECT COUNT(*) FROM (… LIMIT 1001)`, unordered), where
    Django's COUNT(*) visits every supplier that matches, joined to its organisation (the search index still
    collects every match). `count` is exact up to the limit; `more` says that the search found more than that
    (the page says "more than 1,000", never a wrong number)."""

    @functools.cached_property
    def _counted(self) -> int:
        suppliers = cast(QuerySet[Supplier], self.object_list)
        return suppliers.order_by().values("pk")[: DIRECTORY_COUNT_LIMIT + 1].count()

    @functools.cached_property
    def count(self) -> int:
        return min(self._counted, DIRECTORY_COUNT_LIMIT)

    @functools.cached_property
    def more(self) -> bool:
        return self._counted > DIRECTORY_COUNT_LIMIT


NEWEST_PER_PAGE = 4  # _best_matches reads the newest matches of this many pages (at least two: see there)


def _best_matches(queryset: QuerySet, extra: list[str], offset: int, size: int) -> list[tuple]:
    """One page (pk, *extra) of a text search that found more than DIRECTORY_COUNT_LIMIT suppliers, in its
    best-match order (procurement.filters.BEST_MATCH): the suppliers whose name matches, then the others, each
    the most recently verified first.

    Mostly one query that reads about as many suppliers as the page needs: the newest matches of a few pages,
    on the index by status and date of verification, each with whether its name matches. When enough of them
    are named, the newest named suppliers are among them; when fewer, the others of the page are, and the
    named ones come from a few hundred more of the newest matches when those should hold them at the share of
    named ones seen (_newest_to_read_on), else from the GIN index of names, ordered by whether the name matches
    so that PostgreSQL cannot walk the verification dates for a name that few or no suppliers have (its estimate
    for a name's words is a guess: at 100,000 suppliers it walked them all for none, 0.4 s, or sorted thousands
    of named suppliers with a filter when the newest had twenty, 45 ms)."""
    wanted = offset + size
    newest = queryset.order_by("-verified_at", "-pk")
    limit = NEWEST_PER_PAGE * wanted  # when fewer than `wanted` are named, more than `wanted` are not
    rows = list(newest.values_list("pk", "name_match", *extra)[:limit])
    named = [(pk, *values) for pk, name_match, *values in rows if name_match]
    further = _newest_to_read_on(limit, wanted, len(named))
    if len(named) < wanted and len(rows) == limit and further:
        limit = further
        rows = list(newest.values_list("pk", "name_match", *extra)[:limit])
        named = [(pk, *values) for pk, name_match, *values in rows if name_match]
    if len(named) < wanted and len(rows) == limit:
        named = list(queryset.filter(name_match=True).values_list("pk", *extra).order_by(*BEST_MATCH)[:wanted])
    others = [(pk, *values) for pk, name_match, *values in rows if not name_match]
    return (named + others)[offset:wanted]


def _newest_to_read_on(read: int, wanted: int, named: int) -> int:
    """How many of the newest matches to read when the first `read` had `named` suppliers whose name matches but
    fewer than `wanted`: twice as many as should hold `wanted` of them at the share seen, when that is at most
    READ_ON_AT_MOST times what was read; else 0, and the named ones come from the index of names. A search whose
    name matches one supplier in five (schoonmaak, catering) reads a few hundred suppliers on, where the index of
    names hands over every named match (at 100,000 suppliers 5,000, each name's vector made again to order them:
    25 ms)."""
    if not named:
        return 0
    further = -(-2 * wanted * read // named)
    return further if further <= READ_ON_AT_MOST * read else 0


READ_ON_AT_MOST = 4


CARD_ANNOTATIONS = ("distance", "sroi_weight", "in_region")  # what a search may annotate that a card shows


def directory_page(queryset: QuerySet[Supplier], number, *, size: int = 20):
    """One page of a directory search as SupplierCards, in a constant number of queries whatever the number of
    suppliers.

    The sorting and paging run over narrow rows (ids, and what the search annotates: CARD_ANNOTATIONS), so that
    PostgreSQL sorts thousands of suppliers in memory, and a text search's best match reads about a page
    (_best_matches); then only the page's cards are read (_supplier_cards). The count goes no further than
    DIRECTORY_COUNT_LIMIT (DirectoryPaginator).
    """
    extra = [name for name in CARD_ANNOTATIONS if name in queryset.query.annotations]
    paginator = DirectoryPaginator(queryset.values_list("pk", *extra), size)
    page = paginator.get_page(number)
    if not paginator.count:  # nothing to look for (and no index to walk in vain for it)
        rows = []
    elif tuple(queryset.query.order_by) == BEST_MATCH and paginator.more:
        rows = _best_matches(queryset, extra, (page.number - 1) * size, size)
    else:
        rows = list(page.object_list)
    page.object_list = _supplier_cards(rows, extra)
    return page


def public_supplier(pk: int) -> Supplier:
    """A verified supplier's public profile; 404 for any other."""
    try:
        return public_suppliers().prefetch_related("delivery_municipalities").get(pk=pk)
    except Supplier.DoesNotExist as error:
        raise Http404 from error


# ---------------------------------------------------------------- a supplier's own registration


def own_organisation_for_registration(user: User) -> Organisation:
    """The enterprise of a signed-in entrepreneur; 404 for anyone else (initiatives do not sell)."""
    if user.is_authenticated and user.role != User.Role.ENTREPRENEUR:
        raise Http404
    return organisation_of(user)


def own_registration(user: User) -> Supplier | None:
    organisation = own_organisation_for_registration(user)
    return (
        Supplier.objects.filter(organisation=organisation)
        .select_related("organisation__municipality")
        .prefetch_related("themes", "delivery_municipalities", "offerings")
        .first()
    )


def own_verified_supplier(user: User) -> Supplier:
    supplier = own_registration(user)
    if supplier is None or not supplier.is_verified:
        raise Http404
    return supplier


# ---------------------------------------------------------------- the coordinator's register


def coordinator_municipality(user: User) -> Municipality:
    return municipality_of(user, roles={User.Role.COORDINATOR})


def register_scope(user: User) -> SharedScope:
    """The municipalities whose registrations the user verifies: a coordinator's own, a regional coordinator's
    region's members (accounts.selectors.shared_scope); 404 for anyone else."""
    return shared_scope(user)


def _in_scope(queryset: SupplierQuerySet, scope: SharedScope) -> SupplierQuerySet:
    return queryset.filter(organisation__municipality__in=scope.municipality_ids)


def _register_filtered(queryset: QuerySet[Supplier], *, status: str, text: str) -> QuerySet[Supplier]:
    if status:
        queryset = queryset.filter(status=status)
    if text:
        queryset = queryset.filter(Q(organisation__name__icontains=text) | Q(organisation__kvk_number=text))
    return queryset


def register_suppliers(user: User, *, status: str = "", text: str = "") -> QuerySet[Supplier]:
    """The suppliers of the user's register scope (a municipality or a region), pending ones first."""
    queryset = (
        _in_scope(Supplier.objects.all(), register_scope(user))
        .select_related("organisation__municipality")
        .annotate(offering_count=Count("offerings"))
        .annotate(waiting=Case(When(status=Supplier.Status.PENDING, then=Value(0)), default=Value(1)))
        .order_by("waiting", "organisation__name", "pk")
    )
    return _register_filtered(queryset, status=status, text=text)


def register_supplier(user: User, pk: int) -> Supplier:
    try:
        return (
            _in_scope(Supplier.objects.all(), register_scope(user))
            .select_related("organisation__municipality")
            .prefetch_related("themes", "delivery_municipalities", "offerings")
            .get(pk=pk)
        )
    except Supplier.DoesNotExist as error:
        raise Http404 from error


def register_for_export(user: User, *, status: str = "", text: str = "") -> QuerySet[Supplier]:
    """The user's register as the export writes it, with the register page's filters."""
    queryset = _in_scope(export_suppliers(), register_scope(user)).order_by("organisation__name", "pk")
    return _register_filtered(queryset, status=status, text=text)


def register_import_of(user: User, pk: int) -> RegisterImport:
    municipality = coordinator_municipality(user)
    try:
        return RegisterImport.objects.get(pk=pk, municipality=municipality)
    except RegisterImport.DoesNotExist as error:
        raise Http404 from error


def _with_subjects(entries: QuerySet[audit.AuditEvent]) -> QuerySet[audit.AuditEvent]:
    """Entries with who and what they are about, in a fixed number of queries (their summaries name them)."""
    suppliers: QuerySet = Supplier.objects.select_related("organisation")
    subjects: list[QuerySet] = [
        suppliers,
        PurchaseRequest.objects.all(),
        SroiTender.objects.all(),
        ImpactReport.objects.select_related("supplier__organisation"),
    ]
    return entries.select_related("actor").prefetch_related(
        GenericPrefetch("subject", subjects), GenericPrefetch("related", [suppliers])
    )


def supplier_audit_trail(supplier: Supplier) -> QuerySet[audit.AuditEvent]:
    return _with_subjects(audit.entries_of(supplier, as_related=True).filter(action__in=AuditAction.values))


def tender_audit_trail(tender: SroiTender) -> QuerySet[audit.AuditEvent]:
    return _with_subjects(audit.entries_of(tender).filter(action__in=AuditAction.values))


def audit_trail(user: User) -> QuerySet[audit.AuditEvent]:
    """The municipality's procurement decisions, newest first; for its coordinators and buyers."""
    municipality = municipality_of(user, roles={User.Role.COORDINATOR, User.Role.BUYER})
    return _with_subjects(audit.AuditEvent.objects.filter(municipality=municipality, action__in=AuditAction.values))


# ---------------------------------------------------------------- purchase requests


def buyer_municipality(user: User) -> Municipality:
    return municipality_of(user, roles={User.Role.BUYER})


@dataclass(frozen=True)
class BuyerScope:
    """The purchase requests a buyer works on.

    A municipality's buyer: the municipality's own requests, not those of the private organisations in it (their
    requests, quotes and prices are their business; the municipality reads their spend only as a total, in
    `social_revenue`). A private buyer (User.Role.PRIVATE_BUYER): its own organisation's requests only, and it may
    post and decide only once a coordinator has verified the organisation as a buyer (`may_buy`).
    """

    municipality: Municipality
    organisation: Organisation | None = None
    is_contractor: bool = False  # a contractor's company: it buys for its social-return duty, from a tender's page

    @property
    def is_private(self) -> bool:
        return self.organisation is not None and not self.is_contractor

    @property
    def may_buy(self) -> bool:
        return self.organisation is None or self.is_contractor or self.organisation.buyer_status == BuyerStatus.VERIFIED

    def requests(self) -> QuerySet[PurchaseRequest]:
        if self.organisation is not None:
            return PurchaseRequest.objects.filter(origin=self.origin, organisation=self.organisation)
        return PurchaseRequest.objects.filter(municipality=self.municipality, origin=PurchaseRequest.Origin.MUNICIPAL)

    @property
    def origin(self) -> str:
        """Whose requests: a contractor's company buys for its social-return duty, a private buyer for itself."""
        if self.organisation is None:
            return PurchaseRequest.Origin.MUNICIPAL
        if self.is_contractor:
            return PurchaseRequest.Origin.CONTRACTOR
        return PurchaseRequest.Origin.PRIVATE


def buyer_scope(user: User) -> BuyerScope:
    """What a municipal or private buyer buys for (see BuyerScope); 404 for anyone else. One query."""
    if user.is_authenticated and user.is_private_buyer and user.organisation_id is not None:
        organisation = Organisation.objects.select_related("municipality__region").get(pk=user.organisation_id)
        if organisation.kind != Organisation.Kind.COMPANY:
            raise Http404
        return BuyerScope(municipality=organisation.municipality, organisation=organisation)
    if user.is_authenticated and user.is_contractor:
        organisation = contractor_organisation(user)
        return BuyerScope(municipality=organisation.municipality, organisation=organisation, is_contractor=True)
    return BuyerScope(municipality=buyer_municipality(user))


def buyer_rejection_reason(organisation: Organisation) -> str:
    """Why the organisation's registration as a buyer was last rejected (the coordinator's reason in the audit
    trail); "" when it is not rejected. One query at most."""
    if organisation.buyer_status != BuyerStatus.REJECTED:
        return ""
    entry = audit.entries_of(organisation).filter(action=AuditAction.BUYER_REJECTED).order_by("-at", "-pk").first()
    return entry.reason if entry is not None else ""


def buyer_requests(user: User, *, status: str = "", scope: BuyerScope | None = None) -> QuerySet[PurchaseRequest]:
    """The buyer's purchase requests (its BuyerScope, when the caller has it already) with their number of quotes
    and the amount awarded, newest first."""
    quotes = Quote.objects.filter(purchase_request=OuterRef("pk")).values("purchase_request")
    awards = Award.objects.filter(purchase_request=OuterRef("pk")).values("purchase_request")
    queryset = (
        (scope or buyer_scope(user))
        .requests()
        .annotate(
            quote_count=Coalesce(Subquery(quotes.annotate(count=Count("pk")).values("count")), 0),
            awarded_amount=Coalesce(Subquery(awards.annotate(total=Sum("amount")).values("total")), ZERO),
        )
        .order_by("-created_at", "-pk")
    )
    return queryset.filter(status=status) if status else queryset


def fitting_suppliers(purchase_request: PurchaseRequest):
    """Verified suppliers whose category and region fit the request: they offer something in its category and
    deliver in its municipality."""
    return (
        Supplier.objects.verified()
        .delivering_in(purchase_request.municipality)
        .filter(offerings__category=purchase_request.category)
        .distinct()
    )


FITTING_SHOWN = 20  # the buyer's page lists this many fitting suppliers, the regional ones first when preferred


@dataclass(frozen=True)
class FittingSupplier:
    supplier: Supplier
    reason: str  # why it ranks first, e.g. "Based in the region Alkmaar"; "" otherwise


def _prefers_region(purchase_request: PurchaseRequest) -> bool:
    return purchase_request.prefer_regional_suppliers and purchase_request.municipality.region_id is not None


def regional_first(suppliers: QuerySet[Supplier], region_id: int | None) -> QuerySet[Supplier]:
    """Suppliers with `in_region` (based in a municipality of the region), those in it first, then by name; without
    a region none is, and the order is by name."""
    if region_id is None:
        return suppliers.annotate(in_region=Value(False)).order_by("organisation__name", "pk")
    in_region = Case(
        When(organisation__municipality__region_id=region_id, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )
    return suppliers.annotate(in_region=in_region).order_by("-in_region", "organisation__name", "pk")


def ranked_fitting_suppliers(purchase_request: PurchaseRequest) -> QuerySet[Supplier]:
    """The fitting suppliers in the order they are shown and told: with the request's preference for regional
    suppliers those based in its municipality's region first, then by name. Each carries `in_region`."""
    suppliers = fitting_suppliers(purchase_request).select_related("organisation__municipality")
    region_id = purchase_request.municipality.region_id if _prefers_region(purchase_request) else None
    return regional_first(suppliers, region_id)


def fitting_suppliers_shown(purchase_request: PurchaseRequest) -> tuple[list[FittingSupplier], int]:
    """The first FITTING_SHOWN fitting suppliers with the reason each ranks where it does, and how many fit in
    all. Two queries."""
    ranked = ranked_fitting_suppliers(purchase_request)
    region = purchase_request.municipality.region if _prefers_region(purchase_request) else None
    reason = _("Based in the region %(region)s") % {"region": region.name} if region is not None else ""
    shown = [
        FittingSupplier(supplier=supplier, reason=reason if getattr(supplier, "in_region", False) else "")
        for supplier in ranked[:FITTING_SHOWN]
    ]
    return shown, ranked.count()


def open_requests_for_supplier(supplier: Supplier) -> QuerySet[PurchaseRequest]:
    """Open requests whose deadline has not passed, in the supplier's categories and region, plus every
    request the supplier has answered."""
    categories = supplier.offerings.values("category")
    region = Q(municipality__in=supplier.delivery_municipalities.all()) | Q(
        municipality=supplier.organisation.municipality_id
    )
    if supplier.delivers_nationwide:
        region = Q()
    fitting = (
        Q(status=PurchaseRequest.Status.OPEN, deadline__gte=timezone.localdate(), category__in=categories) & region
    )
    answered = Exists(Quote.objects.filter(purchase_request=OuterRef("pk"), supplier=supplier))
    return (
        PurchaseRequest.objects.annotate(answered=answered)
        .filter(fitting | Q(answered=True))
        .select_related("municipality", "organisation")
        .order_by("answered", "deadline", "pk")
    )


@dataclass
class RequestView:
    """A purchase request as one user may see it: as its buyer, or as a supplier that fits or answered."""

    purchase_request: PurchaseRequest
    as_buyer: bool
    supplier: Supplier | None = None
    own_quote: Quote | None = None

    @property
    def can_quote(self) -> bool:
        request = self.purchase_request
        return (
            self.supplier is not None
            and self.own_quote is None
            and request.status == PurchaseRequest.Status.OPEN
            and request.deadline >= timezone.localdate()
        )


def request_for(user: User, pk: int) -> RequestView:
    """A request for its buyer (the municipality's or the private organisation's, BuyerScope), or for a verified
    supplier it fits (or that answered it)."""
    if user.is_authenticated and user.role in {User.Role.BUYER, User.Role.PRIVATE_BUYER, User.Role.CONTRACTOR}:
        own_request = (
            buyer_scope(user)
            .requests()
            .filter(pk=pk)
            .select_related("municipality__region", "posted_by", "organisation", "sroi_tender")
            .first()
        )
        if own_request is None:
            raise Http404
        return RequestView(purchase_request=own_request, as_buyer=True)
    supplier = own_verified_supplier(user) if user.is_authenticated and user.role == User.Role.ENTREPRENEUR else None
    if supplier is None:
        raise Http404
    purchase_request = open_requests_for_supplier(supplier).filter(pk=pk).first()
    if purchase_request is None:
        raise Http404
    own_quote = Quote.objects.filter(purchase_request=purchase_request, supplier=supplier).first()
    return RequestView(purchase_request=purchase_request, as_buyer=False, supplier=supplier, own_quote=own_quote)


def quotes_of(purchase_request: PurchaseRequest) -> QuerySet[Quote]:
    return (
        purchase_request.quotes.select_related("supplier__organisation", "award")
        .prefetch_related("supplier__themes")
        .order_by("-shortlisted", "price", "created_at")
    )


def buyer_quote(user: User, request_pk: int, quote_pk: int) -> Quote:
    try:
        return Quote.objects.select_related(
            "purchase_request__municipality", "purchase_request__organisation", "supplier__organisation"
        ).get(pk=quote_pk, purchase_request_id=request_pk, purchase_request__in=buyer_scope(user).requests())
    except Quote.DoesNotExist as error:
        raise Http404 from error


def buyer_request(user: User, pk: int) -> PurchaseRequest:
    try:
        return buyer_scope(user).requests().select_related("municipality", "organisation").get(pk=pk)
    except PurchaseRequest.DoesNotExist as error:
        raise Http404 from error


# ---------------------------------------------------------------- SROI


def buyer_tenders(user: User) -> QuerySet[SroiTender]:
    """The buyer's municipality's tenders, each with `realised` and `awaiting` as procurement.sroi weighs them."""
    municipality = buyer_municipality(user)
    return sroi.with_progress(SroiTender.objects.filter(municipality=municipality)).order_by(
        "-start_date", "title", "pk"
    )


def buyer_tender(user: User, pk: int) -> SroiTender:
    try:
        return buyer_tenders(user).get(pk=pk)
    except SroiTender.DoesNotExist as error:
        raise Http404 from error


def buyer_realisation(user: User, tender_pk: int, pk: int) -> SroiRealisation:
    municipality = buyer_municipality(user)
    try:
        return SroiRealisation.objects.select_related("tender__municipality", "supplier__organisation").get(
            pk=pk, tender_id=tender_pk, tender__municipality=municipality
        )
    except SroiRealisation.DoesNotExist as error:
        raise Http404 from error


def realisations_of(tender: SroiTender) -> QuerySet[SroiRealisation]:
    return tender.realisations.select_related("supplier__organisation", "recorded_by")


def tender_progress(tender: SroiTender) -> SroiProgress:
    """Required, realised (accepted × weight), awaiting the check and still owed: procurement.sroi weighs."""
    return sroi.progress_of(tender)


def verified_suppliers_choices() -> QuerySet[Supplier]:
    """The register's verified suppliers, for choosing where a contractor bought (any municipality)."""
    return Supplier.objects.verified().select_related("organisation").order_by("organisation__name")


# ---------------------------------------------------------------- contractors and their SROI duty


def invitations_sent(tender: SroiTender) -> int:
    """How many invitations the buyer has sent for the tender (the audit trail keeps each); only the latest's link
    works. One query."""
    return audit.entries_of(tender).filter(action=AuditAction.CONTRACTOR_INVITED).count()


@dataclass(frozen=True)
class SroiInvitation:
    """What an invitation link says, or why it no longer works (`problem`, for the visitor)."""

    tender: SroiTender | None
    email: str = ""
    number: int = 0
    problem: str = ""


def sroi_invitation(token: str) -> SroiInvitation:
    """The invitation behind a link: its tender and address, unless the link is broken, expired, replaced by a
    newer invitation or already accepted."""
    try:
        data = signing.loads(token, salt=sroi.INVITATION_SALT, max_age=sroi.INVITATION_MAX_AGE)
    except signing.SignatureExpired:
        return SroiInvitation(None, problem=_("This invitation has expired: ask the buyer to send a new one."))
    except signing.BadSignature:
        return SroiInvitation(
            None, problem=_("This link is not valid: check that you copied it whole from the e-mail.")
        )
    tender = SroiTender.objects.select_related("municipality").filter(pk=data.get("tender")).first()
    if tender is None:
        return SroiInvitation(None, problem=_("This invitation is no longer valid: the tender has been removed."))
    invitation = SroiInvitation(tender, email=str(data.get("email", "")), number=int(data.get("number", 0)))
    if tender.contractor_organisation_id is not None:
        return SroiInvitation(tender, problem=_("This invitation has already been accepted: log in to see the tender."))
    if invitation.number != invitations_sent(tender):
        return SroiInvitation(
            tender, problem=_("A newer invitation has been sent for this tender: use the link in the latest e-mail.")
        )
    return invitation


def contractor_organisation(user: User) -> Organisation:
    """The company of a signed-in contractor; 404 for anyone else."""
    if user.role != User.Role.CONTRACTOR or user.organisation is None:
        raise Http404
    return user.organisation


def contractor_tenders(user: User) -> QuerySet[SroiTender]:
    """The tenders of the contractor's company, each with its progress (procurement.sroi). One query."""
    organisation = contractor_organisation(user)
    return sroi.with_progress(
        SroiTender.objects.filter(contractor_organisation=organisation).select_related("municipality")
    ).order_by("-start_date", "title", "pk")


def contractor_tender(user: User, pk: int) -> SroiTender:
    try:
        return contractor_tenders(user).get(pk=pk)
    except SroiTender.DoesNotExist as error:
        raise Http404 from error


def contractor_requests_of(tender: SroiTender) -> QuerySet[PurchaseRequest]:
    """The contractor's purchase requests for the tender, newest first, with their quotes counted."""
    quotes = Quote.objects.filter(purchase_request=OuterRef("pk")).values("purchase_request")
    return (
        tender.purchase_requests.filter(origin=PurchaseRequest.Origin.CONTRACTOR)
        .annotate(quote_count=Coalesce(Subquery(quotes.annotate(count=Count("pk")).values("count")), 0))
        .order_by("-created_at", "-pk")
    )


def sroi_suggestions(tender: SroiTender, params) -> tuple[Any, Any]:
    """Verified suppliers that deliver in the tender's municipality, searched with the public directory's filters
    (text, theme, category, region, criteria such as a PSO certificate or staff with a distance to the labour
    market): those that count most towards the duty first, then those based in the municipality's region (as
    purchase requests that prefer the region rank them), then by name. Returns the filter set (its form) and one
    page of directory cards, each with `sroi_weight` and `in_region` (SupplierCard). A fixed number of queries."""
    municipality = tender.municipality
    weights = sroi.weights_of(municipality)
    filterset = directory_filterset(params, queryset=directory_suppliers().delivering_in(municipality))
    ranked = regional_first(filterset.qs, municipality.region_id).annotate(sroi_weight=sroi.weight_expression(weights))
    page = directory_page(ranked.order_by("-sroi_weight", "-in_region", "organisation__name", "pk"), params.get("page"))
    return filterset, page


def weights_municipality(user: User) -> Municipality:
    """The municipality whose weighting rules a coordinator or buyer sets."""
    return municipality_of(user, roles={User.Role.COORDINATOR, User.Role.BUYER})


def start_realisations_to_check(user: User) -> todo.TodoList:
    """Purchases contractors recorded for the buyer's municipality's tenders, awaiting the check, the oldest first.
    One query."""
    realisations = (
        SroiRealisation.objects.filter(
            tender__municipality=buyer_municipality(user), status=SroiRealisation.Status.SUBMITTED
        )
        .select_related("tender", "supplier__organisation")
        .order_by("created_at", "pk")
    )

    def item(realisation: SroiRealisation) -> todo.Todo:
        return todo.Todo(
            title=f"{realisation.tender.contractor}: {realisation.description}",
            url=reverse("procurement:tender_detail", args=[realisation.tender_id]) + "#realisations-heading",
            since=realisation.created_at,
            note=f"{realisation.supplier.organisation.name}, € {euros(realisation.amount)}",
        )

    return todo.todo_list(
        "realisations", _("SROI purchases to check"), realisations, item, more_url=reverse("procurement:tenders")
    )


def start_contractor_tenders(user: User) -> todo.TodoList:
    """The contractor's tenders whose duty is not met yet, the earliest start first, with what it still owes.
    One query."""
    tenders = contractor_tenders(user).order_by("start_date", "pk")

    def item(tender: SroiTender) -> todo.Todo:
        progress = sroi.progress_of(tender)
        return todo.Todo(
            title=tender.title,
            url=reverse("procurement:contractor_tender", args=[tender.pk]),
            since=tender.start_date,
            note=str(_("still owed: € %(amount)s") % {"amount": euros(progress.remaining)}),
        )

    unmet = [tender for tender in tenders if not sroi.progress_of(tender).met]
    return todo.TodoList(
        kind="sroi_duty",
        heading=_("Your social-return duty"),
        items=[item(tender) for tender in unmet[: todo.LIMIT]],
        more_url=reverse("procurement:contractor_tenders"),
        has_more=len(unmet) > todo.LIMIT,
    )


def euros(amount: Decimal) -> str:
    """An amount as the pages write it: 12.345,67 in Dutch."""
    return floatformat(amount, "2g")


# ---------------------------------------------------------------- figures


def figures_municipality(user: User) -> Municipality:
    """The municipality whose procurement figures a coordinator, buyer or council member may read."""
    return municipality_of(user, roles=FIGURE_ROLES)


def awards_in(municipality: Municipality) -> QuerySet[Award]:
    """The municipality's own awards; what its contractors buy for their social-return duty counts as their SROI
    purchases instead (an award of theirs becomes one), not as the municipality's spend."""
    return Award.objects.filter(
        purchase_request__municipality=municipality, purchase_request__origin=PurchaseRequest.Origin.MUNICIPAL
    )


def spend_per_year(municipality: Municipality) -> list[dict]:
    """Spend with impact suppliers per year: [{"year": 2020, "amount": Decimal, "awards": 3}, ...], oldest first."""
    rows = (
        awards_in(municipality)
        .annotate(year=ExtractYear("awarded_on"))
        .values("year")
        .annotate(amount=Sum("amount"), awards=Count("pk"))
        .order_by("year")
    )
    return list(rows)


def spend_per_theme(municipality: Municipality, year: int) -> list[dict]:
    """Spend of `year` per impact theme of the supplier: [{"theme": Theme, "amount": Decimal}], largest first.

    An award to a supplier with two themes counts under both, so the themes can add up to more than the total;
    awards to suppliers without a theme are left out here.
    """
    amounts = dict(
        Theme.objects.filter(
            suppliers__awards__purchase_request__municipality=municipality,
            suppliers__awards__purchase_request__origin=PurchaseRequest.Origin.MUNICIPAL,
            suppliers__awards__awarded_on__year=year,
        )
        .values("pk")
        .annotate(amount=Sum("suppliers__awards__amount"))
        .values_list("pk", "amount")
    )
    themes = Theme.objects.filter(pk__in=amounts)
    return sorted(
        ({"theme": theme, "amount": amounts[theme.pk]} for theme in themes),
        key=lambda row: (-row["amount"], str(row["theme"])),
    )


def sroi_progress(municipality: Municipality, year: int) -> SroiProgress:
    """Required and realised social return of the tenders whose contract started in `year`."""
    return sroi_progress_of_years(municipality, [year])[year]


def sroi_progress_of_years(municipality: Municipality, years: Iterable[int]) -> dict[int, SroiProgress]:
    """{year: required and realised social return of the tenders whose contract started in that year}. Two
    queries, whatever the years and the data: the tenders, and what was realised on them per year."""
    years = sorted(set(years))
    tenders = list(
        SroiTender.objects.filter(
            municipality=municipality, start_date__year__gte=years[0], start_date__year__lte=years[-1]
        ).only("pk", "start_date", "contract_value", "sroi_percentage")
    )
    realised_per_year = dict(
        SroiRealisation.objects.filter(
            tender__municipality=municipality,
            tender__start_date__year__gte=years[0],
            tender__start_date__year__lte=years[-1],
        )
        .values("tender__start_date__year")
        .annotate(realised=sroi.realised_sum())
        .order_by()
        .values_list("tender__start_date__year", "realised")
    )
    progress = {}
    for year in years:
        required = sum(
            (tender.required_amount for tender in tenders if tender.start_date.year == year), Decimal("0.00")
        )
        realised = Decimal(realised_per_year.get(year, 0)).quantize(sroi.CENT)
        progress[year] = SroiProgress(required=required, realised=realised)
    return progress


@dataclass(frozen=True)
class ProcurementFigures:
    """The procurement figures of one municipality and year, as the council letter reports them.

    - suppliers_registered: registrations in the register at the end of the year (any status);
      suppliers_registered_in_year: of which submitted in the year;
    - suppliers_verified: registrations verified at the end of the year (verified on or before 31 December
      and still verified now);
    - requests_posted: purchase requests posted in the year; requests_awarded: of those, awarded;
    - spend_total: the sum of awards made in the year; spend_per_theme: the same per supplier theme (an award
      counts under each theme of its supplier);
    - sroi: required against realised social return of the tenders that started in the year.
    """

    municipality: Municipality
    year: int
    suppliers_registered: int
    suppliers_registered_in_year: int
    suppliers_verified: int
    requests_posted: int
    requests_awarded: int
    spend_total: Decimal
    spend_per_theme: list[dict]
    sroi: SroiProgress


def _first_and_last_moment(year: int) -> tuple[datetime, datetime]:
    bounds = yearly_figures.bounds(year)
    return bounds.start, bounds.end


def _supplier_conditions(start: datetime, end: datetime) -> dict[str, Q]:
    """Suppliers registered up to and in the year (its first and last moment), and verified up to the year."""
    return {
        "registered": _registered_by(end),
        "registered_in_year": Q(submitted_at__range=(start, end)),
        "verified": _verified_by(end),
    }


def _registered_by(end: datetime) -> Q:
    return Q(submitted_at__lte=end)


def _verified_by(end: datetime) -> Q:
    return Q(status=Supplier.Status.VERIFIED, verified_at__lte=end)


def _supplier_counts(municipality: Municipality, years: list[int]) -> dict[int, dict[str, int]]:
    """{year: suppliers of the municipality registered up to and in the year, and verified up to the year}. One
    query."""
    counts = Supplier.objects.in_municipality(municipality).aggregate(
        **{
            f"{name}_{year}": Count("pk", filter=condition)
            for year in years
            for name, condition in _supplier_conditions(*_first_and_last_moment(year)).items()
        }
    )
    names = ("registered", "registered_in_year", "verified")
    return {year: {name: counts[f"{name}_{year}"] for name in names} for year in years}


def _request_counts(municipality: Municipality, years: list[int]) -> dict[int, dict[str, int]]:
    """{year: the municipality's own purchase requests posted in the year, and of those awarded}. One query."""
    own = PurchaseRequest.objects.filter(municipality=municipality, origin=PurchaseRequest.Origin.MUNICIPAL)
    rows = (
        own.filter(created_at__year__gte=min(years), created_at__year__lte=max(years))
        .values(year=ExtractYear("created_at"))
        .annotate(posted=Count("pk"), awarded=Count("pk", filter=Q(status=PurchaseRequest.Status.AWARDED)))
        .order_by()
    )
    counts = {row["year"]: {"posted": row["posted"], "awarded": row["awarded"]} for row in rows}
    return {year: counts.get(year, {"posted": 0, "awarded": 0}) for year in years}


def _spend_totals(municipality: Municipality, years: list[int]) -> dict[int, Decimal]:
    """{year: what the municipality awarded to suppliers in the year}. One query."""
    rows = (
        awards_in(municipality)
        .filter(awarded_on__year__gte=min(years), awarded_on__year__lte=max(years))
        .values(year=ExtractYear("awarded_on"))
        .annotate(total=Coalesce(Sum("amount"), ZERO))
        .order_by()
    )
    totals = {row["year"]: row["total"] for row in rows}
    return {year: totals.get(year, Decimal("0.00")) for year in years}


def procurement_figures(municipality: Municipality, year: int) -> ProcurementFigures:
    """All procurement figures of `municipality` in `year` (see ProcurementFigures); about ten queries."""
    return procurement_figures_of_years(municipality, [year])[year]


def procurement_figures_of_years(
    municipality: Municipality,
    years: Iterable[int],
    *,
    per_theme: bool = True,
    spend: "SpendOfYears | None" = None,
) -> dict[int, ProcurementFigures]:
    """{year: ProcurementFigures} for each of `years`, the counts and sums of all years in one query each;
    `per_theme=False` leaves the spend per theme empty (the council letter does not show it); `spend`
    (spend_of_years of the same years) spares the query of the spend: its municipal awards."""
    years = sorted(set(years))
    supplier_counts = _supplier_counts(municipality, years)
    request_counts = _request_counts(municipality, years)
    if spend is None:
        spend_totals = _spend_totals(municipality, years)
    else:
        spend_totals = {year: spend.awarded(year, PurchaseRequest.Origin.MUNICIPAL) for year in years}
    sroi_of_years = sroi_progress_of_years(municipality, years)
    return {
        year: ProcurementFigures(
            municipality=municipality,
            year=year,
            suppliers_registered=supplier_counts[year]["registered"],
            suppliers_registered_in_year=supplier_counts[year]["registered_in_year"],
            suppliers_verified=supplier_counts[year]["verified"],
            requests_posted=request_counts[year]["posted"],
            requests_awarded=request_counts[year]["awarded"],
            spend_total=spend_totals[year],
            spend_per_theme=spend_per_theme(municipality, year) if per_theme else [],
            sroi=sroi_of_years[year],
        )
        for year in years
    }


def figure_years(municipality: Municipality) -> list[int]:
    """The years with procurement activity, newest first, always including this year."""
    years = {timezone.localdate().year}
    years.update(spend["year"] for spend in spend_per_year(municipality))
    years.update(
        PurchaseRequest.objects.filter(municipality=municipality, origin=PurchaseRequest.Origin.MUNICIPAL)
        .annotate(year=ExtractYear("created_at"))
        .values_list("year", flat=True)
        .distinct()
    )
    years.update(
        tender.start_date.year for tender in SroiTender.objects.filter(municipality=municipality).only("start_date")
    )
    return sorted(years, reverse=True)


@dataclass(frozen=True)
class SocialRevenue:
    """The revenue social enterprises earned in one municipality and year through the portal, in euros, by who
    bought: the municipality (its awards), its contractors (the social-return purchases the buyer accepted) and
    private organisations (their awards). Awards on a contractor's own requests are not counted apart: each of
    them is recorded as a realisation, which is what counts."""

    municipal: Decimal
    contractor: Decimal
    private: Decimal

    @property
    def total(self) -> Decimal:
        return self.municipal + self.contractor + self.private


def social_revenue(municipality: Municipality, year: int) -> SocialRevenue:
    """What social enterprises earned through the municipality's, its contractors' and private organisations'
    purchases in `year` (SocialRevenue). Two queries."""
    return social_revenue_of_years(municipality, [year])[year]


def social_revenue_of_years(
    municipality: Municipality, years: Iterable[int], *, spend: "SpendOfYears | None" = None
) -> dict[int, SocialRevenue]:
    """{year: social_revenue of the year} for each of `years`, from the spend with suppliers of every year (two
    queries; none when `spend`, spend_of_years of the same years, is given)."""
    years = sorted(set(years))
    spend = spend_of_years(municipality, years) if spend is None else spend
    origin = PurchaseRequest.Origin
    return {
        year: SocialRevenue(
            municipal=spend.awarded(year, origin.MUNICIPAL),
            contractor=spend.contractor(year),
            private=spend.awarded(year, origin.PRIVATE),
        )
        for year in years
    }


# ---------------------------------------------------------------- yearly figures for programmes' indicators


# The register and spend of the programme's municipality, as procurement_figures (and so the council letter)
# counts them; one query for each provider, so that an indicator asks only for the figure it shows.


@yearly_figures.provides("suppliers_registered", "suppliers_verified")
def _yearly_supplier_figures(programme, year: int, names: Collection[str]) -> dict[str, int]:
    """Those of `names`, counted as _supplier_counts counts them."""
    rows = _yearly_suppliers(programme.municipality_id, yearly_figures.bounds(year).end)
    counted = rows[0] if rows else {"registered": 0, "verified": 0}
    return {name: counted[name.removeprefix("suppliers_")] for name in names}


# compiled once per process (core.compiledquery): one municipality's register up to the end of a year, one row
_yearly_suppliers = compiled_once(
    lambda municipality, end: (
        Supplier.objects.filter(organisation__municipality_id=municipality)
        .values("organisation__municipality_id")
        .annotate(registered=Count("pk", filter=_registered_by(end)), verified=Count("pk", filter=_verified_by(end)))
        .values("registered", "verified")
    )
)


@yearly_figures.provides("purchase_requests_awarded")
def _yearly_request_figures(programme, year: int, names: Collection[str]) -> dict[str, int]:
    return {"purchase_requests_awarded": _request_counts(programme.municipality, [year])[year]["awarded"]}


@yearly_figures.provides("impact_spend")
def _yearly_spend_figures(programme, year: int, names: Collection[str]) -> dict[str, Decimal]:
    return {"impact_spend": _spend_totals(programme.municipality, [year])[year]}


# ---------------------------------------------------------------- start page (open work, oldest first)


def start_pending_suppliers(user: User) -> todo.TodoList:
    """The registrations of the user's register scope (a coordinator's municipality, a regional coordinator's
    region) awaiting verification, longest waiting first, with their age in days; those waiting longer than
    their municipality's registration_waiting_days are flagged. One query."""
    scope = register_scope(user)
    suppliers = (
        _in_scope(Supplier.objects.all(), scope)
        .filter(status=Supplier.Status.PENDING)
        .select_related("organisation__municipality")
        .only(
            "pk",
            "submitted_at",
            "organisation__name",
            "organisation__municipality__name",
            "organisation__municipality__registration_waiting_days",
        )
        .order_by("submitted_at", "pk")
    )
    today = timezone.localdate()

    def item(supplier: Supplier) -> todo.Todo:
        days = (today - timezone.localdate(supplier.submitted_at)).days
        limit = supplier.organisation.municipality.registration_waiting_days
        too_long = days > limit
        if too_long:
            note = ngettext(
                "waiting %(days)s day, longer than %(limit)s", "waiting %(days)s days, longer than %(limit)s", days
            ) % {"days": days, "limit": limit}
        else:
            note = ngettext("%(days)s day old", "%(days)s days old", days) % {"days": days}
        if scope.is_region:
            note = f"{supplier.organisation.municipality.name}, {note}"
        return todo.Todo(
            title=supplier.organisation.name,
            url=reverse("procurement:register_supplier", args=[supplier.pk]),
            since=supplier.submitted_at,
            note=note,
            urgent=too_long,
        )

    return todo.todo_list(
        "suppliers",
        _("Supplier registrations awaiting verification"),
        suppliers,
        item,
        more_url=reverse("procurement:register") + "?status=pending",
    )


# ---------------------------------------------------------------- private buyers: registrations a coordinator decides


def _buyers_of(municipality: Municipality) -> QuerySet[Organisation]:
    return Organisation.objects.filter(municipality=municipality, kind=Organisation.Kind.COMPANY).exclude(
        buyer_status=BuyerStatus.NONE
    )


def buyer_registrations(user: User) -> QuerySet[Organisation]:
    """The private buyers of the coordinator's municipality, those awaiting verification first, with their number
    of purchase requests; 404 for anyone but a coordinator. A registration is a municipality's own: a regional
    coordinator does not decide it."""
    waiting = Case(When(buyer_status=BuyerStatus.PENDING, then=Value(0)), default=Value(1))
    posted = PurchaseRequest.objects.filter(organisation=OuterRef("pk"), origin=PurchaseRequest.Origin.PRIVATE)
    return (
        _buyers_of(coordinator_municipality(user))
        .annotate(waiting=waiting)
        .annotate(
            request_count=Coalesce(Subquery(posted.values("organisation").annotate(n=Count("pk")).values("n")), 0)
        )
        .order_by("waiting", "name", "pk")
    )


def buyer_registration(user: User, pk: int) -> Organisation:
    try:
        return _buyers_of(coordinator_municipality(user)).select_related("municipality").get(pk=pk)
    except Organisation.DoesNotExist as error:
        raise Http404 from error


def buyer_members(organisation: Organisation) -> QuerySet[User]:
    """The active people of a buyer's organisation, as the coordinator deciding on it sees them."""
    return organisation.members.filter(is_active=True).only("name", "email").order_by("pk")


def buyer_audit_trail(organisation: Organisation) -> QuerySet[audit.AuditEvent]:
    return (
        audit.entries_of(organisation)
        .select_related("actor")
        .filter(action__in=[AuditAction.BUYER_VERIFIED, AuditAction.BUYER_REJECTED])
    )


def start_pending_buyers(user: User) -> todo.TodoList:
    """Private buyers of the coordinator's municipality awaiting verification, longest waiting first (their
    sign-up, the date their member joined). One query."""
    buyers = (
        _buyers_of(coordinator_municipality(user))
        .filter(buyer_status=BuyerStatus.PENDING)
        .annotate(signed_up=Min("members__date_joined"))
        .only("pk", "name", "kvk_number")
        .order_by("signed_up", "pk")
    )

    def item(organisation: Organisation) -> todo.Todo:
        return todo.Todo(
            title=organisation.name,
            url=reverse("procurement:buyer_registration", args=[organisation.pk]),
            since=getattr(organisation, "signed_up", None),
            note=str(_("KvK %(number)s") % {"number": organisation.kvk_number}) if organisation.kvk_number else "",
        )

    return todo.todo_list(
        "buyers",
        _("Private buyer registrations awaiting verification"),
        buyers,
        item,
        more_url=reverse("procurement:buyer_registrations"),
    )


@dataclass(frozen=True)
class PrivateBuying:
    """A private buyer's start: whether its organisation is verified, whether it has posted a request, and its
    quotes to review (once verified)."""

    verified: bool
    posted: bool
    quotes: todo.TodoList | None


def start_private_buying(user: User) -> PrivateBuying:
    """See PrivateBuying. Three queries at most."""
    scope = buyer_scope(user)
    if not scope.may_buy:
        return PrivateBuying(verified=False, posted=scope.requests().exists(), quotes=None)
    quotes = start_quotes_to_review(user, scope)
    posted = bool(quotes.items) or scope.requests().exists()
    return PrivateBuying(verified=True, posted=posted, quotes=quotes)


def start_deregistered_suppliers(user: User) -> todo.TodoList:
    """Verified suppliers of the user's register scope (a coordinator's municipality, a regional coordinator's
    region) that the KvK register says were deregistered (the monthly re-check,
    procurement.tasks.recheck_suppliers_in_kvk_register), the longest known first; the public directory no longer
    lists them, and the coordinator decides about their registration. One query."""
    suppliers = (
        _in_scope(Supplier.objects.all(), register_scope(user))
        .verified()
        .deregistered()
        .select_related("organisation")
        .only("pk", "organisation__name", "organisation__kvk_number", "organisation__kvk_checked_at")
        .order_by("organisation__kvk_checked_at", "pk")
    )

    def item(supplier: Supplier) -> todo.Todo:
        return todo.Todo(
            title=supplier.organisation.name,
            url=reverse("procurement:register_supplier", args=[supplier.pk]),
            since=supplier.organisation.kvk_checked_at,
            note=str(
                _("KvK %(number)s: deregistered, no longer in the directory")
                % {"number": supplier.organisation.kvk_number}
            ),
            urgent=True,
        )

    return todo.todo_list(
        "deregistered_suppliers",
        _("Verified suppliers deregistered at the KvK"),
        suppliers,
        item,
        more_url=reverse("procurement:register") + "?status=verified",
    )


def registration_of(user: User) -> Supplier | None:
    """The entrepreneur's supplier registration (any status), with what `start_fitting_requests` needs; None for
    anyone else. One query."""
    if user.role != User.Role.ENTREPRENEUR or not user.organisation_id:
        return None
    return Supplier.objects.select_related("organisation").filter(organisation_id=user.organisation_id).first()


def start_fitting_requests(supplier: Supplier) -> todo.TodoList:
    """Open purchase requests that fit a verified supplier and that it has not answered, the first deadline first.
    One query."""
    requests = (
        open_requests_for_supplier(supplier)
        .exclude(Exists(Quote.objects.filter(purchase_request=OuterRef("pk"), supplier=supplier)))
        .select_related(None)
    )

    def item(purchase_request: PurchaseRequest) -> todo.Todo:
        deadline = date_format(purchase_request.deadline, "j F Y")
        return todo.Todo(
            title=purchase_request.title,
            url=reverse("procurement:request_detail", args=[purchase_request.pk]),
            since=purchase_request.created_at,
            note=str(_("quotes due by %(date)s") % {"date": deadline}),
        )

    return todo.todo_list(
        "fitting_requests",
        _("Purchase requests that fit your registration"),
        requests,
        item,
        more_url=reverse("procurement:supplier_requests"),
    )


def start_quotes_to_review(user: User, scope: BuyerScope | None = None) -> todo.TodoList:
    """The buyer's open purchase requests (its municipality's, or its private organisation's) that received quotes,
    the first deadline first. One query."""
    requests = (
        buyer_requests(user, status=PurchaseRequest.Status.OPEN, scope=scope)
        .filter(Exists(Quote.objects.filter(purchase_request=OuterRef("pk"))))
        .order_by("deadline", "pk")
    )

    def item(purchase_request) -> todo.Todo:
        return todo.Todo(
            title=purchase_request.title,
            url=reverse("procurement:request_detail", args=[purchase_request.pk]),
            since=purchase_request.created_at,
            note=ngettext("%(count)s quote", "%(count)s quotes", purchase_request.quote_count)
            % {"count": purchase_request.quote_count},
        )

    return todo.todo_list(
        "quotes", _("Quotes to review"), requests, item, more_url=reverse("procurement:requests") + "?status=open"
    )


def start_tenders_without_spend(user: User) -> todo.TodoList:
    """SROI tenders of the buyer's municipality whose contract started without any spend recorded yet, the
    earliest start first. One query."""
    tenders = (
        SroiTender.objects.filter(municipality=buyer_municipality(user), start_date__lte=timezone.localdate())
        .exclude(Exists(SroiRealisation.objects.filter(tender=OuterRef("pk"))))
        .only("pk", "title", "contractor", "start_date")
        .order_by("start_date", "pk")
    )

    def item(tender: SroiTender) -> todo.Todo:
        return todo.Todo(
            title=tender.title,
            url=reverse("procurement:tender_detail", args=[tender.pk]),
            since=tender.start_date,
            note=tender.contractor,
        )

    return todo.todo_list(
        "tenders", _("Awarded tenders without recorded spend"), tenders, item, more_url=reverse("procurement:tenders")
    )


# ---------------------------------------------------------------- a region's shared register


def register_counts(municipality_ids: QuerySet[Municipality, Any]) -> dict[int, dict[str, int]]:
    """Per municipality: its verified suppliers and the registrations awaiting verification. One query."""
    rows = (
        Supplier.objects.filter(organisation__municipality__in=municipality_ids)
        .values("organisation__municipality")
        .annotate(
            suppliers_verified=Count("pk", filter=Q(status=Supplier.Status.VERIFIED)),
            suppliers_pending=Count("pk", filter=Q(status=Supplier.Status.PENDING)),
        )
        .order_by()
    )
    return {
        row["organisation__municipality"]: {
            "suppliers_verified": row["suppliers_verified"],
            "suppliers_pending": row["suppliers_pending"],
        }
        for row in rows
    }


# ---------------------------------------------------------------- impact reports
#
# A verified supplier reports its impact of a year (ImpactReport); a coordinator of its municipality checks it.
# Only accepted figures count: on the public profile, in the totals per municipality and region, in the impact
# per euro spent and in the council letter.

PER_EUROS = Decimal("100000")  # impact per euro is given per €100,000 spent


def impact_years(today=None) -> list[int]:
    """The years a supplier may report about, newest first: this year (reported as it goes) and every earlier one."""
    return list(range((today or timezone.localdate()).year, FIRST_IMPACT_YEAR - 1, -1))


def due_impact_year(today=None) -> int:
    """The year whose report is due: last year's."""
    return (today or timezone.localdate()).year - 1


def own_impact_reports(user: User) -> tuple[Supplier, list[ImpactReport]]:
    """The entrepreneur's verified supplier and its reports, newest year first; 404 for anyone else."""
    supplier = own_verified_supplier(user)
    return supplier, list(supplier.impact_reports.select_related("checked_by").order_by("-year"))


def own_impact_report(user: User, year: int) -> tuple[Supplier, ImpactReport | None]:
    """The entrepreneur's verified supplier and its report of `year` (None before it is filed); 404 for a year
    outside the ones a supplier reports about, and for anyone but a member of a verified supplier."""
    if year not in impact_years():
        raise Http404
    supplier = own_verified_supplier(user)
    return supplier, supplier.impact_reports.filter(year=year).first()


def impact_evidence_for(user: User, pk: int) -> ImpactReport:
    """A report with evidence, for a member of its supplier or a coordinator of the supplier's municipality."""
    reports = ImpactReport.objects.exclude(evidence="").select_related("supplier__organisation")
    if user.is_authenticated and user.role == User.Role.COORDINATOR:
        reports = reports.filter(supplier__organisation__municipality=coordinator_municipality(user))
    elif user.is_authenticated and user.role == User.Role.ENTREPRENEUR and user.organisation_id:
        reports = reports.filter(supplier__organisation_id=user.organisation_id)
    else:
        raise Http404
    try:
        return reports.get(pk=pk)
    except ImpactReport.DoesNotExist as error:
        raise Http404 from error


def reports_to_check(user: User) -> QuerySet[ImpactReport]:
    """The reports of the coordinator's municipality's suppliers: those awaiting a check first (oldest first),
    then the rest, newest year first."""
    municipality = coordinator_municipality(user)
    waiting = Case(When(status=ImpactReport.Status.SUBMITTED, then=Value(0)), default=Value(1))
    return (
        ImpactReport.objects.filter(supplier__organisation__municipality=municipality)
        .select_related("supplier__organisation")
        .annotate(waiting=waiting)
        .order_by("waiting", "-year", "submitted_at", "pk")
    )


def report_to_check(user: User, pk: int) -> ImpactReport:
    municipality = coordinator_municipality(user)
    try:
        return ImpactReport.objects.select_related("supplier__organisation__municipality", "checked_by").get(
            pk=pk, supplier__organisation__municipality=municipality
        )
    except ImpactReport.DoesNotExist as error:
        raise Http404 from error


def accepted_impact_of(supplier: Supplier) -> list[ImpactReport]:
    """The supplier's accepted reports, newest year first: what its public profile shows."""
    return list(supplier.impact_reports.filter(status=ImpactReport.Status.ACCEPTED).order_by("-year"))


@dataclass(frozen=True)
class ImpactFigure:
    name: str
    label: str
    definition: str
    value: Decimal | int
    per_100k: Decimal | None = None  # per €100,000 spent, where a spend is known


@dataclass(frozen=True)
class ImpactTotals:
    """The accepted figures of a set of suppliers in a year, added up; `reports`: how many were accepted."""

    year: int
    reports: int
    figures: list[ImpactFigure]
    spend: Decimal | None = None  # for impact per euro: what was spent with the suppliers that reported

    def value(self, name: str):
        return next(figure.value for figure in self.figures if figure.name == name)


def impact_definitions() -> list[tuple[str, str, str]]:
    """Each figure of the menu: (name, label, definition), in the active language."""
    return [
        (name, str(impact_figure_field(name).verbose_name), str(impact_figure_field(name).help_text))
        for name in IMPACT_FIGURES
    ]


def _per_100k(value, spend: Decimal | None) -> Decimal | None:
    if not spend:
        return None
    return (Decimal(value) * PER_EUROS / spend).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _totals(reports: QuerySet[ImpactReport], year: int, spend: Decimal | None = None) -> ImpactTotals:
    """One query: the sums of the accepted `reports` of `year`."""
    sums = reports.filter(status=ImpactReport.Status.ACCEPTED, year=year).aggregate(
        reports=Count("pk"), **{name: Sum(name) for name in IMPACT_FIGURES}
    )
    return _totals_of(sums, year, impact_definitions(), spend)


def _totals_of(
    sums: dict, year: int, definitions: list[tuple[str, str, str]], spend: Decimal | None = None
) -> ImpactTotals:
    figures = []
    for name, label, definition in definitions:
        value = sums[name] or (Decimal("0") if name in IMPACT_DECIMAL_FIGURES else 0)
        figures.append(ImpactFigure(name, label, definition, value, _per_100k(value, spend)))
    return ImpactTotals(year=year, reports=sums["reports"], figures=figures, spend=spend)


def municipality_impact(municipality: Municipality, year: int) -> ImpactTotals:
    """The accepted figures of the suppliers based in `municipality`, in `year`."""
    return _totals(ImpactReport.objects.filter(supplier__organisation__municipality=municipality), year)


def municipality_impact_of_years(municipality: Municipality, years: Iterable[int]) -> dict[int, ImpactTotals]:
    """{year: municipality_impact of the year} for each of `years`: the sums of every year in one query."""
    years = sorted(set(years))
    rows = (
        ImpactReport.objects.filter(
            supplier__organisation__municipality=municipality, status=ImpactReport.Status.ACCEPTED, year__in=years
        )
        .values("year")
        .annotate(reports=Count("pk"), **{name: Sum(name) for name in IMPACT_FIGURES})
        .order_by()
    )
    sums = {row["year"]: row for row in rows}
    empty = {"reports": 0, **dict.fromkeys(IMPACT_FIGURES)}
    definitions = impact_definitions()
    return {year: _totals_of(sums.get(year, empty), year, definitions) for year in years}


def region_impact(municipality: Municipality, year: int) -> ImpactTotals | None:
    """The accepted figures of the suppliers based in any municipality of `municipality`'s region; None without
    a region."""
    if municipality.region_id is None:
        return None
    return _totals(
        ImpactReport.objects.filter(supplier__organisation__municipality__region=municipality.region_id), year
    )


def spend_with_suppliers(municipality: Municipality, year: int) -> dict[int, Decimal]:
    """{supplier id: euros} the municipality spent in `year` with each supplier: its awards and the SROI purchases
    its contractors made from it. Two queries."""
    return spend_with_suppliers_of_years(municipality, [year])[year]


def spend_with_suppliers_of_years(municipality: Municipality, years: Iterable[int]) -> dict[int, dict[int, Decimal]]:
    """{year: spend_with_suppliers of the year} for each of `years`, in two queries."""
    spend = spend_of_years(municipality, years)
    return {year: spend.with_suppliers(year) for year in spend.awards}


@dataclass(frozen=True)
class SpendOfYears:
    """What was bought from suppliers in a municipality in each of some years, per supplier: the awards on its
    purchase requests by origin (`awards`: {year: {(supplier id, origin): euros}}, the municipality's own and
    private organisations') and the SROI purchases of its contractors that the buyer accepted (`realisations`:
    {year: {supplier id: euros}}). The spend, the social revenue and the impact per euro of the same years read
    it once (spend_of_years)."""

    awards: dict[int, dict[tuple[int, str], Decimal]]
    realisations: dict[int, dict[int, Decimal]]

    def awarded(self, year: int, origin: str) -> Decimal:
        """The awards of `year` on purchase requests of `origin` added up."""
        return sum(
            (total for (_supplier, of_origin), total in self.awards[year].items() if of_origin == origin),
            Decimal("0.00"),
        )

    def contractor(self, year: int) -> Decimal:
        """The contractors' accepted SROI purchases of `year` added up."""
        return sum(self.realisations[year].values(), Decimal("0.00"))

    def with_suppliers(self, year: int) -> dict[int, Decimal]:
        """{supplier id: euros} the municipality spent in `year` with each supplier (see spend_with_suppliers)."""
        spend: dict[int, Decimal] = {}
        for (supplier, origin), total in self.awards[year].items():
            if origin == PurchaseRequest.Origin.MUNICIPAL:
                spend[supplier] = spend.get(supplier, Decimal("0")) + total
        for supplier, total in self.realisations[year].items():
            spend[supplier] = spend.get(supplier, Decimal("0")) + total
        return spend


def spend_of_years(municipality: Municipality, years: Iterable[int]) -> SpendOfYears:
    """The SpendOfYears of the municipality in each of `years`. Two queries, whatever the years."""
    years = sorted(set(years))
    origin = PurchaseRequest.Origin
    awards = (
        Award.objects.filter(
            purchase_request__municipality=municipality,
            purchase_request__origin__in=(origin.MUNICIPAL, origin.PRIVATE),
            awarded_on__year__gte=years[0],
            awarded_on__year__lte=years[-1],
        )
        .values_list(ExtractYear("awarded_on"), "supplier", "purchase_request__origin")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    realisations = (
        SroiRealisation.objects.filter(
            tender__municipality=municipality,
            date__year__gte=years[0],
            date__year__lte=years[-1],
            status=SroiRealisation.Status.ACCEPTED,
        )
        .values_list(ExtractYear("date"), "supplier")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    spend = SpendOfYears(awards={year: {} for year in years}, realisations={year: {} for year in years})
    for year, supplier, of_origin, total in awards:
        if year in spend.awards:
            spend.awards[year][(supplier, of_origin)] = total
    for year, supplier, total in realisations:
        if year in spend.realisations:
            spend.realisations[year][supplier] = total
    return spend


def impact_per_euro(municipality: Municipality, year: int) -> ImpactTotals:
    """The accepted figures of `year` of the suppliers the municipality spent with that year (awards and SROI
    purchases), with each figure per €100,000 spent with those of them that reported. Their whole impact counts,
    not a share of it: it says what the money went to, not what it caused. Three queries."""
    return impact_per_euro_of_years(municipality, [year])[year]


def _added_up(rows: Iterable[list]) -> dict:
    """The sums of several [reports, *sums of IMPACT_FIGURES] as one aggregate gives them: None where none had a
    value."""
    columns = list(zip(*rows, strict=True)) or [()] * (len(IMPACT_FIGURES) + 1)
    sums = {"reports": sum(columns[0])}
    for name, column in zip(IMPACT_FIGURES, columns[1:], strict=True):
        given = [value for value in column if value is not None]
        sums[name] = sum(given) if given else None
    return sums


def impact_per_euro_of_years(
    municipality: Municipality, years: Iterable[int], *, spend: SpendOfYears | None = None
) -> dict[int, ImpactTotals]:
    """{year: impact_per_euro of the year} for each of `years`: the spend of every year (two queries; none when
    `spend`, spend_of_years of the same years, is given) and the sums of each supplier's accepted reports of every
    year (one query), added up per year here."""
    years = sorted(set(years))
    spend = spend_of_years(municipality, years) if spend is None else spend
    with_suppliers = {year: spend.with_suppliers(year) for year in years}
    suppliers = sorted({pk for of_year in with_suppliers.values() for pk in of_year})
    rows = (
        ImpactReport.objects.filter(
            supplier__in=suppliers, year__in=list(with_suppliers), status=ImpactReport.Status.ACCEPTED
        )
        .values_list("year", "supplier_id")
        .annotate(reports=Count("pk"), **{name: Sum(name) for name in IMPACT_FIGURES})
        .order_by()
    )
    reported: dict[int, dict[int, list]] = {year: {} for year in with_suppliers}  # {year: {supplier: [reports, *sums]}}
    for year, supplier, *values in rows:
        if supplier in with_suppliers[year]:
            reported[year][supplier] = values
    definitions = impact_definitions()
    totals = {}
    for year, of_year in with_suppliers.items():
        spent = sum((of_year[pk] for pk in reported[year]), Decimal("0.00"))
        totals[year] = _totals_of(_added_up(reported[year].values()), year, definitions, spend=spent or None)
    return totals


def impact_overview_years(municipality: Municipality) -> list[int]:
    """The years with reports of the municipality's suppliers, and last year, newest first."""
    years = set(
        ImpactReport.objects.filter(supplier__organisation__municipality=municipality)
        .values_list("year", flat=True)
        .distinct()
    )
    years.add(due_impact_year())
    return sorted(years, reverse=True)


def newest_accepted_impact_year(municipality: Municipality) -> int | None:
    """The newest year of which one of the municipality's suppliers has an accepted report, if any. One query."""
    return (
        ImpactReport.objects.filter(
            supplier__organisation__municipality=municipality, status=ImpactReport.Status.ACCEPTED
        )
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )


def start_impact_reports_to_check(user: User) -> todo.TodoList:
    """The impact reports of the coordinator's municipality's suppliers awaiting a check, longest waiting first.
    One query."""
    reports = (
        ImpactReport.objects.filter(
            supplier__organisation__municipality=coordinator_municipality(user), status=ImpactReport.Status.SUBMITTED
        )
        .select_related("supplier__organisation")
        .only("pk", "year", "submitted_at", "supplier__organisation__name")
        .order_by("submitted_at", "pk")
    )

    def item(report: ImpactReport) -> todo.Todo:
        return todo.Todo(
            title=report.supplier.organisation.name,
            url=reverse("procurement:impact_check", args=[report.pk]),
            since=report.submitted_at,
            note=str(_("impact of %(year)s") % {"year": report.year}),
        )

    return todo.todo_list(
        "impact_reports",
        _("Impact reports awaiting a check"),
        reports,
        item,
        more_url=reverse("procurement:impact_overview"),
    )
