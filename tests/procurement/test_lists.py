"""Every list page of procurement is paginated and takes the same number of queries for few or many rows."""

import pytest
from django.urls import reverse

from procurement import services
from procurement.models import Category, Supplier

from .factories import (
    OfferingFactory,
    PurchaseRequestFactory,
    QuoteFactory,
    SroiRealisationFactory,
    SroiTenderFactory,
    SupplierFactory,
)

pytestmark = pytest.mark.django_db


def register_rows(world, count):
    for _ in range(count):
        supplier = SupplierFactory(organisation__municipality=world["groningen"], status=Supplier.Status.PENDING)
        OfferingFactory(supplier=supplier)
        services.supplier_change_status(supplier=supplier, to=Supplier.Status.VERIFIED, actor=world["coordinator"])


def request_rows(world, count):
    for _ in range(count):
        purchase_request = PurchaseRequestFactory(municipality=world["groningen"], category=Category.CATERING)
        QuoteFactory(purchase_request=purchase_request)


def tender_rows(world, count):
    for _ in range(count):
        SroiRealisationFactory(tender=SroiTenderFactory(municipality=world["groningen"]))


PAGES = [
    ("procurement:register", "coordinator", register_rows),
    ("procurement:audit_log", "coordinator", register_rows),
    ("procurement:supplier_requests", "entrepreneur", request_rows),
    ("procurement:tenders", "buyer", tender_rows),
]


@pytest.mark.parametrize(("url_name", "role", "add_rows"), PAGES, ids=[page[0] for page in PAGES])
def test_the_list_takes_the_same_number_of_queries_for_few_or_many_rows(
    client, groningen, coordinator, entrepreneur, buyer, django_assert_max_num_queries, url_name, role, add_rows
):
    world = {"groningen": groningen, "coordinator": coordinator, "entrepreneur": entrepreneur, "buyer": buyer}
    supplier = SupplierFactory(organisation=entrepreneur.organisation)
    OfferingFactory(supplier=supplier, category=Category.CATERING)
    client.force_login(world[role])

    add_rows(world, 2)
    with django_assert_max_num_queries(15) as few:
        assert client.get(reverse(url_name)).status_code == 200
    add_rows(world, 55)
    with django_assert_max_num_queries(15) as many:
        response = client.get(reverse(url_name))

    assert len(many.captured_queries) == len(few.captured_queries)
    assert response.context["page_obj"].paginator.num_pages > 1
