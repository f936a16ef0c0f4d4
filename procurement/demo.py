"""Demo data for procurement: Groningen's list of impact companies (almost 40 entrepreneurs answered the call in
2020, seed 001), Haarlem's Buy Social suppliers (seed 002), purchase requests with quotes and awards, and SROI
tenders with their realisation.

Idempotent: everything is keyed on natural keys (KvK number, titles), so a second run changes nothing.
The names are made up; the shape follows the seeds.
"""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import ensure_user
from accounts.models import Municipality, Organisation, Theme, User
from core import audit
from core.demo import backdated_audit, seed_step

from . import services
from .models import (
    AuditAction,
    Award,
    ImpactReport,
    Offering,
    PurchaseRequest,
    Quote,
    SroiRealisation,
    SroiTender,
    Supplier,
)

V, P, R = Supplier.Status.VERIFIED, Supplier.Status.PENDING, Supplier.Status.REJECTED

# (name, kvk, postcode, city, themes, status, criteria "ifeg" + memberships "cs", pso, share,
#  description, impact, [(kind, title, category, price, unit)])
GRONINGEN = [
    (
        "Kringloopbedrijf De Vondst",
        "01234567",
        "9713 AB",
        "Groningen",
        ["circular", "work"],
        V,
        "ifegc",
        "step2",
        65,
        "Kringloopwinkel en werkleerbedrijf: we halen op, knappen op en verkopen tweedehands meubels en spullen.",
        "Werkleerplekken voor mensen met een afstand tot de arbeidsmarkt; elk jaar ruim 300 ton minder afval.",
        [
            ("product", "Tweedehands kantoormeubilair", "facility", "45.00", "per bureau"),
            ("service", "Ontruimingen en ophaaldienst", "logistics", "38.50", "per uur"),
        ],
    ),
    (
        "Koffiebranderij Het Goede Bonen",
        "12345670",
        "9711 CD",
        "Groningen",
        ["work", "food"],
        V,
        "ifegs",
        "",
        40,
        "Koffiebranderij met eigen barista-opleiding; koffie voor kantoren en evenementen.",
        "Statushouders worden bij ons barista en stromen door naar werk in de horeca.",
        [
            ("product", "Koffie voor kantoren", "catering", "18.00", "per kilo"),
            ("service", "Barista-workshop", "training", "350.00", "per workshop"),
        ],
    ),
    (
        "Groene Daken Noord",
        "23456701",
        "9726 AA",
        "Groningen",
        ["energy", "housing"],
        V,
        "ifeg",
        "aspirant",
        30,
        "Legt groene daken en zonnepanelen aan op woningen en gemeentelijke gebouwen.",
        "Leerwerkplekken in de installatietechniek en koelere, groenere wijken.",
        [
            ("service", "Aanleg groen dak", "construction", "85.00", "per m²"),
            ("service", "Zonnepanelen leggen", "energy", None, ""),
        ],
    ),
    (
        "Lunchroom Het Stadshart",
        "70100001",
        "9711 GH",
        "Groningen",
        ["work", "food"],
        V,
        "ifegc",
        "step1",
        55,
        "Lunchroom en catering in de binnenstad voor vergaderingen en bijeenkomsten.",
        "Jongeren zonder startkwalificatie halen bij ons een horecadiploma.",
        [
            ("product", "Vergaderlunch", "catering", "12.50", "per persoon"),
            ("product", "Borrelhapjes", "catering", "6.00", "per persoon"),
        ],
    ),
    (
        "Schoonmaakcoöperatie Schoon Werk",
        "70100002",
        "9725 AC",
        "Groningen",
        ["work"],
        V,
        "ifegcs",
        "step3",
        72,
        "Coöperatie van schoonmakers die samen eigenaar zijn van het bedrijf.",
        "Vaste banen met een eerlijk loon voor mensen die lang zonder werk zaten.",
        [
            ("service", "Kantoorschoonmaak", "cleaning", "29.75", "per uur"),
            ("service", "Glasbewassing", "cleaning", "34.00", "per uur"),
        ],
    ),
    (
        "Drukkerij De Letterzetter",
        "70100003",
        "9723 BE",
        "Groningen",
        ["work", "culture"],
        V,
        "ifeg",
        "step1",
        45,
        "Drukkerij en vormgeving: folders, posters, jaarverslagen.",
        "Mensen met een arbeidsbeperking leren het grafische vak.",
        [
            ("service", "Drukwerk folders en posters", "printing", None, ""),
            ("service", "Vormgeving", "printing", "65.00", "per uur"),
        ],
    ),
    (
        "Fietskoeriers 050",
        "70100004",
        "9712 KL",
        "Groningen",
        ["energy", "work"],
        V,
        "ifegs",
        "",
        35,
        "Emissievrije pakket- en documentbezorging met bakfietsen in de stad.",
        "Schone lucht in de binnenstad en werk voor jongeren uit de wijken.",
        [
            ("service", "Koeriersrit binnen de ring", "logistics", "9.50", "per rit"),
            ("service", "Dagelijkse postronde", "logistics", "420.00", "per maand"),
        ],
    ),
    (
        "Groenploeg Stad & Ommeland",
        "70100005",
        "9731 AA",
        "Groningen",
        ["work", "housing"],
        V,
        "ifegc",
        "step2",
        80,
        "Groenonderhoud van parken, speelplaatsen en bedrijfsterreinen.",
        "Werk in het groen voor mensen uit de bijstand, met begeleiding op de werkplek.",
        [
            ("service", "Groenonderhoud openbare ruimte", "green", "41.00", "per uur"),
            ("service", "Snoeiwerk", "green", "48.00", "per uur"),
        ],
    ),
    (
        "Naaiatelier Draad",
        "70100006",
        "9742 AB",
        "Groningen",
        ["work", "circular"],
        V,
        "ifeg",
        "",
        60,
        "Naaiatelier voor bedrijfskleding, tassen van restmateriaal en reparaties.",
        "Vrouwen met weinig kansen op de arbeidsmarkt vinden hier werk en taal.",
        [
            ("product", "Bedrijfskleding met borduring", "textiles", "32.00", "per stuk"),
            ("product", "Tassen van oude banners", "gifts", "19.50", "per stuk"),
        ],
    ),
    (
        "IT-Werkplaats Noord",
        "70100007",
        "9727 DL",
        "Groningen",
        ["circular", "education"],
        V,
        "ifegs",
        "step1",
        50,
        "Knapt laptops op en beheert werkplekken voor kleine organisaties.",
        "Jongeren met autisme werken als IT-specialist; laptops krijgen een tweede leven.",
        [
            ("product", "Opgeknapte laptop", "it", "249.00", "per stuk"),
            ("service", "Werkplekbeheer", "it", "55.00", "per uur"),
        ],
    ),
    (
        "Cateringbedrijf Smaakmakers",
        "70100008",
        "9744 AA",
        "Groningen",
        ["food", "work"],
        V,
        "ifeg",
        "aspirant",
        38,
        "Catering met seizoensgebonden en lokale producten.",
        "Koks in opleiding uit de re-integratie; weinig voedselverspilling.",
        [
            ("product", "Buffet", "catering", "22.50", "per persoon"),
            ("service", "Catering voor evenementen", "events", None, ""),
        ],
    ),
    (
        "Verhuisbedrijf Samen Sterk",
        "70100009",
        "9746 BB",
        "Groningen",
        ["work"],
        V,
        "ifeg",
        "",
        45,
        "Verhuizingen van kantoren en archieven.",
        "Ex-gedetineerden krijgen een tweede kans en een vak.",
        [("service", "Kantoorverhuizing", "logistics", "52.00", "per uur per verhuizer")],
    ),
    (
        "Zorgboerderij De Kiem",
        "70100010",
        "9753 AA",
        "Haren",
        ["care", "food"],
        V,
        "ifegc",
        "",
        70,
        "Zorgboerderij met dagbesteding, een boerderijwinkel en kerstpakketten.",
        "Dagbesteding en werk voor mensen met een verstandelijke beperking.",
        [
            ("product", "Streekproductenpakket", "gifts", "35.00", "per pakket"),
            ("service", "Dagbesteding op de boerderij", "care", None, ""),
        ],
    ),
    (
        "Kerstpakketten Goed Gevuld",
        "70100011",
        "9722 AB",
        "Groningen",
        ["work", "poverty"],
        V,
        "ifeg",
        "step1",
        40,
        "Kerst- en relatiepakketten vol producten van sociale ondernemers.",
        "Elk pakket levert werk op bij tien sociale ondernemingen in Noord-Nederland.",
        [("product", "Kerstpakket Sociaal Noorden", "gifts", "42.50", "per pakket")],
    ),
    (
        "Bouwbedrijf Nieuwe Kansen",
        "70100012",
        "9743 AC",
        "Groningen",
        ["work", "housing"],
        V,
        "ifeg",
        "step2",
        35,
        "Onderhoud en kleine verbouwingen van woningen en maatschappelijk vastgoed.",
        "Leerlingen uit het praktijkonderwijs worden vakman in de bouw.",
        [("service", "Schilder- en onderhoudswerk", "construction", "47.50", "per uur")],
    ),
    (
        "Energiecoöperatie Stadjerszon",
        "70100013",
        "9717 AA",
        "Groningen",
        ["energy"],
        V,
        "ifeg",
        "",
        10,
        "Coöperatie die zonnedaken op scholen en buurthuizen legt en energie levert.",
        "Opbrengst gaat naar energiearmoede in de wijken.",
        [("service", "Energiescan voor gebouwen", "energy", "295.00", "per scan")],
    ),
    (
        "Trainingsbureau Ervaringsdeskundig",
        "70100014",
        "9712 CP",
        "Groningen",
        ["poverty", "education"],
        V,
        "ifegs",
        "",
        60,
        "Trainingen over armoede en schulden, gegeven door ervaringsdeskundigen.",
        "Ervaringsdeskundigen krijgen betaald werk; klantcontact bij organisaties verbetert.",
        [("service", "Training Armoede in de spreekkamer", "training", "1450.00", "per dagdeel")],
    ),
    (
        "Evenementenbureau Samen Feest",
        "70100015",
        "9715 AB",
        "Groningen",
        ["culture", "work"],
        V,
        "ifeg",
        "",
        30,
        "Organiseert bijeenkomsten, beurzen en buurtfeesten.",
        "Werkervaring in de evenementenbranche voor jongeren.",
        [("service", "Organisatie van een bijeenkomst", "events", None, "")],
    ),
    (
        "Fietsenmakerij Tweede Ronde",
        "70100016",
        "9721 AB",
        "Groningen",
        ["circular", "work"],
        V,
        "ifegc",
        "aspirant",
        55,
        "Repareert en verkoopt opgeknapte fietsen; onderhoud van dienstfietsen.",
        "Leerwerkplekken voor nieuwkomers; fietsen uit het depot krijgen een tweede leven.",
        [
            ("service", "Onderhoud dienstfietsen", "facility", "45.00", "per fiets per jaar"),
            ("product", "Opgeknapte stadsfiets", "logistics", "179.00", "per stuk"),
        ],
    ),
    (
        "Textielrecycling Vezel",
        "70100017",
        "9723 AB",
        "Groningen",
        ["circular"],
        V,
        "ifeg",
        "",
        40,
        "Sorteert en recyclet textiel van bedrijven en inzamelingen.",
        "Minder textielafval en werk in de sorteerhal.",
        [("service", "Inzameling bedrijfstextiel", "recycling", "65.00", "per container")],
    ),
    (
        "Webbureau Inclusief Digitaal",
        "70100018",
        "9711 LM",
        "Groningen",
        ["education", "work"],
        V,
        "ifegs",
        "",
        45,
        "Bouwt toegankelijke websites en test ze met mensen met een beperking.",
        "Testers met een beperking hebben betaald werk; websites worden voor iedereen bruikbaar.",
        [
            ("service", "Toegankelijkheidstoets (WCAG)", "it", "950.00", "per website"),
            ("service", "Website bouwen", "it", None, ""),
        ],
    ),
    (
        "Bakkerij Brood & Banen",
        "70100019",
        "9741 AA",
        "Groningen",
        ["food", "work"],
        V,
        "ifegc",
        "step1",
        58,
        "Ambachtelijke bakkerij die levert aan kantoren en kantines.",
        "Bakkers met een afstand tot de arbeidsmarkt; restbrood gaat naar de voedselbank.",
        [("product", "Broodjes voor de kantine", "catering", "2.75", "per broodje")],
    ),
    (
        "Glazenwasserij Helder",
        "70100020",
        "9745 AA",
        "Groningen",
        ["work"],
        V,
        "ifeg",
        "",
        50,
        "Glazenwasserij en gevelreiniging.",
        "Vaste banen voor mensen uit de sociale werkvoorziening.",
        [("service", "Glasbewassing gevels", "cleaning", "36.00", "per uur")],
    ),
    (
        "Printshop Doorstart",
        "70100021",
        "9725 AB",
        "Groningen",
        ["work"],
        V,
        "ifeg",
        "",
        60,
        "Printshop voor kleine oplagen, visitekaartjes en banners.",
        "Een doorstart naar werk voor mensen na een burn-out of verslaving.",
        [("service", "Banners en roll-ups", "printing", "79.00", "per stuk")],
    ),
    (
        "Hoveniersbedrijf Wortels",
        "70100022",
        "9735 AA",
        "Groningen",
        ["housing", "care"],
        V,
        "ifeg",
        "step1",
        45,
        "Aanleg en onderhoud van tuinen, daktuinen en schoolpleinen.",
        "Groene schoolpleinen, gebouwd met jongeren uit de buurt.",
        [("service", "Groen schoolplein aanleggen", "green", None, "")],
    ),
    (
        "Schilderbedrijf Kleur Bekennen",
        "70100023",
        "9742 CD",
        "Groningen",
        ["work"],
        V,
        "ifeg",
        "",
        40,
        "Schilderwerk binnen en buiten.",
        "Leerwerktrajecten voor schilders in opleiding.",
        [("service", "Schilderwerk binnen", "construction", "44.00", "per uur")],
    ),
    (
        "Uitzendbureau Werkkracht Noord",
        "70100024",
        "9711 PA",
        "Groningen",
        ["work"],
        V,
        "ifegs",
        "step3",
        85,
        "Uitzendbureau voor mensen met een afstand tot de arbeidsmarkt.",
        "Plaatst elk jaar meer dan honderd mensen uit de bijstand bij werkgevers.",
        [("service", "Detachering", "staffing", None, ""), ("service", "Jobcoaching", "staffing", "75.00", "per uur")],
    ),
    (
        "Re-integratiebedrijf Op Weg",
        "70100025",
        "9713 CA",
        "Groningen",
        ["work", "education"],
        V,
        "ifeg",
        "",
        30,
        "Re-integratietrajecten en werkfit-trainingen.",
        "Duurzame uitstroom naar werk, gemeten twee jaar na het traject.",
        [("service", "Werkfit-traject", "staffing", "2400.00", "per traject")],
    ),
    (
        "Buurtbedrijf De Wijkploeg",
        "70100026",
        "9744 CB",
        "Groningen",
        ["housing", "work"],
        V,
        "ifeg",
        "",
        70,
        "Klussen, schoonmaak en groen in de wijk, door buurtbewoners.",
        "Werk en trots in de wijk; minder overlast en zwerfafval.",
        [
            ("service", "Klussendienst", "facility", "35.00", "per uur"),
            ("service", "Zwerfafval opruimen", "recycling", "32.00", "per uur"),
        ],
    ),
    (
        "Kantoorartikelen Sociaal Geleverd",
        "70100027",
        "9723 ZZ",
        "Groningen",
        ["work"],
        V,
        "ifeg",
        "",
        35,
        "Webwinkel voor kantoorartikelen, ingepakt door een sociale werkplaats.",
        "Elke bestelling is werk voor mensen met een arbeidsbeperking.",
        [("product", "Kantoorartikelen", "facility", None, "")],
    ),
    (
        "Grondstoffenjager",
        "70100028",
        "9744 AB",
        "Groningen",
        ["circular"],
        V,
        "ifegc",
        "",
        25,
        "Haalt bedrijfsafval gescheiden op en maakt er grondstof van.",
        "Minder restafval; inzicht in afvalstromen voor elke klant.",
        [("service", "Gescheiden afvalinzameling", "recycling", "89.00", "per maand")],
    ),
    (
        "Maaltijdservice Aan Tafel",
        "70100029",
        "9717 BC",
        "Groningen",
        ["care", "food"],
        V,
        "ifeg",
        "",
        45,
        "Warme maaltijden voor ouderen en voor bijeenkomsten.",
        "Ouderen eten gezond en samen; koks in opleiding.",
        [("product", "Warme maaltijd", "catering", "8.50", "per maaltijd")],
    ),
    (
        "Podiumwerk",
        "70100030",
        "9728 AA",
        "Groningen",
        ["culture", "work"],
        P,
        "ifeg",
        "",
        40,
        "Licht, geluid en podiumbouw voor evenementen.",
        "Technici in opleiding uit het praktijkonderwijs.",
        [("service", "Licht en geluid", "events", "650.00", "per dag")],
    ),
    (
        "Relatiegeschenken Handgemaakt Groningen",
        "70100031",
        "9712 HV",
        "Groningen",
        ["work", "culture"],
        P,
        "ifeg",
        "",
        65,
        "Handgemaakte relatiegeschenken uit Groningse werkplaatsen.",
        "Dagbesteding die een echt product oplevert.",
        [("product", "Relatiegeschenk", "gifts", "14.95", "per stuk")],
    ),
    (
        "Vertaalbureau Nieuwkomers",
        "70100032",
        "9714 AA",
        "Groningen",
        ["education", "work"],
        P,
        "ifeg",
        "",
        75,
        "Vertalingen en tolkdiensten door gevluchte vakmensen.",
        "Nieuwkomers werken in hun vak en verbeteren hun Nederlands.",
        [("service", "Vertaling", "printing", "0.12", "per woord")],
    ),
    (
        "Duurzaam Advies Noord",
        "70100033",
        "9712 GE",
        "Groningen",
        ["energy"],
        P,
        "ie",
        "",
        0,
        "Adviesbureau voor verduurzaming van gebouwen.",
        "Lagere energierekeningen voor maatschappelijke organisaties.",
        [("service", "Verduurzamingsadvies", "energy", "110.00", "per uur")],
    ),
    (
        "Wasserij Schone Lei",
        "70100034",
        "9743 EA",
        "Groningen",
        ["work"],
        R,
        "i",
        "",
        15,
        "Wasserij voor horeca en zorg.",
        "Werk voor een aantal mensen uit de buurt.",
        [("service", "Linnenservice", "textiles", None, "")],
    ),
    (
        "Meubelmakerij Hergebruikt Hout",
        "70100035",
        "9727 KA",
        "Groningen",
        ["circular", "work"],
        V,
        "ifeg",
        "aspirant",
        50,
        "Maakt kantoormeubels en inrichting van gebruikt hout.",
        "Afvalhout wordt meubel; leerwerkplekken in de houtbewerking.",
        [("product", "Vergadertafel van sloophout", "facility", "1250.00", "per stuk")],
    ),
]
REJECTED_REASON = (
    "De wasserij is een reguliere onderneming: maatschappelijke impact staat niet voorop en de winst wordt niet "
    "geherinvesteerd in een maatschappelijk doel."
)

