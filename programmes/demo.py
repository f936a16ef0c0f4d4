"""Demo data: Groningen's programme "Ondernemen met impact 2019-2022" with its six action lines, their
progress, indicators and the activities of 2019 and 2020 as the council letter of 02-12-2020 describes
them (impact cafés, evening lectures, excursions, online sessions on "wat heb je nodig tijdens Corona",
events cancelled in 2020); questions to Groningen's impact service point; and Haarlem's action plan
in the making (co-creation sessions, the Social Impact Night). Every step is idempotent."""

from datetime import datetime, timedelta

from django.db import models, transaction
from django.utils import timezone

from accounts.models import Municipality, Organisation, User
from core import audit
from core.demo import seed_step

from .models import (
    ActionLine,
    ActionLineProgress,
    Activity,
    Indicator,
    IndicatorValue,
    Partner,
    PartnerDesk,
    Programme,
    Question,
    QuestionMessage,
)

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
    partners = _partners(groningen, GRONINGEN_PARTNERS)
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


def at(year: int, month: int, day: int, hour: int = 16, minute: int = 0) -> datetime:
    """A moment in Dutch local time."""
    return timezone.make_aware(datetime(year, month, day, hour, minute))  # noqa: DTZ001


GRONINGEN_PROGRESS = {
    1: {
        2019: "Samen met Impact Noord is op grond van een door de Hanzehogeschool uitgevoerd behoefteonderzoek dit "
        "programmadeel ingevuld. Impactcafés, avondcolleges en kennisexcursies stonden met enige regelmaat gepland.",
        2020: "Impactcafés, avondcolleges en kennisexcursies stonden met enige regelmaat gepland. Daarnaast is er "
        "ingespeeld op de actualiteit, wat leidde tot verschillende online bijeenkomsten met o.a. als thema "
        "'wat heb je nodig tijdens Corona'.",
    },
    2: {
        2020: "In 2020 is de Sociale Groninger Ondernemers Challenge opnieuw gestart, met meer dan 50 aanmeldingen. "
        "Na een beoordelingsronde hebben 20 deelnemers een grotendeels online coachingstraject gevolgd. De finale "
        "vond plaats op 19 november. Founded in Groningen heeft impactondernemerschap intensief onder de aandacht "
        "gebracht in de Groninger start-upscene.",
    },
    3: {
        2020: "In 2020 zijn we gestart met de pilot 'Omarm Groningen', een platform waar maatschappelijke "
        "initiatieven worden gematcht met ondernemers die willen helpen met inzet, geld of netwerkcontacten. "
        "Het Groninger Koploperproject is succesvol gebleken: 15 MKB-ondernemers namen in 2 groepen deel. In Haren "
        "is weer een beursvloer georganiseerd.",
    },
    4: {
        2019: "In 2019 is het gelukt om de beoogde twee events te organiseren binnen deze actielijn.",
        2020: "In 2020 is er door corona alleen een online bijeenkomst geweest in het najaar. Wel zijn de 20 "
        "deelnemers van de Sociale Groninger Ondernemers Challenge allemaal gecoacht door MKB-ondernemers.",
    },
    5: {
        2020: "In plaats van een fysiek evenement om inkopers en impactondernemers bij elkaar te brengen hebben we "
        "via Impact Noord het netwerk met Groninger impactbedrijven actief benaderd. Bijna 40 ondernemers hebben "
        "zich bij ons gemeld.",
    },
    6: {
        2020: "Er zijn regelmatig persberichten opgesteld en communicatiemiddelen benut, waaronder Facebook, LinkedIn "
        "en de Groninger Ondernemers Courant. Ook waren we aanwezig op de virtuele Promotiedagen. Helaas zijn in "
        "2020 ook veel evenementen niet doorgegaan.",
    },
}

