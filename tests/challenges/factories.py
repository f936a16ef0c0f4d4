"""Factories for challenges: challenges, their questions and criteria, applications and reviews."""

from datetime import timedelta

import factory
from django.utils import timezone

from programmes.challenges.models import (
    Application,
    Challenge,
    ChallengeQuestion,
    CoachingSession,
    Criterion,
    Financier,
    FinancingTable,
    Review,
    Stage,
    TablePlan,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import ActionLineFactory


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


class CoachingSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingSession

    application = factory.SubFactory(ApplicationFactory, stage=Stage.COACHED)
    coach = factory.LazyAttribute(lambda o: o.application.coach)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    duration_minutes = 60
    notes = "We hebben het verdienmodel doorgenomen."


class FinancingTableFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FinancingTable

    challenge = factory.SubFactory(ChallengeFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    place = "Het Rijksmuseum Twenthe, Enschede"
    description = "De finalisten presenteren hun plan."


class FinancierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Financier

    table = factory.SubFactory(FinancingTableFactory)
    name = factory.Sequence(lambda n: f"Financier {n}")
    organisation = factory.Sequence(lambda n: f"Fonds {n}")
    email = factory.Sequence(lambda n: f"financier{n}@fonds.test")


class TablePlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TablePlan

    table = factory.SubFactory(FinancingTableFactory)
    application = factory.SubFactory(
        ApplicationFactory, challenge=factory.SelfAttribute("..table.challenge"), stage=Stage.FINALIST
    )
    requested_amount = 25000
