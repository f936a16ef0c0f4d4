"""The KvK register in procurement: the register import asks it about every row (its report says what it said),
the monthly job flags verified suppliers that were deregistered, the coordinator sees them, and the public
directory no longer lists them."""

import pytest
from django.urls import reverse

from accounts.models import KvkStatus, Organisation
from procurement import tasks
from procurement.models import RegisterImport, Supplier
from reporting.start import start_page
from tests import kvk_server
from tests.factories import OrganisationFactory

from .factories import SupplierFactory
from .test_register_import_job import row, uploaded

pytestmark = pytest.mark.django_db


def imported(client, coordinator, *lines: str, skip_invalid: bool = True) -> RegisterImport:
    client.force_login(coordinator)
    page = uploaded(client, *lines)
    client.post(page, {"skip_invalid": "on"} if skip_invalid else {})
    register_import = RegisterImport.objects.get()
    tasks.run_register_import(register_import.pk)
    register_import.refresh_from_db()
    return register_import


# ---------------------------------------------------------------- the register import


def test_the_import_asks_the_register_about_each_row_and_reports_it(client, coordinator, kvk_register):
    register_import = imported(
        client,
        coordinator,
        row(1, kvk=kvk_server.BV, postcode="", plaats=""),
        row(2, kvk=kvk_server.FOUNDATION),
        row(3, kvk=kvk_server.DEREGISTERED),
        row(4, kvk=kvk_server.UNKNOWN),
        row(5, kvk=kvk_server.ERROR_NUMBER),
    )

    assert register_import.status == RegisterImport.Status.IMPORTED
    said = {line["kvk_number"]: line["status"] for line in register_import.result["register"]}
    assert said == {
        kvk_server.BV: KvkStatus.ACTIVE,
        kvk_server.FOUNDATION: KvkStatus.ACTIVE,
        kvk_server.DEREGISTERED: KvkStatus.DEREGISTERED,
        kvk_server.UNKNOWN: KvkStatus.NOT_FOUND,
        kvk_server.ERROR_NUMBER: KvkStatus.UNCHECKED,
    }
    assert set(Organisation.objects.values_list("kvk_number", flat=True)) == {
        kvk_server.BV,
        kvk_server.FOUNDATION,
        kvk_server.ERROR_NUMBER,
    }
    bv = Organisation.objects.get(kvk_number=kvk_server.BV)
    assert bv.name == "Leverancier 1"  # the file's name
    assert (bv.street_address, bv.postcode, bv.city) == ("Hizzaarderlaan 3 A", "8823 SJ", "Lollum")  # the register's
    assert bv.legal_form == "Besloten Vennootschap met gewone structuur"
    assert bv.kvk_status == KvkStatus.ACTIVE
    assert Organisation.objects.get(kvk_number=kvk_server.ERROR_NUMBER).kvk_status == KvkStatus.UNCHECKED

    client.cookies["django_language"] = "en"
    report = client.get(reverse("procurement:register_import_preview", args=[register_import.pk])).content.decode()
    assert "What the KvK register said of each row" in report
    assert "Deregistered: skipped" in report and "Not found: skipped" in report
    assert "Not checked: the register did not answer" in report


def test_without_skipping_a_refused_row_fails_the_import_with_its_line(client, coordinator, kvk_register):
    register_import = imported(
        client, coordinator, row(1, kvk=kvk_server.BV), row(2, kvk=kvk_server.UNKNOWN), skip_invalid=False
    )

    assert register_import.status == RegisterImport.Status.FAILED
    assert "regel 3" in register_import.error and "kent dit nummer niet" in register_import.error
    assert not Supplier.objects.exists()


def test_an_existing_organisation_gets_the_registers_status(client, coordinator, groningen, kvk_register):
    organisation = OrganisationFactory(municipality=groningen, kvk_number=kvk_server.FOUNDATION)
    SupplierFactory(organisation=organisation)

    imported(client, coordinator, row(1, kvk=kvk_server.FOUNDATION))

    organisation.refresh_from_db()
    assert (organisation.kvk_status, organisation.legal_form) == (KvkStatus.ACTIVE, "Stichting")


