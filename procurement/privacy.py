"""Procurement's part of a user's personal data: their organisation's supplier registration (with its products
and services), the quotes it sent, and the register files they uploaded; and how long an uploaded register file
that was never confirmed keeps its raw content.

A registration whose only contact was the erased person is withdrawn (it leaves the public directory and the
public CSV, recorded in the trail) and loses its texts and contact details; with a colleague remaining, the
registration is handed to them as its contact. Awards, quotes and SROI lines stay: the figures count them; so do
the figures of its impact reports, which lose their evidence (file and link).
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.privacy import closing_organisation, remaining_member
from core import audit, files
from core.privacy import ERASED, forget_in_trail, personal_data_eraser, personal_data_exporter, scrub
from core.transitions import transition

from .models import (
    IMPACT_FIGURES,
    AuditAction,
    ImpactReport,
    Offering,
    PurchaseRequest,
    Quote,
    RegisterImport,
    SroiRealisation,
    Supplier,
)
from .services import suppliers_refresh_search

# The raw content of a register file that nobody confirmed is erased this long after its upload.
UNCONFIRMED_IMPORT_RETENTION = timedelta(days=7)

SUPPLIER_TEXT_FIELDS = (
    "description",
    "impact",
    "delivery_region",
    "postcode",
    "city",
    "website",
    "contact_name",
    "contact_email",
    "contact_phone",
    "decision_reason",
)
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
OFFERING_TEXT_FIELDS = ("title", "description", "unit")


def _supplier_of(user) -> Supplier | None:
    if user.organisation_id is None:
        return None
    return Supplier.objects.filter(organisation_id=user.organisation_id).first()


@personal_data_exporter("procurement")
def export_procurement(user) -> dict:
    supplier = _supplier_of(user)
    registration = None
    if supplier is not None:
        registration = {
            "status": supplier.status,
            "submitted_at": supplier.submitted_at.isoformat(),
            **{name: getattr(supplier, name) for name in SUPPLIER_TEXT_FIELDS},
            "contact_public": supplier.contact_public,
            "themes": [theme.code for theme in supplier.themes.all()],
            "offerings": [
                {
                    "kind": offering.kind,
                    "title": offering.title,
                    "category": offering.category,
                    "description": offering.description,
                    "price": str(offering.price) if offering.price is not None else None,
                    "unit": offering.unit,
                }
                for offering in supplier.offerings.all()
            ],
        }
    quotes = Quote.objects.filter(supplier=supplier) if supplier else Quote.objects.filter(submitted_by=user)
    return {
        "supplier_registration": registration,
        "quotes": [
            {
                "purchase_request": quote.purchase_request.title,
                "message": quote.message,
                "price": str(quote.price),
                "submitted_at": quote.created_at.isoformat(),
                "submitted_by_you": quote.submitted_by_id == user.pk,
            }
            for quote in quotes.select_related("purchase_request").order_by("created_at")
        ],
        "impact_reports": [
            {
                "year": report.year,
                "status": report.status,
                **{name: _plain(getattr(report, name)) for name in IMPACT_FIGURES},
                "evidence_url": report.evidence_url,
                "evidence_file": bool(report.evidence),
                "submitted_at": report.submitted_at.isoformat(),
                "comment_of_the_check": report.comment,
            }
            for report in (supplier.impact_reports.order_by("year") if supplier else [])
        ],
        "register_imports_uploaded": [
            {"file": upload.filename, "status": upload.status, "uploaded_at": upload.created_at.isoformat()}
            for upload in RegisterImport.objects.filter(uploaded_by=user).order_by("created_at")
        ],
        "purchase_requests_posted": [
            {
                "title": purchase_request.title,
                "description": purchase_request.description,
                "category": purchase_request.category,
                "budget_min": str(purchase_request.budget_min),
                "budget_max": str(purchase_request.budget_max),
                "deadline": purchase_request.deadline.isoformat(),
                "status": purchase_request.status,
                "for_sroi_tender": purchase_request.sroi_tender.title if purchase_request.sroi_tender else None,
                "posted_at": purchase_request.created_at.isoformat(),
            }
            for purchase_request in PurchaseRequest.objects.filter(posted_by=user)
            .select_related("sroi_tender")
            .order_by("created_at")
        ],
        "sroi_purchases_recorded": [
            {
                "tender": realisation.tender.title,
                "supplier": realisation.supplier.organisation.name,
                "description": realisation.description,
                "amount": str(realisation.amount),
                "date": realisation.date.isoformat(),
                "status": realisation.status,
                "reason_of_the_check": realisation.decision_reason,
            }
            for realisation in SroiRealisation.objects.filter(recorded_by=user)
            .select_related("tender", "supplier__organisation")
            .order_by("date", "pk")
        ],
    }


def _plain(value):
    return str(value) if value is not None and not isinstance(value, int) else value


@personal_data_eraser
def erase_procurement(user) -> list[str]:
    # A coordinator who signed their decisions: the reasons stay (the suppliers read them), without the name.
    signed = Supplier.objects.filter(decision_reason__icontains=user.name) if len(user.name) >= 3 else []
    for decided in signed:
        Supplier.objects.filter(pk=decided.pk).update(decision_reason=scrub(decided.decision_reason, [user.name]))
    closing = closing_organisation(user)
    if closing is not None:
        _erase_buying_texts(closing, user)
    supplier = _supplier_of(user)
    if supplier is None:
        return []
    identifiers = [getattr(supplier, name) for name in CONTACT_FIELDS]
    if closing_organisation(user) is not None:
        _withdraw(supplier, actor=user)
    elif _is_contact(supplier, user):
        _hand_over(supplier, actor=user)
    else:
        return []
    suppliers_refresh_search([supplier.pk])
    return identifiers


def _erase_buying_texts(organisation, user) -> None:
    """A company (a contractor) that its last member leaves: its purchase requests and the purchases it recorded
    for its tenders lose their texts, as an organisation's quotes do; their amounts keep counting."""
    requests = PurchaseRequest.objects.filter(organisation=organisation)
    requests.update(title=ERASED, description=ERASED)
    forget_in_trail(requests, ["title", "description"])
    realisations = SroiRealisation.objects.filter(
        tender__contractor_organisation=organisation, recorded_by__organisation=organisation
    )
    realisations.update(description=ERASED)
    forget_in_trail(realisations, ["description"])
    recorded = audit.AuditEvent.objects.filter(
        actor__organisation=organisation,
        action__in=[AuditAction.REALISATION_SUBMITTED, AuditAction.REALISATION_ADDED],
    )
    for entry in recorded:
        entry.details = {**entry.details, "description": ERASED}
        entry.save(update_fields=["details"])


