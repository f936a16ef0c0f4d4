"""The beursvloer: planning one, registering matches (as a plain form and with htmx), searching, the result."""

import datetime
import json

import pytest
from django.urls import reverse

from matching.models import Beursvloer, Match
from tests.factories import OrganisationFactory
from tests.matching.factories import BeursvloerFactory, NeedFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
FOR_THE_NEED = {**HTMX, "HTTP_HX_TARGET": "id_need"}
FOR_THE_ENTREPRENEUR = {**HTMX, "HTTP_HX_TARGET": "id_enterprise"}


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


def test_it_registers_a_match_with_htmx_and_answers_with_the_desk_not_the_page(
    client, coordinator, beursvloer, groningen
):
    need = NeedFactory(municipality=groningen)
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise")
    client.force_login(coordinator)
    url = reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk})
    response = client.post(url, {"need": need.pk, "enterprise": enterprise.pk, "status": "preparation"}, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in fragment and 'id="beursvloer-form"' in fragment
    assert f"Geregistreerd: {need.organisation.name} met {enterprise.name} (in voorbereiding)." in fragment
    assert f'data-match="{Match.objects.get().pk}"' in fragment
    assert response.context["result"]["total"] == 1 and response.context["result"]["preparation"] == 1
    assert 'id="search-need"' in fragment and "autofocus" in fragment  # ready for the next one
    assert not response.context["form"].is_bound


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"need": "", "status": "made"}, "Kies de hulpvraag."),
        ({"status": "completed"}, "Selecteer een geldige keuze"),
        ({"status": "made", "duplicate": True}, "hebben al een lopende match"),
    ],
)
def test_it_answers_bad_registrations_with_htmx_with_the_errors_and_stores_nothing(
    client, coordinator, beursvloer, groningen, fields, message
):
    need = NeedFactory(municipality=groningen)
    enterprise = OrganisationFactory(municipality=groningen, kind="enterprise")
    if fields.pop("duplicate", False):
        Match.objects.create(municipality=groningen, need=need, enterprise=enterprise, status="preparation")
    before = Match.objects.count()
    client.force_login(coordinator)
    data = {"need": need.pk, "enterprise": enterprise.pk, "enterprise_q": "Fiets", **fields}
    response = client.post(reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk}), data, **HTMX)
    fragment = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in fragment
    assert "De match is niet geregistreerd:" in fragment and message in fragment
    assert 'value="Fiets"' in fragment  # what was typed in the search box stays
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
    found = OrganisationFactory(municipality=groningen, kind="enterprise", name="Kringloop De Vondst")
    OrganisationFactory(municipality=groningen, kind="enterprise", name="Kringloop Haarlem De Twee")
    OrganisationFactory(municipality=haarlem, kind="enterprise", name="Kringloop Haarlem")
    client.force_login(coordinator)
    url = reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk})

    needs = client.get(url, {"need_q": "speelg"}, **FOR_THE_NEED).content.decode()
    assert needs.startswith('<select name="need"') and "<html" not in needs
    assert "Speelgoed voor kinderen" in needs
    assert "Vrijwilligers" not in needs and "Haarlem" not in needs

    enterprises = client.get(url, {"enterprise_q": "vondst"}, **FOR_THE_ENTREPRENEUR).content.decode()
    assert enterprises.startswith('<select name="enterprise"')
    assert f'<option value="{found.pk}" selected>Kringloop De Vondst</option>' in enterprises
    assert "Twee" not in enterprises

    nothing = client.get(url, {"enterprise_q": "bakker"}, **FOR_THE_ENTREPRENEUR).content.decode()
    assert "Niets gevonden" in nothing and 'hx-swap-oob="innerHTML"' in nothing

    page = client.get(url, {"need_q": "speelg"}).content.decode()  # without htmx: the whole page
    assert "<html" in page and "Vrijwilligers gezocht" in page


def test_enter_in_a_search_box_moves_on_to_the_entrepreneur_and_then_registers(
    client, coordinator, beursvloer, groningen
):
    NeedFactory(municipality=groningen, title="Speelgoed voor kinderen")
    OrganisationFactory(municipality=groningen, kind="enterprise", name="Kringloop De Vondst")
    client.force_login(coordinator)
    url = reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk})

    after_the_need = client.get(url, {"need_q": "speelg", "enterprise_q": "", "enter": "1"}, **FOR_THE_NEED)
    assert '<input class="utrecht-textbox utrecht-textbox--html-input" type="search" id="search-enterprise"' in (
        after_the_need.content.decode()
    )
    assert "autofocus" in after_the_need.content.decode() and "HX-Trigger-After-Settle" not in after_the_need

    after_the_entrepreneur = client.get(url, {"enterprise_q": "vondst", "enter": "1"}, **FOR_THE_ENTREPRENEUR)
    assert json.loads(after_the_entrepreneur["HX-Trigger-After-Settle"]) == {"register-match": {}}
    assert "autofocus" not in after_the_entrepreneur.content.decode()


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
    for name in ("beursvloer_detail", "beursvloer_register"):
        assert client.get(reverse(f"matching:{name}", kwargs={"pk": beursvloer.pk})).status_code == 404
    search = client.get(
        reverse("matching:beursvloer_register", kwargs={"pk": beursvloer.pk}), {"need_q": "a"}, **FOR_THE_NEED
    )
    assert search.status_code == 404
