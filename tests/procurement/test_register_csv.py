"""Import of the register from the CSV files municipalities keep (a preview with errors per row, nothing stored
when any row is wrong unless the coordinator skips those rows), good, bad and hostile files; and the export."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from core.models import AuditEvent
from procurement import imports, register_csv
from procurement.models import AuditAction, Offering, RegisterImport, Supplier
from tests.factories import OrganisationFactory

from .factories import OfferingFactory, SupplierFactory

pytestmark = pytest.mark.django_db

IMPORT = reverse("procurement:register_import")
HEADER = (
    "naam;kvk;postcode;plaats;email;telefoon;themas;categorieen;aanbod;impact_voorop;pso;aandeel_afstand_arbeidsmarkt"
)
GOOD = [
    "Lunchroom Het Stadshart;70100001;9711 GH;Groningen;info@stadshart.example.nl;+31 50 123 4567;"
    "Werk en participatie|Voedsel;catering;Vergaderlunch|Borrelhapjes;ja;PSO trede 1;55%",
    "Fietskoeriers 050;70100004;9712KL;Groningen;;;energy;logistics;Koeriersrit;ja;;35",
]


def upload(client, text: str | bytes, name="register.csv"):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(IMPORT, {"file": SimpleUploadedFile(name, raw, content_type="text/csv")})


def preview(client, response):
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return client.get(response["Location"])


def confirm(client, response, attach=(), **options):
    """Confirm the import; the job runs when the confirmation commits (in-process: no broker in these tests)."""
    data = {key: "on" for key, value in options.items() if value} | {"attach": list(attach)}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(response["Location"], data)


def test_a_good_file_is_previewed_then_imported_as_suppliers_awaiting_verification(client, coordinator):
    client.force_login(coordinator)
    uploaded = upload(client, "\ufeff" + "\n".join([HEADER, *GOOD]))

    page = preview(client, uploaded)

    assert [row.errors for row in page.context["rows"]] == [[], []]
    assert "Nieuwe leverancier" in page.content.decode()
    assert not Supplier.objects.exists()  # nothing until the coordinator confirms

    done = confirm(client, uploaded)

    assert done.status_code == 302
    lunchroom = Supplier.objects.get(organisation__kvk_number="70100001")
    assert lunchroom.status == Supplier.Status.PENDING
    assert lunchroom.organisation.municipality == coordinator.municipality
    assert (lunchroom.pso_level, lunchroom.staff_distance_share, lunchroom.impact_first) == ("step1", 55, True)
    assert lunchroom.contact_phone == "+31 50 123 4567"
    assert sorted(lunchroom.themes.values_list("code", flat=True)) == ["food", "work"]
    assert sorted(lunchroom.offerings.values_list("title", "category")) == [
        ("Borrelhapjes", "catering"),
        ("Vergaderlunch", "catering"),
    ]
    assert Supplier.objects.get(organisation__kvk_number="70100004").postcode == "9712 KL"
    assert RegisterImport.objects.get().result == {
        "created": 2,
        "updated": 0,
        "skipped": 0,
        "not_attached": 0,
        "not_attached_lines": [],
    }
    assert RegisterImport.objects.get().content == ""  # no second copy of the contact details is kept
    assert AuditEvent.objects.filter(action=AuditAction.SUPPLIERS_IMPORTED, actor=coordinator).exists()


def test_the_coordinator_may_verify_the_imported_suppliers_each_in_the_audit_trail(client, coordinator):
    client.force_login(coordinator)
    uploaded = upload(client, "\n".join([HEADER, *GOOD]))

    confirm(client, uploaded, verify=True)

    assert Supplier.objects.verified().count() == 2
    assert AuditEvent.objects.filter(action=AuditAction.SUPPLIER_VERIFIED, actor=coordinator).count() == 2


def test_nothing_is_stored_when_a_row_is_wrong_unless_the_coordinator_skips_it(client, coordinator):
    client.force_login(coordinator)
    bad = "Zonder KvK;1234;9711 GH;Groningen;geen-email;;Onbekend thema;catering;Lunch;misschien;trede 9;150"
    uploaded = upload(client, "\n".join([HEADER, GOOD[0], bad]))

    page = preview(client, uploaded)
    errors = page.context["rows"][1].errors
    refused = confirm(client, uploaded)

    assert page.context["invalid"] == 1
    joined = " ".join(errors)
    for expected in ["kvk", "email", "themas", "impact_voorop", "pso", "aandeel_afstand_arbeidsmarkt"]:
        assert expected in joined
    assert refused.status_code == 200 and refused.context["form"].non_field_errors()
    assert not Supplier.objects.exists()

    confirm(client, uploaded, skip_invalid=True)

    assert list(Supplier.objects.values_list("organisation__name", flat=True)) == ["Lunchroom Het Stadshart"]
    assert RegisterImport.objects.get().result == {
        "created": 1,
        "updated": 0,
        "skipped": 1,
        "not_attached": 0,
        "not_attached_lines": [],
    }


def test_a_file_is_imported_once(client, coordinator):
    client.force_login(coordinator)
    uploaded = upload(client, "\n".join([HEADER, *GOOD]))
    confirm(client, uploaded)

    again = confirm(client, uploaded)

    assert again.status_code == 200 and Supplier.objects.count() == 2


def test_a_windows_1252_file_from_excel_is_read(client, coordinator):
    client.force_login(coordinator)
    text = "naam;kvk;plaats\nCafé De Drie Gezusters – Zorg;70100099;Groningen\n"

    page = preview(client, upload(client, text.encode("cp1252")))

    assert page.context["register_import"].encoding == "windows-1252"
    assert page.context["rows"][0].name == "Café De Drie Gezusters – Zorg"


def test_a_comma_separated_file_with_quoted_cells_is_read(client, coordinator):
    client.force_login(coordinator)
    text = 'naam,kvk,aanbod,categorieen\n"Schoon, Werk BV",70100002,"Kantoorschoonmaak|Glasbewassing",cleaning\n'

    rows = preview(client, upload(client, text)).context["rows"]

    assert rows[0].values["offerings"] == [("Kantoorschoonmaak", "cleaning"), ("Glasbewassing", "cleaning")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "geen CSV"),
        (b"", "leeg"),
        (b"voornaam;achternaam\nJan;Jansen\n", "ontbreken"),
        (b"naam;kvk\n\x81\x8d\x8f\x90\x9d;12345678\n", "niet te lezen"),
        (("naam;kvk\n" + "x" * 200_000 + ";12345678\n").encode(), "CSV"),
    ],
    ids=["binary", "empty", "no-header", "unreadable-encoding", "field-beyond-the-csv-limit"],
)
def test_a_file_that_is_not_a_register_is_refused_with_a_message(client, coordinator, content, message):
    client.force_login(coordinator)

    response = upload(client, content)

    assert response.status_code == 200
    assert message in str(response.context["form"].errors)
    assert not RegisterImport.objects.exists()


def test_a_file_larger_than_two_megabytes_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "naam;kvk\n" + ("Naam;12345678\n" * 160_000))

    assert "2 MB" in str(response.context["form"].errors)
    assert not RegisterImport.objects.exists()


def test_a_file_with_too_many_rows_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "naam;kvk\n" + "".join(f"N{n};{10000000 + n}\n" for n in range(5001)))

    assert "5000" in str(response.context["form"].errors).replace(".", "")


def test_a_file_that_is_not_csv_by_name_is_refused(client, coordinator):
    client.force_login(coordinator)

    response = upload(client, "naam;kvk\nA;12345678\n", name="register.xlsx")

    assert response.context["form"].errors["file"]


@pytest.mark.parametrize(
    "cell",
    ['=HYPERLINK("http://evil.example","klik")', "@SUM(A1:A9)", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"],
)
def test_cells_that_a_spreadsheet_would_run_as_a_formula_are_reported_not_stored(client, coordinator, cell):
    client.force_login(coordinator)
    line = f'"{cell.replace(chr(34), chr(34) * 2)}";70100001;9711 GH'

    uploaded = upload(client, "naam;kvk;postcode\n" + line)
    page = preview(client, uploaded)
    confirm(client, uploaded, skip_invalid=True)

    assert "formule" in " ".join(page.context["rows"][0].errors)
    assert not Supplier.objects.exists()


def test_a_huge_cell_in_a_row_is_reported(client, coordinator):
    client.force_login(coordinator)

    rows = preview(client, upload(client, "naam;kvk;omschrijving\nLang;70100001;" + "a" * 5000)).context["rows"]

    assert "2000" in " ".join(rows[0].errors).replace(".", "")


def test_kvk_numbers_twice_in_the_file_or_of_another_municipality_are_reported(client, coordinator, haarlem):
    OrganisationFactory(kvk_number="70200001", municipality=haarlem)
    client.force_login(coordinator)
    text = "naam;kvk\nEen;70100001\nTwee;70100001\nHaarlems;70200001\n"

    rows = preview(client, upload(client, text)).context["rows"]

    assert rows[0].errors == []
    assert "regel 2" in rows[1].errors[0]
    assert "andere gemeente" in rows[2].errors[0]


def test_the_register_export_round_trips_and_neutralises_formulas(client, coordinator, groningen):
    supplier = SupplierFactory(
        organisation__municipality=groningen,
        organisation__name="=cmd|' /C calc'!A0",
        organisation__kvk_number="70100001",
        contact_public=False,
        contact_phone="+31 50 123 4567",
        pso_level=Supplier.PsoLevel.STEP_2,
    )
    OfferingFactory(supplier=supplier, title="Vergaderlunch", category="catering")
    OfferingFactory(supplier=supplier, title="Schoonmaak", category="cleaning")
    SupplierFactory(organisation__name="Van Haarlem")  # another municipality's supplier stays out
    client.force_login(coordinator)

    response = client.get(reverse("procurement:register_export"))
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))

    assert [row["naam"] for row in rows] == ["'=cmd|' /C calc'!A0"]
    assert rows[0]["telefoon"] == "'+31 50 123 4567"  # private contact details are in the coordinator's export
    assert rows[0]["email"] == supplier.contact_email
    assert (rows[0]["aanbod"], rows[0]["categorieen"]) == (
        "Schoonmaak | Vergaderlunch",
        "Schoonmaak | Catering en voeding",
    )
    assert rows[0]["status"] == "Geverifieerd" and rows[0]["pso"] == "PSO trede 2"  # labels, read back on import

    parsed = register_csv.validate(register_csv.read_rows(text.lstrip("\ufeff")), municipality=groningen)
    assert "formule" in " ".join(parsed[0].errors)  # the name itself is a formula, even after our escape
    assert parsed[0].values["contact_phone"] == "+31 50 123 4567"


def test_importing_the_export_updates_existing_suppliers_without_duplicates(client, coordinator, groningen):
    supplier = SupplierFactory(organisation__municipality=groningen, organisation__kvk_number="70100001")
    OfferingFactory(supplier=supplier, title="Vergaderlunch", category="catering")
    client.force_login(coordinator)
    exported = client.get(reverse("procurement:register_export")).content

    uploaded = upload(client, exported)
    page = preview(client, uploaded)
    confirm(client, uploaded)

    assert page.context["rows"][0].updates_existing
    assert Supplier.objects.count() == 1 and Offering.objects.count() == 1
    assert RegisterImport.objects.get().result == {
        "created": 0,
        "updated": 1,
        "skipped": 0,
        "not_attached": 0,
        "not_attached_lines": [],
    }
    supplier.refresh_from_db()
    assert supplier.status == Supplier.Status.VERIFIED


def test_the_preview_of_another_municipalitys_upload_is_not_found(client, coordinator, other_coordinator):
    client.force_login(other_coordinator)
    uploaded = upload(client, "\n".join([HEADER, *GOOD]))
    client.force_login(coordinator)

    assert client.get(uploaded["Location"]).status_code == 404
    assert client.post(uploaded["Location"], {"skip_invalid": "on"}).status_code == 404


def test_the_service_refuses_bytes_that_are_not_text(coordinator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        imports.register_import_upload(
            municipality=coordinator.municipality, user=coordinator, filename="x.csv", raw=b"\x00\x01\x02"
        )
