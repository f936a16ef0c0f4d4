"""A verified supplier whose organisation changes its name or KvK number goes back for verification: the move is
in the audit trail with the old and new values, the coordinators are told, and the directory drops it."""

import pytest
from django.core import mail
from django.urls import reverse

from core.audit import entries_of
from procurement.models import AuditAction, Supplier

from .factories import OfferingFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def verified(entrepreneur):
    supplier = SupplierFactory(organisation=entrepreneur.organisation)
    OfferingFactory(supplier=supplier, title="Vergaderlunch")
    return supplier


def organisation_form(organisation, **change) -> dict:
    data = {
        "name": organisation.name,
        "kvk_number": organisation.kvk_number or "",
        "description": "Lunches met een missie",
        "website": "https://lunchroom.example.nl",
        "email": "info@lunchroom.example.nl",
        "phone": "050 123 4567",
        "postcode": "9712 AB",
        "city": "Groningen",
    }
    return data | change


def test_a_verified_supplier_that_changes_its_name_and_kvk_number_awaits_verification_again(
    client, entrepreneur, coordinator, other_coordinator, verified, django_capture_on_commit_callbacks
):
    organisation = entrepreneur.organisation
    old_name, old_kvk = organisation.name, organisation.kvk_number
    client.force_login(entrepreneur)
    assert client.get(reverse("procurement:supplier_profile", kwargs={"pk": verified.pk})).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:organisation_edit"),
            organisation_form(organisation, name="Andere Naam BV", kvk_number="99887766"),
        )

    assert response.status_code == 302
    verified.refresh_from_db()
    assert verified.status == Supplier.Status.PENDING
    entry = entries_of(verified).get(action=AuditAction.SUPPLIER_IDENTITY_CHANGED)
    assert (entry.actor, entry.actor_role) == (entrepreneur, "entrepreneur")
    assert entry.changes == {
        "name": [old_name, "Andere Naam BV"],
        "kvk_number": [old_kvk, "99887766"],
        "status": ["verified", "pending"],
    }
    assert [message.to for message in mail.outbox] == [[coordinator.email]]  # not Haarlem's coordinator
    assert "Andere Naam BV" in mail.outbox[0].subject and old_name in mail.outbox[0].body
    assert reverse("procurement:register_supplier", kwargs={"pk": verified.pk}) in mail.outbox[0].body
    client.logout()
    assert client.get(reverse("procurement:supplier_profile", kwargs={"pk": verified.pk})).status_code == 404
    assert "Andere Naam BV" not in client.get(reverse("procurement:directory")).content.decode()


def test_the_coordinators_mail_is_in_their_language(
    client, entrepreneur, coordinator, verified, django_capture_on_commit_callbacks
):
    coordinator.language = "en"
    coordinator.save()
    client.force_login(entrepreneur)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:organisation_edit"), organisation_form(entrepreneur.organisation, name="Nieuw"))

    assert "changed its name or KvK number" in mail.outbox[0].body


def test_other_changes_to_the_organisation_keep_the_supplier_verified(
    client, entrepreneur, coordinator, verified, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("accounts:organisation_edit"),
            organisation_form(entrepreneur.organisation, description="Nu ook soep", city="Haren"),
        )

    verified.refresh_from_db()
    assert verified.status == Supplier.Status.VERIFIED
    assert not entries_of(verified).filter(action=AuditAction.SUPPLIER_IDENTITY_CHANGED).exists()
    assert mail.outbox == []


@pytest.mark.parametrize("status", [Supplier.Status.PENDING, Supplier.Status.REJECTED])
def test_a_supplier_not_verified_keeps_its_status_when_renamed(client, entrepreneur, coordinator, status):
    supplier = SupplierFactory(organisation=entrepreneur.organisation, status=status, verified_at=None)
    client.force_login(entrepreneur)

    client.post(reverse("accounts:organisation_edit"), organisation_form(entrepreneur.organisation, name="Nieuw"))

    supplier.refresh_from_db()
    assert supplier.status == status