HAARLEM = [
    (
        "Social Impact Factory Haarlem",
        "56701234",
        "2011 VA",
        "Haarlem",
        ["work", "culture"],
        V,
        "ifegs",
        "",
        20,
        "Ontmoetingsplek en werkplaats voor sociale ondernemers; organiseert de Buy Social-marktplaats.",
        "Verbindt aannemers met sociale ondernemers zodat de SROI-voorwaarde echt impact oplevert.",
        [
            ("service", "Vergaderruimte en bijeenkomsten", "events", "250.00", "per dagdeel"),
            ("service", "SROI-matchmaking", "training", None, ""),
        ],
    ),
    (
        "Haarlems Schoonmaakcollectief",
        "70200001",
        "2033 AA",
        "Haarlem",
        ["work"],
        V,
        "ifegc",
        "step2",
        70,
        "Schoonmaak van kantoren, scholen en bouwketen.",
        "Vaste banen voor Haarlemmers uit de bijstand.",
        [("service", "Schoonmaak bouwketen", "cleaning", "31.00", "per uur")],
    ),
    (
        "De Buurtkok Haarlem",
        "70200002",
        "2035 AB",
        "Haarlem",
        ["food", "culture"],
        V,
        "ifeg",
        "",
        45,
        "Catering uit de buurtkeuken van Schalkwijk.",
        "Samen koken tegen eenzaamheid; koks in opleiding.",
        [("product", "Lunch voor bouwplaatsen", "catering", "9.75", "per persoon")],
    ),
    (
        "Spaarne Sociaal Drukwerk",
        "70200003",
        "2011 CD",
        "Haarlem",
        ["work"],
        V,
        "ifeg",
        "step1",
        50,
        "Drukwerk en bewegwijzering voor projecten.",
        "Werk voor mensen met een arbeidsbeperking.",
        [("service", "Bouwborden en bewegwijzering", "printing", None, "")],
    ),
    (
        "Fietsherstel Schalkwijk",
        "70200004",
        "2036 AA",
        "Haarlem",
        ["circular", "work"],
        V,
        "ifeg",
        "",
        60,
        "Fietsenmaker en fietsverhuur voor bouwploegen.",
        "Leerwerkplekken voor jongeren uit Schalkwijk.",
        [("service", "Fietsverhuur voor projecten", "logistics", "7.50", "per dag")],
    ),
    (
        "Kennemerland Werkt Groen",
        "70200005",
        "2024 AB",
        "Haarlem",
        ["work", "housing"],
        V,
        "ifegcs",
        "step3",
        78,
        "Groenonderhoud en aanplant in Haarlem en omgeving.",
        "Mensen met een afstand tot de arbeidsmarkt werken in het groen.",
        [("service", "Groenonderhoud", "green", "39.50", "per uur")],
    ),
    (
        "Werkkleding Nationaal Sociaal",
        "70200006",
        "2012 AB",
        "Haarlem",
        ["work", "circular"],
        V,
        "ifeg",
        "",
        55,
        "Duurzame werkkleding, landelijk geleverd.",
        "Confectie door mensen met een arbeidsbeperking; oude kleding wordt gerecycled.",
        [("product", "Werkjas met logo", "textiles", "54.00", "per stuk")],
    ),
]
NATIONWIDE = {"70200006", "70100024"}
ALSO_DELIVERS = {"70200006": ["groningen"], "56701234": [], "70100007": ["haarlem"]}

