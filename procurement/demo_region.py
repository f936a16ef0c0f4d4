"""Demo data of a region: regio Alkmaar with five member municipalities, their regional coordinator, a few
verified and waiting impact suppliers in each member, a need and an offer on the shared marketplace, and a
purchase request of Alkmaar that prefers suppliers from the region. Imported by procurement.demo, so that
seed_demo runs it after the municipalities' own procurement data (order 55)."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import ensure_user
from accounts.models import Municipality, Organisation, Region, Theme, User
from core.demo import seed_step

from .models import Category, Offering, PurchaseRequest, Supplier

REGION = {"slug": "regio-alkmaar", "name": "Alkmaar"}
# (slug, name, place name): get_or_create by slug, so that other demo steps may create the same municipality
MEMBERS = [
    ("alkmaar", "Alkmaar", "ALKMAAR"),
    ("bergen", "Bergen", "BERGEN NH"),
    ("castricum", "Castricum", "CASTRICUM"),
    ("dijk-en-waard", "Dijk en Waard", "HEERHUGOWAARD"),
    ("heiloo", "Heiloo", "HEILOO"),
]
REGIONAL_COORDINATOR = ("regio@alkmaar.impactportaal.test", "Noor Kramer")
ALKMAAR_BUYER = ("inkoper.alkmaar@impactportaal.test", "Daan de Wit")

V, P = Supplier.Status.VERIFIED, Supplier.Status.PENDING
# (municipality slug, name, KvK number, postcode, city, status, theme, category, offering, description)
SUPPLIERS = [
    (
        "alkmaar",
        "Lunchroom De Waag Werkt",
        "66100001",
        "1811 JB",
        "Alkmaar",
        V,
        "work",
        "catering",
        "Lunch voor vergaderingen",
        "Lunchroom waar jongeren met een beperking het vak leren.",
    ),
    (
        "alkmaar",
        "Fietsherstel Alkmaar-Noord",
        "66100002",
        "1822 AA",
        "Alkmaar",
        P,
        "work",
        "facility",
        "Fietsonderhoud",
        "Fietsenmakerij met leerwerkplekken voor statushouders.",
    ),
    (
        "bergen",
        "Duinkeuken Bergen",
        "66200001",
        "1861 KL",
        "Bergen",
        V,
        "food",
        "catering",
        "Catering met streekproducten",
        "Cateraar die met vrijwilligers en mensen uit de dagbesteding kookt.",
    ),
    (
        "bergen",
        "Kunstuitleen Kunstenaarsdorp",
        "66200002",
        "1862 AB",
        "Bergen",
        P,
        "culture",
        "events",
        "Kunst voor kantoren",
        "Kunstuitleen die kunstenaars met een afstand tot werk een podium geeft.",
    ),
    (
        "castricum",
        "Groenploeg Castricum",
        "66300001",
        "1901 AA",
        "Castricum",
        V,
        "work",
        "green",
        "Groenonderhoud",
        "Groenonderhoud door mensen uit de Participatiewet.",
    ),
    (
        "castricum",
        "Koffie & Kansen",
        "66300002",
        "1902 CD",
        "Castricum",
        P,
        "work",
        "catering",
        "Koffiecatering",
        "Koffiebar die statushouders opleidt tot barista.",
    ),
    (
        "dijk-en-waard",
        "Werkplaats De Waard",
        "66400001",
        "1703 AA",
        "Heerhugowaard",
        V,
        "circular",
        "facility",
        "Meubelrenovatie",
        "Werkplaats die kantoormeubels opknapt met leerlingen uit het praktijkonderwijs.",
    ),
    (
        "dijk-en-waard",
        "Schoonmaak Samen Sterk",
        "66400002",
        "1704 BB",
        "Heerhugowaard",
        P,
        "work",
        "cleaning",
        "Schoonmaak",
        "Schoonmaakbedrijf waarvan de helft van het personeel een arbeidsbeperking heeft.",
    ),
    (
        "heiloo",
        "Bakkerij Het Zorgbrood",
        "66500001",
        "1851 AA",
        "Heiloo",
        V,
        "food",
        "catering",
        "Broodjes en gebak",
        "Bakkerij die werkt met cliënten van de zorgboerderij.",
    ),
    (
        "heiloo",
        "Drukkerij Heiloo Inclusief",
        "66500002",
        "1852 CC",
        "Heiloo",
        P,
        "work",
        "printing",
        "Drukwerk",
        "Drukkerij met werkplekken voor mensen met een afstand tot de arbeidsmarkt.",
    ),
]
# A caterer from outside the region that delivers in Alkmaar too: without the preference it would be listed first.
OUTSIDE_CATERER = (
    "haarlem",
    "Aardige Soep Haarlem",
    "66900001",
    "2011 AB",
    "Haarlem",
    V,
    "food",
    "catering",
    "Soep en broodjes",
    "Soepcafé dat mensen uit de schuldhulp een leerwerkplek geeft.",
)
PREFERRING_REQUEST = (
    "Lunches voor de regionale raadsbijeenkomsten",
    "Lunches voor de vier regionale raadsbijeenkomsten van dit jaar, voor zo'n veertig personen per keer.",
)


def _member(slug: str, name: str, place_name: str, region: Region) -> Municipality:
    municipality, _created = Municipality.objects.get_or_create(
        slug=slug, defaults={"name": name, "place_name": place_name}
    )
    if municipality.region_id != region.pk:
        municipality.region = region
        municipality.save(update_fields=["region"])
    return municipality


def _seed_supplier(row: tuple, members: dict[str, Municipality], themes: dict[str, Theme]) -> Supplier:
    slug, name, kvk, postcode, city, status, theme, category, offering, description = row
    organisation, created = Organisation.objects.get_or_create(
        kvk_number=kvk,
        defaults={
            "name": name,
            "kind": Organisation.Kind.ENTERPRISE,
            "municipality": members[slug],
            "postcode": postcode,
            "city": city,
            "description": description,
        },
    )
    if created:
        organisation.themes.set([themes[theme]])
    supplier, created = Supplier.objects.get_or_create(
        organisation=organisation,
        defaults={
            "status": status,
            "description": description,
            "impact": description,
            "impact_first": True,
            "independent_enterprise": True,
            "economically_independent": True,
            "social_governance": status == V,
            "staff_distance_share": 40,
            "postcode": postcode,
            "city": city,
            "contact_name": "Contactpersoon " + name.split()[-1],
            "contact_email": f"info@{kvk}.example.nl",
            "contact_public": True,
            "delivery_region": "Regio Alkmaar",
            "verified_at": timezone.now() - dt.timedelta(days=30) if status == V else None,
        },
    )
    if created:
        supplier.themes.set([themes[theme]])
        supplier.delivery_municipalities.set(members.values())  # the whole region
        Offering.objects.create(supplier=supplier, kind="service", title=offering, category=category, description="")
        if status == P:  # waiting a few days, the one in Heiloo longest
            waiting = 12 if slug == "heiloo" else 3
            Supplier.objects.filter(pk=supplier.pk).update(submitted_at=timezone.now() - dt.timedelta(days=waiting))
    return supplier


@seed_step(order=55)
@transaction.atomic
def seed_region() -> None:
    region, _created = Region.objects.get_or_create(slug=REGION["slug"], defaults={"name": REGION["name"]})
    members = {slug: _member(slug, name, place, region) for slug, name, place in MEMBERS}
    themes = {theme.code: theme for theme in Theme.objects.all()}
    email, name = REGIONAL_COORDINATOR
    ensure_user(email, name=name, role=User.Role.REGIONAL_COORDINATOR, region=region)
    for row in SUPPLIERS:
        _seed_supplier(row, members, themes)
    _seed_supplier(OUTSIDE_CATERER, {**members, "haarlem": Municipality.objects.get(slug="haarlem")}, themes)
    alkmaar = members["alkmaar"]
    buyer = User.objects.filter(role=User.Role.BUYER, municipality=alkmaar).order_by("pk").first()
    if buyer is None:
        buyer = ensure_user(ALKMAAR_BUYER[0], name=ALKMAAR_BUYER[1], role=User.Role.BUYER, municipality=alkmaar)
    title, description = PREFERRING_REQUEST
    PurchaseRequest.objects.get_or_create(
        municipality=alkmaar,
        title=title,
        defaults={
            "posted_by": buyer,
            "category": Category.CATERING,
            "description": description,
            "budget_min": Decimal("2000"),
            "budget_max": Decimal("4000"),
            "deadline": timezone.localdate() + dt.timedelta(days=30),
            "prefer_regional_suppliers": True,
        },
    )
