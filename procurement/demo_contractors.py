"""Demo: Haarlem's contractor and its social-return duty (seed 002, the Buy Social Marktplaats).

Aannemersbedrijf Van Duin BV won "Herinrichting openbare ruimte Schalkwijk" (5% of € 2.400.000: € 120.000 of social
return). Haarlem's buyer invited it; it follows the tender as opdrachtnemer.haarlem@impactportaal.test. Haarlem
weighs the PSO ladder higher than the portal's default and lets any verified supplier count for a quarter. Besides
the buyer's own records, one purchase of the contractor was accepted, one awaits the buyer's check, and a purchase
request for lunches on the building site has two quotes.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import ensure_user
from accounts.models import Municipality, Organisation, User
from core.demo import backdated_audit, seed_step

from . import sroi
from .models import (
    AuditAction,
    Category,
    PurchaseRequest,
    Quote,
    SroiCriterion,
    SroiRealisation,
    SroiTender,
    SroiWeight,
    Supplier,
)

TENDER = "Herinrichting openbare ruimte Schalkwijk"
CONTRACTOR = "Aannemersbedrijf Van Duin BV"
CONTRACTOR_USER = ("opdrachtnemer.haarlem@impactportaal.test", "Joost van Duin")
HAARLEM_WEIGHTS = {
    SroiCriterion.CODE_REGISTER: 100,
    SroiCriterion.SOCIAL_ENTERPRISE_NL: 50,
    SroiCriterion.PSO_CERTIFIED: 75,
    SroiCriterion.VERIFIED_SUPPLIER: 25,
}
# (supplier's KvK number, what, amount, days ago, accepted)
PURCHASES = [
    ("70200003", "Veiligheidsborden en hekwerkdoeken fase 2", "5200.00", 120, True),
    ("70200004", "Fietsen voor het uitvoeringsteam, drie maanden", "3600.00", 9, False),
]
REQUEST = (
    "Lunches voor het bouwteam, fase 3",
    "Dagelijks lunch voor 25 mensen op de bouwplaats aan de Amerikaweg, twaalf weken vanaf volgende maand.",
    ("3000", "6000"),
)
# (supplier's KvK number, price, message)
QUOTES = [
    ("70200002", "4650.00", "Wij koken in de buurtkeuken van Schalkwijk en bezorgen om 12 uur op de bouwplaats."),
    ("56701234", "5400.00", "Lunch door deelnemers van ons werkleerbedrijf, met soep op koude dagen."),
]


@seed_step(order=51)
@transaction.atomic
def seed_contractors() -> None:
    haarlem = Municipality.objects.get(slug="haarlem")
    tender = SroiTender.objects.get(municipality=haarlem, title=TENDER)
    buyer = tender.created_by or User.objects.filter(role=User.Role.BUYER, municipality=haarlem).earliest("pk")
    company, _created = Organisation.objects.get_or_create(
        name=CONTRACTOR,
        kind=Organisation.Kind.COMPANY,
        municipality=haarlem,
        defaults={
            "kvk_number": "34218765",
            "email": "info@vanduin-aannemers.example.nl",
            "street_address": "Oudeweg 91",
            "postcode": "2031 CC",
            "city": "Haarlem",
            "description": "Aannemer in grond-, weg- en waterbouw en de inrichting van de openbare ruimte.",
        },
    )
    email, name = CONTRACTOR_USER
    contractor = ensure_user(email, name=name, role=User.Role.CONTRACTOR, organisation=company)
    for criterion, weight in HAARLEM_WEIGHTS.items():
        SroiWeight.objects.get_or_create(municipality=haarlem, criterion=criterion, defaults={"weight": weight})
    if tender.contractor_organisation_id is None:
        _accept_invitation(tender, buyer=buyer, company=company, contractor=contractor)
    weights = sroi.weights_of(haarlem)
    today = timezone.localdate()
    for kvk, description, amount, days_ago, accepted in PURCHASES:
        supplier = _supplier(kvk)
        on = today - dt.timedelta(days=days_ago)
        decided = {
            "status": SroiRealisation.Status.ACCEPTED,
            "weight": sroi.weight_for(supplier, weights),
            "decided_by": buyer,
            "decided_at": timezone.make_aware(dt.datetime.combine(on + dt.timedelta(days=6), dt.time(10, 0))),
        }
        realisation, created = SroiRealisation.objects.get_or_create(
            tender=tender,
            supplier=supplier,
            description=description,
            defaults={
                "amount": Decimal(amount),
                "date": on,
                "recorded_by": contractor,
                **(decided if accepted else {"status": SroiRealisation.Status.SUBMITTED}),
            },
        )
        if created:
            details = {"amount": amount, "date": on.isoformat(), "description": description}
            backdated_audit(
                on,
                municipality=haarlem,
                actor=contractor,
                action=AuditAction.REALISATION_SUBMITTED,
                instance=tender,
                related=supplier,
                details=details,
            )
            if accepted:
                backdated_audit(
                    on + dt.timedelta(days=6),
                    municipality=haarlem,
                    actor=buyer,
                    action=AuditAction.REALISATION_ACCEPTED,
                    instance=realisation,
                    related=supplier,
                    changes={"status": ["submitted", "accepted"], "weight": [None, realisation.weight]},
                )
    _seed_request(tender, contractor)


def _supplier(kvk: str) -> Supplier:
    return Supplier.objects.select_related("organisation").get(organisation__kvk_number=kvk)


def _accept_invitation(tender: SroiTender, *, buyer: User, company: Organisation, contractor: User) -> None:
    invited_on = tender.start_date + dt.timedelta(days=3)
    tender.contractor_email = contractor.email
    tender.contractor_organisation = company
    tender.save(update_fields=["contractor_email", "contractor_organisation"])
    backdated_audit(
        invited_on,
        municipality=tender.municipality,
        actor=buyer,
        action=AuditAction.CONTRACTOR_INVITED,
        instance=tender,
        details={"invitation": 1},
    )
    backdated_audit(
        invited_on + dt.timedelta(days=2),
        municipality=tender.municipality,
        actor=contractor,
        action=AuditAction.CONTRACTOR_JOINED,
        instance=tender,
        related=company,
    )


def _seed_request(tender: SroiTender, contractor: User) -> None:
    title, description, (low, high) = REQUEST
    purchase_request, created = PurchaseRequest.objects.get_or_create(
        municipality=tender.municipality,
        title=title,
        defaults={
            "posted_by": contractor,
            "origin": PurchaseRequest.Origin.CONTRACTOR,
            "organisation": contractor.organisation,
            "sroi_tender": tender,
            "counts_towards_sroi": True,
            "description": description,
            "category": Category.CATERING,
            "budget_min": Decimal(low),
            "budget_max": Decimal(high),
            "deadline": timezone.localdate() + dt.timedelta(days=21),
        },
    )
    if created:
        backdated_audit(
            timezone.localdate() - dt.timedelta(days=5),
            municipality=tender.municipality,
            actor=contractor,
            action=AuditAction.REQUEST_POSTED,
            instance=purchase_request,
            details={"suppliers_told": len(QUOTES)},
        )
    for kvk, price, message in QUOTES:
        Quote.objects.get_or_create(
            purchase_request=purchase_request,
            supplier=_supplier(kvk),
            defaults={"price": Decimal(price), "message": message},
        )