# action line: [(indicator, unit, source, activity kind, {year: (target, typed actual)})]. Every indicator that the
# data can count takes its actual from it (Indicator.Source), so the programme page, the dashboard and the letter
# agree; only the press releases, which the portal does not record, are typed in.
SOURCE = Indicator.Source
IndicatorRow = tuple[str, str, str, str, dict[int, tuple[int, int | None]]]
GRONINGEN_INDICATORS: dict[int, list[IndicatorRow]] = {
    1: [
        (
            "Bijeenkomsten voor impactondernemers",
            "bijeenkomsten",
            SOURCE.ACTIVITIES_HELD,
            "",
            {2019: (8, None), 2020: (8, None)},
        )
    ],
    2: [
        ("Aanmeldingen voor de challenge", "aanmeldingen", SOURCE.CHALLENGE_APPLIED, "", {2020: (40, None)}),
        ("Deelnemers gecoacht", "deelnemers", SOURCE.PARTICIPANTS_COACHED, "", {2020: (20, None)}),
    ],
    3: [
        ("Matches gemaakt via Omarm Groningen", "matches", SOURCE.MATCHES_MADE, "", {2020: (10, None)}),
        (
            "MKB-ondernemers in het Koploperproject",
            "ondernemers",
            SOURCE.ACTIVITY_PARTICIPANTS,
            Activity.Kind.PEER_GROUP,
            {2020: (12, None)},
        ),
    ],
    4: [
        (
            "Events regulier MKB en impactondernemers",
            "events",
            SOURCE.ACTIVITIES_HELD,
            "",
            {2019: (2, None), 2020: (2, None)},
        )
    ],
    5: [("Impactondernemers gemeld voor inkoop", "ondernemers", SOURCE.SUPPLIERS_REGISTERED, "", {2020: (25, None)})],
    6: [("Persberichten", "berichten", SOURCE.TYPED, "", {2019: (4, 5), 2020: (6, 6)})],
}

HELD, PLANNED, CANCELLED = Activity.Status.HELD, Activity.Status.PLANNED, Activity.Status.CANCELLED
PHYSICAL, ONLINE = Activity.Mode.PHYSICAL, Activity.Mode.ONLINE
K = Activity.Kind
CORONA = "Afgelast vanwege de coronamaatregelen"

