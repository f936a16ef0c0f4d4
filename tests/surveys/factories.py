"""Surveys for tests: a draft or sent survey of Groningen with one question of each kind."""

from datetime import timedelta

from django.utils import timezone

from surveys import services
from surveys.models import Audience, Question, Survey

QUESTIONS = [
    (
        Question.Kind.SINGLE,
        "Wat is uw eerste behoefte?",
        "What is your first need?",
        [("Toegang tot inkopers", "Access to buyers"), ("Financiering", "Financing"), ("Huisvesting", "Premises")],
    ),
    (
        Question.Kind.MULTIPLE,
        "Welke ondersteuning gebruikt u?",
        "Which support do you use?",
        [("Coaching", "Coaching"), ("Netwerk", "Network"), ("Servicepunt", "Service point")],
    ),
    (Question.Kind.SCALE, "Hoe tevreden bent u?", "How satisfied are you?", None),
    (Question.Kind.OPEN, "Wat moet de gemeente doen?", "What should the municipality do?", None),
]


def make_survey(coordinator, *, title="Behoeftepeiling", closes_in_days=14, audience=Audience.ALL, **extra) -> Survey:
    survey = services.survey_create(
        actor=coordinator,
        municipality=coordinator.municipality,
        data={
            "title": title,
            "introduction": "Vijf minuten.",
            "audience": audience,
            "closes_on": timezone.localdate() + timedelta(days=closes_in_days),
            "retention_days": 365,
            **extra,
        },
    )
    for position, (kind, dutch, english, options) in enumerate(QUESTIONS, start=1):
        data = {"position": position, "kind": kind, "text_nl": dutch, "text_en": english, "required": True}
        if kind == Question.Kind.SCALE:
            data |= {"scale_low_nl": "Slecht", "scale_low_en": "Poor", "scale_high_nl": "Goed", "scale_high_en": "Good"}
        if kind == Question.Kind.OPEN:
            data["required"] = False
        services.question_save(actor=coordinator, survey=survey, question=None, data=data, options=options or [])
    return survey


def sent_survey(coordinator, **kwargs) -> Survey:
    survey = make_survey(coordinator, **kwargs)
    services.survey_send(actor=coordinator, survey=survey)
    survey.refresh_from_db()
    return survey


def questions(survey: Survey) -> list[Question]:
    return list(survey.questions.prefetch_related("options"))


def answer_data(survey: Survey, *, first: int = 0, support=(0, 1), scale: int = 4, text: str = "Meer inkopers") -> dict:
    """The POST data of the answer form: the first question's `first` choice, the second's `support` choices."""
    single, multiple, scale_question, open_question = questions(survey)
    return {
        f"question_{single.pk}": str(list(single.options.all())[first].pk),
        f"question_{multiple.pk}": [str(list(multiple.options.all())[n].pk) for n in support],
        f"question_{scale_question.pk}": str(scale),
        f"question_{open_question.pk}": text,
    }


def answer(user, survey: Survey, *, first: int = 0, support=(0, 1), scale: int = 4, text: str = "Meer inkopers"):
    """`user` answers for their organisation through the service."""
    from surveys.services import Given

    single, multiple, scale_question, open_question = questions(survey)
    return services.response_submit(
        user=user,
        survey=survey,
        given={
            single.pk: Given(option_ids=(list(single.options.all())[first].pk,)),
            multiple.pk: Given(option_ids=tuple(list(multiple.options.all())[n].pk for n in support)),
            scale_question.pk: Given(scale_value=scale),
            open_question.pk: Given(text=text),
        },
    )
