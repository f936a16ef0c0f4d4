"""A world of public and private data for the open-data API: of each kind, what the public pages show and
what they never show, each private thing marked with PRIVATE so that a test can look for it in any answer."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Organisation, Region, Theme
from matching.models import Need, Offer
from procurement.models import Category, Supplier
from programmes.challenges.models import Stage
from reporting.models import Letter, LetterVersion
from tests.challenges.factories import ApplicationFactory, ChallengeFactory
from tests.factories import MunicipalityFactory, OrganisationFactory, ThemeFactory
from tests.matching.factories import NeedFactory, OfferFactory
from tests.procurement.factories import OfferingFactory, SupplierFactory
from tests.programmes.factories import ActionLineFactory, ActivityFactory, PartnerFactory, ProgrammeFactory

PRIVATE = "GEHEIM"  # in every private field of the world below


@dataclass
class World:
    groningen: Any
    haarlem: Any
    supplier: Any
    pending_supplier: Any
    need: Any
    closed_need: Any
    offer: Any
    activity: Any
    hidden_activity: Any
    challenge: Any
    secret_challenge: Any
    letter: Any
    draft_letter: Any
    outside_letter: Any


def published_letter(programme, year, figures, **fields):
    letter = Letter.objects.create(
        programme=programme, year=year, subject=f"Voortgang {year}", letter_date=dt.date(year + 1, 2, 1), **fields
    )
    version = LetterVersion.objects.create(
        letter=letter, status=LetterVersion.Status.READY, number=1, figures=figures, content={"intro": PRIVATE}
    )
    Letter.objects.filter(pk=letter.pk).update(
        status=Letter.Status.PUBLISHED, published_at=timezone.now(), approved_version=version
    )
    letter.refresh_from_db()
    return letter


def supplier_in(municipality, name, **fields):
    organisation = OrganisationFactory(
        municipality=municipality, name=name, email=f"{PRIVATE.lower()}@org.example.nl", phone=f"{PRIVATE} 050"
    )
    supplier = SupplierFactory(
        organisation=organisation,
        contact_name=f"{PRIVATE} Contactpersoon",
        contact_email=f"{PRIVATE.lower()}.contact@example.nl",
        contact_phone=f"{PRIVATE} 06",
        decision_reason=f"{PRIVATE} reden",
        **fields,
    )
    supplier.themes.set([ThemeFactory(code=Theme.Code.WORK)])
    return supplier


def build_world():
    region = Region.objects.create(name="Regio Noord", slug="regio-noord")
    groningen = MunicipalityFactory(name="Groningen", slug="groningen", region=region, in_network=True)
    haarlem = MunicipalityFactory(name="Haarlem", slug="haarlem", in_network=False)
    supplier = supplier_in(groningen, "Kringloop De Vondst")
    OfferingFactory(supplier=supplier, title="Kantoorlunch", category=Category.CATERING, price=Decimal("12.50"))
    supplier.delivery_municipalities.set([haarlem])
    pending = supplier_in(groningen, f"{PRIVATE} Wachtend", status=Supplier.Status.PENDING, verified_at=None)
    OfferingFactory(supplier=pending, title=f"{PRIVATE} product")
    initiative = OrganisationFactory(
        municipality=groningen, kind=Organisation.Kind.INITIATIVE, name="Buurtkracht", email="geheim@buurt.example.nl"
    )
    need = NeedFactory(
        municipality=groningen,
        organisation=initiative,
        title="Vrijwilligers voor de moestuin",
        themes=[ThemeFactory(code=Theme.Code.FOOD)],
    )
    closed = NeedFactory(
        municipality=groningen, organisation=initiative, title=f"{PRIVATE} gesloten", status=Need.Status.CLOSED
    )
    offer = OfferFactory(municipality=haarlem, title="Tien uur advies", postcode="2011 AB")
    OfferFactory(municipality=haarlem, title=f"{PRIVATE} verlopen", available_until=dt.date(2000, 1, 1))
    OfferFactory(municipality=haarlem, title=f"{PRIVATE} dicht", status=Offer.Status.CLOSED)
    line = ActionLineFactory(programme=ProgrammeFactory(municipality=groningen))
    activity = ActivityFactory(
        action_line=line, title="Impactcafé Noord", organiser=PartnerFactory(municipality=groningen)
    )
    hidden = ActivityFactory(action_line=line, title=f"{PRIVATE} intern overleg", public=False, participants=12)
    challenge = ChallengeFactory(
        action_line=line,
        name="Challenge 2020",
        results_public=True,
        opens_at=timezone.now() - dt.timedelta(days=60),
        closes_at=timezone.now() - dt.timedelta(days=30),
    )
    ApplicationFactory(challenge=challenge, title="Plan Winnaar", stage=Stage.WINNER, summary=f"{PRIVATE} samenvatting")
    ApplicationFactory(challenge=challenge, title="Plan Finalist", stage=Stage.FINALIST)
    ApplicationFactory(challenge=challenge, title=f"{PRIVATE} afgewezen", stage=Stage.NOT_SELECTED)
    secret = ChallengeFactory(action_line=line, name=f"{PRIVATE} challenge", results_public=False)
    ApplicationFactory(challenge=secret, title=f"{PRIVATE} plan", stage=Stage.WINNER)
    letter = published_letter(line.programme, 2019, {"matches_made": 12, "suppliers_verified": 7})
    draft = Letter.objects.create(
        programme=line.programme, year=2020, subject=f"{PRIVATE} concept", letter_date=dt.date(2021, 2, 1)
    )
    LetterVersion.objects.create(letter=draft, status=LetterVersion.Status.READY, number=1, figures={PRIVATE: 1})
    outside = published_letter(ProgrammeFactory(municipality=haarlem), 2019, {PRIVATE: 99})
    return World(
        groningen=groningen,
        haarlem=haarlem,
        supplier=supplier,
        pending_supplier=pending,
        need=need,
        closed_need=closed,
        offer=offer,
        activity=activity,
        hidden_activity=hidden,
        challenge=challenge,
        secret_challenge=secret,
        letter=letter,
        draft_letter=draft,
        outside_letter=outside,
    )


@pytest.fixture
def world(db):
    return build_world()
