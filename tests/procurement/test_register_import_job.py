"""The register import runs as a Celery job: the page shows its progress, it is all or nothing, a row that
cannot be stored fails it with the lines named, and a row never attaches to an organisation someone signed up
with unless the coordinator ticks it."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from core.models import AuditEvent
from procurement import imports, tasks
from procurement.models import AuditAction, Offering, RegisterImport, Supplier
from tests.factories import OrganisationFactory, UserFactory

from .factories import RegisterImportFactory, SupplierFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("procurement:register_import")
HEADER = "naam;kvk;postcode;plaats;email;telefoon;categorieen;aanbod"


def row(number: int, **cells) -> str:
    values = {
        "naam": f"Leverancier {number}",
        "kvk": str(70_000_000 + number),
        "postcode": "9711 GH",
        "plaats": "Groningen",
        "email": f"info{number}@leverancier.example.nl",
        "telefoon": "050 123 4567",
        "categorieen": "catering",
        "aanbod": "Vergaderlunch",
    } | cells
    return ";".join(values.values())


def uploaded(client, *lines: str) -> str:
    response = client.post(
        IMPORT,
        {"file": SimpleUploadedFile("register.csv", "\n".join([HEADER, *lines]).encode(), content_type="text/csv")},
    )
    assert response.status_code == 302
    return response["Location"]


def htmx_get(client, url):
    return client.get(url, headers={"HX-Request": "true"})


# ---------------------------------------------------------------- the job and its progress


def test_the_confirmed_import_is_a_job_whose_progress_the_page_shows_until_it_is_done(client, coordinator):
    client.force_login(coordinator)
    page = uploaded(client, row(1), row(2))

    confirmed = client.post(page, {})  # committed, not yet run: the broker (here: the test) has the job
    register_import = RegisterImport.objects.get()
    progress_url = reverse("procurement:register_import_progress", kwargs={"pk": register_import.pk})

    assert confirmed.status_code == 302 and confirmed["Location"] == page
    assert register_import.status == RegisterImport.Status.QUEUED and not Supplier.objects.exists()
    waiting = client.get(page).content.decode()
    assert f'hx-get="{progress_url}"' in waiting and "wachtrij" in waiting
    assert 'hx-trigger="every 2s"' in htmx_get(client, progress_url).content.decode()

    assert tasks.run_register_import(register_import.pk) == {
        "created": 2,
        "updated": 0,
        "skipped": 0,
        "not_attached": 0,
        "not_attached_lines": [],
    }

    done = htmx_get(client, progress_url).content.decode()
    assert "2 nieuwe leveranciers" in done and "hx-trigger" not in done and "<html" not in done
    assert Supplier.objects.count() == 2
    assert RegisterImport.objects.get().status == RegisterImport.Status.IMPORTED


def test_a_job_delivered_twice_imports_once(coordinator):
    register_import = RegisterImportFactory(municipality=coordinator.municipality, content="\n".join([HEADER, row(1)]))
    imports.register_import_confirm(register_import=register_import, user=coordinator, skip_invalid=False, verify=True)

    tasks.run_register_import(register_import.pk)
    again = tasks.run_register_import(register_import.pk)

    assert again is None
    assert Supplier.objects.verified().count() == 1 and Offering.objects.count() == 1
    assert AuditEvent.objects.filter(action=AuditAction.SUPPLIERS_IMPORTED).count() == 1


def test_a_row_that_cannot_be_stored_fails_the_whole_import_naming_its_lines(client, coordinator):
    too_long = "a" * 250 + "@leverancier.example.nl"  # a valid address, longer than the 254 an e-mail field holds
    client.force_login(coordinator)
    page = uploaded(client, row(1), row(2, email=too_long), row(3), row(4, email=too_long))

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(page, {})

    register_import = RegisterImport.objects.get()
    assert register_import.status == RegisterImport.Status.FAILED
    assert not Supplier.objects.exists() and not AuditEvent.objects.filter(action=AuditAction.SUPPLIER_REGISTERED)
    shown = client.get(page).content.decode()
    assert "Er is niets geïmporteerd" in shown
    assert "regel 3:" in shown and "regel 5:" in shown and "regel 2:" not in shown

    with TestCase.captureOnCommitCallbacks(execute=True):  # a failed import may be tried again
        client.post(page, {"skip_invalid": "on"})
    assert RegisterImport.objects.get().status == RegisterImport.Status.FAILED


def test_a_file_that_became_unreadable_fails_with_a_message_not_a_500(client, coordinator):
    register_import = RegisterImportFactory(municipality=coordinator.municipality, content="voornaam\nJan\n")
    RegisterImport.objects.filter(pk=register_import.pk).update(status=RegisterImport.Status.QUEUED)

    tasks.run_register_import.apply(args=(register_import.pk,))

    register_import.refresh_from_db()
    assert register_import.status == RegisterImport.Status.FAILED and "kvk" in register_import.error


# ---------------------------------------------------------------- organisations someone signed up with


@pytest.fixture
def strangers_organisation(groningen):
    """An enterprise that someone signed up with, not (yet) a supplier."""
    organisation = OrganisationFactory(municipality=groningen, kind="enterprise", kvk_number="70000002", name="Echt BV")
    UserFactory(role="entrepreneur", organisation=organisation)
    return organisation


def test_the_preview_flags_a_row_that_names_an_organisation_with_accounts(client, coordinator, strangers_organisation):
    client.force_login(coordinator)

    page = client.get(uploaded(client, row(1), row(2, naam="Kaper BV")))

    flagged = [r for r in page.context["rows"] if r.needs_consent]
    assert [(r.line, r.existing.name, r.existing.members) for r in flagged] == [(3, "Echt BV", 1)]
    text = page.content.decode()
    assert "Echt BV" in text and "1 account" in text
    assert 'name="attach" value="70000002"' in text and "checked" not in text.split('value="70000002"')[1][:20]


def test_a_row_that_names_an_organisation_with_accounts_is_skipped_unless_ticked(
    client, coordinator, strangers_organisation, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    page = uploaded(client, row(1), row(2, naam="Kaper BV", email="kaper@example.nl"))

    with django_capture_on_commit_callbacks(execute=True):
        client.post(page, {"verify": "on"})

    assert not Supplier.objects.filter(organisation=strangers_organisation).exists()
    assert list(Supplier.objects.values_list("organisation__name", flat=True)) == ["Leverancier 1"]
    assert RegisterImport.objects.get().result["not_attached_lines"] == [3]
    assert "regel 3" in client.get(page).content.decode()
    assert all("kaper@example.nl" not in message.to for message in mail.outbox)


def test_a_row_is_attached_to_an_organisation_with_accounts_when_the_coordinator_ticks_it(
    client, coordinator, strangers_organisation
):
    client.force_login(coordinator)
    page = uploaded(client, row(1), row(2, naam="Echt BV"))

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(page, {"attach": ["70000002"]})

    supplier = Supplier.objects.get(organisation=strangers_organisation)
    assert supplier.status == Supplier.Status.PENDING and supplier.contact_email == "info2@leverancier.example.nl"
    assert RegisterImport.objects.get().result["not_attached"] == 0


def test_an_existing_supplier_with_accounts_keeps_its_details_unless_ticked(client, coordinator, entrepreneur):
    supplier = SupplierFactory(organisation=entrepreneur.organisation, contact_email="eigen@example.nl")
    kvk = entrepreneur.organisation.kvk_number
    client.force_login(coordinator)
    page = uploaded(client, row(1, kvk=kvk, email="vreemd@example.nl", aanbod="Iets anders"))

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(page, {})

    supplier.refresh_from_db()
    assert supplier.contact_email == "eigen@example.nl" and not supplier.offerings.filter(title="Iets anders")


def test_another_municipalitys_coordinator_gets_no_progress(client, coordinator, other_coordinator):
    register_import = RegisterImportFactory(municipality=coordinator.municipality, status=RegisterImport.Status.RUNNING)
    client.force_login(other_coordinator)

    url = reverse("procurement:register_import_progress", kwargs={"pk": register_import.pk})

    assert htmx_get(client, url).status_code == 404


def test_a_row_updates_a_supplier_of_the_register_without_accounts(client, coordinator, groningen):
    supplier = SupplierFactory(
        organisation__municipality=groningen, organisation__kvk_number="70000001", city="Ten Boer"
    )
    client.force_login(coordinator)
    page = uploaded(client, row(1, plaats="Haren", telefoon="06 1234 5678"))

    assert "zonder accounts" in client.get(page).content.decode()
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(page, {})

    supplier.refresh_from_db()
    assert (supplier.city, supplier.contact_phone, supplier.status) == ("Haren", "06 1234 5678", "verified")
    assert list(supplier.offerings.values_list("title", flat=True)) == ["Vergaderlunch"]