HAARLEM_BUYER = ("inkoper.haarlem@impactportaal.test", "Ruud Meijer")


def _verified_on(index: int) -> dt.datetime:
    """Spread the verifications of 2020 over autumn, after the call through Impact Noord."""
    day = dt.date(2020, 9, 1) + dt.timedelta(days=2 * index)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _seed_suppliers(rows: list, municipality: Municipality, coordinator: User | None) -> list[int]:
    themes = {theme.code: theme for theme in Theme.objects.all()}
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    ids = []
    for index, row in enumerate(rows):
        name, kvk, postcode, city, theme_codes, status, flags, pso, share, description, impact, offerings = row
        organisation, created = Organisation.objects.get_or_create(
            kvk_number=kvk,
            defaults={
                "name": name,
                "kind": Organisation.Kind.ENTERPRISE,
                "municipality": municipality,
                "postcode": postcode,
                "city": city,
                "description": description,
            },
        )
        if created:
            organisation.themes.set(themes[code] for code in theme_codes)
        slug = name.lower().split()[0]
        supplier, created = Supplier.objects.get_or_create(
            organisation=organisation,
            defaults={
                "status": status,
                "description": description,
                "impact": impact,
                "impact_first": "i" in flags,
                "independent_enterprise": "f" in flags,
                "economically_independent": "e" in flags,
                "social_governance": "g" in flags,
                "code_sociale_ondernemingen": "c" in flags,
                "social_enterprise_nl": "s" in flags,
                "pso_level": pso,
                "staff_distance_share": share,
                "postcode": postcode,
                "city": city,
                "website": f"https://{slug}.example.nl",
                "contact_name": "Contactpersoon " + name.split()[-1],
                "contact_email": f"info@{slug}.example.nl",
                "contact_phone": "050 123 45 67" if municipality.slug == "groningen" else "023 123 45 67",
                "contact_public": index % 3 != 0,
                "delivers_nationwide": kvk in NATIONWIDE,
                "delivery_region": "Stad en Ommeland"
                if municipality.slug == "groningen"
                else "Haarlem en Zuid-Kennemerland",
                "verified_at": _verified_on(index) if status == V else None,
                "decision_reason": REJECTED_REASON if status == R else "",
            },
        )
        ids.append(supplier.pk)
        if not created:
            continue
        services.locate_supplier(supplier)
        supplier.save(update_fields=["latitude", "longitude"])
        Supplier.objects.filter(pk=supplier.pk).update(submitted_at=_verified_on(index) - dt.timedelta(days=14))
        supplier.themes.set(themes[code] for code in theme_codes)
        supplier.delivery_municipalities.set(
            municipalities[s] for s in ALSO_DELIVERS.get(kvk, []) if s in municipalities
        )
        for kind, title, category, price, unit in offerings:
            Offering.objects.create(
                supplier=supplier,
                kind=kind,
                title=title,
                category=category,
                price=Decimal(price) if price else None,
                unit=unit,
                description="",
            )
        backdated_audit(
            (_verified_on(index) - dt.timedelta(days=14)).date(),
            municipality=municipality,
            actor=organisation.members.first(),
            action=AuditAction.SUPPLIER_REGISTERED,
            instance=supplier,
        )
        if status in (V, R) and coordinator is not None:
            entry = audit.record(
                municipality=municipality,
                actor=coordinator,
                action=AuditAction.SUPPLIER_VERIFIED if status == V else AuditAction.SUPPLIER_REJECTED,
                instance=supplier,
                reason=REJECTED_REASON
                if status == R
                else "Aangemeld via de oproep van Impact Noord; criteria gecontroleerd.",
                changes={"status": ["pending", status]},
            )
            assert entry is not None  # a decision is always recorded
            audit.AuditEvent.objects.filter(pk=entry.pk).update(at=_verified_on(index))
    return ids


