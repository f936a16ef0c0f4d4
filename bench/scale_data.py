"""The benchmark's data sets.

The scale set is what the issue asks for: 40 municipalities; 20,000 organisations; 10,000 verified
suppliers with 30,000 products and services; 20,000 needs, 20,000 offers and 50,000 matches; 5,000
activities; 101 challenges with 10,000 applications (Groningen: one of 52, one of 500) and 40,000 scores; the
staff of every municipality (a coordinator, a council member, a buyer and a jury member) and a member for every
organisation; published council letters; and every other kind of data the demo holds (coaching sessions, impact
reports, private buyers, procurement's audit trail, notes on network figures, notifications, surveys, needs and
matches without movement for a while), so that every page runs the same queries at both sizes. Everything goes in
with `bulk_create` in batches; derived columns are
computed in bulk the way the apps compute them (coordinates from `core.geo`, the supplier search vector with
procurement's own `suppliers_refresh_search`).

The small set is the demo data (`manage.py seed_demo`).

    DATABASE_URL=postgres://... python bench/scale_data.py scale [--factor 0.1]
    DATABASE_URL=postgres://... python bench/scale_data.py small

The database must be migrated and empty. Everything is deterministic (a seeded random generator), so two
builds give the same rows, and the benchmark knows the names it searches for and the accounts it signs in as.
"""

import argparse
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the models are imported inside the functions, once Django is set up
    from accounts.models import Municipality, Organisation
    from programmes.challenges.models import Application

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

BATCH = 2000
BENCH_PASSWORD = "impact-bench-2026"  # noqa: S105  # every bench account; the load test signs in with a session instead
FIRST_YEAR, LAST_YEAR = 2023, 2026
SEARCH_WORD = "kringloop"  # the directory's and the admin's text search: about 1 in 20 supplier names
SEARCH_THEME = "circular"

# Forty G40 municipalities with the range of their 4-digit postcodes.
MUNICIPALITIES = [
    ("Groningen", 9711, 9747),
    ("Haarlem", 2011, 2037),
    ("Alkmaar", 1811, 1827),
    ("Almere", 1311, 1365),
    ("Amersfoort", 3811, 3829),
    ("Apeldoorn", 7311, 7339),
    ("Arnhem", 6811, 6846),
    ("Breda", 4811, 4839),
    ("Delft", 2611, 2629),
    ("Deventer", 7411, 7429),
    ("Dordrecht", 3311, 3329),
    ("Ede", 6711, 6718),
    ("Eindhoven", 5611, 5658),
    ("Emmen", 7811, 7826),
    ("Enschede", 7511, 7548),
    ("Gouda", 2801, 2809),
    ("'s-Hertogenbosch", 5211, 5237),
    ("Heerlen", 6411, 6419),
    ("Helmond", 5701, 5709),
    ("Hilversum", 1211, 1223),
    ("Hoorn", 1621, 1628),
    ("Leeuwarden", 8911, 8941),
    ("Leiden", 2311, 2334),
    ("Lelystad", 8211, 8245),
    ("Maastricht", 6211, 6229),
    ("Nijmegen", 6511, 6546),
    ("Oss", 5341, 5351),
    ("Roosendaal", 4701, 4709),
    ("Schiedam", 3111, 3125),
    ("Sittard-Geleen", 6131, 6137),
    ("Tilburg", 5011, 5049),
    ("Utrecht", 3511, 3585),
    ("Venlo", 5911, 5928),
    ("Vlaardingen", 3131, 3138),
    ("Zaanstad", 1501, 1509),
    ("Zoetermeer", 2711, 2729),
    ("Zwolle", 8011, 8043),
    ("Den Helder", 1781, 1789),
    ("Purmerend", 1441, 1448),
    ("Amstelveen", 1181, 1189),
]

ENTERPRISE_WORDS = [
    "Kringloop",
    "Koffiebranderij",
    "Groene Daken",
    "Fietsenmakerij",
    "Schoonmaakbedrijf",
    "Catering",
    "Drukkerij",
    "Hoveniers",
    "Werkplaats",
    "Lunchroom",
    "Bakkerij",
    "Naaiatelier",
    "Energiecoöperatie",
    "Repair Café",
    "Meubelmakerij",
    "Koeriersdienst",
    "Zorgboerderij",
    "Taalschool",
    "Houtbewerking",
    "Wasserij",
]
ENTERPRISE_TAILS = ["De Vondst", "Het Goede Bonen", "Noord", "Samen", "De Brug", "Anders", "Buurtkracht", "Oost"]
INITIATIVE_WORDS = [
    "Buurtkeuken",
    "Kledingbank",
    "Helpdesk",
    "Voedselhulp",
    "Speeltuin",
    "Taalcafé",
    "Huiswerkklas",
    "Repair Café",
    "Wijkmoestuin",
    "Buurthuis",
]
NEED_WORDS = ["vrijwilligers", "een bus", "geld voor materiaal", "een website", "contacten"]
CATEGORY_TITLES = {
    "catering": ["Lunch voor vergaderingen", "Broodjes en soep", "Koffie en thee"],
    "cleaning": ["Kantoorschoonmaak", "Glasbewassing", "Schoonmaak na evenementen"],
    "green": ["Groenonderhoud", "Aanleg groene daken", "Snoeiwerk"],
    "facility": ["Kantoorartikelen", "Receptiediensten", "Postbezorging intern"],
    "printing": ["Drukwerk", "Grafisch ontwerp", "Huisstijl"],
    "it": ["Websitebouw", "Laptopherstel", "Data-invoer"],
    "logistics": ["Verhuizingen", "Fietskoerier", "Opslag"],
    "construction": ["Klein onderhoud", "Schilderwerk", "Installatie zonnepanelen"],
    "textiles": ["Bedrijfskleding", "Reparatie kleding", "Tassen van restmateriaal"],
    "gifts": ["Relatiegeschenken", "Kerstpakketten", "Bedrukte tassen"],
    "recycling": ["Kringloopinzameling", "Hergebruik meubilair", "Afvalscheiding"],
    "training": ["Training sociaal ondernemen", "Coaching", "Workshops"],
    "events": ["Evenementenbeheer", "Zaalverhuur", "Catering bij evenementen"],
    "staffing": ["Detachering", "Werkervaringsplekken", "Jobcoaching"],
    "care": ["Dagbesteding", "Maaltijdservice", "Begeleiding"],
    "energy": ["Energieadvies", "Isolatie", "Laadpalen"],
}


@dataclass(frozen=True)
class Scale:
    """The row counts of the scale set; `factor` shrinks it for quick trials of the builder."""

    organisations: int = 20_000
    enterprises: int = 13_000  # the rest are community initiatives
    suppliers: int = 10_000  # verified
    pending_suppliers: int = 400
    offerings: int = 30_000
    needs: int = 20_000
    offers: int = 20_000
    matches: int = 50_000
    activities: int = 5_000
    questions: int = 2_000
    challenges: int = 100
    applications: int = 10_000
    scores: int = 40_000

    def scaled(self, factor: float) -> "Scale":
        if factor == 1:
            return self
        return Scale(**{name: max(1, int(value * factor)) for name, value in self.__dict__.items()})


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "impactportal.settings")
    import django

    django.setup()


def bench_email(role: str, slug: str) -> str:
    """The e-mail address of a municipality's bench account, e.g. coordinator@groningen.bench.test."""
    return f"{role}@{slug}.bench.test"


ADMIN_EMAIL = "beheerder@bench.test"


class Clock:
    """Prints how long each part of the build took."""

    def __init__(self) -> None:
        self.start = self.last = time.perf_counter()
        self.parts: dict[str, float] = {}

    def lap(self, name: str, rows: int) -> None:
        now = time.perf_counter()
        self.parts[name] = now - self.last
        print(f"  {name:<34} {rows:>8,} rows  {now - self.last:6.1f} s", flush=True)
        self.last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.start


SMALL_CHALLENGE_APPLICATIONS = 52  # Groningen's first challenge: the ranking page at two sizes (issue 17)
LARGE_CHALLENGE_APPLICATIONS = 500  # Groningen's large challenge


def insert(model, rows: list, batch_size: int = BATCH) -> list:
    return model.objects.bulk_create(rows, batch_size=batch_size)


def submitted(application: "Application") -> datetime:
    """When a bench application was handed in: every application the bench makes is submitted."""
    assert application.submitted_at is not None
    return application.submitted_at


def moment(rng: random.Random, first: date, last: date):
    """A random aware datetime between two dates (office hours)."""
    from django.utils import timezone

    days = (last - first).days
    day = first + timedelta(days=rng.randint(0, max(days, 0)))
    at = datetime(day.year, day.month, day.day, rng.randint(9, 20), rng.choice([0, 15, 30]))  # noqa: DTZ001
    return timezone.make_aware(at)