def test_a_register_that_stops_answering_is_not_waited_for_row_after_row(client, coordinator, kvk_register):
    from procurement import services

    slow = [str(int(kvk_server.TIMEOUT_NUMBER) + n) for n in range(10)]  # every one of them times out

    register_import = imported(client, coordinator, *[row(n, kvk=number) for n, number in enumerate(slow, 1)])

    assert register_import.status == RegisterImport.Status.IMPORTED
    assert register_import.result["created"] == 10
    assert {line["status"] for line in register_import.result["register"]} == {KvkStatus.UNCHECKED}
    assert len(kvk_register.requests) < services.REGISTER_GIVE_UP_AFTER + services.REGISTER_WORKERS


def test_without_configuration_the_import_report_says_numbers_were_not_checked(client, coordinator):
    register_import = imported(client, coordinator, row(1))

    client.cookies["django_language"] = "en"
    report = client.get(reverse("procurement:register_import_preview", args=[register_import.pk])).content.decode()
    assert "not against the KvK register" in report
    assert Organisation.objects.get().kvk_status == KvkStatus.UNCHECKED


# ---------------------------------------------------------------- the monthly re-check


def verified_supplier(municipality, kvk_number, name):
    organisation = OrganisationFactory(municipality=municipality, kvk_number=kvk_number, name=name)
    return SupplierFactory(organisation=organisation, status=Supplier.Status.VERIFIED)


def test_the_monthly_job_flags_deregistered_suppliers_for_the_coordinator(client, coordinator, groningen, kvk_register):
    active = verified_supplier(groningen, kvk_server.BV, "Donald")
    gone = verified_supplier(groningen, kvk_server.DEREGISTERED, "Opgeheven Coöperatie")

    counts = tasks.recheck_suppliers_in_kvk_register()

    assert counts == {"checked": 2, "deregistered": 1, "not_found": 0, "unanswered": 0}
    gone.organisation.refresh_from_db()
    assert gone.organisation.kvk_status == KvkStatus.DEREGISTERED
    # the coordinator's start page and register show it
    lists = {todo_list.kind: todo_list for todo_list in start_page(coordinator).lists}
    assert [item.title for item in lists["deregistered_suppliers"].items] == ["Opgeheven Coöperatie"]
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    register = client.get(reverse("procurement:register")).content.decode()
    assert register.count("Deregistered at the KvK") == 1
    # and the public directory lists it no more, nor its profile, nor the public CSV
    client.logout()
    directory = client.get(reverse("procurement:directory")).content.decode()
    assert "Test BV Donald" in directory and "Opgeheven" not in directory
    assert client.get(reverse("procurement:supplier_profile", args=[gone.pk])).status_code == 404
    assert client.get(reverse("procurement:supplier_profile", args=[active.pk])).status_code == 200
    assert "Opgeheven" not in client.get(reverse("procurement:directory_export")).content.decode()


def test_the_monthly_job_does_not_ask_again_about_those_checked_lately(groningen, kvk_register):
    verified_supplier(groningen, kvk_server.BV, "Donald")
    tasks.recheck_suppliers_in_kvk_register()
    asked = len(kvk_register.requests)

    assert tasks.recheck_suppliers_in_kvk_register()["checked"] == 0
    assert len(kvk_register.requests) == asked


def test_the_monthly_job_stops_when_the_register_does_not_answer(groningen, kvk_register):
    from procurement import services

    for n in range(services.REGISTER_GIVE_UP_AFTER + 3):
        verified_supplier(groningen, str(90_004_973 if n == 0 else 80_000_000 + n), f"Leverancier {n}")
    kvk_register.shutdown()
    kvk_register.server_close()

    counts = tasks.recheck_suppliers_in_kvk_register()

    assert counts["unanswered"] == services.REGISTER_GIVE_UP_AFTER
    assert not Organisation.objects.exclude(kvk_status=KvkStatus.UNCHECKED).exists()


def test_without_configuration_the_monthly_job_asks_nothing(groningen):
    verified_supplier(groningen, kvk_server.BV, "Donald")

    assert tasks.recheck_suppliers_in_kvk_register()["checked"] == 0


def test_the_job_is_on_the_beat_schedule_monthly(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["recheck-suppliers-in-kvk-register"]
    assert entry["task"] == tasks.recheck_suppliers_in_kvk_register.name
    assert entry["schedule"].day_of_month == {1}


def test_the_monthly_job_checks_a_number_the_register_did_not_answer_about_at_signup(groningen, kvk_register):
    organisation = OrganisationFactory(municipality=groningen, kvk_number=kvk_server.FOUNDATION)  # no supplier

    tasks.recheck_suppliers_in_kvk_register()

    organisation.refresh_from_db()
    assert organisation.kvk_status == KvkStatus.ACTIVE
