"""Demo data of surveys: Groningen's coordinator has sent the needs survey "Behoeftepeiling impactondernemers" to
the municipality's entrepreneurs and initiatives (Groningen built action line 1 on such a survey by the
Hanzehogeschool, seed 001). Several of them answered; Kringloopbedrijf De Vondst (ondernemer@impactportaal.test)
has not yet, so that a reviewer can answer it. Its first question's leading answer is cited on action line 1 in the
letter about 2020."""

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.demo import ensure_user
from accounts.models import Municipality, Organisation, User
from core.demo import seed_step
from programmes.models import ActionLine

from . import services
from .models import Audience, Question, Survey
from .services import Given

TITLE = "Behoeftepeiling impactondernemers"
INTRODUCTION = (
    "De gemeente Groningen wil haar programma Ondernemen met Impact laten aansluiten op wat u als impactondernemer "
    "of initiatief nodig hebt. Het invullen kost ongeveer vijf minuten. Per organisatie antwoordt één persoon."
)

# (kind, Dutch, English, [(choice in Dutch, in English)] or the scale's ends)
QUESTIONS: list[tuple[str, str, str, Any]] = [
    (
        Question.Kind.SINGLE,
        "Wat is op dit moment uw eerste behoefte?",
        "What is your first need at the moment?",
        [
            ("Toegang tot inkopers", "Access to buyers"),
            ("Financiering", "Financing"),
            ("Netwerk met andere impactondernemers", "A network of other impact entrepreneurs"),
            ("Kennis over het meten van impact", "Knowledge of measuring impact"),
            ("Huisvesting", "Premises"),
        ],
    ),
    (
        Question.Kind.MULTIPLE,
        "Van welke ondersteuning zou u gebruikmaken?",
        "Which support would you use?",
        [
            ("Impactcafés en avondcolleges", "Impact cafés and evening lectures"),
            ("Coaching door mkb-ondernemers", "Coaching by SME entrepreneurs"),
            ("Het gemeentelijk servicepunt", "The municipal service point"),
            ("Kennisexcursies", "Study visits"),
        ],
    ),
    (
        Question.Kind.SCALE,
        "Hoe tevreden bent u over de ondersteuning door de gemeente?",
        "How satisfied are you with the municipality's support?",
        (("Zeer ontevreden", "Very dissatisfied"), ("Zeer tevreden", "Very satisfied")),
    ),
    (
        Question.Kind.OPEN,
        "Wat moet de gemeente volgens u als eerste aanpakken?",
        "What should the municipality tackle first, in your view?",
        None,
    ),
]

# Who answered: (e-mail, name, organisation, first need, support used, satisfaction, open answer)
RESPONDENTS = [
    (
        "koffie@impactportaal.test",
        "Yusuf Demir",
        "Koffiebranderij Het Goede Bonen",
        1,
        [1, 2],
        4,
        "Breng ons in contact met de inkopers van de gemeente en van grote bedrijven.",
    ),
    (
        "groenedaken@impactportaal.test",
        "Ilse Wiersma",
        "Groene Daken Noord",
        1,
        [2, 4],
        3,
        "Maak kleinere kavels bij aanbestedingen, zodat wij kunnen meedingen.",
    ),
    ("initiatief@impactportaal.test", "Jan de Vries", "Helpdesk050", 3, [1, 3], 4, ""),
]


# The other demo organisations of Groningen with a member answer too, in this order of (first need, support used,
# satisfaction): access to buyers leads, as in Groningen's own needs survey.
MORE_ANSWERS = [
    (1, [1], 4),
    (2, [2, 3], 3),
    (1, [2], 4),
    (4, [1, 4], 5),
    (1, [1, 2], 3),
    (3, [3], 4),
    (2, [2], 2),
    (1, [1, 3], 4),
    (5, [4], 3),
    (1, [2, 4], 4),
]
# Kringloopbedrijf De Vondst (ondernemer@impactportaal.test) is left to answer by whoever tries the demo.
LEFT_TO_ANSWER = "Kringloopbedrijf De Vondst"