def _is_contact(supplier: Supplier, user) -> bool:
    return (
        supplier.contact_email.lower() == user.email.lower()
        or supplier.contact_name == user.name
        or (bool(user.phone) and supplier.contact_phone == user.phone)
    )


def _withdraw(supplier: Supplier, *, actor) -> None:
    """Take the registration out of the directory (as a rejection, recorded as a withdrawal) and clear what the
    person wrote in it, its products and services and its quotes; its awards and SROI lines keep counting."""
    if supplier.status != Supplier.Status.REJECTED:
        transition(
            supplier,
            to=Supplier.Status.REJECTED,
            actor=actor,
            municipality=supplier.organisation.municipality,
            action=AuditAction.SUPPLIER_WITHDRAWN,
            reason=_("Its only contact erased their account."),
        )
    for name in SUPPLIER_TEXT_FIELDS:
        setattr(supplier, name, "")
    supplier.latitude = supplier.longitude = None
    supplier.contact_public = False
    supplier.save()
    forget_in_trail([supplier], [*SUPPLIER_TEXT_FIELDS, "latitude", "longitude"])
    Offering.objects.filter(supplier=supplier).update(title=ERASED, description="", unit="")
    forget_in_trail(Offering.objects.filter(supplier=supplier), OFFERING_TEXT_FIELDS)
    Quote.objects.filter(supplier=supplier).update(message=ERASED)
    forget_in_trail(Quote.objects.filter(supplier=supplier).select_related("purchase_request"), ["message"])
    # impact reports keep their figures (accepted ones count, as awards do) but lose their evidence
    for report in ImpactReport.objects.filter(supplier=supplier).exclude(evidence=""):
        files.delete_on_commit(report.evidence)
    ImpactReport.objects.filter(supplier=supplier).update(evidence="", evidence_url="")
    forget_in_trail(ImpactReport.objects.filter(supplier=supplier), ["evidence_url"])


def _hand_over(supplier: Supplier, *, actor) -> None:
    """Make the remaining member the registration's contact; their details are not public until they say so."""
    member = remaining_member(actor)
    assert member is not None  # the organisation stays open, so someone remains
    new = {"contact_name": member.name, "contact_email": member.email, "contact_phone": member.phone}
    for name, value in new.items():
        setattr(supplier, name, value)
    supplier.contact_public = False
    supplier.save(update_fields=[*CONTACT_FIELDS, "contact_public", "updated_at"])
    forget_in_trail([supplier], CONTACT_FIELDS)
    audit.record(
        action=audit.Action.CHANGED,
        actor=actor,
        municipality=supplier.organisation.municipality,
        instance=supplier,
        changes={name: [ERASED, value] for name, value in new.items()},
        reason=_("Its contact erased their account; a remaining member is the contact now."),
    )


@transaction.atomic
def register_imports_erase_unconfirmed(*, now: datetime | None = None) -> int:
    """Erase the raw content of uploaded register files that nobody confirmed within the retention period
    (UNCONFIRMED_IMPORT_RETENTION): contact details of companies that never entered the register. Returns how
    many files were erased."""
    cutoff = (now or timezone.now()) - UNCONFIRMED_IMPORT_RETENTION
    never_confirmed = [RegisterImport.Status.PREVIEW, RegisterImport.Status.FAILED]  # a queued or running job reads it
    expired = RegisterImport.objects.filter(status__in=never_confirmed).exclude(content="")
    return expired.filter(created_at__lt=cutoff).update(content="", error="")  # a failed import's error quotes cells
