"""Demo data: Groningen's council letter about 2020 as a draft, with the subject, author, date and
narrative of the letter of 02-12-2020 (seed 001). Its figures come from the demo data of the
other apps, inserted by name, so a newcomer can generate the PDF at once.

Next to it, a letter about 2019, approved, published to the council and made public, so that council members
and the public have a letter to read. Seed 001 says only that the council was informed in 2019; the text of
that letter is not among the seeds, so its narrative here is written for the demo from what seed 001 says
about 2019, and its figures are those of the demo's 2019 activities."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone, translation

from accounts.models import Municipality, User
from core.demo import seed_step
from programmes.models import Programme

from . import renderer, services
from .models import FigureNote, Letter, LetterVersion

SUBJECT = "Update actieprogramma ondernemen met impact 2020"
AUTHOR = "Simon Poelstra"
PHONE = "06-11380588"
LETTER_DATE = date(2020, 12, 2)

INTRODUCTION = """Het actieprogramma Ondernemen met Impact 2019-2022 vormt binnen onze gemeente de basis voor het stimuleren van impactondernemerschap. Over de voortgang hebben we uw Raad enkele maanden na de start in 2019 geïnformeerd. Inmiddels zijn verschillende stappen gezet en hebben we meer ervaring met de uitvoering van dit gemeentelijke actieplan. In 2019 is een coördinator impactondernemerschap aangesteld, een gemeentelijk servicepunt opgericht en is o.a. bijgedragen aan de zichtbaarheid en professionalisering van impactondernemers. In 2020 hebben we de ingezette lijn voortgezet en waar mogelijk geïntensiveerd."""

DEVELOPMENTS = """Door de integrale samenwerking binnen de gemeente en de samenwerking met lokale partners ontstonden nieuwe inzichten en initiatieven. Op grond van deze inzichten zijn we samen met externe samenwerkingspartners (zoals Impact Noord en Founded in Groningen) gekomen tot [[action_lines]] actielijnen:"""

SECTIONS = {
    1: """Samen met Impact Noord is op grond van een door de Hanzehogeschool uitgevoerd behoefte onderzoek dit programmadeel ingevuld. Uit onze eigen behoeftepeiling blijkt dat [[line1_survey_result]]. Impactcafé's, avondcollege's en kennisexcursies stonden met enige regelmaat gepland: in 2020 zijn er [[line1_activities_held]] gehouden. Daarnaast is er ook ingespeeld op de actualiteit, wat leidde tot [[line1_online_meeting_held]] online bijeenkomsten met o.a. als thema 'wat heb je nodig tijdens Corona'.""",
    2: """In 2020 is de Sociale Groninger Ondernemers Challenge opnieuw gestart, met [[challenge_applied]] aanmeldingen. Na een beoordelingsronde hebben [[challenge_selected]] deelnemers een grotendeels online coaching traject gevolgd. De finale vond plaats op [[challenge_finale_date]]. Founded in Groningen heeft het onderwerp impactondernemerschap intensief onder de aandacht gebracht in de Groninger start-up scene. Zij hebben samen met de kennisinstellingen verschillende online en fysieke bijeenkomsten georganiseerd en het onderwerp 'ondernemen met impact' belicht bij reguliere activiteiten (bijvoorbeeld bij het project Start-up in Residence). Daarbij is verschillende keren samengewerkt met Impact Noord.""",
    3: """In 2020 zijn we gestart met de pilot 'Omarm Groningen'. Dit is een nieuw platform waar maatschappelijke initiatieven worden gematcht met ondernemers die willen helpen met inzet, geld of netwerkcontacten. In het voorjaar is een goed begin gemaakt met een project als Helpdesk050 en een samenwerking met kledingbank Zeecontainer om in coronatijd kinderen te voorzien van speelgoed. Bovendien zijn er **[[matches_made]] matches** gemaakt waarbij maatschappelijke initiatieven en ondernemers elkaar vonden. Na het online startevent in september zijn er [[matches_in_preparation]] matches in voorbereiding. Prominente Groninger ondernemers werken mee aan de marketingcampagne vanuit Omarm Groningen en er wordt samengewerkt met de Stadjerspas.

