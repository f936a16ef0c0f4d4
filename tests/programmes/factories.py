"""Factories for programmes: programmes, action lines, activities, partners, service-point questions."""

from datetime import timedelta

import factory
from django.utils import timezone

from programmes.models import (
    ActionLine,
    Activity,
    Application,
    Challenge,
    ChallengeQuestion,
    Criterion,
    Indicator,
    IndicatorValue,
    Partner,
    Programme,
    Question,
    Review,
    Stage,
)
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Partner {n}")


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Ondernemen met impact {n}")
    start_year = 2019
    end_year = factory.LazyFunction(lambda: max(timezone.localdate().year, 2022))
    ambition = "Meer impactondernemers, zichtbaarder en professioneler."


class ActionLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionLine

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Actielijn {n + 1}")
    goal = "Impactondernemers helpen zich te professionaliseren."


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    action_line = factory.SubFactory(ActionLineFactory)
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "bijeenkomsten"


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2020
    target = 10
    actual = 7


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    action_line = factory.SubFactory(ActionLineFactory)
    kind = Activity.Kind.IMPACT_CAFE
    title = factory.Sequence(lambda n: f"Impactcafé {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    mode = Activity.Mode.PHYSICAL
    location = "Het Kielzog, Groningen"
    status = Activity.Status.PLANNED


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    municipality = factory.SubFactory(MunicipalityFactory)
    name = "Aylin Demir"
    email = factory.Sequence(lambda n: f"vrager{n}@example.nl")
    subject = factory.Sequence(lambda n: f"Vraag over subsidie {n}")
    body = "Welke regelingen zijn er voor een startende sociale onderneming?"


# ---------------------------------------------------------------- challenges


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge
        skip_postgeneration_save = True

    action_line = factory.SubFactory(ActionLineFactory)
    name = factory.Sequence(lambda n: f"Sociale Ondernemers Challenge {n}")
    call_text = "Heeft u een onderneming die een maatschappelijk probleem oplost? Meld u aan."
    eligibility = "Startende en bestaande sociale ondernemers uit de gemeente."
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=20))
    finale_on = None
    scale_min = 1
    scale_max = 10


class ChallengeQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChallengeQuestion

    challenge = factory.SubFactory(ChallengeFactory)
    position = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Vraag {n}: welk probleem lost u op?")
    required = True


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    challenge = factory.SubFactory(ChallengeFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Criterium {n}")
    weight = 1


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    challenge = factory.SubFactory(ChallengeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Plan {n}")
    summary = "Werkervaringsplekken voor jongeren met een afstand tot de arbeidsmarkt."
    submitted_at = factory.LazyFunction(timezone.now)
    stage = Stage.APPLIED
    furthest_stage = factory.LazyAttribute(lambda o: o.stage if o.stage != Stage.NOT_SELECTED else Stage.APPLIED)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory)
    juror = factory.SubFactory(UserFactory, role="jury")


PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
