"""A coordinator verifies or rejects registrations; the entrepreneur hears it; the audit trail keeps it."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.audit import entries_of
from core.models import AuditEvent
from procurement import services
from procurement.models import AuditAction, Supplier

from .factories import OfferingFactory, SupplierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending(entrepreneur):
    supplier = SupplierFactory(organisation=entrepreneur.organisation, status=Supplier.Status.PENDING, verified_at=None)
    OfferingFactory(supplier=supplier, title="Vergaderlunch")
    return supplier


def test_it_verifies_a_registration_tells_the_entrepreneur_and_records_who_when_what(
    client, coordinator, entrepreneur, pending, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("procurement:supplier_verify", kwargs={"pk": pending.pk}), {"reason": "Criteria gecontroleerd."}
        )

    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.status == Supplier.Status.VERIFIED and pending.verified_at is not None
    entry = entries_of(pending).get(action=AuditAction.SUPPLIER_VERIFIED)
    assert (entry.actor, entry.actor_role, entry.reason) == (coordinator, "coordinator", "Criteria gecontroleerd.")
    assert entry.changes["status"] == ["pending", "verified"]
    assert [m.to for m in mail.outbox] == [[entrepreneur.email]]
    assert "geverifieerd" in mail.outbox[0].subject
    assert pending.get_absolute_url() in mail.outbox[0].body
    page = client.get(reverse("procurement:register_supplier", kwargs={"pk": pending.pk}))
    assert coordinator.name in page.content.decode()


def test_it_rejects_only_with_a_reason_and_mails_that_reason(
    client, coordinator, entrepreneur, pending, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    url = reverse("procurement:supplier_reject", kwargs={"pk": pending.pk})

    without = client.post(url, {"reason": "  "})

    assert without.status_code == 200
    assert without.context["form"].errors["reason"]
    pending.refresh_from_db()
    assert pending.status == Supplier.Status.PENDING
    assert not AuditEvent.objects.filter(action=AuditAction.SUPPLIER_REJECTED).exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"reason": "Winst wordt uitgekeerd aan aandeelhouders."})

    pending.refresh_from_db()
    assert pending.status == Supplier.Status.REJECTED
    assert "Winst wordt uitgekeerd aan aandeelhouders." in mail.outbox[0].body
    assert AuditEvent.objects.get(action=AuditAction.SUPPLIER_REJECTED).reason.startswith("Winst")
    registration = client.get(reverse("procurement:registration"))
    assert registration.status_code == 404  # the coordinator has no registration of their own


def test_the_entrepreneur_reads_the_reason_on_their_registration(client, coordinator, entrepreneur, pending):
    services.supplier_change_status(supplier=pending, to=Supplier.Status.REJECTED, actor=coordinator, reason="Te vaag.")
    client.force_login(entrepreneur)

    assert "Te vaag." in client.get(reverse("procurement:registration")).content.decode()


def test_it_refuses_a_transition_that_is_not_allowed(coordinator, pending):
    services.supplier_change_status(supplier=pending, to=Supplier.Status.VERIFIED, actor=coordinator)

    with pytest.raises(ValidationError):
        services.supplier_change_status(supplier=pending, to=Supplier.Status.VERIFIED, actor=coordinator)
    with pytest.raises(ValidationError):
        services.supplier_change_status(supplier=pending, to=Supplier.Status.PENDING, actor=coordinator)


def test_a_second_verify_click_shows_a_message_instead_of_an_error(client, coordinator, pending):
    client.force_login(coordinator)
    url = reverse("procurement:supplier_verify", kwargs={"pk": pending.pk})
    client.post(url, {"reason": ""})

    again = client.post(url, {"reason": ""})

    assert again.status_code == 200
    assert again.context["form"].non_field_errors()


def test_a_withdrawn_verification_takes_the_supplier_out_of_the_directory(client, coordinator):
    supplier = SupplierFactory(organisation__municipality=coordinator.municipality)
    profile = reverse("procurement:supplier_profile", kwargs={"pk": supplier.pk})
    assert client.get(profile).status_code == 200

    services.supplier_change_status(
        supplier=supplier, to=Supplier.Status.REJECTED, actor=coordinator, reason="Geen sociale onderneming meer."
    )

    assert client.get(profile).status_code == 404
    assert supplier not in client.get(reverse("procurement:directory")).context["suppliers"]


def test_a_coordinator_of_another_municipality_cannot_decide(client, other_coordinator, pending):
    client.force_login(other_coordinator)

    response = client.post(reverse("procurement:supplier_verify", kwargs={"pk": pending.pk}))

    assert response.status_code == 404
    pending.refresh_from_db()
    assert pending.status == Supplier.Status.PENDING


def test_the_register_lists_pending_registrations_first_and_filters(client, coordinator, groningen, haarlem):
    SupplierFactory(organisation__municipality=groningen, organisation__name="Aardig Verified")
    waiting = SupplierFactory(
        organisation__municipality=groningen, organisation__name="Zuinig Pending", status=Supplier.Status.PENDING
    )
    SupplierFactory(organisation__municipality=haarlem, organisation__name="Haarlems")
    client.force_login(coordinator)

    listed = list(client.get(reverse("procurement:register")).context["page_obj"])
    pending_only = list(client.get(reverse("procurement:register"), {"status": "pending"}).context["page_obj"])

    assert [s.organisation.name for s in listed] == ["Zuinig Pending", "Aardig Verified"]
    assert pending_only == [waiting]


def test_the_audit_log_shows_the_municipalitys_decisions_only(client, coordinator, other_coordinator, pending):
    services.supplier_change_status(supplier=pending, to=Supplier.Status.VERIFIED, actor=coordinator)
    client.force_login(coordinator)
    assert len(client.get(reverse("procurement:audit_log")).context["page_obj"].object_list) == 1
    client.force_login(other_coordinator)
    assert len(client.get(reverse("procurement:audit_log")).context["page_obj"].object_list) == 0


def test_the_audit_log_shows_who_what_about_whom_the_amount_and_the_reason(client, coordinator, buyer, pending):
    from decimal import Decimal

    from .factories import PurchaseRequestFactory, QuoteFactory

    services.supplier_change_status(
        supplier=pending, to=Supplier.Status.REJECTED, actor=coordinator, reason="Winst gaat naar de aandeelhouders."
    )
    quote = QuoteFactory(
        purchase_request=PurchaseRequestFactory(
            municipality=coordinator.municipality, posted_by=buyer, title="Lunches voor de impactcafés"
        )
    )
    services.award_make(quote=quote, actor=buyer, amount=Decimal("4850"))
    client.force_login(coordinator)

    page = client.get(reverse("procurement:audit_log")).content.decode()

    assert "Gegund" in page and "Leverancier afgewezen" in page
    assert f"Lunches voor de impactcafés: {quote.supplier.organisation.name}" in page
    assert pending.organisation.name in page and "Winst gaat naar de aandeelhouders." in page
    assert "€&nbsp;4.850,00" in page
    assert coordinator.name in page and buyer.name in page


def test_the_audit_log_keeps_the_role_of_an_erased_actor_and_not_their_name(client, coordinator, pending, groningen):
    from accounts.services import user_erase
    from tests.factories import UserFactory

    colleague = UserFactory(role="coordinator", municipality=groningen, name="Carla Coördinator")
    services.supplier_change_status(supplier=pending, to=Supplier.Status.VERIFIED, actor=colleague)
    user_erase(user=colleague, actor=coordinator, reason="Verzoek van Carla")
    client.force_login(coordinator)

    table = client.get(reverse("procurement:audit_log")).content.decode().split("<table", 1)[1]

    assert "Leverancier geverifieerd" in table
    assert "Carla" not in table
    assert "Coördinator" in table  # the role of whoever it was
