"""An erased entrepreneur's supplier registration: withdrawn when they were its only contact, handed to a
colleague otherwise; in the download before; and unconfirmed register files keep their raw content only a week."""

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from conftest import require_postgresql
from core.audit import entries_of
from procurement import services
from procurement.models import AuditAction, RegisterImport, Supplier
from procurement.search import text_search
from procurement.tasks import erase_unconfirmed_register_imports
from tests.factories import PASSWORD, UserFactory

from .factories import QuoteFactory, RegisterImportFactory
from .helpers import registration_data

pytestmark = pytest.mark.django_db

EDIT = reverse("procurement:registration_edit")
ERASE = reverse("accounts:my_account_erase")


@pytest.fixture
def registered(client, entrepreneur, coordinator):
    """An entrepreneur, Aylin Demir, registered and verified as her enterprise's only contact."""
    entrepreneur.name, entrepreneur.phone = "Aylin Demir", "06 11 22 33 44"
    entrepreneur.save()
    client.force_login(entrepreneur)
    client.post(
        EDIT,
        registration_data(
            contact_name="Aylin Demir",
            contact_email=entrepreneur.email,
            contact_phone="06 11 22 33 44",
            contact_public="on",
            description="Bakkerij van Aylin Demir, met brood uit eigen oven.",
        ),
    )
    supplier = Supplier.objects.get(organisation=entrepreneur.organisation)
    services.supplier_change_status(supplier=supplier, to=Supplier.Status.VERIFIED, actor=coordinator)
    return supplier


def test_the_download_holds_the_registration_and_its_quotes(client, entrepreneur, registered):
    QuoteFactory(supplier=registered, message="Wij bakken graag voor u, groet Aylin", submitted_by=entrepreneur)

    data = json.loads(client.get(reverse("accounts:my_data_download")).content)

    assert data["procurement"]["supplier_registration"]["contact_name"] == "Aylin Demir"
    assert data["procurement"]["supplier_registration"]["offerings"][0]["title"] == "Vergaderlunch"
    assert data["procurement"]["quotes"][0]["message"] == "Wij bakken graag voor u, groet Aylin"


def test_an_erased_only_contact_withdraws_the_registration_from_the_directory_and_its_csv(
    client, entrepreneur, registered
):
    profile = reverse("procurement:supplier_profile", args=[registered.pk])
    assert "Aylin Demir" in client.get(profile).content.decode()
    quote = QuoteFactory(supplier=registered, message="Groet, Aylin Demir")

    client.post(ERASE, {"password": PASSWORD, "confirm": "on"})

    registered.refresh_from_db()
    quote.refresh_from_db()
    assert registered.status == Supplier.Status.REJECTED
    assert (registered.contact_name, registered.contact_email, registered.contact_phone) == ("", "", "")
    assert "Aylin" not in registered.description and "Aylin" not in quote.message
    directory = client.get(reverse("procurement:directory")).content.decode()
    csv = client.get(reverse("procurement:directory_export")).content.decode()
    assert registered.organisation.name not in directory and registered.organisation.name not in csv
    assert "Aylin" not in csv and client.get(profile).status_code == 404
    withdrawal = entries_of(registered).get(action=AuditAction.SUPPLIER_WITHDRAWN)
    assert (withdrawal.actor, withdrawal.actor_role) == (None, "entrepreneur")
    assert not any("Aylin" in str(vars(entry)) for entry in entries_of(registered))


def test_with_a_colleague_remaining_the_registration_stays_verified_with_the_colleague_as_contact(
    client, entrepreneur, registered
):
    colleague = UserFactory(role="entrepreneur", organisation=entrepreneur.organisation, name="Bram Smit")

    client.post(ERASE, {"password": PASSWORD, "confirm": "on"})

    registered.refresh_from_db()
    assert registered.status == Supplier.Status.VERIFIED
    assert (registered.contact_name, registered.contact_email) == ("Bram Smit", colleague.email)
    assert not registered.contact_public  # the colleague's details are not published without their say
    assert entries_of(registered).filter(changes__contact_name__1="Bram Smit").exists()
    assert not any("Aylin Demir" in str(vars(entry)) for entry in entries_of(registered))


def test_the_search_vector_no_longer_finds_the_erased_person(client, entrepreneur, registered):
    require_postgresql("the stored search vector is PostgreSQL's")
    assert text_search(Supplier.objects.all(), "Demir").exists()

    client.post(ERASE, {"password": PASSWORD, "confirm": "on"})

    assert not text_search(Supplier.objects.all(), "Demir").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_vector::text FROM procurement_supplier WHERE id = %s", [registered.pk])
        assert "demir" not in cursor.fetchone()[0].lower()


def test_unconfirmed_register_files_lose_their_raw_content_after_a_week(groningen):
    old = RegisterImportFactory(municipality=groningen)
    recent = RegisterImportFactory(municipality=groningen)
    RegisterImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))

    assert erase_unconfirmed_register_imports() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.content == "" and old.filename == "register.csv"
    assert "Lunchroom" in recent.content


def test_a_queued_or_running_import_keeps_the_file_its_job_reads(groningen):
    queued = RegisterImportFactory(municipality=groningen, status=RegisterImport.Status.QUEUED)
    running = RegisterImportFactory(municipality=groningen, status=RegisterImport.Status.RUNNING)
    RegisterImport.objects.update(created_at=timezone.now() - timedelta(days=8))

    assert erase_unconfirmed_register_imports() == 0

    assert "Lunchroom" in RegisterImport.objects.get(pk=queued.pk).content
    assert "Lunchroom" in RegisterImport.objects.get(pk=running.pk).content


def test_the_daily_job_for_register_files_is_scheduled_with_celery_beat(settings):
    schedule = settings.CELERY_BEAT_SCHEDULE["erase-unconfirmed-register-imports"]

    assert schedule["task"] == erase_unconfirmed_register_imports.name
    assert schedule["schedule"] == 24 * 60 * 60
