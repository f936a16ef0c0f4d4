"""Factories for procurement. Suppliers are verified unless said otherwise."""

import datetime as dt
from decimal import Decimal

import factory
from django.utils import timezone

from procurement.models import (
    Award,
    Category,
    ImpactReport,
    Offering,
    PurchaseRequest,
    Quote,
    RegisterImport,
    SroiRealisation,
    SroiTender,
    Supplier,
)
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory


class SupplierFactory(factory.django.DjangoModelFactory[Supplier]):
    class Meta:
        model = Supplier

    organisation = factory.SubFactory(OrganisationFactory)
    status = Supplier.Status.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)
    description = "Wij verzorgen lunches voor kantoren."
    impact = "Werk voor mensen met een afstand tot de arbeidsmarkt."
    impact_first = True
    independent_enterprise = True
    economically_independent = True
    social_governance = True
    postcode = "9712 AB"
    city = "Groningen"
    latitude = 53.2194
    longitude = 6.5665
    contact_name = "Anna de Boer"
    contact_email = factory.Sequence(lambda n: f"contact{n}@leverancier.example.nl")
    contact_phone = "050 123 45 67"


class OfferingFactory(factory.django.DjangoModelFactory[Offering]):
    class Meta:
        model = Offering

    supplier = factory.SubFactory(SupplierFactory)
    kind = Offering.Kind.SERVICE
    title = factory.Sequence(lambda n: f"Dienst {n}")
    category = Category.CATERING
    price = Decimal("12.50")
    unit = "per persoon"


class PurchaseRequestFactory(factory.django.DjangoModelFactory[PurchaseRequest]):
    class Meta:
        model = PurchaseRequest

    municipality = factory.SubFactory(MunicipalityFactory)
    posted_by = factory.SubFactory(UserFactory, role="buyer", municipality=factory.SelfAttribute("..municipality"))
    title = factory.Sequence(lambda n: f"Inkoopvraag {n}")
    description = "Lunches voor twaalf bijeenkomsten."
    category = Category.CATERING
    budget_min = Decimal("1000.00")
    budget_max = Decimal("5000.00")
    deadline = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))


class QuoteFactory(factory.django.DjangoModelFactory[Quote]):
    class Meta:
        model = Quote

    purchase_request = factory.SubFactory(PurchaseRequestFactory)
    supplier = factory.SubFactory(SupplierFactory)
    message = "Wij leveren graag."
    price = Decimal("2500.00")


class AwardFactory(factory.django.DjangoModelFactory[Award]):
    class Meta:
        model = Award

    quote = factory.SubFactory(QuoteFactory)
    purchase_request = factory.SelfAttribute("quote.purchase_request")
    supplier = factory.SelfAttribute("quote.supplier")
    amount = Decimal("2500.00")
    awarded_on = factory.LazyFunction(timezone.localdate)


class SroiTenderFactory(factory.django.DjangoModelFactory[SroiTender]):
    class Meta:
        model = SroiTender

    municipality = factory.SubFactory(MunicipalityFactory)
    title = factory.Sequence(lambda n: f"Aanbesteding {n}")
    contractor = "Bouwbedrijf Noord BV"
    contract_value = Decimal("1000000.00")
    sroi_percentage = Decimal("5.00")
    start_date = dt.date(2020, 3, 1)


class SroiRealisationFactory(factory.django.DjangoModelFactory[SroiRealisation]):
    class Meta:
        model = SroiRealisation

    tender = factory.SubFactory(SroiTenderFactory)
    supplier = factory.SubFactory(SupplierFactory)
    description = "Schoonmaak bouwketen"
    amount = Decimal("10000.00")
    date = dt.date(2020, 6, 1)
    status = SroiRealisation.Status.ACCEPTED  # as the buyer records one; contractors' await the check
    weight = 100


class RegisterImportFactory(factory.django.DjangoModelFactory[RegisterImport]):
    class Meta:
        model = RegisterImport

    municipality = factory.SubFactory(MunicipalityFactory)
    filename = "register.csv"
    content = "naam;kvk\nDe Nieuwe Lunchroom;87654321\n"
    encoding = "utf-8"


class ImpactReportFactory(factory.django.DjangoModelFactory[ImpactReport]):
    """A report about 2020 awaiting a check."""

    class Meta:
        model = ImpactReport

    supplier = factory.SubFactory(SupplierFactory)
    year = 2020
    persons_employed = 10
    fte = Decimal("7.50")
    trainees = 3
    volunteers = 4
