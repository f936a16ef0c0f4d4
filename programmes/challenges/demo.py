"""Demo data of challenges: Groningen's Sociale Groninger Ondernemers Challenge 2020 (52 applications, 20
coached, 6 finalists, 2 winners; each participant's SME coach recorded four mostly online sessions), Haarlem's NewFuture@Work Challenge of 2019, and a new Groningen round
that is open while the demo runs; Enschede's Move2Social (Twente, first round 2021: 50 applications, 28 put to the
partners, 11 in the programme, ending at a financing table with four financiers). Every step is idempotent."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.demo import ensure_user
from accounts.models import Municipality, Organisation, User
from core.demo import seed_step
from programmes.demo import at
from programmes.models import ActionLine, Partner, Programme

from .models import (
    Application,
    ApplicationAnswer,
    Challenge,
    ChallengeQuestion,
    CoachingSession,
    Criterion,
    Financier,
    FinancingTable,
    Juror,
    Pledge,
    Review,
    Score,
    Stage,
    StageChange,
    TablePlan,
)

CHALLENGE_CRITERIA = [
    ("Maatschappelijke impact", "Welk probleem lost het plan op, voor wie, en hoe meetbaar?", "3"),
    ("Haalbaarheid en verdienmodel", "Kan de onderneming op eigen benen staan?", "2"),
    ("Ondernemerschap en team", "Heeft het team de kennis en de drive?", "1"),
]
CHALLENGE_QUESTIONS = [
    ("Welk maatschappelijk probleem lost uw onderneming op?", True),
    ("Hoe verdient uw onderneming geld?", True),
    ("Waar wilt u in het coachingstraject aan werken?", False),
]

GRONINGEN_CHALLENGE = "Sociale Groninger Ondernemers Challenge 2020"
GRONINGEN_CALL = (
    "Heeft u een onderneming die een maatschappelijk probleem in Groningen oplost, of wilt u er een beginnen? "
    "Meld u aan voor de Sociale Groninger Ondernemers Challenge. Na een beoordelingsronde volgen twintig "
    "deelnemers een coachingstraject met een MKB-ondernemer als coach. In de finale pitchen de finalisten voor "
    "de jury."
)
PLACES = [
    "Noord",
    "Oosterpark",
    "Vinkhuizen",
    "Paddepoel",
    "Selwerd",
    "Beijum",
    "Lewenborg",
    "Hoogkerk",
    "De Hoogte",
    "Korrewegwijk",
    "Schildersbuurt",
    "Helpman",
    "Haren",
    "Zuid",
    "Oost",
    "Stad",
]
TRADES = [
    "Fietsfabriek",
    "Zorgboerderij",
    "Taalmaatjes",
    "Buurtbakkerij",
    "Stadsimkerij",
    "Textielatelier",
    "Kringloopkeuken",
    "Energiecoöperatie",
    "Werkleerbedrijf",
    "Schoonmaakcollectief",
    "Groenploeg",
    "Maaltijdservice",
    "Computerhulp",
    "Speelgoedbank",
    "Tuinderij",
    "Meubelmakerij",
    "Naaiatelier",
    "Fietskoeriers",
    "Huiswerkhuis",
    "Wasserette",
    "Stadsbrouwerij",
    "Klusdienst",
    "Theehuis",
    "Upcyclestudio",
    "Voedseltuin",
    "Inloophuis",
    "Sportmaatjes",
    "Belastinghulp",
    "Deelauto",
    "Glasatelier",
]
PLANS = [
    "Werkervaringsplekken voor jongeren",
    "Leerwerktraject voor statushouders",
    "Circulaire productlijn",
    "Buurtcoöperatie",
    "Dagbesteding met betekenis",
    "Eerlijke lunch voor bedrijven",
    "Energie besparen in huurwoningen",
    "Digitale hulp voor ouderen",
    "Tweede leven voor meubels",
    "Schuldhulp op de werkvloer",
]
# SME entrepreneurs who coach the participants (Actielijn 4: "allemaal gecoacht door MKB ondernemers").
GRONINGEN_COACHES = [
    ("Mulder Installatietechniek", "Kees Mulder"),
    ("Bakkerij Bolhuis", "Ria Bolhuis"),
    ("Accountantskantoor Dijkstra", "Harm Dijkstra"),
    ("Drukkerij Noordpool", "Sietske de Vries"),
    ("Transportbedrijf Hoekstra", "Jan Hoekstra"),
    ("IT-bureau Gronings Byte", "Mirjam Smit"),
    ("Bouwbedrijf Kamminga", "Geert Kamminga"),
    ("Hotel De Ploeg", "Annemiek Wolters"),
    ("Reclamebureau Stadjer", "Tom Bakker"),
    ("Advocatenkantoor Veenstra", "Ingrid Veenstra"),
]
GRONINGEN_JURY = [
    ("jury@impactportaal.test", "Anouk Visser"),
    ("jury2@impactportaal.test", "Ronald Tjalma"),
    ("jury3@impactportaal.test", "Esther Bosma"),
]
HAARLEM_JURY = [
    ("jury.haarlem@impactportaal.test", "Mark de Graaf"),
    ("jury2.haarlem@impactportaal.test", "Lotte Jansen"),
]
HAARLEM_CHALLENGE = "NewFuture@Work Challenge"
HAARLEM_CALL = (
    "Met de NewFuture@Work Challenge dagen de gemeente Haarlem en de Social Impact Factory ondernemers uit om "
    "aantrekkelijke werkervaringsplekken te bieden aan jongeren met een afstand tot de arbeidsmarkt, zodat hun "
    "financiële zelfredzaamheid groeit."
)
HAARLEM_PLACES = ["Schalkwijk", "Haarlem-Noord", "Centrum", "Zuid-West", "Oost", "Waarderpolder", "Spaarndam"]


def _demo_organisation(name: str, kvk: str, municipality: Municipality, city: str) -> Organisation:
    return Organisation.objects.get_or_create(
        name=name,
        defaults={"kind": Organisation.Kind.ENTERPRISE, "kvk_number": kvk, "municipality": municipality, "city": city},
    )[0]


def _challenge_with_questions(action_line: ActionLine, name: str, defaults: dict, partners) -> Challenge:
    challenge, created = Challenge.objects.get_or_create(action_line=action_line, name=name, defaults=defaults)
    if created:
        challenge.partners.set(partners)
        for position, (text, required) in enumerate(CHALLENGE_QUESTIONS, start=1):
            ChallengeQuestion.objects.create(challenge=challenge, position=position, text=text, required=required)
        for position, (criterion, description, weight) in enumerate(CHALLENGE_CRITERIA, start=1):
            Criterion.objects.create(
                challenge=challenge, position=position, name=criterion, description=description, weight=Decimal(weight)
            )
    return challenge


def _run_challenge(challenge: Challenge, organisations, *, jurors, path, dates, coaches, coordinator) -> None:
    """Submit one application per organisation (best first), score it by every juror, and move it
    along `path`: a list of (stage, how many reach it). Those turned down at the selection end as
    not selected; the others keep the last stage they reached (coached, finalist, winner). Runs
    once: a challenge with applications is left alone."""
    if challenge.applications.exists():
        return
    for juror in jurors:
        Juror.objects.get_or_create(challenge=challenge, user=juror)
    criteria = list(challenge.criteria.all())
    questions = list(challenge.questions.all())
    count = len(organisations)
    for index, organisation in enumerate(organisations):
        application = Application.objects.create(
            challenge=challenge,
            organisation=organisation,
            title=PLANS[index % len(PLANS)],
            summary=f"{organisation.name} wil met dit plan impact maken in de eigen wijk.",
            submitted_at=dates["applied"] + timedelta(hours=index * 7),
        )
        ApplicationAnswer.objects.bulk_create(
            ApplicationAnswer(application=application, question=question, text="Zie de samenvatting van ons plan.")
            for question in questions
        )
        for number, juror in enumerate(jurors):
            review = Review.objects.create(
                application=application, juror=juror, assigned_at=dates["assigned"], submitted_at=dates["assessed"]
            )
            quality = 9.5 - 8 * index / max(count - 1, 1)
            Score.objects.bulk_create(
                Score(
                    review=review,
                    criterion=criterion,
                    value=max(1, min(10, round(quality + ((number + position) % 3) - 1))),
                )
                for position, criterion in enumerate(criteria)
            )
        previous, final = Stage.APPLIED, None
        for stage, reached in path:
            if index >= reached:
                if stage == Stage.SELECTED:  # turned down after the assessment
                    StageChange.objects.create(
                        application=application,
                        from_stage=previous,
                        to_stage=Stage.NOT_SELECTED,
                        actor=coordinator,
                        at=dates[stage],
                    )
                    final = Stage.NOT_SELECTED
                break
            StageChange.objects.create(
                application=application, from_stage=previous, to_stage=stage, actor=coordinator, at=dates[stage]
            )
            previous = stage
        coached = previous in (Stage.COACHED, Stage.FINALIST, Stage.WINNER)
        Application.objects.filter(pk=application.pk).update(
            stage=final or previous,
            furthest_stage=previous,
            coach=coaches[index % len(coaches)] if coached and coaches else None,
        )


COACHING_TOPICS = [
    "Kennismaking (online): uw plan, uw doelen voor de challenge en hoe wij samenwerken.",
    "Verdienmodel doorgenomen: wie betaalt, wat kost het en wanneer draait het quitte.",
    "Impact meetbaar maken: twee indicatoren gekozen en een eerste nulmeting afgesproken.",
    "Pitch geoefend voor de finale; feedback op opbouw en cijfers.",
]


def _record_coaching_sessions(challenge: Challenge, first: date) -> None:
    """Four sessions per coached participant, two weeks apart from `first`, by its coach. Runs once."""
    if CoachingSession.objects.filter(application__challenge=challenge).exists():
        return
    coached = Application.objects.filter(challenge=challenge, coach__isnull=False).order_by("pk")
    CoachingSession.objects.bulk_create(
        CoachingSession(
            application=application,
            coach_id=application.coach_id,
            held_on=first + timedelta(days=14 * number + index % 5),
            duration_minutes=(60, 90, 60, 45)[number],
            notes=topic,
        )
        for index, application in enumerate(coached)
        for number, topic in enumerate(COACHING_TOPICS)
    )


@seed_step(order=30)
@transaction.atomic
def seed_groningen_challenge() -> None:
    groningen = Municipality.objects.get(slug="groningen")
    programme = Programme.objects.get(municipality=groningen, name="Ondernemen met impact 2019-2022")
    partners = Partner.objects.filter(municipality=groningen, name__in=["Founded in Groningen", "Impact Noord"])
    challenge = _challenge_with_questions(
        programme.action_lines.get(number=2),
        GRONINGEN_CHALLENGE,
        {
            "call_text": GRONINGEN_CALL,
            "eligibility": "Startende en bestaande impactondernemers die in de gemeente Groningen (gaan) ondernemen.",
            "opens_at": at(2020, 6, 11, 12),
            "closes_at": at(2020, 7, 31, 23, 59),
            "finale_on": date(2020, 11, 19),
            "scale_min": 1,
            "scale_max": 10,
            "results_public": True,
        },
        partners,
    )
    jurors = [
        ensure_user(email, name=name, role=User.Role.JURY, municipality=groningen) for email, name in GRONINGEN_JURY
    ]
    coaches = []
    for number, (company, person) in enumerate(GRONINGEN_COACHES):
        organisation = _demo_organisation(company, f"8050{number:04d}", groningen, "Groningen")
        coaches.append(
            ensure_user(
                f"coach{number + 1}@impactportaal.test",
                name=person,
                role=User.Role.ENTREPRENEUR,
                organisation=organisation,
            )
        )
    existing = list(
        Organisation.objects.filter(
            name__in=["Koffiebranderij Het Goede Bonen", "Groene Daken Noord", "Kringloopbedrijf De Vondst"]
        ).order_by("name")
    )
    generated = [
        _demo_organisation(
            f"{TRADES[n % len(TRADES)]} {PLACES[n % len(PLACES)]}", f"8030{n:04d}", groningen, "Groningen"
        )
        for n in range(52 - len(existing))
    ]
    # De Vondst (the demo entrepreneur's organisation) made it to the finale.
    organisations = generated[:2] + existing + generated[2:]
    dates = {
        "applied": at(2020, 6, 15, 9),
        "assigned": at(2020, 8, 3, 9),
        Stage.ASSESSED: at(2020, 8, 20, 10),
        "assessed": at(2020, 8, 18, 17),
        Stage.SELECTED: at(2020, 8, 28, 10),
        Stage.COACHED: at(2020, 9, 14, 10),
        Stage.FINALIST: at(2020, 10, 30, 10),
        Stage.WINNER: at(2020, 11, 19, 21),
    }
    coordinator = User.objects.filter(email="coordinator@impactportaal.test").first()
    _run_challenge(
        challenge,
        organisations,
        jurors=jurors,
        path=[(Stage.ASSESSED, 52), (Stage.SELECTED, 20), (Stage.COACHED, 20), (Stage.FINALIST, 6), (Stage.WINNER, 2)],
        dates=dates,
        coaches=coaches,
        coordinator=coordinator,
    )
    _record_coaching_sessions(challenge, date(2020, 9, 16))


@seed_step(order=31)
@transaction.atomic
def seed_haarlem_challenge() -> None:
    haarlem = Municipality.objects.get(slug="haarlem")
    programme = Programme.objects.get(municipality=haarlem)
    challenge = _challenge_with_questions(
        programme.action_lines.get(number=2),
        HAARLEM_CHALLENGE,
        {
            "call_text": HAARLEM_CALL,
            "eligibility": "Haarlemse ondernemers die werkervaringsplekken kunnen bieden aan jongeren.",
            "opens_at": at(2019, 6, 3, 9),
            "closes_at": at(2019, 9, 1, 23, 59),
            "finale_on": date(2019, 12, 12),
            "scale_min": 1,
            "scale_max": 10,
            "results_public": True,
        },
        Partner.objects.filter(municipality=haarlem, name="Social Impact Factory"),
    )
    jurors = [ensure_user(email, name=name, role=User.Role.JURY, municipality=haarlem) for email, name in HAARLEM_JURY]
    organisations = [Organisation.objects.get(name="Social Impact Factory Haarlem")] + [
        _demo_organisation(
            f"{TRADES[(n + 7) % len(TRADES)]} {HAARLEM_PLACES[n % len(HAARLEM_PLACES)]}",
            f"8040{n:04d}",
            haarlem,
            "Haarlem",
        )
        for n in range(19)
    ]
    # The winner, the first Haarlem company to follow the Code Sociale Ondernemingen.
    organisations.insert(0, organisations.pop(3))
    coordinator = User.objects.filter(email="coordinator.haarlem@impactportaal.test").first()
    dates = {
        "applied": at(2019, 6, 10, 9),
        "assigned": at(2019, 9, 3, 9),
        "assessed": at(2019, 9, 20, 17),
        Stage.ASSESSED: at(2019, 9, 23, 10),
        Stage.SELECTED: at(2019, 9, 24, 10),
        Stage.COACHED: at(2019, 10, 1, 10),
        Stage.FINALIST: at(2019, 11, 28, 10),
        Stage.WINNER: at(2019, 12, 12, 18),
    }
    _run_challenge(
        challenge,
        organisations,
        jurors=jurors,
        path=[(Stage.ASSESSED, 20), (Stage.SELECTED, 20), (Stage.COACHED, 20), (Stage.FINALIST, 3), (Stage.WINNER, 1)],
        dates=dates,
        coaches=[],
        coordinator=coordinator,
    )


@seed_step(order=32)
@transaction.atomic
def seed_open_challenge() -> None:
    """A new round that is open while the demo runs, so an entrepreneur can apply and the jury can score."""
    groningen = Municipality.objects.get(slug="groningen")
    programme = Programme.objects.get(municipality=groningen, name="Ondernemen met impact 2019-2022")
    now = timezone.now()
    challenge = _challenge_with_questions(
        programme.action_lines.get(number=2),
        "Sociale Groninger Ondernemers Challenge: nieuwe ronde",
        {
            "call_text": GRONINGEN_CALL,
            "eligibility": "Startende en bestaande impactondernemers in de gemeente Groningen.",
            "opens_at": now - timedelta(days=14),
            "closes_at": now + timedelta(days=42),
            "scale_min": 1,
            "scale_max": 10,
        },
        Partner.objects.filter(municipality=groningen, name__in=["Founded in Groningen", "Impact Noord"]),
    )
    jury = User.objects.filter(email="jury@impactportaal.test").first()
    if jury:
        Juror.objects.get_or_create(challenge=challenge, user=jury)


# ---------------------------------------------------------------- Enschede: Move2Social and its financing table

ENSCHEDE_COORDINATOR = ("coordinator.enschede@impactportaal.test", "Thijs Oude Vrielink")
MOVE2SOCIAL = "Move2Social"
MOVE2SOCIAL_CALL = (
    "Heeft u een onderneming in Twente die werk maakt van een maatschappelijk probleem? Meld u aan voor "
    "Move2Social. De partners kiezen de plannen die zij willen steunen; de deelnemers volgen expertmeetings, "
    "krijgen een mentor en zakelijke coaching, en presenteren hun plan aan het eind aan de financieringstafel."
)
ENSCHEDE_PLACES = ["Centrum", "Roombeek", "Velve-Lindenhof", "Glanerbrug", "Boswinkel", "Wesselerbrink", "Pathmos"]
ENSCHEDE_PARTNERS = [
    ("Twentse Ontwikkelingsmaatschappij", "Het regionale investeringsfonds voor Twentse ondernemers."),
    ("Maatschappelijk Fonds Rabobank Centraal Twente", "Het coöperatieve fonds van de bank voor sociale ondernemers."),
    ("Stichting Twents Fonds voor Sociale Initiatieven", "Een vermogensfonds dat sociale ondernemingen steunt."),
    ("Ondernemersvereniging Enschede", "Ondernemers die in natura helpen: ruimte, advies, materiaal."),
]
FINANCIERS = [
    ("Marloes ter Horst", "Twentse Ontwikkelingsmaatschappij", "financier.tom@impactportaal.test"),
    ("Bram Nijhuis", "Maatschappelijk Fonds Rabobank Centraal Twente", "financier.rabo@impactportaal.test"),
    ("Ineke Brinkhuis", "Stichting Twents Fonds voor Sociale Initiatieven", "financier.fonds@impactportaal.test"),
    ("Gert-Jan Kamphuis", "Ondernemersvereniging Enschede", "financier.ove@impactportaal.test"),
]
# (plan index among the 11 participants, requested amount, {financier index: (decision, amount, kind)}, financed)
TABLE: list[tuple[int, str, dict[int, tuple[str, str | None, str]], bool]] = [
    (0, "45000", {0: ("pledged", "25000", "loan"), 1: ("pledged", "15000", "grant")}, True),
    (1, "30000", {1: ("pledged", "20000", "grant"), 3: ("pledged", "5000", "in_kind")}, True),
    (2, "60000", {0: ("interested", None, "equity"), 2: ("declined", None, "grant")}, False),
    (3, "25000", {2: ("pledged", "12500", "grant")}, False),
    (4, "40000", {}, False),
]


def _enschede() -> Municipality:
    return Municipality.objects.get_or_create(slug="enschede", defaults={"name": "Enschede", "place_name": "ENSCHEDE"})[
        0
    ]


def _enschede_programme(enschede: Municipality) -> ActionLine:
    programme, _created = Programme.objects.get_or_create(
        municipality=enschede,
        name="Sociaal ondernemen in Twente 2021-2024",
        defaults={
            "start_year": 2021,
            "end_year": 2024,
            "ambition": "Meer sociale ondernemingen in Enschede die groeien met regionale financiering.",
        },
    )
    line, _created = ActionLine.objects.get_or_create(
        programme=programme,
        number=2,
        defaults={"title": "Move2Social: van plan naar financiering", "goal": "Elk jaar een ronde Move2Social."},
    )
    return line


@seed_step(order=33)
@transaction.atomic
def seed_enschede_move2social() -> None:
    """Twente's Move2Social, first round: about 50 applications, 28 put to the partners, 11 chosen for the
    programme (expert meetings, a mentor, business coaching), ending at a financing table."""
    enschede = _enschede()
    email, name = ENSCHEDE_COORDINATOR
    coordinator = ensure_user(email, name=name, role=User.Role.COORDINATOR, municipality=enschede)
    partners = [
        Partner.objects.get_or_create(municipality=enschede, name=partner, defaults={"description": description})[0]
        for partner, description in ENSCHEDE_PARTNERS
    ]
    challenge = _challenge_with_questions(
        _enschede_programme(enschede),
        MOVE2SOCIAL,
        {
            "call_text": MOVE2SOCIAL_CALL,
            "eligibility": "Sociale ondernemers die in Twente (gaan) ondernemen.",
            "opens_at": at(2021, 2, 1, 9),
            "closes_at": at(2021, 3, 31, 23, 59),
            "finale_on": date(2021, 10, 7),
            "scale_min": 1,
            "scale_max": 10,
        },
        partners,
    )
    organisations = [
        _demo_organisation(
            f"{TRADES[(n + 3) % len(TRADES)]} {ENSCHEDE_PLACES[n % len(ENSCHEDE_PLACES)]}",
            f"8060{n:04d}",
            enschede,
            "Enschede",
        )
        for n in range(50)
    ]
    dates = {
        "applied": at(2021, 2, 8, 9),
        "assigned": at(2021, 4, 6, 9),
        "assessed": at(2021, 4, 20, 17),
        Stage.ASSESSED: at(2021, 4, 22, 10),  # put to the partners
        Stage.SELECTED: at(2021, 5, 6, 10),  # chosen for the programme
        Stage.COACHED: at(2021, 5, 20, 10),  # expert meetings, mentor and business coaching
        Stage.FINALIST: at(2021, 9, 23, 10),
    }
    _run_challenge(
        challenge,
        organisations,
        jurors=[],
        path=[(Stage.ASSESSED, 28), (Stage.SELECTED, 11), (Stage.COACHED, 11), (Stage.FINALIST, 5)],
        dates=dates,
        coaches=[],
        coordinator=coordinator,
    )
    _seed_financing_table(challenge, coordinator)


def _seed_financing_table(challenge: Challenge, coordinator: User) -> None:
    """The table of the finale: four financiers, five finalists' plans, a few pledges, two of them financed.
    Runs once."""
    table, created = FinancingTable.objects.get_or_create(
        challenge=challenge,
        defaults={
            "held_on": date(2021, 10, 7),
            "place": "Het Rijksmuseum Twenthe, Enschede",
            "description": "De finalisten van Move2Social presenteren hun plan; de financiers zeggen ter plekke toe.",
        },
    )
    if not created:
        return
    financiers = [
        Financier.objects.create(table=table, name=name, organisation=organisation, email=email)
        for name, organisation, email in FINANCIERS
    ]
    finalists = list(
        Application.objects.filter(challenge=challenge, stage=Stage.FINALIST).order_by("submitted_at", "pk")
    )
    for index, requested, pledges, financed in TABLE:
        plan = TablePlan.objects.create(
            table=table,
            application=finalists[index],
            requested_amount=Decimal(requested),
            presented_at=at(2021, 10, 7, 14),
        )
        for financier_index, (decision, amount, kind) in pledges.items():
            Pledge.objects.create(
                plan=plan,
                financier=financiers[financier_index],
                decision=decision,
                amount=Decimal(amount) if amount else None,
                kind=kind,
            )
        if financed:
            TablePlan.objects.filter(pk=plan.pk).update(financed_at=at(2021, 10, 7, 17))