def _supplier(kvk: str) -> Supplier:
    return Supplier.objects.select_related("organisation").get(organisation__kvk_number=kvk)


# (title, category, budget, posted on, deadline (None: 30 days ahead), sroi, description,
#  [(supplier kvk, price, message, shortlisted, award amount or None, awarded on)])
# (supplier's KvK number, price, message, shortlisted, amount awarded, awarded on: a date or "today")
DemoQuote = tuple[str, str, str, bool, str | None, dt.date | str | None]
# (title, category, (budget from, budget up to), posted on, deadline, counts towards SROI, description, quotes)
DemoRequest = tuple[str, str, tuple[str, str], dt.date | None, dt.date | None, bool, str, list[DemoQuote]]

GRONINGEN_REQUESTS: list[DemoRequest] = [
    (
        "Lunches voor de impactcafés van 2020",
        "catering",
        ("4000", "7500"),
        dt.date(2020, 1, 20),
        dt.date(2020, 2, 10),
        False,
        "Lunch voor zes impactcafés van ongeveer 40 deelnemers, in het Stadhuis en bij partners.",
        [
            (
                "70100001",
                "4850.00",
                "Wij verzorgen de lunches met een vegetarische en een vegan variant.",
                True,
                "4850.00",
                dt.date(2020, 2, 20),
            ),
            (
                "70100019",
                "1200.00",
                "Broodjes voor twee van de zes bijeenkomsten.",
                True,
                "1200.00",
                dt.date(2020, 2, 20),
            ),
            ("70100029", "5600.00", "Warme lunch per bijeenkomst.", False, None, None),
        ],
    ),
    (
        "Schoonmaak wijkcentrum De Wijert",
        "cleaning",
        ("15000", "20000"),
        dt.date(2020, 3, 2),
        dt.date(2020, 3, 30),
        True,
        "Dagelijkse schoonmaak van het wijkcentrum, 2020.",
        [
            (
                "70100002",
                "18500.00",
                "Vaste ploeg van drie schoonmakers, met een leerwerkplek.",
                True,
                "18500.00",
                dt.date(2020, 4, 15),
            ),
            ("70100020", "4200.00", "Alleen de glasbewassing, vier keer per jaar.", False, None, None),
        ],
    ),
    (
        "Kerstpakketten voor medewerkers",
        "gifts",
        ("12000", "16000"),
        dt.date(2020, 9, 15),
        dt.date(2020, 10, 15),
        False,
        "Ongeveer 350 kerstpakketten met producten van sociale ondernemers.",
        [
            (
                "70100011",
                "12400.00",
                "Pakket Sociaal Noorden, bezorgd op de afdelingen.",
                True,
                "12400.00",
                dt.date(2020, 10, 28),
            ),
            ("70100010", "3100.00", "Streekproducten voor 90 pakketten.", True, "3100.00", dt.date(2020, 10, 28)),
        ],
    ),
    (
        "Groenonderhoud speelplaatsen Oosterpark",
        "green",
        ("18000", "25000"),
        None,
        None,
        True,
        "Onderhoud van zes speelplaatsen, een jaar lang.",
        [
            ("70100005", "22000.00", "Een ploeg van vier, twee dagen per week.", True, "22000.00", "today"),
            ("70100022", "24500.00", "Inclusief aanplant van nieuwe hagen.", False, None, None),
        ],
    ),
    (
        "Drukwerk voor de Week van de Sociale Onderneming",
        "printing",
        ("1500", "3000"),
        None,
        None,
        False,
        "Posters, flyers en roll-ups voor de week van de sociale onderneming.",
        [
            ("70100003", "2350.00", "Ontwerp en drukwerk in één hand.", True, None, None),
            ("70100021", "1980.00", "Drie roll-ups en 500 flyers.", False, None, None),
        ],
    ),
    (
        "Tweedehands bureaus voor het wijkkantoor Selwerd",
        "facility",
        ("2000", "4500"),
        None,
        None,
        True,
        "Twaalf bureaus en stoelen voor het nieuwe wijkkantoor; liefst hergebruikt meubilair.",
        [],
    ),
    (
        "Opgeknapte laptops voor de Stadjerspas-balie",
        "it",
        ("3000", "6000"),
        None,
        None,
        False,
        "Vijftien laptops voor inwoners die een computer nodig hebben voor werk of school.",
        [],
    ),
]

