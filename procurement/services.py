"""Writes for procurement: supplier registration and verification, purchase requests with quotes and awards,
SROI tenders, and the CSV import of the register.

Every verification, award and SROI change leaves an entry in the audit trail (core.audit). Status changes of
a supplier and of a purchase request go through core.transitions.transition, which locks the row.
E-mails are sent after the transaction commits, so a rolled-back change never mails anyone.
"""

import datetime
import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cache, partial

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core import signing
from django.core.cache import cache as progress_cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import kvk
from accounts.forms import REFUSALS
from accounts.models import BuyerStatus, KvkStatus, Municipality, Organisation, Theme, User
from accounts.services import refresh_from_register, register_data
from core import audit, files, geo, mail, pagecache
from core.services import model_update
from core.transitions import transition
from notifications.models import Notification
from notifications.services import notify

from . import register_csv, sroi
from .models import (
    IMPACT_FIGURES,
    AuditAction,
    Award,
    Category,
    ImpactReport,
    Offering,
    PurchaseRequest,
    Quote,
    RegisterImport,
    SroiRealisation,
    SroiTender,
    SroiWeight,
    Supplier,
)
from .search import facet
from .selectors import SroiInvitation, invitations_sent, ranked_fitting_suppliers

logger = logging.getLogger(__name__)

# ---------------------------------------------------------------- e-mail


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def supplier_addresses(supplier: Supplier) -> list[str]:
    """Where to write to a supplier: the organisation's members, else its contact or organisation e-mail."""
    members = list(supplier.organisation.members.filter(is_active=True).values_list("email", flat=True))
    return members or [address for address in (supplier.contact_email, supplier.organisation.email) if address][:1]


def staff_addresses(municipality: Municipality, role: str) -> list[str]:
    return list(
        User.objects.filter(municipality=municipality, role=role, is_active=True).values_list("email", flat=True)
    )


# ---------------------------------------------------------------- search vector and location


@cache
def _dutch_labels() -> tuple[dict[str, str], dict[str, str]]:
    """The Dutch names of the categories and the themes, which the search vector holds."""
    with translation.override("nl"):
        return (
            {code: str(label) for code, label in Category.choices},
            {code: str(label) for code, label in Theme.Code.choices},
        )


def _search_texts(supplier: Supplier) -> dict[str, str]:
    """The supplier's text by weight: A name, B products and categories, C descriptions, D place and themes."""
    offerings = list(supplier.offerings.all())
    category_labels, theme_labels = _dutch_labels()
    categories = " ".join(sorted({category_labels[o.category] for o in offerings}))
    themes = " ".join(theme_labels[theme.code] for theme in supplier.themes.all())
    return {
        "A": supplier.organisation.name,
        "B": " ".join([*(o.title for o in offerings), categories]),
        "C": " ".join([supplier.description, supplier.impact, *(o.description for o in offerings)]),
        "D": " ".join([supplier.city, supplier.delivery_region, themes]),
    }


def _search_facets(supplier: Supplier) -> list[str]:
    """The lexemes of the supplier's themes, of its offerings' categories and of its organisation's municipality
    (procurement.search.facet)."""
    themes = {facet("theme", theme.code) for theme in supplier.themes.all()}
    categories = {facet("category", offering.category) for offering in supplier.offerings.all()}
    return sorted(themes | categories | {facet("municipality", supplier.organisation.municipality_id)})


def search_row(supplier: Supplier) -> tuple:
    """What SEARCH_VECTOR_SQL makes a supplier's vector of: id, its texts by weight (A to D), its facets."""
    texts = _search_texts(supplier)
    return (supplier.pk, *(texts[weight] for weight in WEIGHTS), _search_facets(supplier))


WEIGHTS = ("A", "B", "C", "D")
SEARCH_VECTOR_SQL = " || ".join(
    [*(f"setweight(to_tsvector('dutch'::regconfig, v.{w.lower()}), '{w}')" for w in WEIGHTS), "array_to_tsvector(v.f)"]
)
SEARCH_ROW_SQL = "(%s::bigint, %s, %s, %s, %s, %s::text[])"  # v(id, a, b, c, d, f), as search_row gives them


# With the UPDATE of a batch's vectors (`refreshed`), in the same statement: SearchWord gets the words of the new
# vectors that it lacks, and the statement returns the words that the batch's vectors held before and hold no more
# (a text changed or erased), which search_words_forget takes away once the change is committed.
SEARCH_WORDS_SQL = r"""
    old AS (SELECT DISTINCT unnest(tsvector_to_array(search_vector)) AS word
            FROM procurement_supplier WHERE id = ANY(%s::bigint[])),
    new AS (SELECT DISTINCT unnest(tsvector_to_array(search_vector)) AS word FROM refreshed),
    added AS (INSERT INTO procurement_searchword (word) SELECT word FROM new ON CONFLICT DO NOTHING)
    SELECT word FROM old EXCEPT SELECT word FROM new
"""

# The words of SearchWord (those in a list, or all) that no supplier's vector holds.
UNHELD_WORDS_SQL = r"""
    DELETE FROM procurement_searchword AS kept WHERE {which} NOT EXISTS (
        SELECT 1 FROM procurement_supplier AS holder
        WHERE holder.search_vector @@ ('''' || replace(replace(kept.word, '\', '\\'), '''', '''''') || '''')::tsquery)
"""