# (action line, kind, title, start, mode, status, participants, organiser, location, extra)
GRONINGEN_ACTIVITIES = [
    # 2019, action line 1: the regular programme with Impact Noord
    (
        1,
        K.IMPACT_CAFE,
        "Impactcafé: kennismaken met impactondernemers",
        at(2019, 3, 14),
        PHYSICAL,
        HELD,
        34,
        "Impact Noord",
        "Het Kielzog, Groningen",
        {},
    ),
    (
        1,
        K.EVENING_LECTURE,
        "Avondcollege: impact meten",
        at(2019, 4, 11, 19, 30),
        PHYSICAL,
        HELD,
        42,
        "Hanzehogeschool Groningen",
        "Hanzehogeschool, Zernikeplein",
        {},
    ),
    (
        1,
        K.IMPACT_CAFE,
        "Impactcafé: financiering voor sociale ondernemers",
        at(2019, 5, 16),
        PHYSICAL,
        HELD,
        29,
        "Impact Noord",
        "Het Kielzog, Groningen",
        {},
    ),
    (
        1,
        K.EXCURSION,
        "Kennisexcursie naar de Social Impact Factory",
        at(2019, 6, 20, 10),
        PHYSICAL,
        HELD,
        18,
        "Impact Noord",
        "Social Impact Factory, Utrecht",
        {},
    ),
    (
        1,
        K.IMPACT_CAFE,
        "Impactcafé: samenwerken met de gemeente",
        at(2019, 9, 12),
        PHYSICAL,
        HELD,
        37,
        "Impact Noord",
        "Het Kielzog, Groningen",
        {},
    ),
    (
        1,
        K.EVENING_LECTURE,
        "Avondcollege: verdienmodellen met impact",
        at(2019, 10, 10, 19, 30),
        PHYSICAL,
        HELD,
        51,
        "Hanzehogeschool Groningen",
        "Hanzehogeschool, Zernikeplein",
        {},
    ),
    (
        1,
        K.EXCURSION,
        "Kennisexcursie kringloop- en werkleerbedrijven",
        at(2019, 11, 7, 10),
        PHYSICAL,
        HELD,
        16,
        "Impact Noord",
        "Kringloopbedrijf De Vondst",
        {},
    ),
    (
        1,
        K.IMPACT_CAFE,
        "Impactcafé: terugblik en vooruitblik",
        at(2019, 12, 12),
        PHYSICAL,
        HELD,
        40,
        "Impact Noord",
        "Het Kielzog, Groningen",
        {},
    ),
    # 2019, action line 4: the two social-bridges events
    (
        4,
        K.NETWORK_EVENT,
        "Social bridges: MKB ontmoet impactondernemers",
        at(2019, 6, 4),
        PHYSICAL,
        HELD,
        64,
        "Impact Noord",
        "Forum Groningen",
        {},
    ),
    (
        4,
        K.NETWORK_EVENT,
        "Social bridges: samen ondernemen met impact",
        at(2019, 11, 19),
        PHYSICAL,
        HELD,
        71,
        "Impact Noord",
        "Forum Groningen",
        {},
    ),
    # 2019, action line 6
    (
        6,
        K.NETWORK_EVENT,
        "Presentatie actieprogramma op de G40-netwerkbijeenkomst",
        at(2019, 2, 18, 13),
        PHYSICAL,
        HELD,
        80,
        None,
        "Utrecht",
        {},
    ),
    # 2020, action line 1: corona changed everything from March on
    (
        1,
        K.IMPACT_CAFE,
        "Impactcafé: impact in het nieuwe jaar",
        at(2020, 1, 16),
        PHYSICAL,
        HELD,
        38,
        "Impact Noord",
        "Het Kielzog, Groningen",
        {},
    ),
    (
        1,
        K.EVENING_LECTURE,
        "Avondcollege: de impactondernemer en de bank",
        at(2020, 2, 13, 19, 30),
        PHYSICAL,
        HELD,
        46,
        "Hanzehogeschool Groningen",
        "Hanzehogeschool, Zernikeplein",
        {},
    ),
    (
        1,
        K.IMPACT_CAFE,
        "Impactcafé: inkoop en aanbesteding",
        at(2020, 3, 19),
        PHYSICAL,
        CANCELLED,
        None,
        "Impact Noord",
        "Het Kielzog, Groningen",
        {"cancellation_reason": CORONA},
    ),
    (
        1,
        K.ONLINE_MEETING,
        "Online bijeenkomst: wat heb je nodig tijdens Corona?",
        at(2020, 4, 2, 15),
        ONLINE,
        HELD,
        58,
        "Impact Noord",
        "Zoom",
        {},
    ),
    (
        1,
        K.ONLINE_MEETING,
        "Online bijeenkomst: wat heb je nodig tijdens Corona? (2)",
        at(2020, 4, 23, 15),
        ONLINE,
        HELD,
        44,
        "Impact Noord",
        "Zoom",
        {},
    ),
    (
        1,
        K.EXCURSION,
        "Kennisexcursie naar impactbedrijven in Drenthe",
        at(2020, 5, 14, 10),
        PHYSICAL,
        CANCELLED,
        None,
        "Impact Noord",
        "Assen",
        {"cancellation_reason": CORONA},
    ),
    (
        1,
        K.ONLINE_MEETING,
        "Online bijeenkomst: steunmaatregelen voor sociale ondernemers",
        at(2020, 5, 28, 15),
        ONLINE,
        HELD,
        39,
        "Impact Noord",
        "Zoom",
        {},
    ),
    (
        1,
        K.EVENING_LECTURE,
        "Avondcollege: impact na corona",
        at(2020, 10, 8, 19, 30),
        ONLINE,
        HELD,
        47,
        "Hanzehogeschool Groningen",
        "Online (Teams)",
        {"moved_online": True},
    ),
    (
        1,
        K.IMPACT_CAFE,
        "Impactcafé: de winter door",
        at(2020, 12, 10),
        PHYSICAL,
        PLANNED,
        None,
        "Impact Noord",
        "Het Kielzog, Groningen",
        {},
    ),
    # 2020, action line 2: start-ups and the challenge
    (
        2,
        K.NETWORK_EVENT,
        "Kick-off Sociale Groninger Ondernemers Challenge",
        at(2020, 6, 11),
        ONLINE,
        HELD,
        73,
        "Founded in Groningen",
        "Online",
        {"moved_online": True},
    ),
    (
        2,
        K.ONLINE_MEETING,
        "Start-up in Residence: ondernemen met impact",
        at(2020, 9, 24, 15),
        ONLINE,
        HELD,
        35,
        "Founded in Groningen",
        "Online",
        {},
    ),
    (
        2,
        K.CHALLENGE_FINALE,
        "Finale Sociale Groninger Ondernemers Challenge",
        at(2020, 11, 19, 19),
        ONLINE,
        HELD,
        120,
        "Founded in Groningen",
        "Livestream vanuit Forum Groningen",
        {"moved_online": True},
    ),
    # 2020, action line 3: Omarm Groningen, Koploperproject, beursvloer
    (
        3,
        K.ONLINE_MEETING,
        "Online startevent Omarm Groningen",
        at(2020, 9, 17, 16),
        ONLINE,
        HELD,
        96,
        None,
        "Online",
        {},
    ),
    # The Koploperproject: two peer groups of MKB entrepreneurs, 8 and 7, "15 ... in 2 groepen"
    (3, K.PEER_GROUP, "Koploperproject: eerste groep", at(2020, 2, 6, 9), PHYSICAL, HELD, 8, None, "Groningen", {}),
    (
        3,
        K.PEER_GROUP,
        "Koploperproject: tweede groep",
        at(2020, 10, 1, 9),
        ONLINE,
        HELD,
        7,
        None,
        "Online",
        {"moved_online": True},
    ),
    (
        3,
        K.BEURSVLOER,
        "Beursvloer Haren",
        at(2020, 10, 29, 16),
        PHYSICAL,
        HELD,
        62,
        "Haren-Tynaarloose Uitdaging",
        "Haren",
        {},
    ),
    (
        3,
        K.OTHER,
        "JINC: baas voor 1 dag",
        at(2020, 3, 26, 9),
        PHYSICAL,
        CANCELLED,
        None,
        "JINC",
        "Groningen",
        {"cancellation_reason": CORONA},
    ),
    # 2020, action line 4: only one online meeting in the autumn
    (
        4,
        K.NETWORK_EVENT,
        "Social bridges voorjaarsevent",
        at(2020, 4, 21),
        PHYSICAL,
        CANCELLED,
        None,
        "Impact Noord",
        "Forum Groningen",
        {"cancellation_reason": CORONA},
    ),
    (
        4,
        K.ONLINE_MEETING,
        "Social bridges: online najaarsbijeenkomst",
        at(2020, 10, 20, 16),
        ONLINE,
        HELD,
        48,
        "Impact Noord",
        "Online",
        {"moved_online": True},
    ),
    # 2020, action line 5: the procurement event became a call through Impact Noord
    (
        5,
        K.NETWORK_EVENT,
        "Inkopers ontmoeten impactondernemers",
        at(2020, 5, 12, 14),
        PHYSICAL,
        CANCELLED,
        None,
        "Hanzehogeschool Groningen",
        "Stadhuis Groningen",
        {"cancellation_reason": "Afgelast vanwege corona; in plaats daarvan is het netwerk via Impact Noord benaderd"},
    ),
    # 2020, action line 6
    (
        6,
        K.NETWORK_EVENT,
        "Virtuele Promotiedagen",
        at(2020, 11, 3, 10),
        ONLINE,
        HELD,
        150,
        None,
        "Online",
        {"moved_online": True},
    ),
    (
        6,
        K.NETWORK_EVENT,
        "Impact Day Groningen",
        at(2020, 6, 25, 13),
        PHYSICAL,
        CANCELLED,
        None,
        "Impact Noord",
        "Groninger Forum",
        {"cancellation_reason": CORONA},
    ),
    # 2021: a walk-in afternoon whose visitors nobody counted, held with the number of participants unknown
    (
        1,
        K.IMPACT_CAFE,
        "Inloopmiddag impactondernemen",
        at(2021, 3, 11, 14),
        PHYSICAL,
        HELD,
        None,
        "Impact Noord",
        "Het Kielzog, Groningen",
        {},
    ),
]

