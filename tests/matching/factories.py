"""Factories for matching. Coordinates are set directly (Groningen's city centre unless given)."""

import datetime
from decimal import Decimal

import factory

from accounts.models import Organisation
from matching.models import Beursvloer, Deal, Match, Need, Offer
from matching.services import listing_set_themes
from tests.factories import MunicipalityFactory, OrganisationFactory

GRONINGEN_CENTRE = (53.2194, 6.5665)


class NeedFactory(factory.django.DjangoModelFactory[Need]):
    class Meta:
        model = Need
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, kind=Organisation.Kind.INITIATIVE, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Hulpvraag {n}")
    story = "Wij zoeken hulp voor onze buurt."
    help_time = True
    postcode = "9712 AB"
    place = "Groningen"
    latitude = GRONINGEN_CENTRE[0]
    longitude = GRONINGEN_CENTRE[1]

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            listing_set_themes(listing=obj, themes=extracted)


class OfferFactory(factory.django.DjangoModelFactory[Offer]):
    class Meta:
        model = Offer
        skip_postgeneration_save = True

    municipality = factory.SubFactory(MunicipalityFactory)
    organisation = factory.SubFactory(
        OrganisationFactory, kind=Organisation.Kind.ENTERPRISE, municipality=factory.SelfAttribute("..municipality")
    )
    title = factory.Sequence(lambda n: f"Aanbod {n}")
    description = "Wij helpen graag."
    help_time = True
    hours = 10
    postcode = "9712 AB"
    place = "Groningen"
    latitude = GRONINGEN_CENTRE[0]
    longitude = GRONINGEN_CENTRE[1]
    radius_km = 25

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        if create and extracted:
            listing_set_themes(listing=obj, themes=extracted)


class MatchFactory(factory.django.DjangoModelFactory[Match]):
    class Meta:
        model = Match

    need = factory.SubFactory(NeedFactory)
    municipality = factory.SelfAttribute("need.municipality")
    enterprise = factory.SubFactory(
        OrganisationFactory, kind=Organisation.Kind.ENTERPRISE, municipality=factory.SelfAttribute("..municipality")
    )
    status = Match.Status.SUGGESTED
    help_time = True


class BeursvloerFactory(factory.django.DjangoModelFactory[Beursvloer]):
    class Meta:
        model = Beursvloer

    municipality = factory.SubFactory(MunicipalityFactory)
    name = factory.Sequence(lambda n: f"Beursvloer {n}")
    date = datetime.date(2026, 10, 1)
    place = "Stadhuis"


class BuySocialFactory(BeursvloerFactory):
    kind = Beursvloer.Kind.BUY_SOCIAL
    name = factory.Sequence(lambda n: f"Buy Social Marktplaats {n}")


class DealFactory(factory.django.DjangoModelFactory[Deal]):
    class Meta:
        model = Deal

    beursvloer = factory.SubFactory(BuySocialFactory)
    company = factory.SubFactory(
        OrganisationFactory,
        kind=Organisation.Kind.COMPANY,
        municipality=factory.SelfAttribute("..beursvloer.municipality"),
    )
    enterprise = factory.SubFactory(
        OrganisationFactory,
        kind=Organisation.Kind.ENTERPRISE,
        municipality=factory.SelfAttribute("..beursvloer.municipality"),
    )
    agreement = "Schoonmaak van de bouwketen"
    expected_amount = Decimal("1000.00")
    for_social_return = True