Het Groninger Koploperproject waarbij reguliere bedrijven samen aan de slag gaan op het gebied van circulair en sociaal maatschappelijk verantwoord ondernemen is ook succesvol gebleken. [[line3_peer_group_participants]] prominente Groninger MKB ondernemers hebben hier in [[line3_peer_group_held]] groepen aan deelgenomen.

Ook is samengewerkt met de Haren-Tynaarloose Uitdaging en de landelijke organisatie JINC. JINC organiseerde voor kinderen uit gezinnen met een laag arbeidsperspectief onder andere flitsstages en het kinderproject 'baas voor 1 dag'. In Haren is o.a. weer een 'beursvloer' georganiseerd voor het matchen van maatschappelijke vragen en hulpaanbiedingen vanuit het plaatselijke bedrijfsleven.""",
    4: """In 2019 is het gelukt om de beoogde [[line4_network_event_held_last_year]] events te organiseren binnen deze actielijn. Echter in 2020 is er door corona alleen [[line4_online_meeting_held]] online bijeenkomst geweest in het najaar. Wel zijn de [[participants_coached]] deelnemers van de Sociale Groninger Ondernemers Challenge allemaal gecoacht door MKB ondernemers.""",
    5: """Deze actielijn wordt opgepakt in samenwerking met de Hanzehogeschool en onze afdeling inkoop. Lopende contracten, grote kavels, veel impact-ondernemers met een beperkte omvang en Corona vragen om praktische oplossingen. In plaats van het organiseren van een fysiek evenement om inkopers en impact ondernemers bij elkaar te brengen hebben we via Impact Noord het netwerk met Groninger impactbedrijven actief benaderd. [[suppliers_registered]] ondernemers hebben zich bij ons gemeld. Daarnaast nemen we contact op met de impactbedrijven die staan ingeschreven bij de gemeentelijke leveranciersdatabank. We willen zo komen tot een lijst van impactbedrijven die gevestigd zijn in en rond de gemeente Groningen. Hierdoor wordt het makkelijker om voor specifieke inkoopvragen een impactbedrijf te benaderen. Impactleveranciers uit onze gemeente hadden in 2020 volgens hun door ons gecontroleerde impactrapportages [[impact_persons_employed]] mensen met een afstand tot de arbeidsmarkt in dienst ([[impact_fte]] fte).""",
    6: """Er zijn regelmatig persberichten opgesteld en communicatiemiddelen benut, waaronder de Facebook, Linked-in en de Groninger Ondernemers Courant. Ook waren we aanwezig op de virtuele Promotiedagen. Helaas zijn in 2020 ook veel evenementen niet doorgegaan: [[activities_cancelled]] activiteiten werden afgelast en [[activities_moved_online]] zijn online verplaatst.""",
}

CLOSING = """De samenwerking met verschillende partners heeft in de gemeente Groningen geleid tot veel activiteiten die bijdragen aan lokale stimulering van ondernemen met impact. In meerdere gemeenten in Nederland is eenzelfde soort ontwikkeling gaande. Onder aanvoering van de landelijke organisatie Platform31 en enkele ministeries, wordt momenteel verkend of een aantal gemeenten (waaronder de gemeente Groningen) kan deelnemen aan een landelijke citydeal op dit onderwerp. Ook wordt verkend of we in 2021 extra aandacht kunnen schenken aan de Global Development Goals en hoe we die in de gemeentelijke praktijk kunnen gebruiken."""


SUBJECT_2019 = "Voortgang actieprogramma ondernemen met impact 2019"
LETTER_DATE_2019 = date(2019, 12, 10)
INTRODUCTION_2019 = """Het actieprogramma Ondernemen met Impact 2019-2022 vormt binnen onze gemeente de basis voor het stimuleren van impactondernemerschap. Met deze brief informeren wij uw Raad over het eerste jaar van de uitvoering. In 2019 is een coördinator impactondernemerschap aangesteld, is een gemeentelijk servicepunt opgericht en hebben we bijgedragen aan de zichtbaarheid en professionalisering van impactondernemers."""
DEVELOPMENTS_2019 = """Samen met externe samenwerkingspartners zoals Impact Noord en Founded in Groningen werken we langs [[action_lines]] actielijnen. In 2019 zijn [[activities_held]] activiteiten gehouden, met in totaal [[activity_participants]] deelnemers."""
SECTIONS_2019 = {
    1: """Samen met Impact Noord is op grond van een door de Hanzehogeschool uitgevoerd behoefteonderzoek dit programmadeel ingevuld. Impactcafé's, avondcolleges en kennisexcursies stonden met enige regelmaat gepland: in 2019 zijn er [[line1_activities_held]] gehouden.""",
    4: """In 2019 is het gelukt om de beoogde [[line4_network_event_held]] events te organiseren binnen deze actielijn.""",
}
CLOSING_2019 = """In 2020 zetten we de ingezette lijn voort en intensiveren we die waar mogelijk. Over de voortgang informeren wij uw Raad opnieuw aan het eind van het jaar."""


