"""The beursvloer: planning one, registering matches (as a plain form and as JSON), searching, the result."""

import datetime

import pytest
from django.urls import reverse

from matching.models import Beursvloer, Match
from tests.factories import OrganisationFactory
from tests.matching.factories import BeursvloerFactory, NeedFactory

pytestmark = pytest.mark.django_db
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def beursvloer(groningen):
    return BeursvloerFactory(municipality=groningen, name="Beursvloer Groningen")


def test_it_lets_a_coordinator_plan_a_beursvloer(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:beursvloer_create"),
        {"name": "Online startbijeenkomst", "date": "2026-09-24", "place": "online", "description": ""},
    )
    beursvloer = Beursvloer.objects.get()
    assert response["Location"] == reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk})
    assert (beursvloer.municipality, beursvloer.date) == (coordinator.municipality, datetime.date(2026, 9, 24))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "date": "2026-09-24", "place": "online"}, "Dit veld is verplicht"),
        ({"name": "Beurs", "date": "24 september", "place": "online"}, "Voer een geldige datum in"),
    ],
)
def test_it_explains_bad_input_for_a_beursvloer(client, coordinator, data, message):
    client.force_login(coordinator)
    response = client.post(reverse("matching:beursvloer_create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Beursvloer.objects.exists()


def test_it_registers_a_match_with_a_plain_form(client, coordinator, beursvloer, groningen):
    need = NeedFactory(municipality=groningen)
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise")
    client.force_login(coordinator)
    url = reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk})
    response = client.post(
        url, {"need": need.pk, "enterprise": enterprise.pk, "status": "made", "note": ""}, follow=True
    )
    match = Match.objects.get()
    assert (match.beursvloer, match.status, match.proposed_by) == (beursvloer, "made", coordinator)
    assert f"Geregistreerd: {need.organisation.name} met {enterprise.name} (gemaakt)." in response.content.decode()


def test_it_registers_a_match_as_json_and_returns_the_new_row(client, coordinator, beursvloer, groningen):
    need = NeedFactory(municipality=groningen)
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise")
    client.force_login(coordinator)
    url = reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk})
    response = client.post(url, {"need": need.pk, "enterprise": enterprise.pk, "status": "preparation"}, **JSON)
    data = response.json()
    assert response.status_code == 200 and data["ok"]
    assert enterprise.name in data["row"] and 'data-match="' in data["row"]
    assert data["result"]["total"] == 1 and data["result"]["preparation"] == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"need": "", "status": "made"}, "Kies de hulpvraag."),
        ({"status": "completed"}, "Selecteer een geldige keuze"),
        ({"status": "made", "duplicate": True}, "hebben al een lopende match"),
    ],
)
def test_it_answers_bad_registrations_with_json_errors_and_stores_nothing(
    client, coordinator, beursvloer, groningen, fields, message
):
    need = NeedFactory(municipality=groningen)
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise")
    if fields.pop("duplicate", False):
        Match.objects.create(municipality=groningen, need=need, enterprise=enterprise, status="preparation")
    before = Match.objects.count()
    client.force_login(coordinator)
    data = {"need": need.pk, "enterprise": enterprise.pk, **fields}
    response = client.post(reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk}), data, **JSON)
    assert response.status_code == 400
    body = response.json()
    assert body["ok"] is False
    assert any(message in text for texts in body["errors"].values() for text in texts)
    assert Match.objects.count() == before


def test_it_refuses_a_need_of_another_municipality(client, coordinator, beursvloer, haarlem, groningen):
    foreign = NeedFactory(municipality=haarlem)
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise")
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk}),
        {"need": foreign.pk, "enterprise": enterprise.pk, "status": "made"},
    )
    assert response.status_code == 400
    assert "Kies een openstaande hulpvraag uit de lijst" in response.content.decode()
    assert not Match.objects.exists()


def test_it_searches_needs_and_entrepreneurs_of_the_municipality_as_you_type(
    client, coordinator, beursvloer, groningen, haarlem
):
    NeedFactory(municipality=groningen, title="Speelgoed voor kinderen")
    NeedFactory(municipality=groningen, title="Vrijwilligers gezocht")
    NeedFactory(municipality=haarlem, title="Speelgoed in Haarlem")
    OrganisationFactory(municipality=groningen, kind="enterprise", name="Kringloop De Vondst")
    OrganisationFactory(municipality=haarlem, kind="enterprise", name="Kringloop Haarlem")
    client.force_login(coordinator)
    url = reverse("matching:beursvloer_search", kwargs={"pk": beursvloer.pk})
    needs = client.get(url, {"side": "need", "q": "speelg"}).json()["results"]
    assert [result["label"].split(": ")[1] for result in needs] == ["Speelgoed voor kinderen"]
    enterprises = client.get(url, {"side": "enterprise", "q": "kringloop"}).json()["results"]
    assert [result["label"] for result in enterprises] == ["Kringloop De Vondst"]


def test_it_shows_the_result_of_the_event(client, coordinator, beursvloer, groningen):
    for status in ("made", "made", "preparation"):
        Match.objects.create(
            municipality=groningen,
            need=NeedFactory(municipality=groningen),
            enterprise=OrganisationFactory(municipality=groningen, kind="enterprise"),
            status=status,
            beursvloer=beursvloer,
        )
    client.force_login(coordinator)
    response = client.get(reverse("matching:beursvloer_detail", kwargs={"pk": beursvloer.pk}))
    assert response.context["result"]["total"] == 3
    assert response.context["result"]["made"] == 2
    listing = client.get(reverse("matching:beursvloer_list")).content.decode()
    assert "Beursvloer Groningen" in listing


def test_it_keeps_another_municipalitys_coordinator_out(client, other_coordinator, beursvloer):
    client.force_login(other_coordinator)
    for name in ("beursvloer_detail", "beursvloer_register", "beursvloer_search"):
        assert client.get(reverse(f"matching:{name}", kwargs={"pk": beursvloer.pk})).status_code == 404
