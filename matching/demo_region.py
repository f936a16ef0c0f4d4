"""The demo's marketplace in regio Alkmaar: needs of initiatives in its member municipalities and an offer of one
of the region's suppliers (which procurement's demo step 55 registers)."""

from django.db import transaction

from accounts.models import Municipality, Organisation, Theme
from core.demo import seed_step

from .models import Need, Offer
from .services import listing_set_themes

# (municipality slug, initiative, need title, story)
NEEDS = [
    (
        "heiloo",
        "Repair Café Heiloo",
        "Vrijwilligers met technische kennis",
        "Wij zoeken mensen die een middag per maand apparaten willen helpen repareren.",
    ),
    (
        "castricum",
        "Buurtkamer Castricum",
        "Een koelkast voor de buurtkamer",
        "Onze buurtkamer kookt wekelijks voor vijftig buren en heeft een grotere koelkast nodig.",
    ),
]


@seed_step(order=56)
@transaction.atomic
def seed_region_marketplace() -> None:
    """Needs of initiatives in regio Alkmaar and an offer of one of its suppliers, after the region's suppliers
    (procurement's step 55) exist."""
    members = {
        municipality.slug: municipality for municipality in Municipality.objects.filter(region__slug="regio-alkmaar")
    }
    if not members:
        return
    themes = {theme.code: theme for theme in Theme.objects.all()}
    for slug, initiative, title, story in NEEDS:
        organisation, _created = Organisation.objects.get_or_create(
            name=initiative,
            defaults={"kind": Organisation.Kind.INITIATIVE, "municipality": members[slug], "city": members[slug].name},
        )
        need, created = Need.objects.get_or_create(
            organisation=organisation,
            title=title,
            defaults={"municipality": members[slug], "story": story, "place": members[slug].name, "help_time": True},
        )
        if created:
            listing_set_themes(listing=need, themes=[themes["circular"]])
    enterprise = Organisation.objects.get(kvk_number="66400001")  # Werkplaats De Waard
    Offer.objects.get_or_create(
        organisation=enterprise,
        title="Opgeknapte tafels en stoelen",
        defaults={
            "municipality": enterprise.municipality,
            "description": "Wij geven opgeknapte tafels en stoelen aan buurthuizen in de regio.",
            "goods": "Tafels en stoelen",
            "place": "Heerhugowaard",
            "help_goods": True,
        },
    )
