"""Lists that act: the register, purchase requests and SROI tenders export what the list shows (its filters,
labels a person reads), and the register verifies or rejects many registrations at once, across pages."""

import csv
import io

from django.urls import reverse

from procurement.models import Category, Supplier
from tests.factories import ThemeFactory

from .factories import (
    OfferingFactory,
    PurchaseRequestFactory,
    SroiRealisationFactory,
    SroiTenderFactory,
    SupplierFactory,
)


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def pending(municipality, name="Wachtend", count=1):
    return [
        SupplierFactory(
            organisation__municipality=municipality,
            organisation__name=f"{name} {number:02d}",
            status=Supplier.Status.PENDING,
            verified_at=None,
        )
        for number in range(count)
    ]


# ---------------------------------------------------------------- exports


def test_the_register_export_writes_labels_not_codes(client, coordinator, groningen):
    supplier = SupplierFactory(organisation__municipality=groningen, pso_level=Supplier.PsoLevel.STEP_1)
    supplier.themes.set([ThemeFactory(code="food"), ThemeFactory(code="work")])
    OfferingFactory(supplier=supplier, category=Category.CATERING)
    client.force_login(coordinator)

    row = read_csv(client.get(reverse("procurement:register_export")))[0]

    assert row["themas"] == "Voedsel | Werk en participatie"
    assert row["categorieen"] == "Catering en voeding"
    assert row["pso"] == "PSO trede 1"
    assert row["status"] == "Geverifieerd"


def test_the_register_export_in_english_writes_english_labels(client, coordinator, groningen):
    supplier = SupplierFactory(organisation__municipality=groningen, pso_level=Supplier.PsoLevel.STEP_1)
    supplier.themes.set([ThemeFactory(code="food")])
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"

    row = read_csv(client.get(reverse("procurement:register_export"), headers={"accept-language": "en"}))[0]

    assert (row["themas"], row["pso"], row["status"]) == ("Food", "PSO step 1", "Verified")


def test_the_register_export_keeps_the_filter_and_the_municipality(client, coordinator, groningen, haarlem):
    pending(groningen, "Bakkerij")
    SupplierFactory(organisation__municipality=groningen, organisation__name="Bakkerij Geverifieerd")
    pending(haarlem, "Bakkerij Haarlem")
    client.force_login(coordinator)

    rows = read_csv(client.get(reverse("procurement:register_export"), {"status": "pending", "q": "bakkerij"}))

    assert [row["naam"] for row in rows] == ["Bakkerij 00"]


def test_the_register_page_links_to_the_filtered_export(client, coordinator, groningen):
    client.force_login(coordinator)
    page = client.get(reverse("procurement:register"), {"status": "pending"}).content.decode()
    assert reverse("procurement:register_export") + "?status=pending" in page


def test_the_purchase_requests_export_keeps_the_status_filter_and_writes_labels(client, buyer, groningen, haarlem):
    PurchaseRequestFactory(municipality=groningen, title="Koffie", category=Category.CATERING)
    PurchaseRequestFactory(municipality=groningen, title="Ingetrokken", status="cancelled")
    PurchaseRequestFactory(municipality=haarlem, title="Haarlems")
    client.force_login(buyer)

    rows = read_csv(client.get(reverse("procurement:requests_export"), {"status": "open"}))

    assert [(row["Inkoopvraag"], row["Categorie"], row["Status"]) for row in rows] == [
        ("Koffie", "Catering en voeding", "Open voor offertes")
    ]
    assert rows[0]["Budget vanaf"] == "1000,00"


def test_the_sroi_tenders_export_holds_what_was_realised(client, buyer, groningen, haarlem):
    tender = SroiTenderFactory(municipality=groningen, title="Nieuwbouw school")
    SroiRealisationFactory(tender=tender, amount="1250.50")
    SroiTenderFactory(municipality=haarlem, title="Haarlemse brug")
    client.force_login(buyer)

    rows = read_csv(client.get(reverse("procurement:tenders_export")))

    assert [row["Aanbesteding"] for row in rows] == ["Nieuwbouw school"]
    assert rows[0]["Gerealiseerd"] == "1250,50" and rows[0]["SROI vereist"] == "50000,00"