def _write_letter(
    programme: Programme,
    year: int,
    coordinator: User,
    sections: dict[int, str],
    figure_groups: list[str] | None = None,
    **fields,
) -> Letter:
    """A letter with the narrative of each action line and its figure groups (the defaults, unless given)."""
    letter = services.letter_create(programme=programme, year=year, user=coordinator, **fields)
    for action_line in programme.action_lines.all():
        section = services.section_for(letter, action_line)
        services.section_update(
            letter=letter,
            action_line=action_line,
            body=sections.get(action_line.number, ""),
            figure_groups=section.figure_groups if figure_groups is None else figure_groups,
            user=coordinator,
        )
    return letter


@seed_step(order=60)
@transaction.atomic
def seed_groningen_letter_2020() -> None:
    programme = Programme.objects.filter(municipality__slug="groningen").order_by("start_year").first()
    if programme is None or Letter.objects.filter(programme=programme, year=2020).exists():
        return
    coordinator = User.objects.filter(role=User.Role.COORDINATOR, municipality=programme.municipality).earliest("pk")
    _write_letter(
        programme,
        2020,
        coordinator,
        SECTIONS,
        subject=SUBJECT,
        author_name=AUTHOR,
        phone=PHONE,
        letter_date=LETTER_DATE,
        introduction=INTRODUCTION,
        developments=DEVELOPMENTS,
        closing=CLOSING,
    )


@seed_step(order=61)
@transaction.atomic
def seed_groningen_letter_2019() -> None:
    programme = Programme.objects.filter(municipality__slug="groningen").order_by("start_year").first()
    if programme is None or Letter.objects.filter(programme=programme, year=2019).exists():
        return
    coordinator = User.objects.filter(role=User.Role.COORDINATOR, municipality=programme.municipality).earliest("pk")
    letter = _write_letter(
        programme,
        2019,
        coordinator,
        SECTIONS_2019,
        figure_groups=["activities"],  # the challenge, Omarm and the register started in 2020
        subject=SUBJECT_2019,
        author_name=AUTHOR,
        phone=PHONE,
        letter_date=LETTER_DATE_2019,
        introduction=INTRODUCTION_2019,
        developments=DEVELOPMENTS_2019,
        closing=CLOSING_2019,
    )
    with translation.override(letter.language):  # whatever language the set-up left active
        version = services.version_make_now(letter=letter, user=coordinator)
    # Four eyes: the alderman's office approves what the coordinator wrote.
    approver = User.objects.filter(role=User.Role.APPROVER, municipality=programme.municipality).earliest("pk")
    services.letter_approve(letter=letter, version=version, user=approver)
    services.letter_publish(letter=letter, user=coordinator, public=True)