# (subject, body, name, organisation, asked at, hours until answered or None, status)
GRONINGEN_QUESTIONS = [
    (
        "Starten als sociale onderneming",
        "Ik wil een koffiebar beginnen met statushouders als barista. Waar begin ik?",
        "Yusuf Ahmadi",
        "",
        at(2019, 4, 2, 10),
        26,
        Question.Status.CLOSED,
    ),
    (
        "Subsidie voor leerwerkplekken",
        "Zijn er regelingen voor leerwerkplekken bij een kringloopbedrijf?",
        "Fatima El Amrani",
        "Kringloopbedrijf De Vondst",
        at(2019, 6, 18, 14),
        5,
        Question.Status.CLOSED,
    ),
    (
        "Inschrijven als leverancier",
        "Hoe kom ik in de leveranciersdatabank van de gemeente?",
        "Petra Dijkstra",
        "Groene Daken Noord",
        at(2019, 10, 3, 9),
        49,
        Question.Status.CLOSED,
    ),
    (
        "Huisvesting gezocht",
        "Wij zoeken een betaalbare werkplaats in de stad voor ons werkleerbedrijf.",
        "Bram Hoekstra",
        "Fietsfabriek Noord",
        at(2020, 1, 20, 11),
        30,
        Question.Status.CLOSED,
    ),
    (
        "Steun tijdens corona",
        "Onze omzet is gehalveerd. Voor welke steunmaatregelen kom ik in aanmerking?",
        "Lisa de Boer",
        "Koffiebranderij Het Goede Bonen",
        at(2020, 3, 24, 8),
        3,
        Question.Status.CLOSED,
    ),
    (
        "Coronasteun voor zzp'ers met impact",
        "Geldt de Tozo ook voor sociale ondernemers met een stichting ernaast?",
        "Gert Veenstra",
        "",
        at(2020, 4, 6, 16),
        20,
        Question.Status.CLOSED,
    ),
    (
        "Meedoen aan de challenge",
        "Kan ik met een idee in de opstartfase meedoen aan de challenge?",
        "Sara Bakker",
        "",
        at(2020, 6, 15, 13),
        4,
        Question.Status.ANSWERED,
    ),
    (
        "SROI en sociale ondernemers",
        "Kan een aannemer via ons zijn SROI-verplichting invullen?",
        "Fatima El Amrani",
        "Kringloopbedrijf De Vondst",
        at(2020, 9, 2, 10),
        52,
        Question.Status.ANSWERED,
    ),
    (
        "Matchen met een maatschappelijk initiatief",
        "Wij willen als bedrijf een buurtinitiatief helpen. Hoe werkt Omarm?",
        "Kees Mulder",
        "Mulder Installatietechniek",
        at(2020, 10, 12, 9),
        8,
        Question.Status.ANSWERED,
    ),
]

