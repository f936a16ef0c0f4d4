"""Writes for procurement: supplier registration and verification, purchase requests with quotes and awards,
SROI tenders, and the CSV import of the register.

Every verification, award and SROI change leaves an entry in the audit trail (core.audit). Status changes of
a supplier and of a purchase request go through core.transitions.transition, which locks the row.
E-mails are sent after the transaction commits, so a rolled-back change never mails anyone.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Municipality, Organisation, Theme, User
from core import audit, geo, mail
from core.services import model_update
from core.transitions import transition

from . import register_csv
from .models import (
    AuditAction,
    Award,
    Category,
    Offering,
    PurchaseRequest,
    Quote,
    RegisterImport,
    SroiRealisation,
    SroiTender,
    Supplier,
)
from .selectors import fitting_suppliers

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


WEIGHTS = ("A", "B", "C", "D")
SEARCH_VECTOR_SQL = " || ".join(f"setweight(to_tsvector('dutch'::regconfig, v.{w.lower()}), '{w}')" for w in WEIGHTS)


def suppliers_refresh_search(supplier_ids: Iterable[int], *, batch_size: int = 1000) -> None:
    """Rebuild the stored tsvector of these suppliers (PostgreSQL only; SQLite searches with icontains).

    One UPDATE ... FROM (VALUES ...) per batch: each supplier's texts by weight go in as parameters, and
    PostgreSQL makes the vector with the 'dutch' configuration, so one supplier or ten thousand take the same path.
    """
    if connection.vendor != "postgresql":
        return
    ids = list(supplier_ids)
    for start in range(0, len(ids), batch_size):
        batch = (
            Supplier.objects.filter(pk__in=ids[start : start + batch_size])
            .select_related("organisation")
            .prefetch_related("offerings", "themes")
            .order_by()
        )
        rows: list[tuple[int | str, ...]] = [
            (supplier.pk, *(_search_texts(supplier)[weight] for weight in WEIGHTS)) for supplier in batch
        ]
        if not rows:
            continue
        values = ", ".join(["(%s::bigint, %s, %s, %s, %s)"] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE procurement_supplier AS s SET search_vector = {SEARCH_VECTOR_SQL} "  # noqa: S608 (fixed SQL, values bound)
                f"FROM (VALUES {values}) AS v(id, a, b, c, d) WHERE s.id = v.id",
                [value for row in rows for value in row],
            )


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
    awaiting when the supplier edits the registration.
    """
    reason = reason.strip()

    def decide(supplier: Supplier) -> None:
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
        mail.mail_on_commit(
            "procurement/email/registration_decided",
            {
                "name": supplier.organisation.name,
                "verified": to == Supplier.Status.VERIFIED,
                "reason": reason,
                "url": absolute_url(reverse("procurement:registration")),
                "profile_url": absolute_url(supplier.get_absolute_url()),
            },
            supplier_addresses(supplier),
        )
    return supplier


def supplier_identity_changed(*, organisation: Organisation, actor: User | None, changes: dict, **_signal) -> None:
    """An organisation's name or KvK number changed (`changes`: {field: [old, new]}): a verified supplier goes
    back for verification, recorded with the old and new values, and the municipality's coordinators are told.
    The public directory and profile show only verified suppliers, so it leaves them until it is verified again."""
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


# ---------------------------------------------------------------- purchase requests, quotes and awards


@transaction.atomic
def purchase_request_post(*, buyer: User, municipality: Municipality, data: dict) -> PurchaseRequest:
    """Post a purchase request for the buyer's municipality and e-mail every fitting verified supplier."""
    purchase_request = PurchaseRequest(municipality=municipality, posted_by=buyer, **data)
    purchase_request.full_clean()
    if purchase_request.deadline <= timezone.localdate():
        raise ValidationError({"deadline": _("The deadline must lie in the future.")})
    purchase_request.save()
    suppliers = list(fitting_suppliers(purchase_request).select_related("organisation"))
    audit.record(
        action=AuditAction.REQUEST_POSTED,
        actor=buyer,
        municipality=municipality,
        instance=purchase_request,
        details={"suppliers_told": len(suppliers)},
    )
    context = {
        "request": _mail_context_of_request(purchase_request),
        "url": absolute_url(purchase_request.get_absolute_url()),
    }
    recipients = [address for supplier in suppliers for address in supplier_addresses(supplier)]
    mail.mail_on_commit("procurement/email/request_posted", context, recipients)
    return purchase_request


def _mail_context_of_request(purchase_request: PurchaseRequest) -> dict:
    return {
        "title": purchase_request.title,
        "municipality": purchase_request.municipality.name,
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
        municipality=purchase_request.municipality,
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
        municipality=quote.purchase_request.municipality,
        instance=quote.purchase_request,
        related=quote.supplier,
    )
    return quote