# ---------------------------------------------------------------- the network of municipalities
#
# Three municipalities of the G32 network take part and compare their published figures: Groningen (its letter
# about 2019 above, and one about 2022), Haarlem and Alkmaar (letters about 2020, 2021 and 2022). Groningen's letter
# about 2020 stays the coordinator's draft, so the network shows no Groningen figures for 2020: drafts never show;
# its year 2021 is left for the coordinator to write (a test drafts it on the demo data).
#
# Groningen's letter of 2022 and those of Haarlem and Alkmaar report on years the demo records hold little of, so their
# versions freeze the figures the municipalities reported rather than collecting them: realistic numbers in line with
# the seeds (Haarlem's NewFuture@Work challenge of about 20 entrepreneurs with 3 finalists, seed 002; the regional
# marketplace and procurement that gives social enterprises priority in Regio Alkmaar, seed 004; Groningen's figures
# growing on those of its letter of 2020, seed 001). Each version is rendered to its PDF from those frozen figures,
# approved and published to the council and the public like any other.

NETWORK_POPULATION = {"groningen": 233_000, "haarlem": 162_000, "alkmaar": 110_000}

# (slug, year): the figures of the network view, and the activities held per kind.
NETWORK_FIGURES: dict[tuple[str, int], dict[str, Any]] = {
    ("groningen", 2022): {
        "figures": {
            "challenge_applied": 58,
            "challenge_assessed": 46,
            "challenge_selected": 20,
            "challenge_finalists": 8,
            "challenge_winners": 3,
            "matches_made": 31,
            "matches_in_preparation": 37,
            "suppliers_registered": 61,
            "suppliers_verified": 52,
            "impact_spend": "412500.00",
            "revenue_social_enterprises": "757000.00",
            "revenue_municipal": "412500.00",
            "revenue_contractor": "286000.00",
            "revenue_private": "58500.00",
            "sroi_required": "350000.00",
            "sroi_realised": "286000.00",
            "impact_persons_employed": 46,
        },
        "held": {
            1: {"impact_cafe": 6, "evening_lecture": 3, "excursion": 2, "online_meeting": 5},
            2: {"challenge_finale": 1},
            3: {"beursvloer": 1, "peer_group": 2},
            4: {"network_event": 4},
        },
    },
    ("haarlem", 2020): {
        "figures": {
            "challenge_applied": 20,
            "challenge_assessed": 20,
            "challenge_selected": 12,
            "challenge_finalists": 3,
            "challenge_winners": 1,
            "matches_made": 0,
            "matches_in_preparation": 0,
            "suppliers_registered": 17,
            "suppliers_verified": 14,
            "impact_spend": "96500.00",
            "sroi_required": "180000.00",
            "sroi_realised": "138000.00",
        },
        "held": {1: {"online_meeting": 4, "network_event": 2, "other": 2}, 2: {"challenge_finale": 1}},
    },
    ("haarlem", 2021): {
        "figures": {
            "challenge_applied": 27,
            "challenge_assessed": 24,
            "challenge_selected": 14,
            "challenge_finalists": 4,
            "challenge_winners": 2,
            "matches_made": 6,
            "matches_in_preparation": 9,
            "suppliers_registered": 29,
            "suppliers_verified": 23,
            "impact_spend": "171250.00",
            "sroi_required": "240000.00",
            "sroi_realised": "214500.00",
            "impact_persons_employed": 21,
        },
        "held": {
            1: {"impact_cafe": 3, "online_meeting": 3, "network_event": 4, "other": 3},
            2: {"challenge_finale": 1},
            3: {"beursvloer": 1},
        },
    },
    ("alkmaar", 2020): {
        "figures": {
            "challenge_applied": 11,
            "challenge_assessed": 11,
            "challenge_selected": 6,
            "challenge_finalists": 3,
            "challenge_winners": 1,
            "matches_made": 4,
            "matches_in_preparation": 5,
            "suppliers_registered": 22,
            "suppliers_verified": 18,
            "impact_spend": "118000.00",
            "sroi_required": "90000.00",
            "sroi_realised": "64000.00",
        },
        "held": {1: {"online_meeting": 3, "network_event": 2}, 2: {"challenge_finale": 1}, 3: {"beursvloer": 1}},
    },
    ("alkmaar", 2021): {
        "figures": {
            "challenge_applied": 16,
            "challenge_assessed": 14,
            "challenge_selected": 8,
            "challenge_finalists": 4,
            "challenge_winners": 1,
            "matches_made": 9,
            "matches_in_preparation": 7,
            "suppliers_registered": 33,
            "suppliers_verified": 27,
            "impact_spend": "205750.00",
            "sroi_required": "120000.00",
            "sroi_realised": "97500.00",
            "impact_persons_employed": 12,
        },
        "held": {
            1: {"impact_cafe": 2, "excursion": 2, "network_event": 3},
            2: {"challenge_finale": 1},
            3: {"beursvloer": 1, "peer_group": 3},
        },
    },
}
NETWORK_FIGURES |= {
    ("haarlem", 2022): {
        "figures": {
            "challenge_applied": 31,
            "challenge_assessed": 27,
            "challenge_selected": 15,
            "challenge_finalists": 4,
            "challenge_winners": 2,
            "matches_made": 11,
            "matches_in_preparation": 8,
            "suppliers_registered": 36,
            "suppliers_verified": 30,
            "impact_spend": "238000.00",
            "revenue_social_enterprises": "520000.00",
            "revenue_municipal": "238000.00",
            "revenue_contractor": "251000.00",
            "revenue_private": "31000.00",
            "sroi_required": "275000.00",
            "sroi_realised": "251000.00",
            "impact_persons_employed": 27,
        },
        "held": {
            1: {"impact_cafe": 4, "online_meeting": 2, "network_event": 5, "other": 3},
            2: {"challenge_finale": 1},
            3: {"beursvloer": 2},
        },
    },
    ("alkmaar", 2022): {
        "figures": {
            "challenge_applied": 19,
            "challenge_assessed": 16,
            "challenge_selected": 9,
            "challenge_finalists": 4,
            "challenge_winners": 2,
            "matches_made": 13,
            "matches_in_preparation": 6,
            "suppliers_registered": 41,
            "suppliers_verified": 34,
            "impact_spend": "263500.00",
            "revenue_social_enterprises": "397000.00",
            "revenue_municipal": "263500.00",
            "revenue_contractor": "121000.00",
            "revenue_private": "12500.00",
            "sroi_required": "150000.00",
            "sroi_realised": "121000.00",
            "impact_persons_employed": 15,
        },
        "held": {
            1: {"impact_cafe": 3, "excursion": 2, "network_event": 3},
            2: {"challenge_finale": 1},
            3: {"beursvloer": 2, "peer_group": 3},
        },
    },
}
NETWORK_NOTES = [
    (
        "coordinator@impactportaal.test",
        ("groningen", 2022),
        "matches_made",
        "Twee keer per jaar een beursvloer met de Stadjerspas als partner: ondernemers zien daar meteen welke vraag "
        "bij hun bedrijf past. De helft van de matches van 2022 begon op zo'n middag.",
    ),
    (
        "coordinator.haarlem@impactportaal.test",
        ("haarlem", 2022),
        "sroi_realised",
        "De Buy Social-marktplaats bracht opdrachtnemers met SROI-verplichtingen en sociale ondernemers samen; "
        "wij vragen bij elke aanbesteding nu een inkoopplan voor de social return.",
    ),
]
NETWORK_INTRODUCTION = (
    "Met deze brief informeren wij uw Raad over de voortgang van het programma in {year}. De cijfers in deze brief "
    "delen wij ook met de gemeenten van het G32-stedennetwerk, zodat wij van elkaar kunnen leren."
)