# Questions that still wait, asked a few days before the demo is seeded.
WAITING_QUESTIONS = [
    (
        "Impactcafé voor starters",
        "Komt er dit jaar weer een impactcafé voor startende ondernemers?",
        "Noor Visser",
        "",
        2,
    ),
    (
        "Code Sociale Ondernemingen",
        "Helpt de gemeente bij het aansluiten bij de Code Sociale Ondernemingen?",
        "Jeroen Smit",
        "Repair Café Noord",
        6,
    ),
]

HAARLEM_PARTNERS = [
    ("Stichting Stadsgarage", ""),
    ("Social Impact Factory", "https://www.socialimpactfactory.com"),
    ("Social Enterprise NL", "https://www.social-enterprise.nl"),
    ("Rabobank Foundation", "https://www.rabobank.nl/foundation"),
]

HAARLEM_AMBITION = (
    "Haarlem wil sociaal ondernemerschap in de hele stad versterken, zoals vastgelegd in het coalitieakkoord van "
    "2018. Sociaal ondernemers hebben meer kennis, faciliteiten en een beter (onderling) netwerk nodig. Samen met "
    "stichting Stadsgarage maken we in co-creatiesessies met ambtenaren, sociaal ondernemers, docenten, onderzoekers, "
    "financiers en ondersteuners een actieplan dat de komende jaren de leidraad vormt. De gemeente wil bij voorkeur "
    "inkopen bij duurzame, lokale en sociale ondernemers."
)

HAARLEM_ACTION_LINES = [
    (
        1,
        "Co-creatie van het actieplan",
        "Samen met de stad een gedeeld actieplan sociaal ondernemerschap maken.",
        ["Stichting Stadsgarage"],
    ),
    (
        2,
        "Wedstrijd sociaal ondernemerschap",
        "Ondernemers uitdagen werkervaringsplekken te bieden aan jongeren met een afstand tot de arbeidsmarkt (NewFuture@Work Challenge).",
        ["Social Impact Factory"],
    ),
    (
        3,
        "Buy Social: inkoop en SROI",
        "Leveranciers en dienstverleners van de gemeente in contact brengen met sociaal ondernemers, voor de SROI-voorwaarde in aanbestedingen.",
        ["Social Enterprise NL"],
    ),
    (4, "Netwerk en cityhubs", "Startende sociaal ondernemers beter bedienen via cityhubs in de stadsdelen.", []),
]