@transaction.atomic
def award_make(*, quote: Quote, actor: User, amount: Decimal, awarded_on: date | None = None) -> Award:
    """Award (part of) a request to a supplier who quoted, with the amount spent; the supplier is told.

    A request can be awarded to several suppliers; the first award marks the request awarded. The request's
    row is locked first, so of two awards at once the second sees the first.
    """
    purchase_request = PurchaseRequest.objects.select_for_update().get(pk=quote.purchase_request_id)
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
        municipality=purchase_request.municipality,
        instance=purchase_request,
        related=quote.supplier,
        details={"amount": str(award.amount), "awarded_on": award.awarded_on.isoformat()},
    )
    mail.mail_on_commit(
        "procurement/email/award_made",
        {
            "title": purchase_request.title,
            "municipality": purchase_request.municipality.name,
            "amount": award.amount,
        },
        supplier_addresses(quote.supplier),
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
    """Record a contractor's purchase from a verified social enterprise against the tender's SROI."""
    if not supplier.is_verified:
        raise ValidationError({"supplier": _("Only purchases from verified impact suppliers count.")})
    realisation = SroiRealisation(
        tender=tender, supplier=supplier, description=description, amount=amount, date=date, recorded_by=actor
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


# ---------------------------------------------------------------- CSV import of the register


@transaction.atomic
def register_import_upload(*, municipality: Municipality, user: User, filename: str, raw: bytes) -> RegisterImport:
    """Keep an uploaded CSV file for its preview. Raises ValidationError when it is not a readable CSV file."""
    text, encoding = register_csv.decode(raw)
    register_csv.read_rows(text)  # fails early on a file that is not CSV at all
    return RegisterImport.objects.create(
        municipality=municipality, uploaded_by=user, filename=filename[:200], content=text, encoding=encoding
    )


@transaction.atomic
def register_import_confirm(
    *, register_import: RegisterImport, user: User, skip_invalid: bool, verify: bool
) -> dict[str, int]:
    """Store the suppliers of a previewed file.

    Nothing is stored when any row is wrong, unless `skip_invalid`: then the good rows are stored and the
    wrong ones left out. Rows with a KvK number already in the register update that registration; new rows
    create an enterprise and its registration, awaiting verification, or verified when `verify` (each
    verification in the audit trail).
    """
    register_import = transition(
        register_import,
        to=RegisterImport.Status.IMPORTED,
        actor=user,
        municipality=register_import.municipality,
        action=None,  # recorded below as the import, with what it did
        already=_("This file has already been imported."),
    )
    municipality = register_import.municipality
    rows = register_csv.validate(register_csv.read_rows(register_import.content), municipality=municipality)
    invalid = [row for row in rows if row.errors]
    if invalid and not skip_invalid:
        raise ValidationError(
            _("%(count)s rows have errors. Correct the file, or choose to skip those rows.") % {"count": len(invalid)}
        )
    themes = {code: Theme.objects.get_or_create(code=code)[0] for code in Theme.Code.values}  # a fixed vocabulary
    created = updated = 0
    touched = []
    for row in rows:
        if row.errors:
            continue
        supplier, was_created = _import_row(row, municipality=municipality, themes=themes, user=user)
        created += was_created
        updated += not was_created
        touched.append(supplier.pk)
        if verify and supplier.status != Supplier.Status.VERIFIED:
            supplier_change_status(
                supplier=supplier,
                to=Supplier.Status.VERIFIED,
                actor=user,
                reason=_("Imported from %(file)s") % {"file": register_import.filename},
            )
    suppliers_refresh_search(touched)
    result = {"created": created, "updated": updated, "skipped": len(invalid)}
    register_import.result = result
    register_import.content = ""  # the rows are in the register now; keep no second copy of contact details
    register_import.save(update_fields=["result", "content"])
    audit.record(
        action=AuditAction.SUPPLIERS_IMPORTED,
        actor=user,
        municipality=municipality,
        instance=register_import,
        details=result,
    )
    return result


def _import_row(row: "register_csv.Row", *, municipality: Municipality, themes: dict[str, Theme], user: User):
    values = row.values
    organisation = Organisation.objects.filter(kvk_number=values["kvk_number"]).first()
    if organisation is None:
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
        organisation.full_clean()
        organisation.save()
    registered = Supplier.objects.filter(organisation=organisation).first()
    was_created = registered is None
    supplier = registered or Supplier(organisation=organisation)
    fields = {**values, "themes": [themes[code] for code in values["themes"] if code in themes]}
    model_update(instance=supplier, fields=REGISTRATION_FIELDS, data=located(fields, supplier))
    existing = {(offering.title, offering.category) for offering in supplier.offerings.all()}
    Offering.objects.bulk_create(
        Offering(supplier=supplier, title=title, category=category)
        for title, category in values["offerings"]
        if (title, category) not in existing
    )
    if was_created:
        audit.record(
            action=AuditAction.SUPPLIER_REGISTERED,
            actor=user,
            municipality=municipality,
            instance=supplier,
            details={"imported": True},
        )
    return supplier, was_created