# (title, reference, contractor, value, percentage, start, [(kvk, description, amount, date)])
TENDERS = {
    "groningen": [
        (
            "Raamcontract onderhoud openbare verlichting",
            "INK-2020-014",
            "Noordelijk Installatiebedrijf BV",
            "1800000.00",
            "5.00",
            dt.date(2020, 3, 1),
            [
                ("70100005", "Groenonderhoud rond lichtmasten", "12500.00", dt.date(2020, 6, 1)),
                ("70100002", "Schoonmaak bouwketen", "8400.00", dt.date(2020, 7, 15)),
                ("70100006", "Werkkleding met borduring", "6150.00", dt.date(2020, 5, 10)),
                ("70100008", "Catering bij de start van het werk", "2300.00", dt.date(2020, 3, 20)),
                ("70100007", "Opgeknapte laptops voor de ploegleiders", "4800.00", dt.date(2020, 9, 2)),
            ],
        ),
    ],
    "haarlem": [
        (
            "Herinrichting openbare ruimte Schalkwijk",
            "HLM-2021-07",
            "Aannemersbedrijf Van Duin BV",
            "2400000.00",
            "5.00",
            dt.date(2021, 4, 1),
            [
                ("70200001", "Schoonmaak van de bouwketen", "14200.00", dt.date(2021, 6, 1)),
                ("70200002", "Lunches op de bouwplaats", "6800.00", dt.date(2021, 7, 1)),
                ("70200005", "Aanplant en groenonderhoud", "31500.00", dt.date(2021, 10, 1)),
                ("70200003", "Bouwborden en bewegwijzering", "4900.00", dt.date(2021, 5, 15)),
            ],
        ),
    ],
}