HAARLEM_ACTIVITIES = [
    (
        1,
        K.OTHER,
        "Co-creatiesessie 1: wat hebben sociaal ondernemers nodig?",
        at(2019, 9, 10, 15),
        PHYSICAL,
        HELD,
        24,
        "Stichting Stadsgarage",
        "Stadsgarage, Haarlem",
        {},
    ),
    (
        1,
        K.OTHER,
        "Co-creatiesessie 2: de rol van de gemeente",
        at(2019, 10, 1, 15),
        PHYSICAL,
        HELD,
        21,
        "Stichting Stadsgarage",
        "Stadsgarage, Haarlem",
        {},
    ),
    (
        1,
        K.NETWORK_EVENT,
        "Social Impact Night",
        at(2019, 10, 28, 19),
        PHYSICAL,
        HELD,
        85,
        "Social Impact Factory",
        "Philharmonie Haarlem",
        {},
    ),
    (
        1,
        K.OTHER,
        "Co-creatiesessie 3: inkoop en betekeniseconomie",
        at(2019, 11, 19, 15),
        PHYSICAL,
        HELD,
        19,
        "Stichting Stadsgarage",
        "Stadsgarage, Haarlem",
        {},
    ),
    (
        2,
        K.CHALLENGE_FINALE,
        "Finale NewFuture@Work Challenge",
        at(2019, 12, 12, 16),
        PHYSICAL,
        HELD,
        70,
        "Social Impact Factory",
        "Social Impact Factory, Haarlem",
        {},
    ),
    (
        3,
        K.BEURSVLOER,
        "Buy Social Marktplaats",
        at(2020, 4, 16, 14),
        PHYSICAL,
        CANCELLED,
        None,
        "Social Enterprise NL",
        "Stadhuis Haarlem",
        {"cancellation_reason": "Uitgesteld vanwege de coronamaatregelen"},
    ),
]


def _partners(municipality: Municipality, partners: list[tuple[str, str]]) -> dict[str, Partner]:
    return {
        name: Partner.objects.get_or_create(municipality=municipality, name=name, defaults={"website": website})[0]
        for name, website in partners
    }


def _activities(programme: Programme, partners: dict[str, Partner], rows) -> None:
    """The activities, each new one in the audit trail as entered by the municipality's coordinator a month
    before it took place."""
    lines = {line.number: line for line in programme.action_lines.all()}
    coordinator = User.objects.filter(role=User.Role.COORDINATOR, municipality=programme.municipality).first()
    for number, kind, title, starts_at, mode, status, participants, organiser, location, extra in rows:
        activity, created = Activity.objects.get_or_create(
            action_line=lines[number],
            title=title,
            starts_at=starts_at,
            defaults={
                "kind": kind,
                "mode": mode,
                "status": status,
                "participants": participants,
                "organiser": partners.get(organiser) if organiser else None,
                "location": location,
                **extra,
            },
        )
        if created:
            entry = audit.record(
                actor=coordinator,
                municipality=programme.municipality,
                instance=activity,
                action=audit.Action.CREATED,
                changes=audit.changes_between({}, audit.snapshot(activity)),
            )
            assert entry is not None  # a creation is always recorded
            audit.AuditEvent.objects.filter(pk=entry.pk).update(at=min(starts_at, timezone.now()) - timedelta(days=30))


@seed_step(order=21)
@transaction.atomic
def seed_groningen_progress_and_indicators() -> None:
    programme = Programme.objects.get(municipality__slug="groningen", name="Ondernemen met impact 2019-2022")
    lines = {line.number: line for line in programme.action_lines.all()}
    for number, texts in GRONINGEN_PROGRESS.items():
        for year, text in texts.items():
            ActionLineProgress.objects.get_or_create(action_line=lines[number], year=year, defaults={"text": text})
    for number, indicators in GRONINGEN_INDICATORS.items():
        for name, unit, source, kind, values in indicators:
            indicator, _ = Indicator.objects.get_or_create(
                action_line=lines[number], name=name, defaults={"unit": unit, "source": source, "activity_kind": kind}
            )
            for year, (target, actual) in values.items():
                IndicatorValue.objects.get_or_create(
                    indicator=indicator, year=year, defaults={"target": target, "actual": actual}
                )


