"""An entrepreneur registers their enterprise as an impact supplier, with products and services."""

from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from core.audit import entries_of
from procurement.models import AuditAction, Offering, Supplier
from tests.factories import OrganisationFactory, UserFactory

from .factories import OfferingFactory, SupplierFactory
from .helpers import registration_data

pytestmark = pytest.mark.django_db

EDIT = reverse("procurement:registration_edit")


def test_it_registers_a_supplier_awaiting_verification_and_tells_the_coordinators(
    client, entrepreneur, coordinator, other_coordinator, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(EDIT, registration_data())

    assert response.status_code == 302
    supplier = Supplier.objects.get(organisation=entrepreneur.organisation)
    assert supplier.status == Supplier.Status.PENDING
    assert supplier.postcode == "9712 AB"
    assert (supplier.impact_first, supplier.code_sociale_ondernemingen, supplier.social_enterprise_nl) == (
        True,
        True,
        False,
    )
    assert supplier.staff_distance_share == 55
    assert [(o.title, o.category, o.price) for o in supplier.offerings.all()] == [
        ("Vergaderlunch", "catering", Decimal("12.50"))
    ]
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert entrepreneur.organisation.name in mail.outbox[0].subject
    assert entries_of(supplier).get().action == AuditAction.SUPPLIER_REGISTERED
    page = client.get(reverse("procurement:registration"))
    assert "Wacht op verificatie" in page.content.decode() or "Awaiting verification" in page.content.decode()


def test_it_locates_the_supplier_from_its_postcode(client, entrepreneur):
    client.force_login(entrepreneur)

    client.post(EDIT, registration_data(postcode="9712 AB"))

    supplier = Supplier.objects.get(organisation=entrepreneur.organisation)
    assert 53.0 < supplier.latitude < 53.4 and 6.4 < supplier.longitude < 6.8


def test_it_asks_for_at_least_one_product_or_service_and_stores_nothing(client, entrepreneur):
    client.force_login(entrepreneur)

    response = client.post(EDIT, registration_data(**{"offerings-0-title": "", "offerings-0-category": ""}))

    assert response.status_code == 200
    assert "title" in response.context["formset"].forms[0].errors
    assert not Supplier.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("staff_distance_share", "101"),
        ("staff_distance_share", "-5"),
        ("postcode", "12345"),
        ("description", ""),
        ("website", "javascript:alert(1)"),
    ],
)
def test_it_refuses_bad_registration_fields_with_a_message(client, entrepreneur, field, value):
    client.force_login(entrepreneur)

    response = client.post(EDIT, registration_data(**{field: value}))

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Supplier.objects.exists()


def test_it_refuses_a_negative_price(client, entrepreneur):
    client.force_login(entrepreneur)

    response = client.post(EDIT, registration_data(**{"offerings-0-price": "-1"}))

    assert response.status_code == 200
    assert "price" in response.context["formset"].forms[0].errors
    assert not Offering.objects.exists()


def test_it_updates_adds_and_removes_products_of_its_own_registration(client, entrepreneur):
    supplier = SupplierFactory(organisation=entrepreneur.organisation)
    kept = OfferingFactory(supplier=supplier, title="Lunch")
    removed = OfferingFactory(supplier=supplier, title="Diner")
    client.force_login(entrepreneur)
    data = registration_data(
        **{
            "offerings-TOTAL_FORMS": "3",
            "offerings-INITIAL_FORMS": "2",
            "offerings-0-id": str(kept.pk),
            "offerings-0-title": "Lunch deluxe",
            "offerings-1-id": str(removed.pk),
            "offerings-1-kind": "service",
            "offerings-1-title": "Diner",
            "offerings-1-category": "catering",
            "offerings-1-DELETE": "on",
            "offerings-2-kind": "service",
            "offerings-2-title": "Borrel",
            "offerings-2-category": "events",
        }
    )

    response = client.post(EDIT, data)

    assert response.status_code == 302
    assert sorted(supplier.offerings.values_list("title", flat=True)) == ["Borrel", "Lunch deluxe"]
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.VERIFIED  # an edit keeps a verified registration verified


def test_it_never_touches_the_products_of_another_supplier(client, entrepreneur):
    SupplierFactory(organisation=entrepreneur.organisation)
    other = OfferingFactory(title="Van een ander")
    client.force_login(entrepreneur)

    client.post(
        EDIT,
        registration_data(
            **{"offerings-INITIAL_FORMS": "1", "offerings-0-id": str(other.pk), "offerings-0-title": "Gekaapt"}
        ),
    )

    other.refresh_from_db()
    assert other.title == "Van een ander"


def test_it_sends_an_edited_rejected_registration_back_for_verification(
    client, entrepreneur, coordinator, django_capture_on_commit_callbacks
):
    supplier = SupplierFactory(organisation=entrepreneur.organisation, status=Supplier.Status.REJECTED)
    OfferingFactory(supplier=supplier)
    client.force_login(entrepreneur)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(EDIT, registration_data())

    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.PENDING
    assert entries_of(supplier).filter(action=AuditAction.SUPPLIER_RESUBMITTED).exists()
    assert [m.to for m in mail.outbox] == [[coordinator.email]]


def test_it_prefills_a_new_registration_from_the_organisation(client, entrepreneur):
    entrepreneur.organisation.postcode = "9711 CD"
    entrepreneur.organisation.save()
    client.force_login(entrepreneur)

    response = client.get(EDIT)

    assert response.context["form"].initial["postcode"] == "9711 CD"


def test_it_shows_an_initiative_no_registration(client, initiative):
    client.force_login(initiative)

    assert client.get(EDIT).status_code == 404


def test_it_shows_the_requests_page_with_an_explanation_before_verification(client, entrepreneur):
    SupplierFactory(organisation=entrepreneur.organisation, status=Supplier.Status.PENDING)
    client.force_login(entrepreneur)

    response = client.get(reverse("procurement:supplier_requests"))

    assert response.status_code == 200
    assert response.context["page_obj"] is None


def test_a_second_member_of_the_organisation_edits_the_same_registration(client, entrepreneur):
    supplier = SupplierFactory(organisation=entrepreneur.organisation)
    OfferingFactory(supplier=supplier)
    colleague = UserFactory(role="entrepreneur", organisation=entrepreneur.organisation)
    stranger = UserFactory(role="entrepreneur", organisation=OrganisationFactory())
    client.force_login(colleague)
    assert client.get(reverse("procurement:registration")).context["supplier"] == supplier
    client.force_login(stranger)
    assert client.get(reverse("procurement:registration")).context["supplier"] is None


@pytest.mark.parametrize(
    "overrides",
    [
        {"themes": "99999999999999999999999999"},
        {"delivery_municipalities": "-1"},
        {"offerings-INITIAL_FORMS": "1", "offerings-0-id": "99999999999999999999999999"},
        {"offerings-TOTAL_FORMS": "1000000"},
    ],
)
def test_ids_no_database_can_hold_are_refused_on_the_form(client, entrepreneur, overrides):
    client.force_login(entrepreneur)

    response = client.post(EDIT, registration_data(**overrides))

    assert response.status_code == 200
    assert not Supplier.objects.exists()