def at_hour(day: date, hour: int) -> datetime:
    """An aware datetime on that day at that hour (the build backdates what the services stamp with now)."""
    from django.utils import timezone

    return timezone.make_aware(datetime(day.year, day.month, day.day, hour))  # noqa: DTZ001


class ScaleBuilder:
    def __init__(self, scale: Scale, seed: int = 2026):
        from django.utils import timezone

        self.scale = scale
        self.rng = random.Random(seed)
        self.clock = Clock()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.first_day = date(FIRST_YEAR, 1, 1)

    # ------------------------------------------------------------ accounts

    def accounts(self) -> None:
        from django.contrib.auth.hashers import make_password

        from accounts.models import Municipality, Organisation, Theme, User
        from core import geo

        rng = self.rng
        pc4 = geo._table("pc4.csv")
        self.themes = [Theme.objects.get_or_create(code=code)[0] for code in Theme.Code.values]
        self.theme_by_code = {theme.code: theme for theme in self.themes}
        self.municipalities = insert(
            Municipality,
            [
                Municipality(
                    name=name,
                    slug=self.slug(name),
                    place_name=name.upper(),
                    address="Postbus 1000",
                    postcode=f"{low} AA",
                    phone="14 0" + str(low)[:2],
                    website=f"https://www.{self.slug(name)}.nl",
                    mayor="Burgemeester van " + name,
                    secretary="Secretaris van " + name,
                    in_network=True,  # they share their published figures in the network of municipalities
                )
                for name, low, _high in MUNICIPALITIES
            ],
        )
        self.municipality_by_pk = {m.pk: m for m in self.municipalities}
        self.postcodes = {
            municipality.pk: [str(code) for code in range(low, high + 1) if str(code) in pc4]
            for municipality, (_n, low, high) in zip(self.municipalities, MUNICIPALITIES, strict=True)
        }
        self.clock.lap("municipalities and themes", len(self.municipalities))

        organisations = []
        count = self.scale.organisations
        for i in range(count):
            municipality = self.municipalities[i % len(self.municipalities)]
            enterprise = i < self.scale.enterprises
            letters = rng.choice("ABCDEFGHJKLMNPRTVWXZ") + rng.choice("ABCEGHJKLMNPRTVWXZ")
            postcode = f"{rng.choice(self.postcodes[municipality.pk])} {letters}"
            if enterprise:
                name = f"{ENTERPRISE_WORDS[i % len(ENTERPRISE_WORDS)]} {rng.choice(ENTERPRISE_TAILS)} {i}"
            else:
                name = f"{rng.choice(INITIATIVE_WORDS)} {municipality.name} {i}"
            organisations.append(
                Organisation(
                    name=name,
                    kind=Organisation.Kind.ENTERPRISE if enterprise else Organisation.Kind.INITIATIVE,
                    kvk_number=f"{10_000_000 + i:08d}" if enterprise or i % 3 else None,
                    municipality=municipality,
                    description=f"{name} werkt in {municipality.name} aan een sociale of groene missie.",
                    email=f"info{i}@org.bench.test",
                    postcode=postcode,
                    city=municipality.name,
                )
            )
        self.organisations = insert(Organisation, organisations)
        self.enterprises = [o for o in self.organisations if o.kind == Organisation.Kind.ENTERPRISE]
        self.initiatives = [o for o in self.organisations if o.kind == Organisation.Kind.INITIATIVE]
        self.org_themes = {o.pk: rng.sample(self.themes, rng.randint(1, 3)) for o in self.organisations}
        through = Organisation.themes.through
        theme_rows = insert(
            through,
            [through(organisation_id=pk, theme_id=t.pk) for pk, themes in self.org_themes.items() for t in themes],
            batch_size=5000,
        )
        self.clock.lap("organisations (+ their themes)", len(self.organisations) + len(theme_rows))

        password = make_password(BENCH_PASSWORD)  # hashed once: PBKDF2 per row would take minutes
        users = []
        self.staff = {}
        for municipality in self.municipalities:
            for role, name in [
                (User.Role.COORDINATOR, "Coördinator"),
                (User.Role.COUNCIL, "Raadslid"),
                (User.Role.BUYER, "Inkoper"),
                (User.Role.JURY, "Jurylid"),
                (User.Role.APPROVER, "Wethouderssecretariaat"),
            ]:
                users.append(
                    User(
                        email=bench_email(role, municipality.slug),
                        name=f"{name} {municipality.name}",
                        role=role,
                        municipality=municipality,
                        password=password,
                    )
                )
        # The bench's entrepreneur and initiative of each municipality, with a well-known address: the first
        # enterprise (a verified supplier with offers) and the first initiative (with needs).
        known = {}
        for municipality in self.municipalities:
            enterprise = next(o for o in self.enterprises if o.municipality_id == municipality.pk)
            known[enterprise.pk] = ("entrepreneur", municipality)
            initiative = next(o for o in self.initiatives if o.municipality_id == municipality.pk)
            known[initiative.pk] = ("initiative", municipality)
            # the SME entrepreneur who coaches the municipality's participants (coaches are entrepreneurs, as in
            # the demo): the second enterprise's member
            coach = [o for o in self.enterprises if o.municipality_id == municipality.pk][1]
            known[coach.pk] = ("coach", municipality)
        for organisation in self.organisations:
            role = User.Role.ENTREPRENEUR if organisation.kind == Organisation.Kind.ENTERPRISE else User.Role.INITIATIVE
            email = f"member{organisation.pk}@org.bench.test"
            if organisation.pk in known:
                email = bench_email(known[organisation.pk][0], known[organisation.pk][1].slug)
            users.append(
                User(
                    email=email,
                    name=f"Lid van {organisation.name}",
                    role=role,
                    organisation=organisation,
                    password=password,
                )
            )
        users.append(
            User(
                email=ADMIN_EMAIL,
                name="Beheerder",
                role=User.Role.ADMINISTRATOR,
                is_staff=True,
                is_superuser=True,
                password=password,
            )
        )
        users = insert(User, users)
        for user in users:
            if user.municipality_id:
                self.staff[(user.municipality_id, user.role)] = user
        self.member_of = {user.organisation_id: user for user in users if user.organisation_id}
        self.known_entrepreneur_organisations = {pk for pk, (role, _m) in known.items() if role == "entrepreneur"}
        self.known_entrepreneur = {
            municipality.pk: self.member_of[organisation_pk]
            for organisation_pk, (role, municipality) in known.items()
            if role == "entrepreneur"
        }
        self.known_initiative = {
            municipality.pk: self.member_of[organisation_pk]
            for organisation_pk, (role, municipality) in known.items()
            if role == "initiative"
        }
        self.coach_of = {
            municipality.pk: self.member_of[organisation_pk]
            for organisation_pk, (role, municipality) in known.items()
            if role == "coach"
        }
        from allauth.account.models import EmailAddress

        insert(
            EmailAddress,
            [EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in users],
            batch_size=5000,
        )
        self.clock.lap("users (+ verified e-mail addresses)", len(users) * 2)

    @staticmethod
    def slug(name: str) -> str:
        from django.utils.text import slugify

        return slugify(name.replace("'", ""))

    def coordinator(self, municipality_id: int):
        return self.staff[(municipality_id, "coordinator")]

    # ------------------------------------------------------------ programmes

    def programmes(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        from core.models import AuditEvent
        from programmes.demo import GRONINGEN_ACTION_LINES, GRONINGEN_INDICATORS, GRONINGEN_PARTNERS
        from programmes.models import (
            ActionLine,
            ActionLineProgress,
            Activity,
            Indicator,
            IndicatorValue,
            Partner,
            Programme,
            Question,
        )

        rng = self.rng
        programmes = insert(
            Programme,
            [
                Programme(
                    municipality=m,
                    name=f"Ondernemen met impact {FIRST_YEAR}-{LAST_YEAR}",
                    start_year=FIRST_YEAR,
                    end_year=LAST_YEAR,
                    ambition=f"{m.name} maakt impactondernemers zichtbaarder en professioneler.",
                )
                for m in self.municipalities
            ],
        )
        self.programme_of = {p.municipality_id: p for p in programmes}
        partners = insert(
            Partner,
            [
                Partner(municipality=m, name=name if m.slug == "groningen" else f"{name} ({m.name})", website=site)
                for m in self.municipalities
                for name, site in GRONINGEN_PARTNERS
            ],
        )
        partners_of: dict[int, list[Partner]] = {}
        for partner in partners:
            partners_of.setdefault(partner.municipality_id, []).append(partner)
        insert(
            Programme.partners.through,
            [
                Programme.partners.through(programme_id=p.pk, partner_id=partner.pk)
                for p in programmes
                for partner in partners_of[p.municipality_id]
            ],
        )
        lines = insert(
            ActionLine,
            [
                ActionLine(programme=p, number=number, title=title, goal=goal)
                for p in programmes
                for number, title, goal, _partners in GRONINGEN_ACTION_LINES
            ],
        )
        self.lines_of: dict[int, list[ActionLine]] = {}
        for line in lines:
            self.lines_of.setdefault(line.programme_id, []).append(line)
        years = range(FIRST_YEAR, LAST_YEAR + 1)
        insert(
            ActionLineProgress,
            [
                ActionLineProgress(
                    action_line=line, year=year, text=f"Voortgang van actielijn {line.number} in {year}."
                )
                for line in lines
                for year in years
                if year <= self.today.year
            ],
        )
        # The demo's indicators on every programme: the same figures taken from the data (Indicator.Source), so
        # that the dashboard, the programme page and the letter ask at scale what they ask of the demo data.
        indicators = insert(
            Indicator,
            [
                Indicator(action_line=line, name=name, unit=unit, source=source, activity_kind=kind)
                for line in lines
                for name, unit, source, kind, _values in GRONINGEN_INDICATORS.get(line.number, [])
            ],
        )
        insert(
            IndicatorValue,
            [
                IndicatorValue(
                    indicator=indicator,
                    year=year,
                    target=rng.randint(5, 40),
                    actual=rng.randint(0, 45) if year < self.today.year and not indicator.source else None,
                )
                for indicator in indicators
                for year in years
            ],
        )
        self.clock.lap("programmes, partners, action lines", len(programmes) + len(partners) + len(lines))

        activities = []
        kinds = [k for k in Activity.Kind.values if k != Activity.Kind.CHALLENGE_FINALE]
        for i in range(self.scale.activities):
            municipality = self.municipalities[i % len(self.municipalities)]
            line = rng.choice(self.lines_of[self.programme_of[municipality.pk].pk])
            starts_at = moment(rng, self.first_day, date(LAST_YEAR, 12, 31))
            online = rng.random() < 0.25
            if starts_at > self.now or starts_at > self.now - timedelta(days=60) and rng.random() < 0.3:
                # still to come, or passed in the last two months and not yet marked held or cancelled
                status, reason, participants = Activity.Status.PLANNED, "", None
            elif rng.random() < 0.12:
                status, reason, participants = (
                    Activity.Status.CANCELLED,
                    "Geannuleerd wegens te weinig aanmeldingen.",
                    None,
                )
            else:
                status, reason, participants = Activity.Status.HELD, "", rng.randint(5, 80)
            activities.append(
                Activity(
                    action_line=line,
                    kind=rng.choice(kinds),
                    title=f"{Activity.Kind(kinds[i % len(kinds)]).label} {municipality.name} {i}",
                    description="Een bijeenkomst voor impactondernemers en wie met hen wil werken.",
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                    mode=Activity.Mode.ONLINE if online else Activity.Mode.PHYSICAL,
                    moved_online=online and rng.random() < 0.3,
                    location="Online" if online else f"Stadhuis {municipality.name}",
                    status=status,
                    cancellation_reason=reason,
                    participants=participants,
                    organiser=rng.choice(partners_of[municipality.pk]),
                )
            )
        activities = insert(Activity, activities)
        self.clock.lap("activities", len(activities))

        questions = []
        statuses = list(Question.Status.values)
        for i in range(self.scale.questions):
            municipality = self.municipalities[i % len(self.municipalities)]
            asked = moment(rng, self.first_day, self.today)
            asked_status = rng.choice(statuses)
            picked = asked + timedelta(hours=rng.randint(1, 72)) if asked_status != Question.Status.NEW else None
            answered = (
                picked + timedelta(hours=rng.randint(1, 96))
                if picked and asked_status in ("answered", "closed")
                else None
            )
            questions.append(
                Question(
                    municipality=municipality,
                    asker=self.known_entrepreneur[municipality.pk]
                    if (i // len(self.municipalities)) % 8 == 0
                    else None,
                    name=f"Vrager {i}",
                    email=f"vrager{i}@example.nl",
                    subject=f"Vraag over inkoop en subsidie {i}",
                    body="Waar kan ik terecht met mijn vraag over sociaal ondernemen?",
                    status=asked_status,
                    handler=self.coordinator(municipality.pk) if picked else None,
                    answer="Bedankt voor uw vraag; hier is het antwoord." if answered else "",
                    asked_at=asked,
                    picked_up_at=picked,
                    answered_at=answered,
                    closed_at=answered + timedelta(days=1) if answered and asked_status == "closed" else None,
                )
            )
        questions = insert(Question, questions)
        activity_type = ContentType.objects.get_for_model(Activity)
        audit = insert(
            AuditEvent,
            [
                AuditEvent(
                    municipality_id=a.action_line.programme.municipality_id,
                    actor=self.coordinator(a.action_line.programme.municipality_id),
                    actor_role="coordinator",
                    at=a.starts_at,
                    action="created",
                    content_type=activity_type,
                    object_id=a.pk,
                    object_repr=a.title[:300],
                    changes={},
                )
                for a in activities
            ],
        )
        self.clock.lap("service point questions, audit trail", len(questions) + len(audit))

    # ------------------------------------------------------------ challenges

    def challenges(self) -> None:
        """Challenges of every municipality, each with 4 weighted criteria, 2 questions and the municipality's
        jury member; applications by its enterprises (answers, the funnel's stages and their history), each
        reviewed by that juror with a score per criterion."""
        from programmes.challenges.demo import COACHING_TOPICS
        from programmes.challenges.models import (
            STAGE_ORDER,
            Application,
            ApplicationAnswer,
            Challenge,
            ChallengeQuestion,
            CoachingSession,
            Criterion,
            Juror,
            Review,
            Score,
            Stage,
            StageChange,
        )

        rng = self.rng
        names = ["Sociale Ondernemers Challenge", "NewFuture@Work", "Move2Social", "Impact Startup Challenge"]
        challenges = []
        groningen = next(m for m in self.municipalities if m.slug == "groningen")
        for i in range(self.scale.challenges + 1):  # and one more: Groningen's large challenge
            municipality = self.municipalities[i % len(self.municipalities)]
            if i == self.scale.challenges:
                municipality = groningen
            lines = self.lines_of[self.programme_of[municipality.pk].pk]
            opens = moment(rng, self.first_day, self.today + timedelta(days=60))
            closes = opens + timedelta(days=rng.randint(30, 90))
            challenges.append(
                Challenge(
                    action_line=next(line for line in lines if line.number == 2),
                    name=f"{names[i % len(names)]} {municipality.name} {opens.year} ({i})",
                    call_text="Heeft u een plan dat een maatschappelijk probleem oplost? Doe mee.",
                    eligibility="Startende sociale ondernemers in de gemeente.",
                    opens_at=opens,
                    closes_at=closes,
                    finale_on=(closes + timedelta(days=60)).date(),
                    results_public=closes < self.now,
                )
            )
        challenges = insert(Challenge, challenges)
        criteria = insert(
            Criterion,
            [
                Criterion(challenge=c, position=n, name=name, weight=Decimal(weight))
                for c in challenges
                for n, (name, weight) in enumerate(
                    [("Impact", "2"), ("Haalbaarheid", "1.5"), ("Team", "1"), ("Vernieuwing", "1")], start=1
                )
            ],
        )
        questions = insert(
            ChallengeQuestion,
            [
                ChallengeQuestion(challenge=c, position=n, text=text)
                for c in challenges
                for n, text in enumerate(["Welk probleem lost u op?", "Wat heeft u nodig?"], start=1)
            ],
        )
        jurors = insert(
            Juror,
            [
                Juror(challenge=c, user=self.staff[(c.action_line.programme.municipality_id, "jury")])
                for c in challenges
            ],
        )
        criteria_of: dict[int, list[Criterion]] = {}
        questions_of: dict[int, list[ChallengeQuestion]] = {}
        for criterion in criteria:
            criteria_of.setdefault(criterion.challenge_id, []).append(criterion)
        for question in questions:
            questions_of.setdefault(question.challenge_id, []).append(question)
        enterprises_of: dict[int, list[Organisation]] = {}
        for organisation in self.enterprises:
            enterprises_of.setdefault(organisation.municipality_id, []).append(organisation)
        funnel = [
            (Stage.APPLIED, 0.35),
            (Stage.ASSESSED, 0.2),
            (Stage.SELECTED, 0.12),
            (Stage.COACHED, 0.1),
            (Stage.FINALIST, 0.05),
            (Stage.WINNER, 0.02),
            (Stage.NOT_SELECTED, 0.16),
        ]
        per_challenge = self.scale.applications // (len(challenges) - 1)
        # The ranking page measured at two sizes (issue 17): Groningen's first challenge has 52 applications, its
        # large one (the last) 500, from enterprises of every municipality.
        size_of = {challenges[-1].pk: LARGE_CHALLENGE_APPLICATIONS}
        size_of[next(c.pk for c in challenges if c.action_line.programme.municipality_id == groningen.pk)] = (
            SMALL_CHALLENGE_APPLICATIONS
        )
        applications = []
        for challenge in challenges:
            municipality_id = challenge.action_line.programme.municipality_id
            large = challenge.pk == challenges[-1].pk
            candidates = self.enterprises if large else enterprises_of[municipality_id]
            wanted = size_of.get(challenge.pk, per_challenge)
            for organisation in rng.sample(candidates, min(wanted, len(candidates))):
                stage = rng.choices([s for s, _ in funnel], weights=[w for _, w in funnel])[0]
                furthest = rng.choice(STAGE_ORDER[:3]) if stage == Stage.NOT_SELECTED else stage
                applications.append(
                    Application(
                        challenge=challenge,
                        organisation=organisation,
                        applicant=self.member_of[organisation.pk],
                        title=f"Plan van {organisation.name}",
                        summary="Wij zetten mensen met een afstand tot de arbeidsmarkt aan het werk.",
                        submitted_at=challenge.opens_at + timedelta(days=rng.randint(1, 25)),
                        stage=stage,
                        furthest_stage=furthest,
                        coach=self.coach_of[municipality_id] if furthest in (Stage.COACHED, Stage.FINALIST) else None,
                    )
                )
        applications = insert(Application, applications)
        self.applications = applications
        answers = insert(
            ApplicationAnswer,
            [
                ApplicationAnswer(application=a, question=q, text="Ons antwoord in een paar zinnen.")
                for a in applications
                for q in questions_of[a.challenge_id]
            ],
            batch_size=5000,
        )
        changes = []
        for application in applications:
            reached = STAGE_ORDER.index(Stage(application.furthest_stage))
            for step in range(reached):
                changes.append(
                    StageChange(
                        application=application,
                        from_stage=STAGE_ORDER[step],
                        to_stage=STAGE_ORDER[step + 1],
                        actor=self.coordinator(application.challenge.action_line.programme.municipality_id),
                        at=submitted(application) + timedelta(days=7 * (step + 1)),
                    )
                )
            if application.stage == Stage.NOT_SELECTED:
                changes.append(
                    StageChange(
                        application=application,
                        from_stage=application.furthest_stage,
                        to_stage=Stage.NOT_SELECTED,
                        at=submitted(application) + timedelta(days=7 * (reached + 1)),
                    )
                )
        changes = insert(StageChange, changes, batch_size=5000)
        reviews = insert(
            Review,
            [
                Review(
                    application=a,
                    juror=self.staff[(a.challenge.action_line.programme.municipality_id, "jury")],
                    assigned_at=submitted(a) + timedelta(days=2),
                    submitted_at=submitted(a) + timedelta(days=rng.randint(3, 20)),
                )
                for a in applications
            ],
            batch_size=5000,
        )
        scores_per_review = max(1, self.scale.scores // max(len(reviews), 1))
        scores = insert(
            Score,
            [
                Score(review=r, criterion=criterion, value=rng.randint(1, 10), comment="Sterk plan.")
                for r in reviews
                for criterion in criteria_of[r.application.challenge_id][:scores_per_review]
            ],
            batch_size=5000,
        )
        # four sessions per coached participant, two weeks apart, as the demo's coaches recorded them
        sessions = insert(
            CoachingSession,
            [
                CoachingSession(
                    application=a,
                    coach_id=a.coach_id,
                    held_on=(submitted(a) + timedelta(days=30 + 14 * number)).date(),
                    duration_minutes=(60, 90, 60, 45)[number],
                    notes=topic,
                )
                for a in applications
                if a.coach_id
                for number, topic in enumerate(COACHING_TOPICS)
            ],
            batch_size=5000,
        )
        rows = len(challenges) + len(criteria) + len(questions) + len(jurors) + len(applications)
        rows += len(answers) + len(changes) + len(reviews) + len(scores) + len(sessions)
        self.clock.lap("challenges, applications, scores", rows)

    # ------------------------------------------------------------ matching

    def matching(self) -> None:
        from core import geo
        from matching.models import HELP_KIND_FIELDS, Beursvloer, Match, MatchEvent, Need, Offer, theme_bits

        rng = self.rng
        fields = list(HELP_KIND_FIELDS.values())

        def located(postcode):
            point = geo.locate(postcode)
            return (point.latitude, point.longitude) if point else (None, None)

        def help_kinds():
            chosen = rng.sample(fields, rng.randint(1, 2))
            return {field: field in chosen for field in fields}

        def listing_status():
            roll = rng.random()
            return "open" if roll < 0.75 else ("paused" if roll < 0.85 else "closed")

        needs = []
        for i in range(self.scale.needs):
            organisation = self.initiatives[i % len(self.initiatives)]
            lat, lon = located(organisation.postcode)
            kinds = help_kinds()
            needs.append(
                Need(
                    municipality_id=organisation.municipality_id,
                    organisation=organisation,
                    title=f"Hulp gezocht: {rng.choice(NEED_WORDS)} {i}",
                    story="Ons initiatief helpt buurtbewoners; met uw hulp kunnen we meer mensen bereiken.",
                    money_amount=Decimal(rng.randint(100, 5000)) if kinds["help_money"] else None,
                    place=organisation.city,
                    postcode=organisation.postcode,
                    latitude=lat,
                    longitude=lon,
                    needed_by=date(LAST_YEAR, 12, 31) - timedelta(days=rng.randint(0, 900))
                    if rng.random() < 0.6
                    else None,
                    status=listing_status(),
                    created_by=self.member_of[organisation.pk],
                    created_at=moment(rng, self.first_day, self.today),
                    **kinds,
                )
            )
        offers = []
        for i in range(self.scale.offers):
            organisation = self.enterprises[i % len(self.enterprises)]
            lat, lon = located(organisation.postcode)
            kinds = help_kinds()
            offers.append(
                Offer(
                    municipality_id=organisation.municipality_id,
                    organisation=organisation,
                    title=f"Wij bieden {rng.choice(['uren', 'geld', 'ons netwerk', 'materialen', 'advies'])} {i}",
                    description="Onze medewerkers helpen graag een maatschappelijk initiatief in de buurt.",
                    hours=rng.randint(4, 80) if kinds["help_time"] else None,
                    euros=Decimal(rng.randint(100, 2500)) if kinds["help_money"] else None,
                    goods="Laptops en meubilair" if kinds["help_goods"] else "",
                    place=organisation.city,
                    postcode=organisation.postcode,
                    latitude=lat,
                    longitude=lon,
                    radius_km=rng.choice([5, 10, 15, 25, 50]),
                    available_until=self.today + timedelta(days=rng.randint(-200, 700)) if rng.random() < 0.5 else None,
                    status=listing_status(),
                    created_by=self.member_of[organisation.pk],
                    created_at=moment(rng, self.first_day, self.today),
                    **kinds,
                )
            )

        def themes_of(listing) -> list:
            """Some of its organisation's themes, with the bits the listing keeps of them."""
            org_themes = self.org_themes[listing.organisation_id]
            chosen = rng.sample(org_themes, rng.randint(1, len(org_themes)))
            listing.theme_bits = theme_bits(chosen)
            return chosen

        chosen_of_needs = [themes_of(n) for n in needs]
        chosen_of_offers = [themes_of(o) for o in offers]
        needs, offers = insert(Need, needs), insert(Offer, offers)
        need_themes = insert(
            Need.themes.through,
            [
                Need.themes.through(need_id=n.pk, theme_id=t.pk)
                for n, chosen in zip(needs, chosen_of_needs, strict=True)
                for t in chosen
            ],
            batch_size=5000,
        )
        offer_themes = insert(
            Offer.themes.through,
            [
                Offer.themes.through(offer_id=o.pk, theme_id=t.pk)
                for o, chosen in zip(offers, chosen_of_offers, strict=True)
                for t in chosen
            ],
            batch_size=5000,
        )
        self.needs, self.offers = needs, offers
        self.clock.lap(
            "needs and offers (+ their themes)", len(needs) + len(offers) + len(need_themes) + len(offer_themes)
        )

        beursvloeren = insert(
            Beursvloer,
            [
                Beursvloer(
                    municipality=m,
                    name=f"Beursvloer {m.name} {year}",
                    date=date(year, 10, 1),
                    place=f"Stadhuis {m.name}",
                    created_by=self.coordinator(m.pk),
                )
                for m in self.municipalities
                for year in range(FIRST_YEAR, self.today.year + 1)
            ],
        )
        beursvloer_of = {(b.municipality_id, b.date.year): b for b in beursvloeren}
        needs_of: dict[int, list[Need]] = {}
        offers_of: dict[int, list[Offer]] = {}
        for need in needs:
            needs_of.setdefault(need.municipality_id, []).append(need)
        for offer in offers:
            offers_of.setdefault(offer.municipality_id, []).append(offer)
        statuses = [
            (Match.Status.SUGGESTED, 0.15),
            (Match.Status.PREPARATION, 0.20),
            (Match.Status.MADE, 0.30),
            (Match.Status.COMPLETED, 0.25),
            (Match.Status.DECLINED, 0.10),
        ]
        open_pairs = set()
        matches: list[Match] = []
        while len(matches) < self.scale.matches:
            municipality = self.municipalities[len(matches) % len(self.municipalities)]
            need = rng.choice(needs_of[municipality.pk])
            offer = rng.choice(offers_of[municipality.pk])
            status = rng.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0]
            pair = (need.pk, offer.organisation_id)
            if status in Match.OPEN_STATUSES:
                if pair in open_pairs:
                    continue
                open_pairs.add(pair)
            created = moment(rng, self.first_day, self.today)
            prepared = (created + timedelta(days=rng.randint(1, 30))).date() if status != "suggested" else None
            made = prepared + timedelta(days=rng.randint(1, 60)) if prepared and status in Match.MADE_STATUSES else None
            if made and made > self.today:
                made = self.today
            kinds = {f: getattr(need, f) and getattr(offer, f) for f in fields}
            if not any(kinds.values()):
                kinds = {f: getattr(need, f) for f in fields}
            matches.append(
                Match(
                    municipality=municipality,
                    need=need,
                    enterprise_id=offer.organisation_id,
                    offer=offer,
                    beursvloer=beursvloer_of.get((municipality.pk, created.year)) if rng.random() < 0.2 else None,
                    status=status,
                    note="Past goed: zelfde thema en dichtbij.",
                    decline_reason="Geen tijd meer." if status == "declined" else "",
                    hours_given=rng.randint(2, 40) if made and kinds["help_time"] else None,
                    euros_given=Decimal(rng.randint(50, 2000)) if made and kinds["help_money"] else None,
                    goods_given="Meubilair" if made and kinds["help_goods"] else "",
                    proposed_by=self.coordinator(municipality.pk),
                    prepared_on=prepared,
                    made_on=made,
                    created_at=created,
                    **kinds,
                )
            )
        matches = insert(Match, matches)
        events = insert(
            MatchEvent,
            [
                MatchEvent(match=m, actor=m.proposed_by, from_status="", to_status=m.status, created_at=m.created_at)
                for m in matches
            ],
            batch_size=5000,
        )
        # Their last movement: bulk_create stamps `updated_at` with the moment of the build, but a listing last moved
        # when it was placed and a match when it was proposed, prepared or made; so the stale views (and the
        # reminders) find the quiet ones, as in the demo.
        from django.db import connection

        with connection.cursor() as cursor:
            for table in ("matching_need", "matching_offer"):
                cursor.execute(f"UPDATE {table} SET updated_at = created_at")  # noqa: S608 (fixed names)
            cursor.execute(
                "UPDATE matching_match SET updated_at = GREATEST(created_at, "
                "COALESCE(made_on, prepared_on, created_at::date) + interval '10 hours')"
            )
        self.match_events = events
        self.clock.lap("matches (+ one audit event each)", len(matches) + len(events) + len(beursvloeren))

    # ------------------------------------------------------------ procurement

    def procurement(self) -> None:
        from django.contrib.contenttypes.models import ContentType

        from core import geo
        from core.models import AuditEvent
        from procurement.models import (
            AuditAction,
            Award,
            Category,
            Offering,
            PurchaseRequest,
            Quote,
            SroiRealisation,
            SroiTender,
            Supplier,
        )

        rng = self.rng
        count = self.scale.suppliers + self.scale.pending_suppliers
        suppliers = []
        others_of: dict[int, list[Municipality]] = {}  # the municipalities a supplier delivers to besides its own
        for i, organisation in enumerate(self.enterprises[:count]):
            is_verified = i < self.scale.suppliers
            point = geo.locate(organisation.postcode)
            others_of[organisation.pk] = rng.sample(self.municipalities, 2) if rng.random() < 0.2 else []
            suppliers.append(
                Supplier(
                    organisation=organisation,
                    status=Supplier.Status.VERIFIED if is_verified else Supplier.Status.PENDING,
                    verified_at=moment(rng, self.first_day, self.today) if is_verified else None,
                    decision_reason="Voldoet aan de criteria van een sociale onderneming." if is_verified else "",
                    description=f"{organisation.name} levert met mensen met een afstand tot de arbeidsmarkt.",
                    impact="Werk en begeleiding voor wie moeilijk aan een baan komt; hergebruik van materialen.",
                    impact_first=True,
                    independent_enterprise=True,
                    economically_independent=rng.random() < 0.9,
                    social_governance=rng.random() < 0.8,
                    code_sociale_ondernemingen=rng.random() < 0.3,
                    social_enterprise_nl=rng.random() < 0.4,
                    pso_level=rng.choice(Supplier.PsoLevel.values),
                    staff_distance_share=rng.randint(0, 100),
                    delivers_nationwide=rng.random() < 0.1,
                    delivery_region=f"{organisation.city} en omgeving",
                    postcode=organisation.postcode,
                    city=organisation.city,
                    latitude=point.latitude if point else None,
                    longitude=point.longitude if point else None,
                    website=f"https://supplier{i}.bench.test",
                    contact_name=self.member_of[organisation.pk].name,
                    contact_email=organisation.email,
                    contact_phone="050-1234567",
                    contact_public=rng.random() < 0.5,
                )
            )
        suppliers = insert(Supplier, suppliers)
        verified = [s for s in suppliers if s.status == Supplier.Status.VERIFIED]
        insert(
            Supplier.themes.through,
            [
                Supplier.themes.through(supplier_id=s.pk, theme_id=t.pk)
                for s in suppliers
                for t in self.org_themes[s.organisation_id]
            ],
            batch_size=5000,
        )
        insert(
            Supplier.delivery_municipalities.through,
            [
                Supplier.delivery_municipalities.through(supplier_id=s.pk, municipality_id=m.pk)
                for s in suppliers
                for m in others_of[s.organisation_id]
                if m.pk != s.organisation.municipality_id
            ],
        )
        categories = list(Category.values)
        offerings = []
        for i in range(self.scale.offerings):
            supplier = verified[i % len(verified)]
            category = categories[(supplier.pk + i // len(verified)) % len(categories)]
            title = rng.choice(CATEGORY_TITLES[category])
            offerings.append(
                Offering(
                    supplier=supplier,
                    kind=Offering.Kind.PRODUCT
                    if category in ("gifts", "textiles", "catering")
                    else Offering.Kind.SERVICE,
                    title=f"{title} ({supplier.organisation.name.split(' ')[0]})",
                    category=category,
                    description=f"{title} door {supplier.organisation.name}, met leerwerkplekken.",
                    price=Decimal(rng.randint(10, 2500)) if rng.random() < 0.7 else None,
                    unit=rng.choice(["per uur", "per stuk", "per lunch", "per maand"]),
                )
            )
        offerings = insert(Offering, offerings, batch_size=5000)
        self.clock.lap("suppliers, products and services", len(suppliers) + len(offerings))

        fill_search_vectors([s.pk for s in suppliers])
        self.clock.lap("supplier search vectors", len(suppliers))

        supplier_type = ContentType.objects.get_for_model(Supplier)
        audit = [
            AuditEvent(
                municipality_id=s.organisation.municipality_id,
                actor=self.coordinator(s.organisation.municipality_id),
                actor_role="coordinator",
                action=AuditAction.SUPPLIER_VERIFIED,
                content_type=supplier_type,
                object_id=s.pk,
                object_repr=s.organisation.name,
                changes={"status": ["pending", "verified"]},
                at=s.verified_at or self.now,
            )
            for s in verified
        ]
        verified_of: dict[int, list[Supplier]] = {}
        for supplier in verified:
            verified_of.setdefault(supplier.organisation.municipality_id, []).append(supplier)
        requests, quotes, tenders, realisations = [], [], [], []
        awards: list[Award] = []
        for m in self.municipalities:
            buyer = self.staff[(m.pk, "buyer")]
            for n in range(10):
                requests.append(
                    PurchaseRequest(
                        municipality=m,
                        posted_by=buyer,
                        title=f"Inkoopvraag {n + 1}: {rng.choice(CATEGORY_TITLES['cleaning'])}",
                        description="Wat, hoeveel, waar en wanneer.",
                        category=rng.choice(categories),
                        budget_min=Decimal(1000),
                        budget_max=Decimal(rng.randint(2000, 50000)),
                        deadline=self.today + timedelta(days=rng.randint(-300, 60)),
                        counts_towards_sroi=n % 3 == 0,
                        status=PurchaseRequest.Status.AWARDED if n < 3 else PurchaseRequest.Status.OPEN,
                    )
                )
            for n in range(3):
                tenders.append(
                    SroiTender(
                        municipality=m,
                        created_by=buyer,
                        title=f"Onderhoud openbare ruimte {m.name} {n + 1}",
                        reference=f"SROI-{m.slug}-{n + 1}",
                        contractor="Bouwbedrijf Voorbeeld B.V.",
                        contract_value=Decimal(rng.randint(200_000, 2_000_000)),
                        sroi_percentage=Decimal("5.00"),
                        start_date=date(rng.randint(FIRST_YEAR, self.today.year), 3, 1),
                    )
                )
        requests = insert(PurchaseRequest, requests)
        tenders = insert(SroiTender, tenders)
        # The bench entrepreneur's supplier answers the first request of its municipality.
        answering: dict[int, Supplier] = {}
        for supplier in verified:
            if supplier.organisation_id in self.known_entrepreneur_organisations:
                answering.setdefault(supplier.organisation.municipality_id, supplier)
        for n, request in enumerate(requests):
            suppliers = rng.sample(verified_of[request.municipality_id], 5)
            known = answering.pop(request.municipality_id, None)
            if known is not None and known not in suppliers:
                suppliers[0] = known
            for supplier in suppliers:
                quotes.append(
                    Quote(
                        purchase_request=request,
                        supplier=supplier,
                        message="Wij leveren dit graag, met leerwerkplekken.",
                        price=Decimal(rng.randint(1000, 20000)),
                        submitted_by=self.member_of[supplier.organisation_id],
                        shortlisted=n % 2 == 0,
                    )
                )
        quotes = insert(Quote, quotes)
        for quote in quotes:
            request = quote.purchase_request
            if request.status == PurchaseRequest.Status.AWARDED and not any(
                a.purchase_request_id == request.pk for a in awards[-1:]
            ):
                awards.append(
                    Award(
                        quote=quote,
                        purchase_request=request,
                        supplier=quote.supplier,
                        amount=quote.price,
                        awarded_on=min(request.deadline + timedelta(days=14), self.today),
                        awarded_by=request.posted_by,
                    )
                )
        awards = insert(Award, awards)
        # The requests were posted five weeks before their deadline, or yesterday (bulk_create stamps created_at with
        # the moment of the build).
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE procurement_purchaserequest SET created_at = "
                "LEAST(deadline - 35, current_date - 1) + interval '9 hours'"
            )
        request_type = ContentType.objects.get_for_model(PurchaseRequest)
        for request in requests:
            audit.append(
                AuditEvent(
                    municipality_id=request.municipality_id,
                    actor=request.posted_by,
                    actor_role="buyer",
                    action=AuditAction.REQUEST_POSTED,
                    content_type=request_type,
                    object_id=request.pk,
                    object_repr=request.title,
                    at=at_hour(min(request.deadline - timedelta(days=35), self.today - timedelta(days=1)), 9),
                )
            )
        for award in awards:
            audit.append(
                AuditEvent(
                    municipality_id=award.purchase_request.municipality_id,
                    actor=award.awarded_by,
                    actor_role="buyer",
                    action=AuditAction.AWARD_MADE,
                    content_type=request_type,
                    object_id=award.purchase_request_id,
                    object_repr=award.purchase_request.title,
                    related_type=supplier_type,
                    related_id=award.supplier_id,
                    details={"amount": str(award.amount), "awarded_on": award.awarded_on.isoformat()},
                    at=at_hour(award.awarded_on, 11),
                )
            )
        for tender in tenders:
            for n in range(4):
                realisations.append(
                    SroiRealisation(
                        tender=tender,
                        supplier=rng.choice(verified_of[tender.municipality_id]),
                        description=f"Inkoop bij sociale onderneming {n + 1}",
                        amount=Decimal(rng.randint(1000, 20000)),
                        date=tender.start_date + timedelta(days=30 * (n + 1)),
                        recorded_by=tender.created_by,
                        status=SroiRealisation.Status.ACCEPTED,  # the buyer's own records count at once
                        weight=100,
                    )
                )
        realisations = insert(SroiRealisation, realisations)
        audit = insert(AuditEvent, audit, batch_size=5000)
        self.verified = verified
        self.clock.lap(
            "requests, quotes, awards, SROI, audit",
            len(requests) + len(quotes) + len(awards) + len(tenders) + len(realisations) + len(audit),
        )

    def impact_reports(self) -> None:
        """Every fifth verified supplier reports its impact of every year in the course of the next; the coordinator
        accepted the reports of earlier years; of last year's, most are accepted, some await the check (all of those
        of the last weeks) and a few were returned. An audit event for each report submitted and each check, as
        procurement's services record them."""
        from django.contrib.contenttypes.models import ContentType

        from core.models import AuditEvent
        from procurement.models import AuditAction, ImpactReport, Supplier

        rng = self.rng
        reports = []
        last_year = self.today.year - 1
        for supplier in self.verified[::5]:
            municipality_id = supplier.organisation.municipality_id
            for year in range(FIRST_YEAR, self.today.year):
                submitted_at = moment(rng, date(year + 1, 1, 10), min(date(year + 1, 12, 15), self.today))
                checked_at = submitted_at + timedelta(days=rng.randint(3, 30))
                roll = rng.random() if year == last_year else 0.0
                status = "accepted" if roll < 0.7 else ("submitted" if roll < 0.9 else "returned")
                if checked_at > self.now:
                    status = "submitted"
                checked = status != "submitted"
                reports.append(
                    ImpactReport(
                        supplier=supplier,
                        year=year,
                        persons_employed=rng.randint(1, 40),
                        fte=Decimal(rng.randint(10, 300)) / 10,
                        trainees=rng.randint(0, 12),
                        co2_avoided=Decimal(rng.randint(0, 4000)) / 10 if rng.random() < 0.4 else None,
                        waste_diverted=Decimal(rng.randint(0, 4000)) / 10 if rng.random() < 0.4 else None,
                        people_reached=rng.randint(50, 5000) if rng.random() < 0.5 else None,
                        volunteers=rng.randint(0, 40) if rng.random() < 0.5 else None,
                        evidence_url=supplier.website,
                        status=status,
                        submitted_by=self.member_of[supplier.organisation_id],
                        submitted_at=submitted_at,
                        checked_by=self.coordinator(municipality_id) if checked else None,
                        checked_at=checked_at if checked else None,
                        comment="Graag de bron van de CO₂-cijfers toevoegen." if status == "returned" else "",
                    )
                )
        reports = insert(ImpactReport, reports)
        report_type = ContentType.objects.get_for_model(ImpactReport)
        supplier_type = ContentType.objects.get_for_model(Supplier)
        decided = {"accepted": AuditAction.IMPACT_ACCEPTED, "returned": AuditAction.IMPACT_RETURNED}
        audit = []
        for report in reports:
            about = {
                "municipality_id": report.supplier.organisation.municipality_id,
                "content_type": report_type,
                "object_id": report.pk,
                "object_repr": f"{report.supplier.organisation.name} – {report.year}",
                "related_type": supplier_type,
                "related_id": report.supplier_id,
            }
            audit.append(
                AuditEvent(
                    actor=report.submitted_by,
                    actor_role="entrepreneur",
                    action=AuditAction.IMPACT_REPORTED,
                    at=report.submitted_at,
                    **about,
                )
            )
            if report.status in decided:
                audit.append(
                    AuditEvent(
                        actor=report.checked_by,
                        actor_role="coordinator",
                        action=decided[report.status],
                        changes={"status": ["submitted", report.status]},
                        at=report.checked_at or self.now,
                        **about,
                    )
                )
        audit = insert(AuditEvent, audit, batch_size=5000)
        self.clock.lap("impact reports (+ audit)", len(reports) + len(audit))

    def private_buyers(self) -> None:
        """Per municipality three companies registered as private buyers, each with a member of role private buyer:
        one verified by the coordinator 75 days ago (as the demo's), with three purchase requests of its own (origin
        private) that the municipality's verified suppliers quoted on; one awaiting verification; one verified in
        the last week, which has not posted a request yet. Each verification with its audit event: companies keep
        joining, so the newest page of a municipality's procurement audit trail holds a buyer decision, as the
        demo's does."""
        from allauth.account.models import EmailAddress
        from django.contrib.auth.hashers import make_password
        from django.contrib.contenttypes.models import ContentType

        from accounts.models import BuyerStatus, Organisation, User
        from core.models import AuditEvent
        from procurement.models import AuditAction, Category, PurchaseRequest, Quote

        rng = self.rng

        def company(name, number: int, municipality, postcode: str, street_address: str, status, decided_at):
            return Organisation(
                name=f"{name} {municipality.name}",
                kind=Organisation.Kind.COMPANY,
                kvk_number=f"{60_000_000 + number:08d}",
                municipality=municipality,
                email=f"inkoop{number}@company.bench.test",
                postcode=postcode,
                city=municipality.name,
                street_address=street_address,
                buyer_status=status,
                buyer_decided_at=decided_at,
            )

        companies = []
        for n, municipality in enumerate(self.municipalities):
            for k, (name, status) in enumerate(
                [("Zorggroep", BuyerStatus.VERIFIED), ("Woningcorporatie", BuyerStatus.PENDING)]
            ):
                postcode = f"{rng.choice(self.postcodes[municipality.pk])} AB"
                decided_at = self.now - timedelta(days=75) if status == BuyerStatus.VERIFIED else None
                companies.append(
                    company(name, 2 * n + k, municipality, postcode, "Stationsplein 1", status, decided_at)
                )
        joined = [
            company(
                "Energiecoöperatie",
                len(companies) + n,
                municipality,
                f"{self.postcodes[municipality.pk][0]} AC",
                "Stationsplein 3",
                BuyerStatus.VERIFIED,
                at_hour((self.now - timedelta(days=1 + n % 7)).date(), 10),
            )
            for n, municipality in enumerate(self.municipalities)
        ]
        companies = insert(Organisation, companies + joined)
        joined = companies[-len(joined) :]
        password = make_password(BENCH_PASSWORD)
        buyers = insert(
            User,
            [
                User(
                    email=company.email,
                    name=f"Inkoper van {company.name}",
                    role=User.Role.PRIVATE_BUYER,
                    organisation=company,
                    password=password,
                )
                for company in companies
            ],
        )
        insert(EmailAddress, [EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in buyers])
        buyer_of = {user.organisation_id: user for user in buyers}
        verified = [c for c in companies if c.buyer_status == BuyerStatus.VERIFIED]
        organisation_type = ContentType.objects.get_for_model(Organisation)
        audit = insert(
            AuditEvent,
            [
                AuditEvent(
                    municipality_id=company.municipality_id,
                    actor=self.coordinator(company.municipality_id),
                    actor_role="coordinator",
                    action=AuditAction.BUYER_VERIFIED,
                    content_type=organisation_type,
                    object_id=company.pk,
                    object_repr=company.name,
                    changes={"buyer_status": [BuyerStatus.PENDING.value, BuyerStatus.VERIFIED.value]},
                    at=company.buyer_decided_at or self.now,
                )
                for company in verified
            ],
        )
        categories = list(Category.values)
        requests = insert(
            PurchaseRequest,
            [
                PurchaseRequest(
                    municipality_id=company.municipality_id,
                    organisation=company,
                    origin=PurchaseRequest.Origin.PRIVATE,
                    posted_by=buyer_of[company.pk],
                    title=f"{rng.choice(CATEGORY_TITLES['catering'])} voor {company.name} {n + 1}",
                    description="Wat, hoeveel, waar en wanneer.",
                    category=rng.choice(categories),
                    budget_min=Decimal(500),
                    budget_max=Decimal(rng.randint(1000, 20000)),
                    deadline=self.today + timedelta(days=rng.randint(-60, 45)),
                )
                for company in verified
                if company not in joined
                for n in range(3)
            ],
        )
        verified_suppliers_of: dict[int, list] = {}
        for supplier in self.verified:
            verified_suppliers_of.setdefault(supplier.organisation.municipality_id, []).append(supplier)
        quotes = insert(
            Quote,
            [
                Quote(
                    purchase_request=request,
                    supplier=supplier,
                    message="Wij leveren dit graag, met leerwerkplekken.",
                    price=Decimal(rng.randint(800, 15000)),
                    submitted_by=self.member_of[supplier.organisation_id],
                )
                for request in requests
                for supplier in rng.sample(verified_suppliers_of[request.municipality_id], 2)
            ],
        )
        rows = len(companies) + 2 * len(buyers) + len(audit) + len(requests) + len(quotes)
        self.clock.lap("private buyers and their requests", rows)

    # ------------------------------------------------------------ reporting

    def reporting(self) -> None:
        """Per municipality: last year's letter, published (with its approved, ready version, frozen with the
        reporting app's own `letter_content` and `live_figures`), and this year's as a draft, which the
        benchmark of 40 letters generates. The published versions have no PDF file: the load test reads lists."""
        from reporting import figures as figure_catalogue
        from reporting import services
        from reporting.demo import NETWORK_NOTES
        from reporting.models import FigureNote, Letter, LetterSection, LetterVersion

        published_years = [self.today.year - 1]
        letters = []
        for m in self.municipalities:
            coordinator = self.coordinator(m.pk)
            for year in [*published_years, self.today.year]:
                is_published = year != self.today.year
                letters.append(
                    Letter(
                        programme=self.programme_of[m.pk],
                        year=year,
                        subject=f"Update actieprogramma ondernemen met impact {year}",
                        author_name=coordinator.name,
                        phone="06-12345678",
                        our_reference=f"{m.slug.upper()[:4]}-{year}-001",
                        letter_date=date(year, 12, 2) if is_published else self.today,
                        introduction="Het actieprogramma vormt de basis voor het stimuleren van impactondernemerschap.",
                        developments="Samen met onze partners kwamen we tot zes actielijnen:",
                        closing="De samenwerking met onze partners leidde tot veel activiteiten.",
                        status=Letter.Status.PUBLISHED if is_published else Letter.Status.DRAFT,
                        published_at=self.now - timedelta(days=365 * (self.today.year - year))
                        if is_published
                        else None,
                        approved_at=self.now - timedelta(days=365 * (self.today.year - year) + 7)
                        if is_published
                        else None,
                        approved_by=coordinator if is_published else None,
                        is_public=is_published,
                        created_by=coordinator,
                    )
                )
        letters = insert(Letter, letters)
        sections = insert(
            LetterSection,
            [
                LetterSection(
                    letter=letter,
                    action_line=line,
                    figure_groups=figure_catalogue.default_groups_for(line.number),
                    body=(
                        f"In {letter.year} zijn onder deze actielijn [[line{line.number}_activities_held]] "
                        "activiteiten gehouden. Er zijn **[[matches_made]] matches** gemaakt en "
                        "[[matches_in_preparation]] zijn in voorbereiding.\n\n- samen met partners\n- online en fysiek"
                    ),
                )
                for letter in letters
                for line in self.lines_of[letter.programme_id]
            ],
        )
        published = [letter for letter in letters if letter.status == Letter.Status.PUBLISHED]
        versions = []
        for letter in published:
            coordinator = self.coordinator(letter.programme.municipality_id)
            approved = letter.approved_at
            assert approved is not None  # a published letter was approved
            versions.append(
                LetterVersion(
                    letter=letter,
                    number=1,
                    status=LetterVersion.Status.READY,
                    task_id=f"bench-{letter.pk}",
                    attempts=1,
                    content=services.letter_content(letter),
                    figures=services.live_figures(letter),
                    author=coordinator,
                    author_name=coordinator.name,
                    created_at=approved,
                    started_at=approved,
                    finished_at=approved,
                    render_seconds=1.0,
                )
            )
        versions = insert(LetterVersion, versions)
        for letter, version in zip(published, versions, strict=True):
            letter.approved_version = version
        Letter.objects.bulk_update(published, ["approved_version"])
        # What worked: every other municipality's coordinator wrote a note on a figure of its published letter (the
        # network's staff view), in the words of the demo's notes.
        notes = insert(
            FigureNote,
            [
                FigureNote(
                    letter_version=version,
                    figure=figure,
                    text=text,
                    author=self.coordinator(letter.programme.municipality_id),
                    created_at=version.created_at + timedelta(days=3),
                )
                for n, (letter, version) in enumerate(zip(published, versions, strict=True))
                if n % 2 == 0
                for _email, _letter, figure, text in [NETWORK_NOTES[n // 2 % len(NETWORK_NOTES)]]
            ],
        )
        self.letters = letters
        self.clock.lap(
            "council letters (+ frozen figures, notes)", len(letters) + len(sections) + len(versions) + len(notes)
        )

    # ------------------------------------------------------------ notifications

    def notifications(self) -> None:
        """What the portal told people, as its services word it: both sides' members of every match proposed in the
        last year (`match_proposed`), every applicant of the stage its application reached (`stage_moved`), the
        council members of the municipality's published letter (`letter_published`), every organisation's member of
        the survey its municipality sent a week ago (`survey_invited`, as surveys' `survey_send` words it). E-mailed
        straight away (the default), and read, except those of the last month."""
        from django.db import connection
        from django.urls import reverse

        from notifications.events import EVENTS, Delivery, msgid
        from notifications.models import Notification
        from programmes.challenges.models import Stage
        from reporting.models import Letter
        from surveys.services import day

        month_ago = self.now - timedelta(days=30)
        rows: list[Notification] = []

        def notify(user, event: str, key: str, params: dict, url: str, at: datetime) -> None:
            rows.append(
                Notification(
                    recipient=user,
                    kind=EVENTS[event].kind,
                    event=event,
                    key=key,
                    params=params,
                    url=url,
                    delivery=Delivery.IMMEDIATELY,
                    emailed_at=at,
                    read_at=at + timedelta(hours=5) if at < month_ago else None,
                )
            )

        year_ago = self.now - timedelta(days=365)
        for event in self.match_events:
            if event.created_at < year_ago:  # the last year's: people's lists hold those, the build stays quick
                continue
            match = event.match
            for organisation_id in {match.need.organisation_id, match.enterprise_id}:
                notify(
                    self.member_of[organisation_id],
                    "match_proposed",
                    f"match-event:{event.pk}",
                    {},
                    reverse("matching:match_detail", kwargs={"pk": match.pk}),
                    event.created_at,
                )
        for application in self.applications:
            if application.furthest_stage == Stage.APPLIED:
                continue
            moved = submitted(application) + timedelta(days=7)
            notify(
                application.applicant,
                "stage_moved",
                f"application:{application.pk}:stage:{application.stage}:{moved.timestamp()}",
                {"challenge": application.challenge.name, "stage": msgid(Stage(application.stage).label)},
                reverse("challenges:my_application", kwargs={"pk": application.pk}),
                moved,
            )
        for letter in self.letters:
            if letter.status != Letter.Status.PUBLISHED:
                continue
            municipality = self.municipality_by_pk[letter.programme.municipality_id]
            notify(
                self.staff[(municipality.pk, "council")],
                "letter_published",
                f"letter:{letter.pk}:published",
                {"subject": letter.subject, "year": letter.year, "municipality": municipality.name},
                reverse("reporting:published_letter", kwargs={"pk": letter.pk}),
                letter.published_at or self.now,
            )
        invited = {  # a survey's notification: its params and link
            survey.pk: (
                {
                    "municipality": self.municipality_by_pk[survey.municipality_id].name,
                    "title": survey.title,
                    "date": day(survey.closes_on),
                },
                reverse("surveys:answer", args=[survey.pk]),
            )
            for survey in self.surveys_sent
        }
        for invitation in self.survey_invitations:
            params, url = invited[invitation.survey_id]
            notify(
                self.member_of[invitation.organisation_id],
                "survey_invited",
                f"survey-invited-{invitation.survey_id}",
                params,
                url,
                invitation.invited_at,
            )
        rows = insert(Notification, rows, batch_size=5000)
        with connection.cursor() as cursor:  # created_at is stamped on insert; they came when they were e-mailed
            cursor.execute("UPDATE notifications_notification SET created_at = emailed_at")
        self.clock.lap("notifications", len(rows))

    # ------------------------------------------------------------ surveys

    def surveys(self) -> None:
        """Every municipality sent the demo's needs survey (its four questions) to all its organisations a week
        ago; about a third answered, the bench initiative among them (the bench entrepreneur has not yet, as in
        the demo)."""
        from surveys.demo import INTRODUCTION, QUESTIONS, TITLE
        from surveys.models import Answer, Audience, Invitation, Option, Question, Response, Survey

        rng = self.rng
        sent = self.now - timedelta(days=7)
        surveys = insert(
            Survey,
            [
                Survey(
                    municipality=m,
                    title=TITLE,
                    introduction=INTRODUCTION,
                    audience=Audience.ALL,
                    closes_on=self.today + timedelta(days=21),
                    retention_days=365,
                    created_by=self.coordinator(m.pk),
                    created_at=sent - timedelta(days=1),
                    sent_at=sent,
                )
                for m in self.municipalities
            ],
        )
        questions = []
        for survey in surveys:
            for position, (kind, dutch, english, extra) in enumerate(QUESTIONS, start=1):
                question = Question(
                    survey=survey,
                    position=position,
                    kind=kind,
                    text_nl=dutch,
                    text_en=english,
                    required=kind != Question.Kind.OPEN,
                )
                if kind == Question.Kind.SCALE:
                    (question.scale_low_nl, question.scale_low_en), (question.scale_high_nl, question.scale_high_en) = (
                        extra
                    )
                questions.append(question)
        questions = insert(Question, questions)
        options = insert(
            Option,
            [
                Option(question=question, position=n, text_nl=dutch, text_en=english)
                for question, (_kind, _dutch, _english, extra) in zip(questions, QUESTIONS * len(surveys), strict=True)
                if question.kind in Question.CHOICE_KINDS
                for n, (dutch, english) in enumerate(extra, start=1)
            ],
        )
        questions_of: dict[int, list[Question]] = {}
        options_of: dict[int, list[Option]] = {}
        for question in questions:
            questions_of.setdefault(question.survey_id, []).append(question)
        for option in options:
            options_of.setdefault(option.question_id, []).append(option)
        survey_of = {survey.municipality_id: survey for survey in surveys}
        invitations = insert(
            Invitation,
            [
                Invitation(survey=survey_of[o.municipality_id], organisation=o, invited_at=sent)
                for o in self.organisations
            ],
            batch_size=5000,
        )
        self.surveys_sent, self.survey_invitations = surveys, invitations
        answering = {member.organisation_id for member in self.known_initiative.values()}
        not_yet = {member.organisation_id for member in self.known_entrepreneur.values()}
        responses = insert(
            Response,
            [
                Response(
                    survey=survey_of[o.municipality_id],
                    organisation=o,
                    respondent=self.member_of[o.pk],
                    submitted_at=sent + timedelta(hours=rng.randint(1, 140)),
                )
                for o in self.organisations
                if o.pk not in not_yet and (o.pk in answering or rng.random() < 1 / 3)
            ],
            batch_size=5000,
        )
        answers = []
        for response in responses:
            single, multiple, scale, open_question = questions_of[response.survey_id]
            answers.append(Answer(response=response, question=single, option=rng.choice(options_of[single.pk])))
            for option in rng.sample(options_of[multiple.pk], rng.randint(1, 2)):
                answers.append(Answer(response=response, question=multiple, option=option))
            answers.append(Answer(response=response, question=scale, scale_value=rng.randint(2, 5)))
            if rng.random() < 0.3:
                answers.append(Answer(response=response, question=open_question, text="Meer contact met inkopers."))
        answers = insert(Answer, answers, batch_size=5000)
        rows = len(surveys) + len(questions) + len(options) + len(invitations) + len(responses) + len(answers)
        self.clock.lap("surveys, invitations, answers", rows)

    # ------------------------------------------------------------ all of it

    def build(self) -> float:
        from django.db import connection, transaction

        from accounts.models import Municipality

        if Municipality.objects.exists():
            raise SystemExit("The database is not empty; bench/run drops and creates it first.")
        with transaction.atomic():
            self.accounts()
            self.programmes()
            self.challenges()
            self.matching()
            self.procurement()
            self.impact_reports()
            self.private_buyers()
            self.reporting()
            self.surveys()
            self.notifications()  # of what the parts before made: matches, applications, letters, surveys
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.clock.lap("ANALYZE", 0)
        total = self.clock.total
        if not check_search_vectors():
            print("  WARNING: the bulk search vectors differ from procurement's own; the directory search is off")
        return total


def fill_search_vectors(supplier_ids: list[int], batch_size: int = 1000) -> None:
    """The suppliers' stored tsvectors, in bulk, by procurement's own `suppliers_refresh_search` (one UPDATE ...
    FROM (VALUES ...) per batch)."""
    from procurement.services import suppliers_refresh_search

    suppliers_refresh_search(supplier_ids, batch_size=batch_size)


def check_search_vectors(sample: int = 20) -> bool:
    """True when the service's `suppliers_refresh_search` gives the same vectors as the bulk fill for a sample."""
    from procurement.models import Supplier
    from procurement.services import suppliers_refresh_search

    ids = list(Supplier.objects.order_by("pk").values_list("pk", flat=True)[:sample])
    before = dict(Supplier.objects.filter(pk__in=ids).values_list("pk", "search_vector"))
    suppliers_refresh_search(ids)
    after = dict(Supplier.objects.filter(pk__in=ids).values_list("pk", "search_vector"))
    return before == after


def build_small() -> float:
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("seed_demo")
    return time.perf_counter() - start


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", choices=["scale", "small"])
    parser.add_argument("--factor", type=float, default=1.0, help="shrink the scale set, e.g. 0.1 for a quick trial")
    args = parser.parse_args(argv)
    setup_django()
    if args.size == "small":
        seconds = build_small()
    else:
        print(f"Building the scale data set (factor {args.factor:g}):", flush=True)
        seconds = ScaleBuilder(Scale().scaled(args.factor)).build()
    print(f"BUILD_SECONDS {seconds:.1f}", flush=True)


if __name__ == "__main__":
    main()
