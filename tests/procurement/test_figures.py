"""The figures the council letter reads through procurement_figures(municipality, year), and the figures page."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from procurement.models import PurchaseRequest, Supplier
from procurement.selectors import procurement_figures
from tests.factories import ThemeFactory

from .factories import AwardFactory, PurchaseRequestFactory, SroiRealisationFactory, SroiTenderFactory, SupplierFactory

pytestmark = pytest.mark.django_db


def at(year, month=6, day=1):
    return dt.datetime(year, month, day, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def year_2020(groningen, haarlem):
    work = ThemeFactory(code="work")
    for status, submitted, verified in [
        (Supplier.Status.VERIFIED, at(2019), at(2019, 9)),
        (Supplier.Status.VERIFIED, at(2020), at(2020, 10)),
        (Supplier.Status.VERIFIED, at(2020), at(2021, 2)),  # verified only in 2021
        (Supplier.Status.PENDING, at(2020), None),
        (Supplier.Status.REJECTED, at(2020), None),
        (Supplier.Status.VERIFIED, at(2021), at(2021, 3)),  # registered after 2020
    ]:
        supplier = SupplierFactory(organisation__municipality=groningen, status=status, verified_at=verified)
        Supplier.objects.filter(pk=supplier.pk).update(submitted_at=submitted)
    SupplierFactory(organisation__municipality=haarlem, verified_at=at(2020))
    supplier = SupplierFactory(organisation__municipality=groningen)
    supplier.themes.set([work])
    for created, status in [
        (at(2020, 1), "awarded"),
        (at(2020, 3), "awarded"),
        (at(2020, 5), "open"),
        (at(2021), "open"),
    ]:
        request = PurchaseRequestFactory(municipality=groningen, status=status)
        PurchaseRequest.objects.filter(pk=request.pk).update(created_at=created)
    for amount, day in [
        ("4850.00", dt.date(2020, 2, 20)),
        ("18500.00", dt.date(2020, 4, 15)),
        ("99.00", dt.date(2021, 1, 1)),
    ]:
        AwardFactory(
            quote__purchase_request__municipality=groningen,
            quote__supplier=supplier,
            amount=Decimal(amount),
            awarded_on=day,
        )
    tender = SroiTenderFactory(municipality=groningen, contract_value=Decimal("1800000"), sroi_percentage=Decimal("5"))
    SroiRealisationFactory(tender=tender, amount=Decimal("34150.00"))
    SroiTenderFactory(municipality=groningen, start_date=dt.date(2021, 1, 1))
    return groningen


def test_it_reports_suppliers_requests_spend_and_sroi_of_a_year(year_2020):
    figures = procurement_figures(year_2020, 2020)

    # the theme-bearing supplier is registered now (not in 2020)
    assert (figures.suppliers_registered, figures.suppliers_registered_in_year, figures.suppliers_verified) == (5, 4, 2)
    assert (figures.requests_posted, figures.requests_awarded) == (3, 2)
    assert figures.spend_total == Decimal("23350.00")
    assert [(row["theme"].code, row["amount"]) for row in figures.spend_per_theme] == [("work", Decimal("23350.00"))]
    assert (figures.sroi.required, figures.sroi.realised) == (Decimal("90000.00"), Decimal("34150.00"))


def test_a_year_without_anything_reports_zeros(groningen):
    figures = procurement_figures(groningen, 2015)

    assert figures.suppliers_registered == 0 and figures.spend_total == 0 and figures.spend_per_theme == []
    assert figures.sroi.required == 0 and figures.sroi.percentage == 100


def test_the_council_member_reads_the_figures_of_a_chosen_year(client, council_member, year_2020):
    client.force_login(council_member)

    response = client.get(reverse("procurement:figures"), {"jaar": "2020"})

    html = response.content.decode()
    assert response.context["figures"].year == 2020
    assert "23.350,00" in html and "90.000,00" in html and "34.150,00" in html
    assert "2.020" not in html  # years are not numbers with a thousands separator


@pytest.mark.parametrize("year", ["abc", "1850", "99999999999999999999"])
def test_a_strange_year_falls_back_to_the_latest(client, council_member, year):
    client.force_login(council_member)

    response = client.get(reverse("procurement:figures"), {"jaar": year})

    assert response.status_code == 200
    assert response.context["figures"].year == timezone.localdate().year


def test_the_figures_page_costs_the_same_queries_with_or_without_social_return_in_the_year(client, council_member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(council_member)
    municipality = council_member.municipality

    def queries_of_2020() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("procurement:figures"), {"jaar": "2020"}).status_code == 200
        return len(captured)

    SroiTenderFactory(municipality=municipality, start_date=dt.date(2021, 1, 1))  # a tender, not in 2020
    without = queries_of_2020()
    tender = SroiTenderFactory(municipality=municipality, start_date=dt.date(2020, 3, 1))
    SroiRealisationFactory(tender=tender, amount=Decimal("1000.00"))

    assert queries_of_2020() == without
