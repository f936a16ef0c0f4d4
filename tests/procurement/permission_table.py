"""Every procurement URL, for every role (see tests/permissions.py)."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import BuyerStatus
from procurement import services
from procurement.models import Category, PurchaseRequest, Quote, RegisterImport, SroiRealisation, Supplier
from tests.factories import OrganisationFactory
from tests.permissions import (
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    REDIRECT,
    Case,
    coordinator_only,
    expect,
    signed_in_only,
)

from .factories import (
    ImpactReportFactory,
    OfferingFactory,
    PurchaseRequestFactory,
    QuoteFactory,
    RegisterImportFactory,
    SroiRealisationFactory,
    SroiTenderFactory,
    SupplierFactory,
)


def entrepreneurs_supplier(world, **fields):
    """world.entrepreneur's organisation as a supplier in Groningen (verified, offering catering)."""
    supplier = SupplierFactory(organisation=world.entrepreneur.organisation, **fields)
    OfferingFactory(supplier=supplier, category=Category.CATERING)
    return supplier


def verified_supplier(world):
    return {"pk": entrepreneurs_supplier(world).pk}


def pending_supplier(world):
    return {"pk": entrepreneurs_supplier(world, status=Supplier.Status.PENDING, verified_at=None).pk}


def haarlem_supplier(world):
    """A supplier awaiting verification in Haarlem, outside the region of world.regional."""
    organisation = OrganisationFactory(municipality=world.haarlem, kind="enterprise")
    return {"pk": SupplierFactory(organisation=organisation, status=Supplier.Status.PENDING, verified_at=None).pk}


def register_import(world):
    return {"pk": RegisterImportFactory(municipality=world.groningen).pk}


def running_import(world):
    """A confirmed import whose job runs: its page and its progress region."""
    return {"pk": RegisterImportFactory(municipality=world.groningen, status=RegisterImport.Status.RUNNING).pk}


def fitting_request(world):
    """A Groningen catering request that world.entrepreneur's verified supplier fits."""
    entrepreneurs_supplier(world)
    return {"pk": PurchaseRequestFactory(municipality=world.groningen, posted_by=world.buyer).pk}


def quote(world):
    supplier = entrepreneurs_supplier(world)
    purchase_request = PurchaseRequestFactory(municipality=world.groningen, posted_by=world.buyer)
    return {
        "pk": purchase_request.pk,
        "quote_pk": QuoteFactory(purchase_request=purchase_request, supplier=supplier).pk,
    }


def tender(world):
    return {"pk": SroiTenderFactory(municipality=world.groningen).pk}


def realisation(world):
    item = SroiRealisationFactory(tender=SroiTenderFactory(municipality=world.groningen))
    return {"pk": item.tender.pk, "realisation_pk": item.pk}


def contractors_tender(world):
    """A Groningen tender whose contractor is world.contractor's company."""
    return {
        "pk": SroiTenderFactory(municipality=world.groningen, contractor_organisation=world.contractor.organisation).pk
    }


def submitted_realisation(world):
    """A purchase world.contractor recorded for its Groningen tender, awaiting the buyer's check."""
    tender = SroiTenderFactory(municipality=world.groningen, contractor_organisation=world.contractor.organisation)
    item = SroiRealisationFactory(tender=tender, status=SroiRealisation.Status.SUBMITTED, weight=None)
    return {"pk": tender.pk, "realisation_pk": item.pk}


def contractors_request(world):
    """A purchase request of world.contractor's company for its Groningen tender, which world.entrepreneur's
    verified supplier fits."""
    entrepreneurs_supplier(world)
    tender = SroiTenderFactory(municipality=world.groningen, contractor_organisation=world.contractor.organisation)
    return {
        "pk": PurchaseRequestFactory(
            municipality=world.groningen,
            posted_by=world.contractor,
            origin=PurchaseRequest.Origin.CONTRACTOR,
            organisation=world.contractor.organisation,
            sroi_tender=tender,
            counts_towards_sroi=True,
        ).pk
    }