def _seed_requests(municipality: Municipality, buyer: User) -> None:
    today = timezone.localdate()
    for title, category, (low, high), posted, deadline, sroi, description, quotes in GRONINGEN_REQUESTS:
        purchase_request, created = PurchaseRequest.objects.get_or_create(
            municipality=municipality,
            title=title,
            defaults={
                "posted_by": buyer,
                "category": category,
                "budget_min": Decimal(low),
                "budget_max": Decimal(high),
                "deadline": deadline or today + dt.timedelta(days=30),
                "counts_towards_sroi": sroi,
                "description": description,
            },
        )
        if not created:
            continue
        if posted:
            PurchaseRequest.objects.filter(pk=purchase_request.pk).update(
                created_at=timezone.make_aware(dt.datetime.combine(posted, dt.time(9, 0)))
            )
        for kvk, price, message, shortlisted, amount, awarded_on in quotes:
            supplier = _supplier(kvk)
            quote = Quote.objects.create(
                purchase_request=purchase_request,
                supplier=supplier,
                message=message,
                price=Decimal(price),
                shortlisted=shortlisted,
                submitted_by=supplier.organisation.members.first(),
            )
            if amount and awarded_on:
                on = awarded_on if isinstance(awarded_on, dt.date) else today
                Award.objects.create(
                    quote=quote,
                    purchase_request=purchase_request,
                    supplier=supplier,
                    amount=Decimal(amount),
                    awarded_on=on,
                    awarded_by=buyer,
                )
                purchase_request.status = PurchaseRequest.Status.AWARDED
                purchase_request.save(update_fields=["status"])
                backdated_audit(
                    on,
                    municipality=municipality,
                    actor=buyer,
                    action=AuditAction.AWARD_MADE,
                    instance=purchase_request,
                    related=supplier,
                    details={"amount": amount, "awarded_on": on.isoformat()},
                )