@seed_step(order=22)
@transaction.atomic
def seed_groningen_activities() -> None:
    groningen = Municipality.objects.get(slug="groningen")
    programme = Programme.objects.get(municipality=groningen, name="Ondernemen met impact 2019-2022")
    partners = {partner.name: partner for partner in Partner.objects.filter(municipality=groningen)}
    _activities(programme, partners, GRONINGEN_ACTIVITIES)


def _answer(subject: str) -> str:
    return (
        f"Dank voor uw vraag over '{subject.lower()}'. Impact Noord en het Ondernemersloket helpen u graag verder; "
        "ik heb u met een collega in contact gebracht. Met vriendelijke groet, de coördinator impactondernemerschap."
    )


@seed_step(order=23)
@transaction.atomic
def seed_groningen_service_point() -> None:
    groningen = Municipality.objects.get(slug="groningen")
    coordinator = User.objects.filter(email="coordinator@impactportaal.test").first()
    entrepreneur = User.objects.filter(email="ondernemer@impactportaal.test").first()
    for subject, body, name, organisation, asked_at, hours, status in GRONINGEN_QUESTIONS:
        answered_at = asked_at + timedelta(hours=hours)
        asker = entrepreneur if entrepreneur and name == entrepreneur.name else None
        Question.objects.get_or_create(
            municipality=groningen,
            subject=subject,
            asked_at=asked_at,
            defaults={
                "asker": asker,
                "name": name,
                "email": asker.email if asker else f"{name.split()[0].lower()}@example.nl",
                "organisation_name": organisation,
                "body": body,
                "status": status,
                "handler": coordinator,
                "answer": _answer(subject),
                "picked_up_at": asked_at + timedelta(hours=1),
                "answered_at": answered_at,
                "closed_at": answered_at + timedelta(days=2) if status == Question.Status.CLOSED else None,
            },
        )
    now = timezone.now()
    for subject, body, name, organisation, days_ago in WAITING_QUESTIONS:
        Question.objects.get_or_create(
            municipality=groningen,
            subject=subject,
            defaults={
                "name": name,
                "email": f"{name.split()[0].lower()}@example.nl",
                "organisation_name": organisation,
                "body": body,
                "asked_at": now - timedelta(days=days_ago),
            },
        )


# Whether the askers of the closed demo questions were helped, by subject (the dashboard's share of 2019 and 2020).
HELPED = {
    "Starten als sociale onderneming": (True, "Binnen een week wist ik waar ik moest beginnen."),
    "Subsidie voor leerwerkplekken": (True, ""),
    "Inschrijven als leverancier": (True, ""),
    "Huisvesting gezocht": (True, "Via Impact Noord een werkplaats gevonden."),
    "Coronasteun voor zzp'ers met impact": (True, ""),
    "Steun tijdens corona": (False, "Ik had meer aan een concreet aanbod gehad."),
}

DESK_MEMBER_EMAIL = "impactnoord@impactportaal.test"