def _other_respondents(survey: Survey) -> list[User]:
    """One member of each invited organisation that has not answered, other than the one left for the reviewer."""
    answered = survey.responses.values("organisation_id")
    members = (
        User.objects.filter(
            is_active=True, role__in=User.ORGANISATION_ROLES, organisation__survey_invitations__survey=survey
        )
        .exclude(organisation__in=answered)
        .exclude(organisation__name=LEFT_TO_ANSWER)
        .order_by("organisation__name", "pk")
    )
    chosen: dict[int, User] = {}
    for member in members:
        chosen.setdefault(member.organisation_id, member)
    return list(chosen.values())


def _questions(survey: Survey, coordinator: User) -> None:
    for position, (kind, dutch, english, extra) in enumerate(QUESTIONS, start=1):
        data = {"position": position, "kind": kind, "text_nl": dutch, "text_en": english, "required": True}
        options = []
        if kind == Question.Kind.SCALE:
            (low_nl, low_en), (high_nl, high_en) = extra
            data |= {"scale_low_nl": low_nl, "scale_low_en": low_en, "scale_high_nl": high_nl, "scale_high_en": high_en}
        elif kind == Question.Kind.OPEN:
            data["required"] = False
        else:
            options = list(extra)
        services.question_save(actor=coordinator, survey=survey, question=None, data=data, options=options)


def _answer(survey: Survey, person: User, first: int, support: list[int], satisfaction: int, text: str) -> None:
    questions = list(survey.questions.prefetch_related("options"))
    single, multiple, scale, open_question = questions
    single_options, multiple_options = list(single.options.all()), list(multiple.options.all())
    services.response_submit(
        user=person,
        survey=survey,
        given={
            single.pk: Given(option_ids=(single_options[first - 1].pk,)),
            multiple.pk: Given(option_ids=tuple(multiple_options[number - 1].pk for number in support)),
            scale.pk: Given(scale_value=satisfaction),
            open_question.pk: Given(text=text),
        },
    )


@seed_step(order=58)
@transaction.atomic
def seed_groningen_needs_survey() -> None:
    groningen = Municipality.objects.filter(slug="groningen").first()
    coordinator = User.objects.filter(email="coordinator@impactportaal.test").first()
    if groningen is None or coordinator is None or Survey.objects.filter(municipality=groningen, title=TITLE).exists():
        return
    survey = services.survey_create(
        actor=coordinator,
        municipality=groningen,
        data={
            "title": TITLE,
            "introduction": INTRODUCTION,
            "audience": Audience.ALL,
            "closes_on": timezone.localdate() + timedelta(days=21),
            "retention_days": 365,
        },
    )
    _questions(survey, coordinator)
    for email, name, organisation_name, *_rest in RESPONDENTS:
        organisation = Organisation.objects.get(name=organisation_name, municipality=groningen)
        role = User.Role.INITIATIVE if organisation.kind == Organisation.Kind.INITIATIVE else User.Role.ENTREPRENEUR
        ensure_user(email, name=name, role=role, organisation=organisation)
    services.survey_send(actor=coordinator, survey=survey)
    for email, _name, _organisation, first, support, satisfaction, text in RESPONDENTS:
        _answer(survey, User.objects.get(email=email), first, support, satisfaction, text)
    for person, (first, support, satisfaction) in zip(_other_respondents(survey), MORE_ANSWERS, strict=False):
        _answer(survey, person, first, support, satisfaction, "")
    action_line = ActionLine.objects.filter(programme__municipality=groningen, number=1).order_by(
        "programme__start_year"
    )
    first_need = survey.questions.get(position=1)
    if action_line.exists():
        services.citation_save(
            actor=coordinator,
            survey=survey,
            action_line=action_line.first(),
            year=2020,
            data={
                "question": first_need,
                "option": first_need.options.get(position=1),
                "statement_nl": "ondernemers noemen toegang tot inkopers als eerste behoefte",
                "statement_en": "entrepreneurs name access to buyers as their first need",
            },
        )
