"""Demo data for private buyers (seed 003: the Social Impact Market, where public and private organisations post
purchase requests): a housing corporation in Groningen verified as a buyer, with a request awarded to a demo
supplier and one open with quotes, and a care institution whose registration awaits the coordinator.

Idempotent: keyed on KvK numbers, e-mail addresses and titles. The organisations are made up.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import ensure_user
from accounts.models import BuyerStatus, Municipality, Organisation, User
from core.demo import backdated_audit, seed_step

from .models import AuditAction, Award, PurchaseRequest, Quote, Supplier

# (name, KvK number, postcode, city, street, buyer status, (e-mail, person's name))
BUYERS = [
    (
        "Woningcorporatie Noorderhuis",
        "71200001",
        "9712 HV",
        "Groningen",
        "Oude Boteringestraat 40",
        BuyerStatus.VERIFIED,
        ("inkoper.noorderhuis@impactportaal.test", "Ingrid Bosma"),
    ),
    (
        "Zorginstelling Het Baken",
        "71200002",
        "9725 AK",
        "Groningen",
        "Hereweg 120",
        BuyerStatus.PENDING,
        ("inkoper.hetbaken@impactportaal.test", "Ruud Kramer"),
    ),
]

# (supplier KvK, price, message, shortlisted, award amount or None, days ago awarded)
DemoQuote = tuple[str, str, str, bool, str | None, int | None]
# (title, category, budget, days ago posted, deadline in days (None: passed), description, quotes)
DemoRequest = tuple[str, str, tuple[str, str], int, int | None, str, list[DemoQuote]]

NOORDERHUIS_REQUESTS: list[DemoRequest] = [
    (
        "Opgeknapt kantoormeubilair voor het huurdersloket",
        "facility",
        ("5000.00", "12000.00"),
        60,
        None,
        "Voor het vernieuwde huurdersloket aan de Oude Boteringestraat zoeken wij twaalf bureaus, vierentwintig "
        "stoelen en vier kasten, tweedehands en opgeknapt, inclusief levering en plaatsing.",
        [
            (
                "01234567",
                "9400.00",
                "Wij leveren opgeknapt meubilair uit onze eigen werkplaats, geplaatst door onze leerwerkploeg.",
                True,
                "9400.00",
                20,
            ),
            (
                "70100035",
                "11800.00",
                "Wij maken bureaus van hergebruikt hout op maat; levering binnen zes weken.",
                False,
                None,
                None,
            ),
        ],
    ),
    (
        "Catering voor de huurdersavond in de Oosterparkwijk",
        "catering",
        ("800.00", "1500.00"),
        5,
        21,
        "Een avond voor ongeveer 120 huurders in het buurthuis: koffie, thee, soep en broodjes, met een "
        "vegetarische en een halal keuze.",
        [
            (
                "70100001",
                "1150.00",
                "Soep, broodjes en koffie van onze lunchroom, bediend door onze leerlingen in de horeca.",
                True,
                None,
                None,
            ),
            (
                "70100008",
                "1340.00",
                "Een buffet met drie soepen en wraps; ons team zet op en ruimt op.",
                False,
                None,
                None,
            ),
        ],
    ),
]


def _ensure_buyer(row, municipality: Municipality, coordinator: User) -> tuple[Organisation, User]:
    name, kvk, postcode, city, street, status, (email, person) = row
    organisation, created = Organisation.objects.get_or_create(
        kvk_number=kvk,
        defaults={
            "name": name,
            "kind": Organisation.Kind.COMPANY,
            "municipality": municipality,
            "postcode": postcode,
            "city": city,
            "street_address": street,
            "email": email,
            "buyer_status": status,
            "buyer_decided_at": timezone.now() - dt.timedelta(days=75) if status == BuyerStatus.VERIFIED else None,
        },
    )
    user = ensure_user(email, name=person, role=User.Role.PRIVATE_BUYER, organisation=organisation)
    if created and status == BuyerStatus.VERIFIED:
        backdated_audit(
            timezone.localdate() - dt.timedelta(days=75),
            action=AuditAction.BUYER_VERIFIED,
            actor=coordinator,
            municipality=municipality,
            instance=organisation,
            changes={"buyer_status": [BuyerStatus.PENDING.value, status.value]},
        )
    return organisation, user


def _seed_requests(organisation: Organisation, buyer: User) -> None:
    today = timezone.localdate()
    for title, category, (low, high), posted, deadline, description, quotes in NOORDERHUIS_REQUESTS:
        purchase_request, created = PurchaseRequest.objects.get_or_create(
            organisation=organisation,
            title=title,
            defaults={
                "municipality": organisation.municipality,
                "origin": PurchaseRequest.Origin.PRIVATE,
                "posted_by": buyer,
                "category": category,
                "budget_min": Decimal(low),
                "budget_max": Decimal(high),
                "deadline": today + dt.timedelta(days=deadline) if deadline else today - dt.timedelta(days=30),
                "description": description,
            },
        )
        if not created:
            continue
        posted_at = timezone.now() - dt.timedelta(days=posted)
        PurchaseRequest.objects.filter(pk=purchase_request.pk).update(created_at=posted_at)
        for kvk, price, message, shortlisted, amount, awarded_ago in quotes:
            supplier = Supplier.objects.select_related("organisation").get(organisation__kvk_number=kvk)
            quote = Quote.objects.create(
                purchase_request=purchase_request,
                supplier=supplier,
                message=message,
                price=Decimal(price),
                shortlisted=shortlisted,
                submitted_by=supplier.organisation.members.first(),
            )
            if amount is None or awarded_ago is None:
                continue
            on = today - dt.timedelta(days=awarded_ago)
            Award.objects.create(
                quote=quote,
                purchase_request=purchase_request,
                supplier=supplier,
                amount=Decimal(amount),
                awarded_on=on,
                awarded_by=buyer,
            )
            PurchaseRequest.objects.filter(pk=purchase_request.pk).update(status=PurchaseRequest.Status.AWARDED)
            backdated_audit(
                on,
                action=AuditAction.AWARD_MADE,
                actor=buyer,
                municipality=None,  # a private organisation's purchase stays out of the municipality's trail
                instance=purchase_request,
                related=supplier,
                details={"amount": amount, "awarded_on": on.isoformat()},
            )


@seed_step(order=52)
@transaction.atomic
def seed_private_buyers() -> None:
    groningen = Municipality.objects.get(slug="groningen")
    coordinator = User.objects.filter(role=User.Role.COORDINATOR, municipality=groningen).earliest("pk")
    noorderhuis, buyer = _ensure_buyer(BUYERS[0], groningen, coordinator)
    _ensure_buyer(BUYERS[1], groningen, coordinator)
    _seed_requests(noorderhuis, buyer)