def _network_figures(figures: dict, held: dict[int, dict[str, int]]) -> dict:
    """Frozen figures in the catalogue's shape, from the reported numbers and the activities held per kind."""
    values = {
        name: {"value": value, "kind": "euros" if isinstance(value, str) else "count"}
        for name, value in figures.items()
    }
    total = 0
    for number, kinds in held.items():
        line_total = sum(kinds.values())
        total += line_total
        values[f"line{number}_activities_held"] = {"value": line_total, "kind": "count"}
        for kind, count in kinds.items():
            values[f"line{number}_{kind}_held"] = {"value": count, "kind": "count"}
    values["activities_held"] = {"value": total, "kind": "count"}
    values["action_lines"] = {"value": len(held), "kind": "count"}
    return {"values": values, "charts": {}, "groups": [], "indicators": {}, "last_year_in_programme": True}


def _network_municipalities() -> dict[str, Municipality]:
    """Groningen and Haarlem from the accounts' demo; Alkmaar made here (or found, when the regions made it)."""
    alkmaar, _created = Municipality.objects.get_or_create(
        slug="alkmaar", defaults={"name": "Alkmaar", "place_name": "ALKMAAR", "website": "https://www.alkmaar.nl"}
    )
    found = {
        municipality.slug: municipality for municipality in Municipality.objects.filter(slug__in=NETWORK_POPULATION)
    }
    for slug, population in NETWORK_POPULATION.items():
        Municipality.objects.filter(pk=found[slug].pk).update(in_network=True, population=population)
    return found | {"alkmaar": alkmaar}