def _seed_tenders(municipality: Municipality, buyer: User) -> None:
    for title, reference, contractor, value, percentage, start, lines in TENDERS[municipality.slug]:
        tender, created = SroiTender.objects.get_or_create(
            municipality=municipality,
            title=title,
            defaults={
                "created_by": buyer,
                "reference": reference,
                "contractor": contractor,
                "contract_value": Decimal(value),
                "sroi_percentage": Decimal(percentage),
                "start_date": start,
            },
        )
        if created:
            backdated_audit(
                start,
                municipality=municipality,
                actor=buyer,
                action=AuditAction.TENDER_REGISTERED,
                instance=tender,
                changes=audit.changes_between({}, audit.snapshot(tender, services.TENDER_FIELDS)),
            )
        for kvk, description, amount, on in lines:
            supplier = _supplier(kvk)
            _realisation, created = SroiRealisation.objects.get_or_create(
                tender=tender,
                supplier=supplier,
                description=description,
                defaults={
                    "amount": Decimal(amount),
                    "date": on,
                    "recorded_by": buyer,
                    # the buyer's own record counts at once; these were recorded before any weighting
                    "status": SroiRealisation.Status.ACCEPTED,
                    "weight": 100,
                    "decided_by": buyer,
                    "decided_at": timezone.make_aware(dt.datetime.combine(on, dt.time(11, 0))),
                },
            )
            if created:
                backdated_audit(
                    on,
                    municipality=municipality,
                    actor=buyer,
                    action=AuditAction.REALISATION_ADDED,
                    instance=tender,
                    related=supplier,
                    details={"amount": amount, "date": on.isoformat(), "description": description},
                )