def suppliers_refresh_search(supplier_ids: Iterable[int], *, batch_size: int = 1000) -> None:
    """Rebuild the stored tsvector of these suppliers, and their `sort_name` with it (PostgreSQL only; SQLite
    searches with icontains, and a supplier's save keeps its `sort_name`).

    One UPDATE ... FROM (VALUES ...) per batch: each supplier's texts by weight and its facets go in as
    parameters, and PostgreSQL makes the vector with the 'dutch' configuration, so one supplier or ten thousand
    take the same path; the same statement adds the vectors' new words to SearchWord (SEARCH_WORDS_SQL), and the
    words they no longer hold go once the change is committed (search_words_forget).
    """
    if connection.vendor != "postgresql":
        return
    ids = list(supplier_ids)
    gone: set[str] = set()
    for start in range(0, len(ids), batch_size):
        batch = (
            Supplier.objects.filter(pk__in=ids[start : start + batch_size])
            .select_related("organisation")
            .prefetch_related("offerings", "themes")
            .order_by()
        )
        rows = [search_row(supplier) for supplier in batch]
        if not rows:
            continue
        values = ", ".join([SEARCH_ROW_SQL] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH refreshed AS (UPDATE procurement_supplier AS s SET search_vector = {SEARCH_VECTOR_SQL}, "  # noqa: S608 (fixed SQL, values bound)
                f"sort_name = v.a FROM (VALUES {values}) AS v(id, a, b, c, d, f) WHERE s.id = v.id "
                f"RETURNING s.search_vector), {SEARCH_WORDS_SQL}",
                [value for row in rows for value in row] + [[row[0] for row in rows]],
            )
            gone.update(word for (word,) in cursor.fetchall())
    if gone:
        transaction.on_commit(partial(search_words_forget, sorted(gone)), robust=True)


def suppliers_moved(*, organisation: Organisation, **_signal) -> None:
    """An organisation moved to another municipality (accounts.models.organisation_moved, sent by its save): its
    suppliers' search vectors refreshed, which hold the municipality for the directory's filter."""
    suppliers_refresh_search(Supplier.objects.filter(organisation=organisation).values_list("pk", flat=True))


def search_words_forget(words: list[str] | None = None) -> int:
    """Take away from SearchWord those of `words` (all its words when None) that no supplier's vector holds: the
    words of a text changed or erased (after suppliers_refresh_search), or of a supplier deleted (the daily job
    procurement.forget_unheld_search_words). In a transaction of its own that first waits for the refreshes under
    way, whose inserts its lock conflicts with (searches only read), so that a word another supplier's vector gains
    meanwhile is never lost; when that wait passes a few seconds, the daily job takes the words away instead."""
    if connection.vendor != "postgresql":
        return 0
    which = "kept.word = ANY(%s) AND" if words is not None else ""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '5s'")
            cursor.execute("LOCK TABLE procurement_searchword IN SHARE ROW EXCLUSIVE MODE")
            cursor.execute(UNHELD_WORDS_SQL.format(which=which), [words] if words is not None else [])
            return cursor.rowcount
    except OperationalError as error:
        logger.warning("search words left for the daily job: %s", error)
        return 0


def locate_supplier(supplier: Supplier) -> None:
    """Set latitude and longitude from the supplier's postcode (None where the postcode is unknown)."""
    supplier.latitude, supplier.longitude = _coordinates(supplier.postcode)


def located(fields: dict, supplier: Supplier) -> dict:
    """`fields` with the latitude and longitude of their postcode (or of the supplier's, if they have none)."""
    latitude, longitude = _coordinates(fields.get("postcode", supplier.postcode))
    return {**fields, "latitude": latitude, "longitude": longitude}


def _coordinates(postcode: str) -> tuple[float | None, float | None]:
    point = geo.locate(postcode)
    return (point.latitude, point.longitude) if point else (None, None)


# ---------------------------------------------------------------- supplier registration and verification

DECISION_ACTIONS: dict[str, str] = {
    Supplier.Status.VERIFIED: AuditAction.SUPPLIER_VERIFIED,
    Supplier.Status.REJECTED: AuditAction.SUPPLIER_REJECTED,
    Supplier.Status.PENDING: AuditAction.SUPPLIER_RESUBMITTED,
}


REGISTRATION_FIELDS = (*register_csv.SUPPLIER_FIELDS, "latitude", "longitude", "themes", "delivery_municipalities")
OFFERING_FIELDS = ("title", "category", "kind", "description", "price", "unit")


@dataclass
class OfferingData:
    """One row of the products-and-services formset; `pk` None for a new one."""

    title: str
    category: str
    kind: str = Offering.Kind.SERVICE
    description: str = ""
    price: Decimal | None = None
    unit: str = ""
    pk: int | None = None


@dataclass
class RegistrationData:
    fields: dict
    themes: Iterable[Theme] = ()
    delivery_municipalities: Iterable[Municipality] = ()
    offerings: list[OfferingData] = field(default_factory=list)
    removed_offering_ids: list[int] = field(default_factory=list)


def _save_offerings(supplier: Supplier, offerings: list[OfferingData], removed_ids: list[int]) -> None:
    supplier.offerings.filter(pk__in=removed_ids).delete()
    own = {offering.pk: offering for offering in supplier.offerings.all()}
    for data in offerings:
        offering = own.get(data.pk) if data.pk else Offering(supplier=supplier)
        if offering is None:  # an id of another supplier's offering: never touch it
            continue
        model_update(instance=offering, fields=OFFERING_FIELDS, data=vars(data))


@transaction.atomic
def supplier_save_registration(*, organisation: Organisation, user: User, data: RegistrationData) -> Supplier:
    """Register `organisation` as an impact supplier, or update its registration.

    A new registration awaits verification and the municipality's coordinators are told; a rejected one that
    is edited goes back to them (resubmitted). Editing a verified registration keeps it verified.
    """
    registered = Supplier.objects.filter(organisation=organisation).first()
    is_new = registered is None
    supplier = registered or Supplier(organisation=organisation)
    fields = {**data.fields, "themes": data.themes, "delivery_municipalities": data.delivery_municipalities}
    model_update(instance=supplier, fields=REGISTRATION_FIELDS, data=located(fields, supplier))
    _save_offerings(supplier, data.offerings, data.removed_offering_ids)
    if is_new:
        audit.record(
            action=AuditAction.SUPPLIER_REGISTERED,
            actor=user,
            municipality=organisation.municipality,
            instance=supplier,
        )
        _tell_coordinators_of_registration(supplier)
    elif supplier.status == Supplier.Status.REJECTED:
        supplier_change_status(supplier=supplier, to=Supplier.Status.PENDING, actor=user)
        _tell_coordinators_of_registration(supplier)
    suppliers_refresh_search([supplier.pk])
    return supplier


def _tell_coordinators_of_registration(supplier: Supplier) -> None:
    mail.mail_on_commit(
        "procurement/email/registration_received",
        {
            "name": supplier.organisation.name,
            "url": absolute_url(reverse("procurement:register_supplier", kwargs={"pk": supplier.pk})),
        },
        staff_addresses(supplier.organisation.municipality, User.Role.COORDINATOR),
    )


@transaction.atomic
def supplier_change_status(*, supplier: Supplier, to: str, actor: User, reason: str = "") -> Supplier:
    """The one way a supplier's status changes. Rejections need a reason; the entrepreneur is told by e-mail.

    Allowed: awaiting → verified or rejected; verified → rejected (withdrawn); rejected → verified, or back to
    awaiting when the supplier edits the registration. Verified → awaiting happens only through
    supplier_identity_changed.
    """
    reason = reason.strip()

    def decide(supplier: Supplier) -> None:
        if to == Supplier.Status.PENDING and supplier.status == Supplier.Status.VERIFIED:
            raise ValidationError(
                _("A verified registration awaits verification again only when its name or KvK number changes.")
            )
        if to == Supplier.Status.REJECTED and not reason:
            raise ValidationError({"reason": _("Give the reason for the rejection; the entrepreneur will read it.")})
        if to != Supplier.Status.PENDING:
            supplier.decision_reason = reason
        if to == Supplier.Status.VERIFIED:
            supplier.verified_at = timezone.now()

    supplier = transition(
        supplier,
        to=to,
        actor=actor,
        municipality=supplier.organisation.municipality,
        prepare=decide,
        action=DECISION_ACTIONS[to],
        reason=reason,
        message=_("A registration that is %(current)s cannot become %(new)s."),
    )
    if to != Supplier.Status.PENDING:
        _tell_supplier_of_decision(supplier, verified=to == Supplier.Status.VERIFIED, reason=reason)
    return supplier


def suppliers_decide(*, suppliers: Iterable[Supplier], to: str, actor: User, reason: str = "") -> tuple[int, list[str]]:
    """Verify or reject (send back, with the reason) several registrations at once, each through
    supplier_change_status in its own transaction: one whose status does not allow the step is left as it
    was and named, the others are done. Returns how many changed and the names of those that did not."""
    done, refused = 0, []
    for supplier in suppliers:
        try:
            supplier_change_status(supplier=supplier, to=to, actor=actor, reason=reason)
        except ValidationError:
            refused.append(supplier.organisation.name)
        else:
            done += 1
    return done, refused


def _tell_supplier_of_decision(
    supplier: Supplier, *, verified: bool, reason: str, addresses: list[str] | None = None
) -> None:
    """The members are notified as they chose (the decision's e-mail when straight away); a supplier without
    members, or one just imported (`addresses`), gets the e-mail at its contact address."""
    context = {
        "name": supplier.organisation.name,
        "verified": verified,
        "reason": reason,
        "url": absolute_url(reverse("procurement:registration")),
        "profile_url": absolute_url(supplier.get_absolute_url()),
    }
    members = [] if addresses is not None else list(supplier.organisation.members.filter(is_active=True))
    if not members:
        mail.mail_on_commit(
            "procurement/email/registration_decided", context, addresses or supplier_addresses(supplier)
        )
        return
    outcome = "verified" if verified else "rejected"
    notify(
        event=f"registration_{outcome}",
        key=f"supplier:{supplier.pk}:{outcome}:{timezone.now().timestamp()}",
        recipients=members,
        url=reverse("procurement:registration"),
        mail_template="procurement/email/registration_decided",
        mail_context=context,
    )


def supplier_identity_changed(*, organisation: Organisation, actor: User | None, changes: dict, **_signal) -> None:
    """An organisation's name or KvK number changed (`changes`: {field: [old, new]}): a verified supplier goes
    back for verification, recorded with the old and new values, and the municipality's coordinators are told.
    The public directory and profile show only verified suppliers, so it leaves them until it is verified again.
    Every supplier of the organisation sorts by its new name."""
    Supplier.objects.filter(organisation=organisation).update(sort_name=organisation.name)
    supplier = Supplier.objects.filter(organisation=organisation, status=Supplier.Status.VERIFIED).first()
    if supplier is None:
        return
    supplier = transition(
        supplier,
        to=Supplier.Status.PENDING,
        actor=actor,
        municipality=organisation.municipality,
        action=None,  # recorded below, with the organisation's old and new name and number
    )
    audit.record(
        action=AuditAction.SUPPLIER_IDENTITY_CHANGED,
        actor=actor,
        municipality=organisation.municipality,
        instance=supplier,
        changes={**changes, "status": [Supplier.Status.VERIFIED.value, Supplier.Status.PENDING.value]},
    )
    mail.mail_on_commit(
        "procurement/email/identity_changed",
        {
            "name": organisation.name,
            "changes": [
                {"field": field_name, "old": old or "–", "new": new or "–"}
                for field_name, (old, new) in sorted(changes.items())
            ],
            "url": absolute_url(reverse("procurement:register_supplier", kwargs={"pk": supplier.pk})),
        },
        staff_addresses(organisation.municipality, User.Role.COORDINATOR),
    )


# ---------------------------------------------------------------- private buyers: their registration

BUYER_DECISION_ACTIONS: dict[str, str] = {
    BuyerStatus.VERIFIED: AuditAction.BUYER_VERIFIED,
    BuyerStatus.REJECTED: AuditAction.BUYER_REJECTED,
}


@transaction.atomic
def buyer_change_status(*, organisation: Organisation, to: str, actor: User, reason: str = "") -> Organisation:
    """A coordinator verifies a private buyer's registration, or rejects it with a reason (also a verified one:
    it may then no longer post or award). Locked and recorded by core.transitions; the members are notified."""
    reason = reason.strip()
    if to not in BUYER_DECISION_ACTIONS:
        raise ValidationError(_("A coordinator verifies or rejects a buyer registration."))

    def decide(organisation: Organisation) -> None:
        if to == BuyerStatus.REJECTED and not reason:
            raise ValidationError({"reason": _("Give the reason for the rejection; the organisation will read it.")})

    organisation = transition(
        organisation,
        to=to,
        actor=actor,
        field="buyer_status",
        municipality=organisation.municipality,
        prepare=decide,
        updates={"buyer_decided_at": timezone.now()},
        action=BUYER_DECISION_ACTIONS[to],
        reason=reason,
        message=_("A buyer registration that is %(current)s cannot become %(new)s."),
    )
    verified = to == BuyerStatus.VERIFIED
    outcome = "verified" if verified else "rejected"
    notify(
        event=f"buyer_{outcome}",
        key=f"buyer:{organisation.pk}:{outcome}:{timezone.now().timestamp()}",
        recipients=organisation.members.filter(is_active=True),
        params={"name": organisation.name, "reason": reason},
        url=reverse("procurement:requests"),
        mail_template="procurement/email/buyer_decided",
        mail_context={
            "name": organisation.name,
            "municipality": organisation.municipality.name,
            "verified": verified,
            "reason": reason,
            "url": absolute_url(reverse("procurement:requests")),
        },
    )
    return organisation


# ---------------------------------------------------------------- purchase requests, quotes and awards


def _trail_municipality(purchase_request: PurchaseRequest) -> Municipality | None:
    """Where a request's decisions show in the audit trail: the municipality's own in its trail; a private
    organisation's purchases are its own business and stay out of the municipality's trail."""
    if purchase_request.origin == PurchaseRequest.Origin.PRIVATE:
        return None
    return purchase_request.municipality


@transaction.atomic
def purchase_request_post(
    *, buyer: User, municipality: Municipality, data: dict, organisation: Organisation | None = None
) -> PurchaseRequest:
    """Post a purchase request for the buyer's municipality, or for a private buyer's `organisation` (verified by
    the municipality it is in), and e-mail every fitting verified supplier."""
    purchase_request = PurchaseRequest(municipality=municipality, posted_by=buyer, **data)
    if organisation is not None:
        if organisation.buyer_status != BuyerStatus.VERIFIED or organisation.municipality_id != municipality.pk:
            raise ValidationError(
                _("Your organisation may post purchase requests once the municipality has verified it.")
            )
        purchase_request.origin = PurchaseRequest.Origin.PRIVATE
        purchase_request.organisation = organisation
        purchase_request.counts_towards_sroi = False
    purchase_request.full_clean()
    if purchase_request.deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The deadline must lie in the future.")})
    purchase_request.save()
    suppliers = list(ranked_fitting_suppliers(purchase_request))  # regional ones first when the request prefers them
    audit.record(
        action=AuditAction.REQUEST_POSTED,
        actor=buyer,
        municipality=_trail_municipality(purchase_request),
        instance=purchase_request,
        details={"suppliers_told": len(suppliers)},
    )
    context = {
        "request": _mail_context_of_request(purchase_request),
        "url": absolute_url(purchase_request.get_absolute_url()),
    }
    # The fitting suppliers' members are notified as they chose; a supplier without members gets the e-mail at
    # its contact address.
    rank = {supplier.organisation_id: position for position, supplier in enumerate(suppliers)}
    members = sorted(
        User.objects.filter(organisation__in=list(rank), is_active=True),
        key=lambda member: (rank[member.organisation_id], member.pk),
    )  # told in the suppliers' order: the regional ones first when the request prefers them
    with_members = {member.organisation_id for member in members}
    without_members = [
        address
        for supplier in suppliers
        if supplier.organisation_id not in with_members
        for address in [supplier.contact_email or supplier.organisation.email]
    ]
    mail.mail_on_commit("procurement/email/request_posted", context, without_members)
    notify(
        event="purchase_request_fits",
        key=f"purchase-request:{purchase_request.pk}:posted",
        recipients=members,
        params={"title": purchase_request.title, "municipality": purchase_request.buyer_name},
        url=purchase_request.get_absolute_url(),
        mail_template="procurement/email/request_posted",
        mail_context=context,
    )
    return purchase_request


def _buyer_in_mail(purchase_request: PurchaseRequest) -> dict[str, str]:
    """Who asks, for the e-mails: a contractor by name beside its municipality, else the buyer's name."""
    if purchase_request.origin == PurchaseRequest.Origin.CONTRACTOR and purchase_request.organisation is not None:
        return {"municipality": purchase_request.municipality.name, "organisation": purchase_request.organisation.name}
    return {"municipality": purchase_request.buyer_name, "organisation": ""}


def _mail_context_of_request(purchase_request: PurchaseRequest) -> dict:
    return {
        "title": purchase_request.title,
        **_buyer_in_mail(purchase_request),
        "category": str(Category(purchase_request.category).label),
        "budget_min": purchase_request.budget_min,
        "budget_max": purchase_request.budget_max,
        "deadline": purchase_request.deadline,
        "counts_towards_sroi": purchase_request.counts_towards_sroi,
    }


@transaction.atomic
def purchase_request_change_status(*, purchase_request: PurchaseRequest, to: str, actor: User) -> PurchaseRequest:
    """The one way a request's status changes: open → awarded (by the first award) or cancelled."""
    return transition(
        purchase_request,
        to=to,
        actor=actor,
        municipality=_trail_municipality(purchase_request),
        action=AuditAction.REQUEST_CANCELLED if to == PurchaseRequest.Status.CANCELLED else None,  # an award says more
        message=_("A request that is %(current)s cannot become %(new)s."),
    )


@transaction.atomic
def quote_submit(
    *, purchase_request: PurchaseRequest, supplier: Supplier, user: User, message: str, price: Decimal
) -> Quote:
    """A verified supplier answers an open request before its deadline, once; the buyer is told."""
    if not supplier.is_verified:
        raise ValidationError(_("Only verified suppliers can answer purchase requests."))
    if purchase_request.status != PurchaseRequest.Status.OPEN or purchase_request.deadline < timezone.localdate():
        raise ValidationError(_("This request no longer takes quotes."))
    quote = Quote(purchase_request=purchase_request, supplier=supplier, submitted_by=user, message=message, price=price)
    quote.full_clean()
    quote.save()
    recipients = [purchase_request.posted_by.email] if purchase_request.posted_by else []
    mail.mail_on_commit(
        "procurement/email/quote_received",
        {
            "title": purchase_request.title,
            "supplier": supplier.organisation.name,
            "price": price,
            "url": absolute_url(purchase_request.get_absolute_url()),
        },
        recipients,
    )
    return quote


@transaction.atomic
def quote_set_shortlisted(*, quote: Quote, actor: User, shortlisted: bool) -> Quote:
    if quote.shortlisted == shortlisted:
        return quote
    quote.shortlisted = shortlisted
    quote.save(update_fields=["shortlisted"])
    audit.record(
        action=AuditAction.QUOTE_SHORTLISTED if shortlisted else AuditAction.QUOTE_UNSHORTLISTED,
        actor=actor,
        municipality=_trail_municipality(quote.purchase_request),
        instance=quote.purchase_request,
        related=quote.supplier,
    )
    if shortlisted:
        _tell_supplier_of_quote(quote, event="quote_shortlisted", key=f"quote:{quote.pk}:shortlisted")
    return quote


def _tell_supplier_of_quote(
    quote: Quote, *, event: str, key: str, mail_template: str = "", context: dict | None = None
) -> None:
    """The supplier's members are notified as they chose; a supplier without members gets `mail_template`'s
    e-mail at its contact address (if there is one)."""
    members = list(quote.supplier.organisation.members.filter(is_active=True))
    if not members:
        if mail_template:
            mail.mail_on_commit(mail_template, context or {}, supplier_addresses(quote.supplier))
        return
    purchase_request = quote.purchase_request
    notify(
        event=event,
        key=key,
        recipients=members,
        params={"title": purchase_request.title, "municipality": purchase_request.buyer_name},
        url=purchase_request.get_absolute_url(),
        mail_template=mail_template,
        mail_context=context,
    )


@transaction.atomic
def award_make(*, quote: Quote, actor: User, amount: Decimal, awarded_on: date | None = None) -> Award:
    """Award (part of) a request to a supplier who quoted, with the amount spent; the supplier is told.

    A request can be awarded to several suppliers; the first award marks the request awarded. The request's
    row is locked first, so of two awards at once the second sees the first.
    """
    purchase_request = (
        PurchaseRequest.objects.select_for_update(of=("self",))
        .select_related("municipality", "organisation")
        .get(pk=quote.purchase_request_id)
    )
    buying = purchase_request.organisation
    if purchase_request.origin == PurchaseRequest.Origin.PRIVATE and (
        buying is None or buying.buyer_status != BuyerStatus.VERIFIED
    ):
        raise ValidationError(_("Your organisation may award once the municipality has verified it as a buyer."))
    if purchase_request.status == PurchaseRequest.Status.CANCELLED:
        raise ValidationError(_("A cancelled request cannot be awarded."))
    if Award.objects.filter(quote=quote).exists():
        raise ValidationError(_("This quote has already been awarded."))
    award = Award(
        quote=quote,
        purchase_request=purchase_request,
        supplier=quote.supplier,
        amount=amount,
        awarded_on=awarded_on or timezone.localdate(),
        awarded_by=actor,
    )
    award.full_clean()
    award.save()
    if purchase_request.status == PurchaseRequest.Status.OPEN:
        purchase_request_change_status(
            purchase_request=purchase_request, to=PurchaseRequest.Status.AWARDED, actor=actor
        )
    audit.record(
        action=AuditAction.AWARD_MADE,
        actor=actor,
        municipality=_trail_municipality(purchase_request),
        instance=purchase_request,
        related=quote.supplier,
        details={"amount": str(award.amount), "awarded_on": award.awarded_on.isoformat()},
    )
    if purchase_request.origin == PurchaseRequest.Origin.CONTRACTOR and purchase_request.sroi_tender is not None:
        # the contractor's purchase counts towards its duty once the tender's buyer accepts it
        sroi_realisation_submit(
            tender=purchase_request.sroi_tender,
            actor=actor,
            supplier=quote.supplier,
            description=purchase_request.title,
            amount=award.amount,
            date=award.awarded_on,
            purchase_request=purchase_request,
        )
    _tell_supplier_of_quote(
        quote,
        event="quote_awarded",
        key=f"award:{award.pk}",
        mail_template="procurement/email/award_made",
        context={
            "title": purchase_request.title,
            **_buyer_in_mail(purchase_request),
            "amount": award.amount,
        },
    )
    return award


# ---------------------------------------------------------------- SROI

TENDER_FIELDS = ("title", "reference", "contractor", "contract_value", "sroi_percentage", "start_date")


@transaction.atomic
def sroi_tender_register(*, buyer: User, municipality: Municipality, data: dict) -> SroiTender:
    tender = SroiTender(municipality=municipality, created_by=buyer, **data)
    tender.full_clean()
    tender.save()
    audit.record(
        action=AuditAction.TENDER_REGISTERED,
        actor=buyer,
        municipality=municipality,
        instance=tender,
        changes=audit.changes_between({}, audit.snapshot(tender, TENDER_FIELDS)),
    )
    return tender


@transaction.atomic
def sroi_tender_update(*, tender: SroiTender, actor: User, data: dict) -> SroiTender:
    """Change a tender; the audit trail keeps each changed field's old and new value."""
    stored = SroiTender.objects.get(pk=tender.pk)  # a ModelForm may already have changed `tender` in memory
    before = audit.snapshot(stored, TENDER_FIELDS)
    model_update(instance=tender, fields=TENDER_FIELDS, data=data)
    tender.refresh_from_db(fields=list(TENDER_FIELDS))  # the stored values, e.g. 7.50 rather than 7.5
    changes = audit.changes_between(before, audit.snapshot(tender, TENDER_FIELDS))
    if changes:
        audit.record(
            action=AuditAction.TENDER_CHANGED,
            actor=actor,
            municipality=tender.municipality,
            instance=tender,
            changes=changes,
        )
    return tender


@transaction.atomic
def sroi_realisation_add(
    *, tender: SroiTender, actor: User, supplier: Supplier, description: str, amount: Decimal, date: date
) -> SroiRealisation:
    """The buyer records a contractor's purchase from a verified social enterprise against the tender's SROI; it
    counts at once, for the weight the municipality's rules give its supplier now (procurement.sroi)."""
    if not supplier.is_verified:
        raise ValidationError({"supplier": _("Only purchases from verified impact suppliers count.")})
    realisation = SroiRealisation(
        tender=tender,
        supplier=supplier,
        description=description,
        amount=amount,
        date=date,
        recorded_by=actor,
        status=SroiRealisation.Status.ACCEPTED,
        weight=sroi.weight_for(supplier, sroi.weights_of(tender.municipality_id)),
        decided_by=actor,
        decided_at=timezone.now(),
    )
    realisation.full_clean()
    realisation.save()
    audit.record(
        action=AuditAction.REALISATION_ADDED,
        actor=actor,
        municipality=tender.municipality,
        instance=tender,
        related=supplier,
        details={"amount": str(realisation.amount), "date": date.isoformat(), "description": description},
    )
    return realisation


@transaction.atomic
def sroi_realisation_remove(*, realisation: SroiRealisation, actor: User) -> None:
    tender = realisation.tender
    audit.record(
        action=AuditAction.REALISATION_REMOVED,
        actor=actor,
        municipality=tender.municipality,
        instance=tender,
        related=realisation.supplier,
        details={
            "amount": str(realisation.amount),
            "date": realisation.date.isoformat(),
            "description": realisation.description,
        },
    )
    realisation.delete()


# ---------------------------------------------------------------- contractors and their SROI duty
#
# The buyer invites the tender's contractor by e-mail; the signed link (django.core.signing, as eHerkenning's
# approval links) lets the contractor make an account with its company, or add the tender to the company of the
# contractor account it signs in with. The contractor then records what it bought from social enterprises and
# asks verified suppliers for quotes; the buyer checks each purchase (procurement.sroi weighs it).


def sroi_invitation_token(*, tender: SroiTender, email: str, number: int) -> str:
    """The link's secret: which tender, which address, and which invitation of the tender (a new one replaces it)."""
    return signing.dumps({"tender": tender.pk, "email": email, "number": number}, salt=sroi.INVITATION_SALT)


@transaction.atomic
def sroi_contractor_invite(*, tender: SroiTender, actor: User, email: str) -> SroiTender:
    """E-mail the tender's contractor a link to the portal; an earlier link of the tender stops working."""
    tender = SroiTender.objects.select_for_update().get(pk=tender.pk)
    if tender.contractor_organisation_id is not None:
        raise ValidationError(
            {"email": _("The contractor has already accepted an invitation: it sees this tender in the portal.")}
        )
    email = User.objects.normalize_email(email).strip()
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None and existing.role != User.Role.CONTRACTOR:
        raise ValidationError(
            {"email": _("This address belongs to an account that cannot be a contractor's; give another address.")}
        )
    number = invitations_sent(tender) + 1
    tender.contractor_email = email
    tender.save(update_fields=["contractor_email"])
    audit.record(
        action=AuditAction.CONTRACTOR_INVITED,
        actor=actor,
        municipality=tender.municipality,
        instance=tender,
        details={"invitation": number},
    )
    url = absolute_url(
        reverse(
            "procurement:sroi_invitation",
            kwargs={"token": sroi_invitation_token(tender=tender, email=email, number=number)},
        )
    )
    mail.mail_on_commit(
        "procurement/email/contractor_invited",
        {
            "tender": tender.title,
            "contractor": tender.contractor,
            "municipality": tender.municipality.name,
            "required": tender.required_amount,
            "url": url,
            "days": sroi.INVITATION_MAX_AGE // (60 * 60 * 24),
        },
        [email],
        language=translation.get_language(),
    )
    return tender


def _tender_of(invitation: SroiInvitation) -> SroiTender:
    """The tender of an invitation whose link still works; otherwise the visitor is told why not."""
    if invitation.tender is None or invitation.problem:
        raise ValidationError(
            invitation.problem or _("This link is not valid: check that you copied it whole from the e-mail.")
        )
    return invitation.tender


@transaction.atomic
def sroi_invitation_accept(*, invitation: SroiInvitation, user: User) -> SroiTender:
    """A contractor account takes the tender on for its company; of two at once the second is told."""
    if user.role != User.Role.CONTRACTOR or user.organisation is None:
        raise ValidationError(_("Only a contractor's account can accept this invitation."))
    company = user.organisation
    tender = SroiTender.objects.select_for_update().select_related("municipality").get(pk=_tender_of(invitation).pk)
    if tender.contractor_organisation_id is not None:
        raise ValidationError(_("This invitation has already been accepted."))
    if invitation.number != invitations_sent(tender):
        raise ValidationError(_("A newer invitation has been sent for this tender: use the link in the latest e-mail."))
    tender.contractor_organisation = company
    tender.save(update_fields=["contractor_organisation"])
    audit.record(
        action=AuditAction.CONTRACTOR_JOINED,
        actor=user,
        municipality=tender.municipality,
        instance=tender,
        related=company,
    )
    buyers = [tender.created_by] if tender.created_by else []
    notify(
        event="sroi_contractor_joined",
        key=f"sroi-tender:{tender.pk}:joined",
        recipients=buyers or User.objects.filter(municipality=tender.municipality, role=User.Role.BUYER),
        params={"organisation": company.name, "tender": tender.title},
        url=tender.get_absolute_url(),
    )
    return tender


@transaction.atomic
def contractor_signup(
    *, invitation: SroiInvitation, name: str, password: str, organisation_name: str, kvk_number: str
) -> User:
    """Make the invited contractor's account (its e-mail address is the invitation's, which the link proves) and
    its company, or join the company with that KvK number when it has no members yet; then accept the invitation."""
    email = invitation.email
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError(_("An account with this e-mail address exists already: log in to accept."))
    organisation = Organisation.objects.select_for_update().filter(kvk_number=kvk_number).first()
    if organisation is not None and (
        organisation.kind != Organisation.Kind.COMPANY or organisation.members.filter(is_active=True).exists()
    ):
        raise ValidationError(
            {
                "kvk_number": _(
                    "An organisation with this KvK number already has an account: ask a colleague there to add "
                    "you, or log in."
                )
            }
        )
    if organisation is None:
        organisation = Organisation(
            name=organisation_name,
            kind=Organisation.Kind.COMPANY,
            kvk_number=kvk_number,
            municipality=_tender_of(invitation).municipality,
            email=email,
        )
        organisation.full_clean()
        organisation.save()
    user = User(
        email=email,
        name=name,
        role=User.Role.CONTRACTOR,
        organisation=organisation,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    sroi_invitation_accept(invitation=invitation, user=user)
    return user


def _contractor_members(tender: SroiTender) -> list[User]:
    if tender.contractor_organisation_id is None:
        return []
    return list(User.objects.filter(organisation_id=tender.contractor_organisation_id, is_active=True))


def _tender_buyers(tender: SroiTender) -> list[User]:
    """Who checks a tender's purchases: the municipality's active buyers."""
    return list(User.objects.filter(municipality_id=tender.municipality_id, role=User.Role.BUYER, is_active=True))


@transaction.atomic
def sroi_realisation_submit(
    *,
    tender: SroiTender,
    actor: User,
    supplier: Supplier,
    description: str,
    amount: Decimal,
    date: date,
    purchase_request: PurchaseRequest | None = None,
) -> SroiRealisation:
    """The contractor records a purchase from a verified supplier; it counts once the buyer accepts it."""
    if not supplier.is_verified:
        raise ValidationError({"supplier": _("Only purchases from verified impact suppliers count.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("Record a purchase once it has been made: the date lies in the future.")})
    realisation = SroiRealisation(
        tender=tender,
        supplier=supplier,
        description=description,
        amount=amount,
        date=date,
        recorded_by=actor,
        status=SroiRealisation.Status.SUBMITTED,
        purchase_request=purchase_request,
    )
    realisation.full_clean()
    realisation.save()
    audit.record(
        action=AuditAction.REALISATION_SUBMITTED,
        actor=actor,
        municipality=tender.municipality,
        instance=tender,
        related=supplier,
        details={"amount": str(realisation.amount), "date": date.isoformat(), "description": description},
    )
    notify(
        event="sroi_realisation_submitted",
        key=f"sroi-realisation:{realisation.pk}:submitted",
        recipients=_tender_buyers(tender),
        params={"organisation": tender.contractor, "tender": tender.title},
        url=tender.get_absolute_url(),
    )
    return realisation


@transaction.atomic
def sroi_realisation_accept(*, realisation: SroiRealisation, actor: User) -> SroiRealisation:
    """The buyer accepts a submitted purchase: it counts for the weight the rules give its supplier now. The row
    is locked first, so of two clicks at once the second is told it has been done."""
    tender = realisation.tender
    supplier = realisation.supplier
    transition(
        realisation,
        to=SroiRealisation.Status.ACCEPTED,
        actor=actor,
        municipality=tender.municipality,
        updates={
            "weight": sroi.weight_for(supplier, sroi.weights_of(tender.municipality_id)),
            "decided_by": actor,
            "decided_at": timezone.now(),
            "decision_reason": "",
        },
        action=AuditAction.REALISATION_ACCEPTED,
        related=supplier,
        already=_("This purchase has already been accepted."),
        message=_("A purchase that is %(current)s cannot become %(new)s."),
    )
    _tell_contractor_of_decision(realisation, event="sroi_realisation_accepted")
    return realisation


@transaction.atomic
def sroi_realisation_reject(*, realisation: SroiRealisation, actor: User, reason: str) -> SroiRealisation:
    """The buyer rejects a submitted purchase, with the reason the contractor reads."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the rejection; the contractor will read it.")})
    tender = realisation.tender
    transition(
        realisation,
        to=SroiRealisation.Status.REJECTED,
        actor=actor,
        municipality=tender.municipality,
        reason=reason,
        updates={"weight": None, "decided_by": actor, "decided_at": timezone.now(), "decision_reason": reason},
        action=AuditAction.REALISATION_REJECTED,
        related=realisation.supplier,
        already=_("This purchase has already been rejected."),
        message=_("A purchase that is %(current)s cannot become %(new)s."),
    )
    _tell_contractor_of_decision(realisation, event="sroi_realisation_rejected")
    return realisation


def _tell_contractor_of_decision(realisation: SroiRealisation, *, event: str) -> None:
    tender = realisation.tender
    notify(
        event=event,
        key=f"sroi-realisation:{realisation.pk}:{realisation.status}",
        recipients=_contractor_members(tender),
        params={"description": realisation.description, "tender": tender.title},
        url=reverse("procurement:contractor_tender", kwargs={"pk": tender.pk}),
    )


@transaction.atomic
def sroi_weights_set(*, municipality: Municipality, actor: User, weights: dict[str, int]) -> dict[str, int]:
    """Set the municipality's weighting rules (percent per criterion); what was accepted keeps its weight."""
    before = sroi.weights_of(municipality)
    for criterion, weight in weights.items():
        rule = SroiWeight(municipality=municipality, criterion=criterion, weight=weight)
        rule.full_clean(validate_unique=False, validate_constraints=False)
        SroiWeight.objects.update_or_create(municipality=municipality, criterion=criterion, defaults={"weight": weight})
    after = sroi.weights_of(municipality)
    changes = audit.changes_between(before, after)
    if changes:
        audit.record(
            action=AuditAction.SROI_WEIGHTS_CHANGED,
            actor=actor,
            municipality=municipality,
            instance=municipality,
            changes=changes,
        )
    return after


@transaction.atomic
def contractor_request_post(*, tender: SroiTender, contractor: User, data: dict) -> PurchaseRequest:
    """The contractor asks verified suppliers for quotes through the purchase-request flow, for its duty under
    `tender`: fitting suppliers in the tender's municipality are told, quote as usual, and the contractor awards."""
    return purchase_request_post(
        buyer=contractor,
        municipality=tender.municipality,
        data={
            **data,
            "origin": PurchaseRequest.Origin.CONTRACTOR,
            "organisation": contractor.organisation,
            "sroi_tender": tender,
            "counts_towards_sroi": True,
        },
    )


# ---------------------------------------------------------------- CSV import of the register
#
# Upload (kept for the preview) and confirm (checked, queued) are in procurement.imports; the Celery job
# (procurement.tasks) runs register_import_run here: every row in one transaction, in chunks of bulk writes,
# its progress in the cache; a row that cannot be stored fails the whole import, with the lines named, and
# nothing of it is kept.

IMPORT_CHUNK = 500
PROGRESS_SECONDS = 6 * 3600


class ImportFailed(Exception):
    """The file or a row stops the import; the message (for the coordinator) names the lines."""


def _progress_key(pk: int) -> str:
    return f"procurement:register-import:{pk}:progress"


def register_import_progress(register_import: RegisterImport) -> dict[str, int]:
    """How far a running import is: {"done": rows stored, "total": rows to store}; zeros while queued."""
    try:
        progress = progress_cache.get(_progress_key(register_import.pk))
    except Exception as error:  # an unreachable cache costs the progress bar, never the page
        logger.warning("import progress unreadable: %s", error)
        progress = None
    return progress or {"done": 0, "total": 0}


def report_import_progress(pk: int, done: int, total: int) -> None:
    try:
        progress_cache.set(_progress_key(pk), {"done": done, "total": total}, PROGRESS_SECONDS)
    except Exception as error:  # the import goes on without a progress bar
        logger.warning("import progress not stored: %s", error)


def register_import_rows(register_import: RegisterImport) -> list["register_csv.Row"]:
    """The checked rows of a file that has not been imported (none once it has)."""
    if register_import.status == RegisterImport.Status.IMPORTED or not register_import.content:
        return []
    rows = register_csv.read_rows(register_import.content)
    return register_csv.validate(rows, municipality=register_import.municipality)


def register_import_run(*, pk: int, attempt: int) -> dict | None:
    """The job: import the rows of import `pk` in one transaction, as `attempt`. Returns the result, or None
    when the import failed (recorded on it, nothing stored) or another attempt took it over."""
    register_import = RegisterImport.objects.select_related("municipality", "confirmed_by").get(pk=pk)
    user = register_import.confirmed_by
    language = getattr(user, "language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            checks = _check_rows_in_register(register_import)  # outside the transaction: the register can be slow
            return _import_all(register_import, attempt=attempt, checks=checks)
        except ImportFailed as failure:
            RegisterImport.objects.mark_failed(pk, error=str(failure))
        except _Superseded:
            pass
    return None


REGISTER_WORKERS = 4  # look-ups at once, so that thousands of rows stay within the job's time limit
REGISTER_GIVE_UP_AFTER = 5  # unanswered look-ups after which the rest of the file is not asked about


def _check_rows_in_register(register_import: RegisterImport) -> dict[str, kvk.RegisterCheck]:
    """What the KvK register says of each good row's KvK number ({} when it is not configured). When it does not
    answer REGISTER_GIVE_UP_AFTER times, the remaining numbers are left unchecked rather than waited for."""
    if not kvk.is_configured():
        return {}
    try:
        rows = register_import_rows(register_import)
    except ValidationError:
        return {}  # the import itself says what is wrong with the file
    numbers = list(dict.fromkeys(row.kvk_number for row in rows if not row.errors and row.kvk_number))
    unanswered = 0

    def check(number: str) -> kvk.RegisterCheck:
        nonlocal unanswered
        if unanswered >= REGISTER_GIVE_UP_AFTER:
            return kvk.RegisterCheck(KvkStatus.UNCHECKED)
        result = kvk.check(number)
        if not result.answered:
            unanswered += 1
        return result

    with ThreadPoolExecutor(max_workers=REGISTER_WORKERS) as pool:
        return dict(zip(numbers, pool.map(check, numbers), strict=True))


def _refuse_by_register(rows: list["register_csv.Row"], checks: dict[str, kvk.RegisterCheck]) -> None:
    """A row whose KvK number the register does not know, or knows as deregistered, has that as its error."""
    for row in rows:
        check = checks.get(row.kvk_number)
        if not row.errors and check is not None and check.status in REFUSALS:
            row.errors.append(_("kvk: %(refusal)s") % {"refusal": REFUSALS[check.status]})


def _register_report(rows: list["register_csv.Row"], checks: dict[str, kvk.RegisterCheck]) -> list[dict]:
    """Per row that was looked up: its line, number, what the register said, and the name it gave."""
    return [
        {
            "line": row.line,
            "kvk_number": row.kvk_number,
            "status": checks[row.kvk_number].status,
            "name": (entry.name if (entry := checks[row.kvk_number].entry) else ""),
        }
        for row in rows
        if row.kvk_number in checks
    ]


class _Superseded(Exception):
    """Another attempt owns the import (a repeated delivery); this one's work is rolled back."""


def _lines_message(intro: str, failures: list[tuple[int, list[str]]]) -> str:
    lines = [_("line %(line)s: %(errors)s") % {"line": line, "errors": " ".join(errors)} for line, errors in failures]
    return "\n".join(
        [intro, *lines[:50], *([_("… and %(count)s more.") % {"count": len(lines) - 50}] * (len(lines) > 50))]
    )


@transaction.atomic
def _import_all(register_import: RegisterImport, *, attempt: int, checks: dict[str, kvk.RegisterCheck]) -> dict:
    options = register_import.options
    municipality = register_import.municipality
    user = register_import.confirmed_by
    try:
        rows = register_import_rows(register_import)
    except ValidationError as error:
        raise ImportFailed(" ".join(error.messages)) from error
    _refuse_by_register(rows, checks)
    invalid = [row for row in rows if row.errors]
    if invalid and not options.get("skip_invalid"):
        raise ImportFailed(
            _lines_message(
                _("Nothing was imported: these rows have errors."), [(row.line, row.errors) for row in invalid]
            )
        )
    attach = set(options.get("attach", []))
    good = [row for row in rows if not row.errors]
    not_attached = [row for row in good if row.needs_consent and row.kvk_number not in attach]
    to_store = [row for row in good if not (row.needs_consent and row.kvk_number not in attach)]
    themes = {code: Theme.objects.get_or_create(code=code)[0] for code in Theme.Code.values}  # a fixed vocabulary
    verify = bool(options.get("verify")) and user is not None
    reason = _("Imported from %(file)s") % {"file": register_import.filename} if verify else ""
    failures: list[tuple[int, list[str]]] = []
    stored: list[tuple[Supplier, bool]] = []
    for start in range(0, len(to_store), IMPORT_CHUNK):
        chunk = to_store[start : start + IMPORT_CHUNK]
        stored += _store_chunk(chunk, municipality, themes, failures, verified_with=reason, checks=checks)
        report_import_progress(register_import.pk, min(start + IMPORT_CHUNK, len(to_store)), len(to_store))
    if failures:
        raise ImportFailed(_lines_message(_("Nothing was imported: these rows cannot be stored."), failures))
    new = [supplier for supplier, was_created in stored if was_created]
    audit.record_many(
        action=AuditAction.SUPPLIER_REGISTERED,
        actor=user,
        municipality=municipality,
        instances=list(new),
        details={"imported": True},
    )
    if verify:
        assert user is not None
        # new registrations were created verified: recorded as the verification they are, and each one is told
        audit.record_many(
            action=AuditAction.SUPPLIER_VERIFIED,
            actor=user,
            municipality=municipality,
            instances=list(new),
            changes={"status": [Supplier.Status.PENDING.value, Supplier.Status.VERIFIED.value]},
            reason=reason,
        )
        for supplier in new:
            _tell_supplier_of_decision(supplier, verified=True, reason=reason, addresses=[supplier.contact_email])
        for supplier, was_created in stored:  # registrations already in the register move through the table
            if not was_created and supplier.status != Supplier.Status.VERIFIED:
                supplier_change_status(supplier=supplier, to=Supplier.Status.VERIFIED, actor=user, reason=reason)
    suppliers_refresh_search([supplier.pk for supplier, _was_created in stored])
    created = sum(was_created for _supplier, was_created in stored)
    result: dict = {
        "created": created,
        "updated": len(stored) - created,
        "skipped": len(invalid),
        "not_attached": len(not_attached),
        "not_attached_lines": [row.line for row in not_attached],
    }
    if kvk.is_configured():  # what the KvK register said, per row, for the import's report
        result |= {"register": _register_report(rows, checks), "register_checked": True}
    finished = RegisterImport.objects.filter(
        pk=register_import.pk, status=RegisterImport.Status.RUNNING, attempts=attempt
    ).update(status=RegisterImport.Status.IMPORTED, result=result, content="", finished_at=timezone.now())
    if not finished:
        raise _Superseded
    # the rows are in the register now: content="" keeps no second copy of contact details
    audit.record(
        action=AuditAction.SUPPLIERS_IMPORTED,
        actor=user,
        municipality=municipality,
        instance=register_import,
        details={
            key: value
            for key, value in result.items()
            if key not in ("not_attached_lines", "register", "register_checked")
        },
    )
    transaction.on_commit(pagecache.forget_pages)  # bulk writes send no save signals
    return result


def _store_chunk(
    rows: list["register_csv.Row"],
    municipality: Municipality,
    themes: dict[str, Theme],
    failures: list[tuple[int, list[str]]],
    *,
    verified_with: str = "",
    checks: dict[str, kvk.RegisterCheck] | None = None,
) -> list[tuple[Supplier, bool]]:
    """Store one chunk of rows with a fixed number of queries; rows that cannot be stored go to `failures`.
    New registrations are created verified, with that reason, when `verified_with` is given. What the KvK
    register said of a row's number (`checks`) sets its organisation's legal form and status, and fills the
    address the row left empty."""
    checks = checks or {}
    organisations = {
        organisation.kvk_number: organisation
        for organisation in Organisation.objects.filter(kvk_number__in=[row.kvk_number for row in rows])
    }
    _update_from_register([organisations[row.kvk_number] for row in rows if row.kvk_number in organisations], checks)
    new_organisations = []
    for row in rows:
        if row.kvk_number in organisations:
            continue
        values = row.values
        organisation = Organisation(
            name=values["name"],
            kind=Organisation.Kind.ENTERPRISE,
            kvk_number=values["kvk_number"],
            municipality=municipality,
            postcode=values["postcode"],
            city=values["city"],
            website=values["website"],
            email=values["contact_email"],
        )
        _fill_from_register(organisation, checks.get(row.kvk_number))
        try:  # the KvK numbers were checked against the portal and within the file
            organisation.full_clean(exclude=["municipality"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            failures.append((row.line, error.messages))
            continue
        new_organisations.append(organisation)
        organisations[organisation.kvk_number] = organisation
    Organisation.objects.bulk_create(new_organisations)
    registered = {
        supplier.organisation_id: supplier
        for supplier in Supplier.objects.filter(
            organisation__in=[o.pk for o in organisations.values() if o.pk is not None]
        ).select_related("organisation")
    }
    now = timezone.now()
    stored: list[tuple[register_csv.Row, Supplier, bool]] = []
    for row in rows:
        owner = organisations.get(row.kvk_number)
        if owner is None or owner.pk is None:
            continue
        supplier = registered.get(owner.pk)
        if supplier is None:
            supplier = Supplier(organisation=owner)
            if verified_with:
                supplier.status, supplier.verified_at, supplier.decision_reason = "verified", now, verified_with
        for name in register_csv.SUPPLIER_FIELDS:
            setattr(supplier, name, row.values[name])
        locate_supplier(supplier)
        supplier.updated_at = now
        try:
            # the share is checked by the file's reader; the database holds the constraint too
            supplier.full_clean(exclude=["organisation"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            failures.append((row.line, error.messages))
            continue
        stored.append((row, supplier, supplier.pk is None))
    if not failures:  # else the import fails: no use writing more
        Supplier.objects.bulk_create([supplier for _row, supplier, was_created in stored if was_created])
        _update_suppliers(
            [supplier for _row, supplier, was_created in stored if not was_created],
            [*register_csv.SUPPLIER_FIELDS, "latitude", "longitude", "updated_at"],
        )
        _store_themes_and_offerings(stored, themes)
    return [(supplier, was_created) for _row, supplier, was_created in stored]


REGISTER_UPDATE_FIELDS = ["legal_form", "kvk_status", "kvk_checked_at", "street_address", "postcode", "city"]


def _fill_from_register(organisation: Organisation, check: kvk.RegisterCheck | None) -> bool:
    """Set an organisation's register fields from what the register said, and the address it left empty; False
    when the register was not asked or did not answer."""
    if check is None or not check.answered:
        return False
    for name, value in register_data(check).items():
        setattr(organisation, name, value)
    entry = check.entry
    if entry is not None and not (organisation.street_address or organisation.postcode):
        organisation.street_address = entry.street_address
        organisation.postcode = entry.postcode or organisation.postcode
        organisation.city = entry.city or organisation.city
    return True


def _update_from_register(organisations: list[Organisation], checks: dict[str, kvk.RegisterCheck]) -> None:
    """Keep what the register said of organisations already in the portal, in one bulk update."""
    answered = [o for o in organisations if _fill_from_register(o, checks.get(o.kvk_number or ""))]
    Organisation.objects.bulk_update(answered, REGISTER_UPDATE_FIELDS, batch_size=500)


def _update_suppliers(suppliers: list[Supplier], field_names: list[str], *, batch_size: int = 1000) -> None:
    """Save these fields of many suppliers. On PostgreSQL one UPDATE ... FROM (VALUES ...) per batch (Django's
    bulk_update builds a CASE per field over every row, which took most of a 5,000-row import); elsewhere
    bulk_update."""
    if connection.vendor != "postgresql":
        Supplier.objects.bulk_update(suppliers, field_names, batch_size=100)
        return
    fields = [Supplier._meta.get_field(name) for name in field_names]
    columns = [field.column for field in fields]  # type: ignore[union-attr]
    row_sql = "(" + ", ".join(["%s::bigint", *(f"%s::{field.db_type(connection)}" for field in fields)]) + ")"  # type: ignore[union-attr]
    assignments = ", ".join(f'"{column}" = v."{column}"' for column in columns)
    names = ", ".join(["id", *(f'"{column}"' for column in columns)])
    for start in range(0, len(suppliers), batch_size):
        batch = suppliers[start : start + batch_size]
        params = [
            value
            for supplier in batch
            for value in (
                supplier.pk,
                *(field.get_db_prep_save(getattr(supplier, field.attname), connection) for field in fields),  # type: ignore[union-attr]
            )
        ]
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE procurement_supplier AS s SET {assignments} "  # noqa: S608 (column names of the model, values bound)
                f"FROM (VALUES {', '.join([row_sql] * len(batch))}) AS v({names}) WHERE s.id = v.id",
                params,
            )


def _store_themes_and_offerings(
    stored: list[tuple["register_csv.Row", Supplier, bool]], themes: dict[str, Theme]
) -> None:
    """Set each stored supplier's themes to its row's, and add the row's offerings it does not have yet."""
    Through = Supplier.themes.through
    updated_ids = [supplier.pk for _row, supplier, was_created in stored if not was_created]
    Through.objects.filter(supplier_id__in=updated_ids).delete()
    Through.objects.bulk_create(
        Through(supplier_id=supplier.pk, theme_id=themes[code].pk)
        for row, supplier, _was_created in stored
        for code in dict.fromkeys(row.values["themes"])
        if code in themes
    )
    existing = set(Offering.objects.filter(supplier_id__in=updated_ids).values_list("supplier_id", "title", "category"))
    Offering.objects.bulk_create(
        Offering(supplier=supplier, title=title, category=category)
        for row, supplier, _was_created in stored
        for title, category in dict.fromkeys(row.values["offerings"])
        if (supplier.pk, title, category) not in existing
    )


# ---------------------------------------------------------------- impact reports

REMIND_FROM = (1, 15)  # the yearly report about last year is asked for from 15 January
REMIND_AGAIN_AFTER = datetime.timedelta(weeks=4)
IMPACT_ACTIONS = {
    ImpactReport.Status.ACCEPTED: AuditAction.IMPACT_ACCEPTED,
    ImpactReport.Status.RETURNED: AuditAction.IMPACT_RETURNED,
}


@transaction.atomic
def impact_report_file(
    *,
    supplier: Supplier,
    user: User,
    year: int,
    figures: dict,
    evidence_url: str = "",
    evidence: UploadedFile | None = None,
    remove_evidence: bool = False,
) -> ImpactReport:
    """File (or change, until it is accepted) a verified supplier's report of `year`: it awaits a check by a
    coordinator of the supplier's municipality again. A new evidence file replaces the old one, which leaves the
    storage once this commits."""
    if not supplier.is_verified:
        raise ValidationError(_("Only a verified impact supplier reports its impact."))
    report = ImpactReport.objects.select_for_update().filter(supplier=supplier, year=year).first()
    if report is not None and not report.is_editable:
        raise ValidationError(_("This report has been accepted; it can no longer be changed."))
    if report is None:
        report = ImpactReport(supplier=supplier, year=year)
    before = audit.snapshot(report, [*IMPACT_FIGURES, "evidence_url"]) if report.pk else {}
    was_returned = report.status == ImpactReport.Status.RETURNED
    for name, value in figures.items():
        setattr(report, name, value)
    report.evidence_url = evidence_url
    if (remove_evidence or evidence is not None) and report.evidence:
        files.delete_on_commit(report.evidence)
        report.evidence = ""
    if evidence is not None:
        report.evidence = evidence
    report.status = ImpactReport.Status.SUBMITTED
    report.submitted_by = user
    report.submitted_at = timezone.now()
    report.full_clean(exclude=[] if evidence is not None else ["evidence"])  # a stored file was checked before
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as error:  # the same report filed twice at once: the other one was first
        raise ValidationError(_("Your enterprise has already reported its impact for this year.")) from error
    changes = audit.changes_between(before, audit.snapshot(report, [*IMPACT_FIGURES, "evidence_url"]))
    audit.record(
        action=AuditAction.IMPACT_REPORTED,
        actor=user,
        municipality=supplier.organisation.municipality,
        instance=report,
        related=supplier,
        changes=changes,
        details={"year": year, "again": was_returned},
    )
    return report


def impact_report_check(*, report: ImpactReport, actor: User, accept: bool, comment: str = "") -> ImpactReport:
    """A coordinator accepts a report awaiting a check, or returns it with a comment; the supplier is told."""
    comment = comment.strip()
    to = ImpactReport.Status.ACCEPTED if accept else ImpactReport.Status.RETURNED

    def check(report: ImpactReport) -> None:
        if not accept and not comment:
            raise ValidationError({"comment": _("Say why you return the report; the supplier reads it.")})

    report = transition(
        report,
        to=to,
        actor=actor,
        municipality=report.supplier.organisation.municipality,
        prepare=check,
        updates={"checked_by": actor, "checked_at": timezone.now(), "comment": comment},
        action=IMPACT_ACTIONS[to],
        related=report.supplier,
        reason=comment,
        message=_("A report that is %(current)s cannot become %(new)s."),
    )
    _tell_supplier_of_check(report)
    return report


def _tell_supplier_of_check(report: ImpactReport) -> None:
    supplier = report.supplier
    outcome = "accepted" if report.status == ImpactReport.Status.ACCEPTED else "returned"
    notify(
        event=f"impact_report_{outcome}",
        key=f"impact-report:{report.pk}:{outcome}:{report.checked_at.timestamp() if report.checked_at else ''}",
        recipients=supplier.organisation.members.filter(is_active=True),
        params={"year": report.year},
        url=reverse("procurement:impact_report", args=[report.year]),
        mail_template="procurement/email/impact_report_checked",
        mail_context={
            "name": supplier.organisation.name,
            "year": str(report.year),
            "accepted": outcome == "accepted",
            "comment": report.comment,
            "url": absolute_url(reverse("procurement:impact_report", args=[report.year])),
        },
    )


def impact_reminders_send(today: date | None = None) -> int:
    """The yearly reminder (a daily Celery beat job): from 15 January the members of every verified supplier that
    has not filed its report about last year are asked to, once; four weeks after that, once more if still
    nothing is filed. Each reminder is a notification with its own key, so a second run sends nothing twice.
    Returns how many people were reminded."""
    today = today or timezone.localdate()
    year = today.year - 1
    if today < date(today.year, *REMIND_FROM):
        return 0
    suppliers = list(
        Supplier.objects.verified()
        .exclude(impact_reports__year=year)
        .filter(organisation__members__is_active=True)
        .distinct()
        .select_related("organisation")
        .prefetch_related("organisation__members")
    )
    first_keys = {supplier.pk: f"impact-due:{supplier.pk}:{year}" for supplier in suppliers}
    reminded_long_ago = set(
        Notification.objects.filter(
            key__in=first_keys.values(), created_at__date__lte=today - REMIND_AGAIN_AFTER
        ).values_list("key", flat=True)
    )
    told = 0
    for supplier in suppliers:
        again = first_keys[supplier.pk] in reminded_long_ago
        key = f"impact-due-again:{supplier.pk}:{year}" if again else first_keys[supplier.pk]
        url = reverse("procurement:impact_report", args=[year])
        told += len(
            notify(
                event="impact_report_due_again" if again else "impact_report_due",
                key=key,
                recipients=[member for member in supplier.organisation.members.all() if member.is_active],
                params={"year": year},
                url=url,
                mail_template="procurement/email/impact_report_due",
                mail_context={
                    "name": supplier.organisation.name,
                    "year": str(year),
                    "again": again,
                    "url": absolute_url(url),
                },
            )
        )
    return told


# ---------------------------------------------------------------- the monthly re-check in the KvK register

RECHECK_AFTER = timedelta(days=25)  # a run that stopped part-way goes on next month with the longest unchecked


def suppliers_recheck_in_register(*, give_up_after: int = REGISTER_GIVE_UP_AFTER) -> dict[str, int]:
    """Ask the KvK register again about the organisations of verified suppliers (and any organisation whose number
    it has not answered about yet, such as one that signed up while it was down), those checked longest ago first,
    and keep what it says (accounts.services.refresh_from_register): a deregistered supplier leaves the public
    directory and shows on its coordinator's start page. Stops when the register does not answer `give_up_after`
    times. Returns counts."""
    counts = {"checked": 0, "deregistered": 0, "not_found": 0, "unanswered": 0}
    if not kvk.is_configured():
        return counts
    due = timezone.now() - RECHECK_AFTER
    organisations = (
        Organisation.objects.filter(kvk_number__isnull=False, closed_at__isnull=True)
        .filter(Q(supplier__status=Supplier.Status.VERIFIED) | Q(kvk_status=KvkStatus.UNCHECKED))
        .filter(Q(kvk_checked_at__isnull=True) | Q(kvk_checked_at__lt=due))
        .order_by(F("kvk_checked_at").asc(nulls_first=True), "pk")
    )
    for organisation in organisations.iterator(chunk_size=200):
        check = refresh_from_register(organisation)
        if not check.answered:
            counts["unanswered"] += 1
            if counts["unanswered"] >= give_up_after:
                logger.warning("KvK re-check stopped: the register did not answer %s times", give_up_after)
                break
            continue
        counts["checked"] += 1
        if check.status == KvkStatus.DEREGISTERED:
            counts["deregistered"] += 1
        elif check.status == KvkStatus.NOT_FOUND:
            counts["not_found"] += 1
    return counts