@seed_step(order=23)
@transaction.atomic
def seed_groningen_service_point_conversations() -> None:
    """Impact Noord's partner desk with a member and a handed-over question; a conversation in which the asker
    replied, so the question is open again; and whether askers were helped."""
    from accounts.demo import ensure_user  # the demo accounts' password and addresses

    groningen = Municipality.objects.get(slug="groningen")
    coordinator = User.objects.filter(email="coordinator@impactportaal.test").first()
    hub, _created = Organisation.objects.get_or_create(
        name="Impact Noord",
        defaults={
            "kind": Organisation.Kind.ENTERPRISE,
            "municipality": groningen,
            "city": "Groningen",
            "description": "Stadshub voor impactondernemers in Groningen: werkplekken, coaching en netwerk.",
        },
    )
    member = ensure_user(DESK_MEMBER_EMAIL, name="Ruben Kuipers", role=User.Role.ENTREPRENEUR, organisation=hub)
    desk, _created = PartnerDesk.objects.get_or_create(
        municipality=groningen,
        name="Impact Noord",
        defaults={
            "partner": Partner.objects.filter(municipality=groningen, name="Impact Noord").first(),
            "email": "loket@impactnoord.example",
        },
    )
    desk.members.add(member)
    now = timezone.now()
    Question.objects.get_or_create(
        municipality=groningen,
        subject="Werkplek in een gedeeld kantoor",
        defaults={
            "name": "Lieke Hofstra",
            "email": "lieke@example.nl",
            "organisation_name": "Groene Fietskoeriers",
            "body": "Wij zoeken een flexplek voor drie mensen tussen andere impactondernemers. Kan dat ergens?",
            "asked_at": now - timedelta(days=3),
            "handler": coordinator,
            "picked_up_at": now - timedelta(days=2),
            "desk": desk,
            "handed_over_at": now - timedelta(days=2),
            "status": Question.Status.IN_PROGRESS,
        },
    )
    reopened, created = Question.objects.get_or_create(
        municipality=groningen,
        subject="Inkoopkansen voor een schoonmaakbedrijf met impact",
        defaults={
            "name": "Samira Bouzid",
            "email": "samira@example.nl",
            "organisation_name": "Schoon & Samen",
            "body": "Wij werken met mensen met een afstand tot de arbeidsmarkt. Hoe komen wij bij de gemeente in beeld?",
            "asked_at": now - timedelta(days=9),
            "handler": coordinator,
            "picked_up_at": now - timedelta(days=9),
            "answer": "Meld u aan in het leveranciersregister van het portaal; inkopers zien dan uw aanbod en "
            "sociale waarde. Met vriendelijke groet, de coördinator impactondernemerschap.",
            "answered_at": now - timedelta(days=7),
            "reopened_at": now - timedelta(days=1),
            "status": Question.Status.IN_PROGRESS,
        },
    )
    if created:
        QuestionMessage.objects.create(
            question=reopened,
            from_asker=True,
            body="Dank u! Wij staan er nu in. Krijgen wij bericht als er een aanvraag past?",
            created_at=now - timedelta(days=1),
        )
    closed, created = Question.objects.get_or_create(
        municipality=groningen,
        subject="Een impactcafé in de wijk organiseren",
        defaults={
            "name": "Daan Meijer",
            "email": "daan@example.nl",
            "body": "Mag ik het impactcafé ook in onze buurt organiseren?",
            "asked_at": now - timedelta(days=20),
            "handler": coordinator,
            "picked_up_at": now - timedelta(days=19),
            "answer": "Graag! Impact Noord helpt u met de opzet; ik heb u aan hen voorgesteld.",
            "answered_at": now - timedelta(days=18),
            "status": Question.Status.CLOSED,
            "closed_at": now - timedelta(days=15),
            "satisfaction_asked_at": now - timedelta(days=15),
            "helped": True,
            "helped_remark": "Snel geregeld.",
        },
    )
    if created:
        QuestionMessage.objects.create(
            question=closed,
            from_asker=True,
            body="Wat moet ik zelf regelen?",
            created_at=now - timedelta(days=17),
        )
        QuestionMessage.objects.create(
            question=closed,
            author=coordinator,
            body="Alleen de ruimte; Impact Noord zorgt voor sprekers en koffie.",
            created_at=now - timedelta(days=16),
        )
    for subject, (helped, remark) in HELPED.items():
        Question.objects.filter(
            municipality=groningen, subject=subject, status=Question.Status.CLOSED, helped__isnull=True
        ).update(satisfaction_asked_at=models.F("closed_at"), helped=helped, helped_remark=remark)


@seed_step(order=24)
@transaction.atomic
def seed_haarlem_programme() -> None:
    haarlem = Municipality.objects.get(slug="haarlem")
    partners = _partners(haarlem, HAARLEM_PARTNERS)
    programme, _ = Programme.objects.get_or_create(
        municipality=haarlem,
        name="Actieplan Sociaal Ondernemerschap Haarlem (in de maak)",
        defaults={"start_year": 2019, "end_year": 2022, "ambition": HAARLEM_AMBITION},
    )
    programme.partners.add(*partners.values())
    for number, title, goal, partner_names in HAARLEM_ACTION_LINES:
        action_line, _ = ActionLine.objects.get_or_create(
            programme=programme, number=number, defaults={"title": title, "goal": goal}
        )
        action_line.partners.add(*(partners[name] for name in partner_names))
    ActionLineProgress.objects.get_or_create(
        action_line=programme.action_lines.get(number=1),
        year=2019,
        defaults={
            "text": "Met stichting Stadsgarage is op basis van co-creatiesessies en interviews een schets gemaakt voor "
            "het actieplan. Voorafgaand aan The Impact Days is een Social Impact Night georganiseerd om de aanpak met "
            "sociale ondernemers af te stemmen."
        },
    )
    _activities(programme, partners, HAARLEM_ACTIVITIES)
