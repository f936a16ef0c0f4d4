"""Demo data: Groningen's programme "Ondernemen met impact 2019-2022" and its six action lines,
as the council letter of 02-12-2020 lists them."""

from django.db import transaction

from accounts.demo import seed_step
from accounts.models import Municipality

from .models import ActionLine, Partner, Programme

GRONINGEN_PARTNERS = [
    ("Impact Noord", "https://impactnoord.nl"),
    ("Founded in Groningen", "https://foundedingroningen.com"),
    ("Hanzehogeschool Groningen", "https://www.hanze.nl"),
    ("JINC", "https://www.jinc.nl"),
    ("Haren-Tynaarloose Uitdaging", ""),
]

GRONINGEN_ACTION_LINES = [
    (
        1,
        "Bestaande impactondernemers helpen zich te professionaliseren",
        "Bestaande impactondernemers helpen om zich verder te professionaliseren.",
        ["Impact Noord", "Hanzehogeschool Groningen"],
    ),
    (
        2,
        "Meer aandacht voor impactondernemerschap bij startups",
        "Meer aandacht voor impactondernemerschap bij startups.",
        ["Founded in Groningen", "Impact Noord"],
    ),
    (
        3,
        "Bestaande ondernemers inspireren",
        "Bestaande MKB bedrijven inspireren en verleiden om meer bij te dragen aan maatschappelijke uitdagingen.",
        ["JINC", "Haren-Tynaarloose Uitdaging"],
    ),
    (
        4,
        "Verbinding regulier MKB en impactondernemers (social bridges)",
        "Verbinding tussen impactondernemers en het reguliere bedrijfsleven stimuleren.",
        ["Impact Noord"],
    ),
    (
        5,
        "Impact via inkoop en aanbestedingen",
        "De uitvoering van sociaal maatschappelijk verantwoord inkoopbeleid van de gemeente stimuleren.",
        ["Hanzehogeschool Groningen", "Impact Noord"],
    ),
    (6, "Communicatie & Zichtbaarheid", "Communicatie en zichtbaarheid van impactondernemerschap vergroten.", []),
]

GRONINGEN_AMBITION = (
    "Het actieprogramma Ondernemen met Impact 2019-2022 vormt binnen onze gemeente de basis voor het "
    "stimuleren van impactondernemerschap: ondernemers die met hun bedrijf een maatschappelijk probleem "
    "oplossen. Met een coördinator impactondernemerschap, een gemeentelijk servicepunt en partners in de "
    "stad maken we impactondernemers zichtbaarder en professioneler."
)


@seed_step(order=20)
@transaction.atomic
def seed_groningen_programme() -> None:
    groningen = Municipality.objects.get(slug="groningen")
    partners = {
        name: Partner.objects.get_or_create(municipality=groningen, name=name, defaults={"website": website})[0]
        for name, website in GRONINGEN_PARTNERS
    }
    programme, _ = Programme.objects.get_or_create(
        municipality=groningen,
        name="Ondernemen met impact 2019-2022",
        defaults={"start_year": 2019, "end_year": 2022, "ambition": GRONINGEN_AMBITION},
    )
    programme.partners.add(*partners.values())
    for number, title, goal, partner_names in GRONINGEN_ACTION_LINES:
        action_line, _ = ActionLine.objects.get_or_create(
            programme=programme, number=number, defaults={"title": title, "goal": goal}
        )
        action_line.partners.add(*(partners[name] for name in partner_names))
