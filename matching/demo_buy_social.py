"""The demo's Buy Social Marktplaats in Haarlem (seed 002): the municipality's contractors meet social entrepreneurs,
who help them meet the social-return (SROI) condition of their tenders. Haarlem's coordinator recorded the deals.

Runs after procurement's step (50), whose Haarlem suppliers are the social entrepreneurs here. Idempotent: the event
is keyed on municipality, name and date, a company on its name, a deal on its event, company and entrepreneur.
"""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Municipality, Organisation, User
from core.demo import seed_step

from .models import Beursvloer, Deal

EVENT = (
    "Buy Social Marktplaats Haarlem 2021",
    datetime.date(2021, 5, 20),
    "Social Impact Factory, Haarlem",
    "Leveranciers en aannemers van de gemeente ontmoeten sociaal ondernemers die hen helpen de SROI-voorwaarde "
    "in hun aanbestedingen in te vullen.",
)
# (name, KvK number or None, place)
COMPANIES = [
    ("Aannemersbedrijf Van Duin BV", None, "Haarlem"),
    ("Bouwbedrijf Kennemer Bouw BV", "62100001", "Haarlem"),
    ("Schoonmaakbedrijf Spaarnestad BV", "62100002", "Haarlem"),
    ("Ingenieursbureau Zuid-Kennemerland", "62100003", "Haarlem"),
]
# (company, social entrepreneur, what was agreed, expected amount, for social return)
DEALS = [
    (
        "Aannemersbedrijf Van Duin BV",
        "Haarlems Schoonmaakcollectief",
        "Schoonmaak van de bouwketen in Schalkwijk, met twee medewerkers uit de bijstand.",
        "14000.00",
        True,
    ),
    (
        "Aannemersbedrijf Van Duin BV",
        "Kennemerland Werkt Groen",
        "Aanplant en groenonderhoud na de herinrichting; een leerwerkplek per ploeg.",
        "30000.00",
        True,
    ),
    (
        "Bouwbedrijf Kennemer Bouw BV",
        "De Buurtkok Haarlem",
        "Lunches op de bouwplaats, drie dagen per week.",
        "7500.00",
        True,
    ),
    (
        "Bouwbedrijf Kennemer Bouw BV",
        "Spaarne Sociaal Drukwerk",
        "Bouwborden en bewegwijzering voor twee projecten.",
        "4800.00",
        True,
    ),
    (
        "Schoonmaakbedrijf Spaarnestad BV",
        "Fietsherstel Schalkwijk",
        "Onderhoud van de dienstfietsen van de schoonmakers.",
        "2200.00",
        False,
    ),
    (
        "Ingenieursbureau Zuid-Kennemerland",
        "De Buurtkok Haarlem",
        "Catering bij de bewonersavonden over de nieuwe wijkplannen.",
        "3100.00",
        False,
    ),
]


@seed_step(order=57)
@transaction.atomic
def seed_buy_social() -> None:
    haarlem = Municipality.objects.filter(slug="haarlem").first()
    coordinator = User.objects.filter(email="coordinator.haarlem@impactportaal.test").first()
    if haarlem is None or coordinator is None:
        return
    name, date, place, description = EVENT
    event, _created = Beursvloer.objects.get_or_create(
        municipality=haarlem,
        name=name,
        date=date,
        defaults={
            "kind": Beursvloer.Kind.BUY_SOCIAL,
            "place": place,
            "description": description,
            "created_by": coordinator,
        },
    )
    companies = {}
    for company_name, kvk_number, city in COMPANIES:
        taken = kvk_number is not None and Organisation.objects.filter(kvk_number=kvk_number).exists()
        companies[company_name], _created = Organisation.objects.get_or_create(
            name=company_name,
            kind=Organisation.Kind.COMPANY,
            municipality=haarlem,
            defaults={"kvk_number": None if taken else kvk_number, "city": city},
        )
    enterprises = {
        organisation.name: organisation
        for organisation in Organisation.objects.filter(municipality=haarlem, kind=Organisation.Kind.ENTERPRISE)
    }
    recorded = timezone.make_aware(datetime.datetime.combine(date, datetime.time(16)))
    for company_name, enterprise_name, agreement, amount, for_social_return in DEALS:
        if enterprise_name not in enterprises:
            continue
        Deal.objects.get_or_create(
            beursvloer=event,
            company=companies[company_name],
            enterprise=enterprises[enterprise_name],
            defaults={
                "agreement": agreement,
                "expected_amount": Decimal(amount),
                "for_social_return": for_social_return,
                "created_by": coordinator,
                "created_at": recorded,
            },
        )