def _network_programme(municipality: Municipality) -> Programme:
    programme = Programme.objects.filter(municipality=municipality).order_by("start_year").first()
    if programme is None:
        programme = Programme.objects.create(
            municipality=municipality,
            name=f"Ondernemen met impact {municipality.name}",
            start_year=2020,
            end_year=2023,
            ambition="Sociale ondernemers krijgen voorrang bij inkoop en presenteren zich op de regionale marktplaats.",
        )
    return programme


def _publish_reported_letter(programme: Programme, year: int, figures: dict) -> Letter:
    """A letter whose approved version freezes the reported `figures`, rendered, approved and published."""
    municipality = programme.municipality
    letter = Letter.objects.create(
        programme=programme,
        year=year,
        subject=f"Voortgang ondernemen met impact {year}",
        author_name=f"Coördinator impactondernemen {municipality.name}",
        letter_date=date(year, 12, 1),
        introduction=NETWORK_INTRODUCTION.format(year=year),
    )
    content = services.letter_content(letter) | {"action_lines": []}
    version = LetterVersion.objects.create(
        letter=letter,
        content=content,
        figures=figures,
        status=LetterVersion.Status.RENDERING,
        attempts=1,
        author_name=letter.author_name,
    )
    with translation.override(letter.language):
        result = renderer.render_pdf(content, figures, created=version.created_at)
    version.store_pdf(result.pdf, attempt=1, seconds=result.seconds)
    now = timezone.now()
    Letter.objects.filter(pk=letter.pk).update(
        status=Letter.Status.PUBLISHED,
        approved_version=version,
        approved_at=now,
        published_at=now,
        is_public=True,
    )
    return letter


@seed_step(order=62)
@transaction.atomic
def seed_network() -> None:
    municipalities = _network_municipalities()
    for (slug, year), reported in NETWORK_FIGURES.items():
        programme = _network_programme(municipalities[slug])
        if not Letter.objects.filter(programme=programme, year=year).exists():
            _publish_reported_letter(programme, year, _network_figures(reported["figures"], reported["held"]))
    for email, (slug, year), figure, text in NETWORK_NOTES:
        author = User.objects.filter(email=email).first()
        version = LetterVersion.objects.filter(
            letter__programme__municipality__slug=slug, letter__year=year, letter__status=Letter.Status.PUBLISHED
        ).first()
        if author is not None and version is not None:
            FigureNote.objects.get_or_create(
                letter_version=version, figure=figure, defaults={"text": text, "author": author}
            )