# Impact reports about 2020 of Groningen suppliers the municipality bought from: (kvk, persons employed, FTE,
# trainees, CO₂ avoided, waste diverted, people reached, volunteers, accepted). De Vondst's awaits a check.
IMPACT_REPORTS_2020 = [
    ("70100001", 12, "8.5", 4, None, None, 2400, 6, True),
    ("70100019", 5, "3.2", 2, None, None, None, 3, True),
    ("70100002", 18, "14.0", 6, None, None, None, None, True),
    ("70100005", 9, "6.5", 3, "42.5", "18.0", None, 2, True),
    ("01234567", 23, "15.5", 11, "310.0", "320.0", 5200, 40, False),
]
IMPACT_SUBMITTED_ON = dt.date(2021, 1, 28)
IMPACT_ACCEPTED_ON = dt.date(2021, 2, 15)


def _seed_impact_reports(coordinator: User) -> None:
    """The impact reports about 2020, once; accepted ones with the coordinator's check, backdated."""
    for kvk, persons, fte, trainees, co2, waste, reached, volunteers, accepted in IMPACT_REPORTS_2020:
        supplier = _supplier(kvk)
        member = supplier.organisation.members.order_by("pk").first()
        report, created = ImpactReport.objects.get_or_create(
            supplier=supplier,
            year=2020,
            defaults={
                "persons_employed": persons,
                "fte": Decimal(fte),
                "trainees": trainees,
                "co2_avoided": Decimal(co2) if co2 else None,
                "waste_diverted": Decimal(waste) if waste else None,
                "people_reached": reached,
                "volunteers": volunteers,
                "evidence_url": supplier.website,
                "submitted_by": member,
                "submitted_at": timezone.make_aware(dt.datetime.combine(IMPACT_SUBMITTED_ON, dt.time(10, 0))),
            },
        )
        if created and accepted:
            ImpactReport.objects.filter(pk=report.pk).update(
                status=ImpactReport.Status.ACCEPTED,
                checked_by=coordinator,
                checked_at=timezone.make_aware(dt.datetime.combine(IMPACT_ACCEPTED_ON, dt.time(14, 0))),
            )
            backdated_audit(
                IMPACT_ACCEPTED_ON,
                municipality=supplier.organisation.municipality,
                actor=coordinator,
                action=AuditAction.IMPACT_ACCEPTED,
                instance=report,
                related=supplier,
                changes=audit.changes_between({"status": "submitted"}, {"status": "accepted"}),
            )


@seed_step(order=50)
@transaction.atomic
def seed_procurement() -> None:
    groningen = Municipality.objects.get(slug="groningen")
    haarlem = Municipality.objects.get(slug="haarlem")
    coordinator = User.objects.filter(role=User.Role.COORDINATOR, municipality=groningen).earliest("pk")
    haarlem_coordinator = User.objects.filter(role=User.Role.COORDINATOR, municipality=haarlem).earliest("pk")
    buyer = User.objects.filter(role=User.Role.BUYER, municipality=groningen).earliest("pk")
    haarlem_buyer = ensure_user(HAARLEM_BUYER[0], name=HAARLEM_BUYER[1], role=User.Role.BUYER, municipality=haarlem)
    ids = _seed_suppliers(GRONINGEN, groningen, coordinator)
    ids += _seed_suppliers(HAARLEM, haarlem, haarlem_coordinator)
    _seed_requests(groningen, buyer)
    _seed_tenders(groningen, buyer)
    _seed_tenders(haarlem, haarlem_buyer)
    _seed_impact_reports(coordinator)
    services.suppliers_refresh_search(ids)


# regio Alkmaar's demo data and Haarlem's contractor with its SROI duty: their seed steps register on import
# The steps of other demo modules register on import: regio Alkmaar's (55), private buyers (52, after the suppliers
# they buy from).
from . import (  # noqa: E402, F401
    demo_contractors,
    demo_private,  # noqa: E402, F401
    demo_region,
)
