"""The demo data: Groningen's list of impact companies, Haarlem's Buy Social suppliers, requests, awards, SROI."""

import pytest

from accounts.demo import seed_accounts
from accounts.models import Municipality
from core.models import AuditEvent
from procurement.demo import seed_procurement
from procurement.models import Award, Offering, PurchaseRequest, Quote, SroiRealisation, Supplier
from procurement.selectors import procurement_figures

pytestmark = pytest.mark.django_db


def counts():
    return [
        model.objects.count()
        for model in (Supplier, Offering, PurchaseRequest, Quote, Award, SroiRealisation, AuditEvent)
    ]


def test_the_demo_has_almost_forty_groningen_suppliers_and_a_second_run_changes_nothing():
    seed_accounts()
    seed_procurement()
    first = counts()

    seed_accounts()
    seed_procurement()

    assert counts() == first
    groningen = Municipality.objects.get(slug="groningen")
    suppliers = Supplier.objects.in_municipality(groningen)
    assert 35 <= suppliers.count() <= 40
    assert suppliers.verified().count() >= 30
    assert Supplier.objects.in_municipality(Municipality.objects.get(slug="haarlem")).verified().count() >= 5
    assert not Supplier.objects.filter(offerings__isnull=True).exists()
    figures = procurement_figures(groningen, 2020)
    assert figures.requests_awarded >= 3 and figures.spend_total > 0
    assert figures.sroi.required > figures.sroi.realised > 0