def test_a_coordinator_gets_no_buyers_export(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("procurement:requests_export")).status_code == 404
    assert client.get(reverse("procurement:tenders_export")).status_code == 404


# ---------------------------------------------------------------- bulk verification


def test_select_all_verifies_every_matching_registration_across_pages_and_nothing_elsewhere(
    client, coordinator, groningen, haarlem
):
    waiting = pending(groningen, count=23)  # the register shows 20 to a page
    other = pending(groningen, "Ander", count=1)
    haarlems = pending(haarlem, "Haarlem", count=2)
    client.force_login(coordinator)

    response = client.post(
        reverse("procurement:register_bulk"),
        {"everything": "on", "q": "Wachtend", "status": "pending", "action": "verify", "suppliers": [waiting[0].pk]},
        follow=True,
    )

    statuses = dict(Supplier.objects.values_list("pk", "status"))
    assert {statuses[supplier.pk] for supplier in waiting} == {"verified"}
    assert {statuses[supplier.pk] for supplier in [*other, *haarlems]} == {"pending"}
    assert "23 leveranciers geverifieerd" in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?q=Wachtend&status=pending")


def test_ticked_registrations_are_verified_and_one_is_told_in_the_singular(client, coordinator, groningen):
    first, second = pending(groningen, count=2)
    client.force_login(coordinator)

    response = client.post(
        reverse("procurement:register_bulk"), {"suppliers": [first.pk], "action": "verify"}, follow=True
    )

    assert "1 leverancier geverifieerd" in response.content.decode()
    second.refresh_from_db()
    assert second.status == Supplier.Status.PENDING


def test_ticking_another_municipalitys_registration_changes_nothing(client, coordinator, haarlem):
    (haarlems,) = pending(haarlem)
    client.force_login(coordinator)

    client.post(reverse("procurement:register_bulk"), {"suppliers": [haarlems.pk], "action": "verify"})

    haarlems.refresh_from_db()
    assert haarlems.status == Supplier.Status.PENDING


def test_sending_back_needs_a_reason_and_then_rejects_with_it(client, coordinator, groningen):
    suppliers = pending(groningen, count=2)
    client.force_login(coordinator)
    url = reverse("procurement:register_bulk")

    refused = client.post(url, {"suppliers": [s.pk for s in suppliers], "action": "reject"}, follow=True)
    assert "Geef de reden" in refused.content.decode()
    assert set(Supplier.objects.values_list("status", flat=True)) == {"pending"}

    done = client.post(
        url, {"suppliers": [s.pk for s in suppliers], "action": "reject", "reason": "Geen KvK-uittreksel."}, follow=True
    )
    assert "2 leveranciers afgewezen" in done.content.decode()
    assert set(Supplier.objects.values_list("decision_reason", flat=True)) == {"Geen KvK-uittreksel."}


def test_a_registration_whose_status_does_not_allow_the_step_is_named_and_the_others_done(
    client, coordinator, groningen
):
    (waiting,) = pending(groningen)
    verified = SupplierFactory(organisation__municipality=groningen, organisation__name="Al Geverifieerd")
    client.force_login(coordinator)

    response = client.post(
        reverse("procurement:register_bulk"), {"suppliers": [waiting.pk, verified.pk], "action": "verify"}, follow=True
    )

    text = response.content.decode()
    assert "1 leverancier geverifieerd" in text
    assert "Al Geverifieerd" in text
    waiting.refresh_from_db()
    assert waiting.status == Supplier.Status.VERIFIED


def test_nothing_ticked_asks_to_tick(client, coordinator, groningen):
    pending(groningen)
    client.force_login(coordinator)
    response = client.post(reverse("procurement:register_bulk"), {"action": "verify"}, follow=True)
    assert response.status_code == 200
    assert set(Supplier.objects.values_list("status", flat=True)) == {"pending"}