def contractors_quote(world):
    supplier = entrepreneurs_supplier(world)
    purchase_request = PurchaseRequestFactory(
        municipality=world.groningen,
        posted_by=world.contractor,
        origin=PurchaseRequest.Origin.CONTRACTOR,
        organisation=world.contractor.organisation,
        sroi_tender=SroiTenderFactory(
            municipality=world.groningen, contractor_organisation=world.contractor.organisation
        ),
    )
    return {
        "pk": purchase_request.pk,
        "quote_pk": QuoteFactory(purchase_request=purchase_request, supplier=supplier).pk,
    }


def invitation(world):
    """The link of an invitation of a Groningen tender's contractor, not accepted yet."""
    tender = SroiTenderFactory(municipality=world.groningen)
    return {"token": services.sroi_invitation_token(tender=tender, email="directie@aannemer.nl", number=0)}


def reporting_supplier(world):
    """world.entrepreneur's verified supplier, which reports its impact (no URL arguments)."""
    entrepreneurs_supplier(world)
    return {}


def report_year(world):
    entrepreneurs_supplier(world)
    return {"year": 2020}


def impact_report(world):
    """A report of world.entrepreneur's supplier (Groningen) awaiting a check, with a PDF as evidence."""
    evidence = SimpleUploadedFile("jaarverslag.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    return {"pk": ImpactReportFactory(supplier=entrepreneurs_supplier(world), evidence=evidence).pk}


def impact_data(world):
    return {"persons_employed": "3", "fte": "2,5"}


def realisation_data(world):
    return {
        "supplier": SupplierFactory().pk,
        "description": "Catering",
        "amount": "1200.00",
        "date": "2020-06-01",
    }


def award_data(world):
    """The award form of the quote that `quote` made (its fields carry the quote's id)."""
    prefix = f"award-{Quote.objects.latest('pk').pk}"
    return {f"{prefix}-amount": "100", f"{prefix}-awarded_on": "2020-01-01"}


def request_data(world):
    return {
        "title": "Koffie",
        "description": "Koffie voor het stadhuis",
        "category": "catering",
        "budget_min": "100",
        "budget_max": "500",
        "deadline": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
    }


def private_request(world):
    """A catering request of world.private_buyer's company, which world.entrepreneur's verified supplier fits."""
    entrepreneurs_supplier(world)
    purchase_request = PurchaseRequestFactory(
        municipality=world.groningen,
        posted_by=world.private_buyer,
        origin=PurchaseRequest.Origin.PRIVATE,
        organisation=world.private_buyer.organisation,
    )
    return {"pk": purchase_request.pk}


def private_quote(world):
    purchase_request = PurchaseRequest.objects.get(**private_request(world))
    supplier = Supplier.objects.get(organisation=world.entrepreneur.organisation)
    return {
        "pk": purchase_request.pk,
        "quote_pk": QuoteFactory(purchase_request=purchase_request, supplier=supplier).pk,
    }


def pending_buyer(world):
    """A company of Groningen that signed up as a private buyer and awaits verification."""
    organisation = OrganisationFactory(municipality=world.groningen, kind="company", buyer_status=BuyerStatus.PENDING)
    return {"pk": organisation.pk}


def haarlem_buyer(world):
    organisation = OrganisationFactory(municipality=world.haarlem, kind="company", buyer_status=BuyerStatus.PENDING)
    return {"pk": organisation.pk}


# A regional coordinator has no part in a municipality's purchasing: purchase requests and SROI are the buyer's.
buyer_only = expect(NOT_FOUND, anonymous=LOGIN, buyer=OK, regional=NOT_FOUND)
# The contractor buys too: its own purchase requests (for its social-return duty) in the same list and export.
# A verified private buyer posts and decides its own organisation's purchase requests as a municipal buyer does.
purchasing = expect(NOT_FOUND, anonymous=LOGIN, buyer=OK, private_buyer=OK, contractor=OK)
entrepreneur_only = expect(NOT_FOUND, anonymous=LOGIN, entrepreneur=OK)

CASES = [
    # the public directory
    Case("procurement:directory", expect(OK)),
    Case("procurement:directory_export", expect(OK)),
    Case("procurement:supplier_profile", expect(OK), kwargs=verified_supplier),
    Case("procurement:supplier_profile", expect(NOT_FOUND), kwargs=pending_supplier, label="pending"),
    # the entrepreneur's registration
    Case("procurement:registration", entrepreneur_only),
    Case("procurement:registration_edit", entrepreneur_only),
    Case("procurement:supplier_requests", entrepreneur_only),
    # impact reports: the supplier files them, a coordinator of its municipality checks them
    Case("procurement:impact_reports", entrepreneur_only, kwargs=reporting_supplier),
    Case("procurement:impact_report", entrepreneur_only, kwargs=report_year),
    Case(
        "procurement:impact_report",
        expect(NOT_FOUND, anonymous=LOGIN, entrepreneur=REDIRECT),
        kwargs=report_year,
        method="post",
        data=impact_data,
        label="post",
    ),
    Case("procurement:impact_overview", coordinator_only(other_coordinator=OK)),
    Case("procurement:impact_check", coordinator_only(), kwargs=impact_report),
    Case(
        "procurement:impact_accept",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT),
        kwargs=impact_report,
        method="post",
    ),
    Case("procurement:impact_accept", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=impact_report, label="get"),
    Case(
        "procurement:impact_return",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT),
        kwargs=impact_report,
        method="post",
        data=lambda world: {"comment": "Het aantal fte ontbreekt."},
    ),
    Case("procurement:impact_evidence", coordinator_only(entrepreneur=OK), kwargs=impact_report),
    # the coordinator's register; a regional coordinator works on the register of the region's members (Groningen's
    # among them), never on one outside it (Haarlem's)
    Case("procurement:register", coordinator_only(other_coordinator=OK, regional=OK)),
    Case("procurement:register_supplier", coordinator_only(regional=OK), kwargs=pending_supplier),
    Case(
        "procurement:register_supplier",
        expect(NOT_FOUND, anonymous=LOGIN, other_coordinator=OK),
        kwargs=haarlem_supplier,
        label="outside the region",
    ),
    Case(
        "procurement:supplier_verify",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, regional=REDIRECT),
        kwargs=pending_supplier,
        method="post",
    ),
    Case(
        "procurement:supplier_verify",
        expect(NOT_FOUND, anonymous=LOGIN, other_coordinator=REDIRECT),
        kwargs=haarlem_supplier,
        method="post",
        label="outside the region",
    ),
    Case(
        "procurement:supplier_reject",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, regional=REDIRECT),
        kwargs=pending_supplier,
        method="post",
        data=lambda world: {"reason": "Geen sociale onderneming."},
    ),
    Case("procurement:register_export", coordinator_only(other_coordinator=OK, regional=OK)),
    Case(
        "procurement:register_bulk",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, other_coordinator=REDIRECT, regional=REDIRECT),
        method="post",
        data=lambda world: {"suppliers": [pending_supplier(world)["pk"]], "action": "verify"},
    ),
    Case("procurement:register_bulk", expect(NOT_ALLOWED, anonymous=LOGIN), label="get"),
    # imports and the audit trail stay each municipality's own
    Case("procurement:register_import", coordinator_only(other_coordinator=OK, regional=NOT_FOUND)),
    Case("procurement:register_import_preview", coordinator_only(), kwargs=register_import),
    Case("procurement:register_import_progress", coordinator_only(), kwargs=register_import),
    Case("procurement:register_import_progress", coordinator_only(), kwargs=running_import, label="running"),
    Case(
        "procurement:audit_log",
        signed_in_only(NOT_FOUND, coordinator=OK, other_coordinator=OK, buyer=OK, regional=NOT_FOUND),
    ),
    # private buyers: a coordinator of their municipality verifies them; a regional coordinator does not
    Case("procurement:buyer_registrations", coordinator_only(other_coordinator=OK)),
    Case("procurement:buyer_registration", coordinator_only(), kwargs=pending_buyer),
    Case(
        "procurement:buyer_registration",
        expect(NOT_FOUND, anonymous=LOGIN, other_coordinator=OK),
        kwargs=haarlem_buyer,
        label="haarlem",
    ),
    Case(
        "procurement:buyer_verify",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT),
        kwargs=pending_buyer,
        method="post",
    ),
    Case("procurement:buyer_verify", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=pending_buyer, label="get"),
    Case(
        "procurement:buyer_reject",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT),
        kwargs=pending_buyer,
        method="post",
        data=lambda world: {"reason": "Onbekend bij de KvK."},
    ),
    # purchase requests
    Case("procurement:requests", purchasing),
    Case("procurement:requests_export", purchasing),
    Case("procurement:request_create", expect(NOT_FOUND, anonymous=LOGIN, buyer=OK, private_buyer=OK)),
    Case(
        "procurement:request_create",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT, private_buyer=REDIRECT),
        method="post",
        data=request_data,
        label="post",
    ),
    # a private organisation's request: its own buyer and the fitting supplier, not the municipality's buyer
    Case(
        "procurement:request_detail",
        expect(NOT_FOUND, anonymous=LOGIN, private_buyer=OK, entrepreneur=OK),
        kwargs=private_request,
        label="private",
    ),
    Case(
        "procurement:request_cancel",
        expect(NOT_FOUND, anonymous=LOGIN, private_buyer=REDIRECT),
        kwargs=private_request,
        method="post",
        label="private",
    ),
    Case(
        "procurement:quote_shortlist",
        expect(NOT_FOUND, anonymous=LOGIN, private_buyer=REDIRECT),
        kwargs=private_quote,
        method="post",
        data=lambda world: {"shortlisted": "1"},
        label="private",
    ),
    Case(
        "procurement:quote_award",
        expect(NOT_FOUND, anonymous=LOGIN, private_buyer=REDIRECT),
        kwargs=private_quote,
        method="post",
        data=award_data,
        label="private",
    ),
    Case(
        "procurement:request_detail",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=OK, entrepreneur=OK),
        kwargs=fitting_request,
    ),
    Case(
        "procurement:quote_submit",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT, entrepreneur=REDIRECT),
        kwargs=fitting_request,
        method="post",
        data=lambda world: {"message": "Wij leveren graag.", "price": "350.00"},
    ),
    Case(
        "procurement:request_cancel",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT),
        kwargs=fitting_request,
        method="post",
    ),
    Case(
        "procurement:quote_shortlist",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT),
        kwargs=quote,
        method="post",
        data=lambda world: {"shortlisted": "1"},
    ),
    Case(
        "procurement:quote_award",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT),
        kwargs=quote,
        method="post",
        data=award_data,
    ),
    # SROI
    Case("procurement:tenders", buyer_only),
    Case("procurement:tenders_export", buyer_only),
    Case("procurement:tender_create", buyer_only),
    Case("procurement:tender_detail", buyer_only, kwargs=tender),
    Case("procurement:tender_edit", buyer_only, kwargs=tender),
    Case(
        "procurement:realisation_add",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT),
        kwargs=tender,
        method="post",
        data=realisation_data,
    ),
    Case(
        "procurement:realisation_remove",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT),
        kwargs=realisation,
        method="post",
    ),
    # the tender's contractor: the buyer invites it and checks its purchases; a coordinator or buyer sets the
    # municipality's weighting rules
    Case(
        "procurement:tender_invite",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT),
        kwargs=tender,
        method="post",
        data=lambda world: {"email": "directie@aannemer.nl"},
    ),
    Case("procurement:tender_invite", expect(NOT_ALLOWED, anonymous=LOGIN), kwargs=tender, label="get"),
    Case(
        "procurement:realisation_accept",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT),
        kwargs=submitted_realisation,
        method="post",
    ),
    Case(
        "procurement:realisation_accept",
        expect(NOT_ALLOWED, anonymous=LOGIN),
        kwargs=submitted_realisation,
        label="get",
    ),
    Case(
        "procurement:realisation_reject",
        expect(NOT_FOUND, anonymous=LOGIN, buyer=REDIRECT),
        kwargs=submitted_realisation,
        method="post",
        data=lambda world: {f"reject-{SroiRealisation.objects.latest('pk').pk}-reason": "Geen factuur."},
    ),
    Case(
        "procurement:realisation_reject",
        expect(NOT_ALLOWED, anonymous=LOGIN),
        kwargs=submitted_realisation,
        label="get",
    ),
    Case("procurement:sroi_weights", coordinator_only(other_coordinator=OK, buyer=OK)),
    Case(
        "procurement:sroi_weights",
        expect(NOT_FOUND, anonymous=LOGIN, coordinator=REDIRECT, other_coordinator=REDIRECT, buyer=REDIRECT),
        method="post",
        data=lambda world: {
            "code_register": "100",
            "social_enterprise_nl": "50",
            "pso_certified": "50",
            "verified_supplier": "20",
        },
        label="post",
    ),
    # the contractor's own pages: its invitation (anyone with the link), its tenders, purchases and requests
    Case("procurement:sroi_invitation", expect(OK), kwargs=invitation),
    Case(
        "procurement:sroi_invitation",
        expect(OK, contractor=REDIRECT),
        kwargs=invitation,
        method="post",
        label="accept",
    ),
    Case("procurement:contractor_tenders", expect(NOT_FOUND, anonymous=LOGIN, contractor=OK)),
    Case("procurement:contractor_tender", expect(NOT_FOUND, anonymous=LOGIN, contractor=OK), kwargs=contractors_tender),
    Case("procurement:contractor_tender", expect(NOT_FOUND, anonymous=LOGIN), kwargs=tender, label="another's"),
    Case(
        "procurement:contractor_realisation_add",
        expect(NOT_FOUND, anonymous=LOGIN, contractor=REDIRECT),
        kwargs=contractors_tender,
        method="post",
        data=realisation_data,
    ),
    Case(
        "procurement:contractor_suggestions",
        expect(NOT_FOUND, anonymous=LOGIN, contractor=OK),
        kwargs=contractors_tender,
    ),
    Case(
        "procurement:contractor_request_create",
        expect(NOT_FOUND, anonymous=LOGIN, contractor=OK),
        kwargs=contractors_tender,
    ),
    Case(
        "procurement:contractor_request_create",
        expect(NOT_FOUND, anonymous=LOGIN, contractor=REDIRECT),
        kwargs=contractors_tender,
        method="post",
        data=request_data,
        label="post",
    ),
    Case(
        "procurement:request_detail",
        expect(NOT_FOUND, anonymous=LOGIN, contractor=OK, entrepreneur=OK),
        kwargs=contractors_request,
        label="contractor's",
    ),
    Case(
        "procurement:quote_award",
        expect(NOT_FOUND, anonymous=LOGIN, contractor=REDIRECT),
        kwargs=contractors_quote,
        method="post",
        data=award_data,
        label="contractor's",
    ),
    # figures for coordinators, buyers and the council
    Case(
        "procurement:figures",
        signed_in_only(
            NOT_FOUND, coordinator=OK, other_coordinator=OK, buyer=OK, council_member=OK, regional=NOT_FOUND
        ),
    ),
]
