"""Demo data of accounts: municipalities, themes, organisations and one account per role."""

from pathlib import Path

from allauth.account.models import EmailAddress
from allauth.mfa.utils import is_mfa_enabled
from django.core.files import File
from django.db import transaction

from core.demo import DEMO_PASSWORD, seed_step

from .models import Municipality, Organisation, Theme, User
from .services import user_activate_totp

MUNICIPALITIES = [
    {
        "slug": "groningen",
        "name": "Groningen",
        "place_name": "GRONINGEN",
        "address": "Postbus 30026",
        "postcode": "9700 RL",
        "phone": "14 050",
        "website": "https://gemeente.groningen.nl",
        "mayor": "Koen Schuiling",
        "secretary": "Christien Bronda",
        # Its own face (Haarlem keeps the neutral look): a drawn logo, not the real coat of arms.
        "brand_primary_color": "#C8102E",
        "brand_secondary_color": "#007A3D",
    },
    {
        "slug": "haarlem",
        "name": "Haarlem",
        "place_name": "HAARLEM",
        "address": "Postbus 511",
        "postcode": "2003 PB",
        "phone": "14 023",
        "website": "https://haarlem.nl",
        "mayor": "Jos Wienen",
        "secretary": "Ellen Verkoelen",
    },
]

ORGANISATIONS = [
    # (name, kind, kvk, municipality slug, postcode, city, themes, description)
    (
        "Kringloopbedrijf De Vondst",
        "enterprise",
        "01234567",
        "groningen",
        "9713 AB",
        "Groningen",
        ["circular", "work"],
        "Kringloopwinkel en werkleerbedrijf voor mensen met een afstand tot de arbeidsmarkt.",
    ),
    (
        "Koffiebranderij Het Goede Bonen",
        "enterprise",
        "12345670",
        "groningen",
        "9711 CD",
        "Groningen",
        ["work", "food"],
        "Koffiebranderij die statushouders opleidt tot barista.",
    ),
    (
        "Groene Daken Noord",
        "enterprise",
        "23456701",
        "groningen",
        "9726 AA",
        "Groningen",
        ["energy", "housing"],
        "Legt groene daken en zonnepanelen aan met leerwerkplekken.",
    ),
    (
        "Helpdesk050",
        "initiative",
        "34567012",
        "groningen",
        "9725 BB",
        "Groningen",
        ["care", "poverty"],
        "Vrijwillige helpdesk voor Groningers met vragen over geld, werk en zorg.",
    ),
    (
        "Kledingbank Zeecontainer",
        "initiative",
        "45670123",
        "groningen",
        "9743 AK",
        "Groningen",
        ["poverty", "education"],
        "Kledingbank die in coronatijd kinderen van speelgoed voorzag.",
    ),
    (
        "Social Impact Factory Haarlem",
        "enterprise",
        "56701234",
        "haarlem",
        "2011 VA",
        "Haarlem",
        ["work", "culture"],
        "Ontmoetingsplek en werkplaats voor sociale ondernemers in Haarlem.",
    ),
    (
        "Buurtkeuken Schalkwijk",
        "initiative",
        None,
        "haarlem",
        "2035 AB",
        "Haarlem",
        ["food", "culture"],
        "Buurtkeuken die samen koken gebruikt om eenzaamheid te verminderen.",
    ),
]

# (e-mail, name, role, municipality slug, organisation name)
ACCOUNTS = [
    ("ondernemer@impactportaal.test", "Fatima El Amrani", User.Role.ENTREPRENEUR, None, "Kringloopbedrijf De Vondst"),
    ("initiatief@impactportaal.test", "Jan de Vries", User.Role.INITIATIVE, None, "Helpdesk050"),
    ("coordinator@impactportaal.test", "Simon Poelstra", User.Role.COORDINATOR, "groningen", None),
    ("coordinator.haarlem@impactportaal.test", "Sanne Bakker", User.Role.COORDINATOR, "haarlem", None),
    ("inkoper@impactportaal.test", "Pieter Mulder", User.Role.BUYER, "groningen", None),
    ("jury@impactportaal.test", "Anouk Visser", User.Role.JURY, "groningen", None),
    ("raadslid@impactportaal.test", "Marieke Hoekstra", User.Role.COUNCIL, "groningen", None),
    ("vaststeller@impactportaal.test", "Lotte Dijkstra", User.Role.APPROVER, "groningen", None),
]
LOGOS = {"groningen": Path(__file__).resolve().parent / "demo_files" / "groningen-logo.png"}
ADMIN_EMAIL = "beheerder@impactportaal.test"
# The demo staff's authenticator app (README): add this secret to any authenticator app, or `oathtool --totp -b`.
DEMO_TOTP_SECRET = "IMPACTPORTAALDEMOSTAFFXX"


def ensure_user(email: str, *, name: str, role: str, **fields) -> User:
    user, created = User.objects.get_or_create(email=email, defaults={"name": name, "role": role, **fields})
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    if user.needs_second_factor and not is_mfa_enabled(user):
        user_activate_totp(user=user, secret=DEMO_TOTP_SECRET)
    return user


@seed_step(order=10)
@transaction.atomic
def seed_accounts() -> None:
    for code in Theme.Code.values:
        Theme.objects.get_or_create(code=code)
    for data in MUNICIPALITIES:
        municipality, _created = Municipality.objects.update_or_create(slug=data["slug"], defaults=data)
        logo = LOGOS.get(municipality.slug)
        if logo and not municipality.logo:
            with logo.open("rb") as handle:
                municipality.logo.save(f"{municipality.slug}-logo.png", File(handle))
    for name, kind, kvk, municipality_slug, postcode, city, themes, description in ORGANISATIONS:
        organisation, created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "kvk_number": kvk,
                "municipality": Municipality.objects.get(slug=municipality_slug),
                "postcode": postcode,
                "city": city,
                "description": description,
            },
        )
        if created:
            organisation.themes.set(Theme.objects.filter(code__in=themes))
    for email, name, role, slug, organisation_name in ACCOUNTS:
        ensure_user(
            email,
            name=name,
            role=role,
            municipality=Municipality.objects.get(slug=slug) if slug else None,
            organisation=Organisation.objects.get(name=organisation_name) if organisation_name else None,
        )
    ensure_user(ADMIN_EMAIL, name="Beheerder", role=User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
