"""Factories for programmes: programmes, action lines, activities, partners, service-point questions."""

from datetime import timedelta

import factory
from django.utils import timezone

from programmes.models import (
    ActionLine,
    Activity,
    Indicator,
    IndicatorValue,
    Partner,
    PartnerDesk,
    Programme,
    Question,
)
from tests.factories import MunicipalityFactory


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


class PartnerDeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerDesk
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Impact Noord {n}")

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)
