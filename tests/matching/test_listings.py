"""Posting, editing, pausing and browsing needs and offers; privacy of contact data."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Theme
from matching.models import Match, Need, Offer
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.matching.factories import MatchFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


def need_data(**overrides):
    data = {
        "title": "Laptops voor de helpdesk",
        "story": "Onze vrijwilligers helpen Groningers met formulieren.",
        "help_kinds": ["time", "money"],
        "money_amount": "750",
        "themes": [Theme.objects.get_or_create(code="poverty")[0].pk],
        "postcode": "9725bb",
        "place": "Groningen",
        "needed_by": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
    }
    data.update(overrides)
    return data


def offer_data(**overrides):
    data = {
        "title": "Twee dagen ICT-hulp",
        "description": "Onze systeembeheerder helpt een dag per maand.",
        "help_kinds": ["time"],
        "hours": "16",
        "euros": "",
        "goods": "",
        "postcode": "9713 AB",
        "place": "Groningen",
        "radius_km": "10",
        "available_until": "",
    }
    data.update(overrides)
    return data


def test_it_lets_an_initiative_post_a_need_located_by_its_postcode(client, initiative):
    client.force_login(initiative)
    response = client.post(reverse("matching:need_create"), need_data())
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("matching:need_suggestions", kwargs={"pk": need.pk})
    assert (need.organisation, need.municipality, need.status) == (
        initiative.organisation,
        initiative.organisation.municipality,
        "open",
    )
    assert need.postcode == "9725 BB"
    assert need.is_located and 53.0 < need.latitude < 53.4
    assert need.help_kinds == ["time", "money"]
    assert [theme.code for theme in need.themes.all()] == ["poverty"]


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "Dit veld is verplicht"),
        ({"help_kinds": []}, "Kies ten minste één soort hulp"),
        ({"money_amount": ""}, "Geef aan hoeveel geld"),
        ({"money_amount": "-10"}, "minstens 0"),
        ({"postcode": "12345"}, "Nederlandse postcode"),
        ({"needed_by": "2001-01-01"}, "vanaf vandaag"),
        ({"needed_by": "morgen"}, "geldige datum"),
        ({"help_kinds": ["time"], "money_amount": "100"}, "laat het bedrag leeg"),
    ],
)
def test_it_explains_bad_input_for_a_need_and_stores_nothing(client, initiative, overrides, message):
    client.force_login(initiative)
    response = client.post(reverse("matching:need_create"), need_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Need.objects.exists()


def test_it_lets_an_entrepreneur_post_an_offer(client, entrepreneur):
    client.force_login(entrepreneur)
    response = client.post(reverse("matching:offer_create"), offer_data())
    offer = Offer.objects.get()
    assert response["Location"] == reverse("matching:offer_suggestions", kwargs={"pk": offer.pk})
    assert (offer.hours, offer.radius_km, offer.organisation) == (16, 10, entrepreneur.organisation)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"hours": ""}, "Geef aan hoeveel uur"),
        ({"help_kinds": ["goods"]}, "Geef aan welke goederen"),
        ({"radius_km": "0"}, "minstens 1"),
        ({"hours": "-3"}, "minstens 0"),
        ({"help_kinds": ["flowers"]}, "geen beschikbare keuze"),
    ],
)
def test_it_explains_bad_input_for_an_offer_and_stores_nothing(client, entrepreneur, overrides, message):
    client.force_login(entrepreneur)
    response = client.post(reverse("matching:offer_create"), offer_data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Offer.objects.exists()


def test_it_lets_the_initiative_edit_and_pause_its_need(client, initiative):
    need = NeedFactory(municipality=initiative.organisation.municipality, organisation=initiative.organisation)
    client.force_login(initiative)
    client.post(reverse("matching:need_edit", kwargs={"pk": need.pk}), need_data(title="Nieuwe titel"))
    need.refresh_from_db()
    assert need.title == "Nieuwe titel"
    response = client.post(reverse("matching:need_status", kwargs={"pk": need.pk}), {"status": "paused"}, follow=True)
    need.refresh_from_db()
    assert need.status == "paused"
    assert "gepauzeerd" in response.content.decode()
    response = client.post(reverse("matching:need_status", kwargs={"pk": need.pk}), {"status": "nonsense"}, follow=True)
    need.refresh_from_db()
    assert need.status == "paused"
    assert "Kies open, gepauzeerd of gesloten" in response.content.decode()


def test_it_keeps_other_initiatives_from_editing_a_need(client, initiative, groningen):
    other = NeedFactory(municipality=groningen)
    client.force_login(initiative)
    assert client.get(reverse("matching:need_edit", kwargs={"pk": other.pk})).status_code == 404
    assert (
        client.post(reverse("matching:need_status", kwargs={"pk": other.pk}), {"status": "closed"}).status_code == 404
    )


def test_it_lets_the_public_browse_and_filter_open_needs(client, groningen, haarlem):
    care = Theme.objects.get_or_create(code="care")[0]
    helpdesk = NeedFactory(municipality=groningen, title="Helpdesk zoekt vrijwilligers", themes=[care])
    money = NeedFactory(municipality=groningen, title="Geld voor speelgoed", help_time=False, help_money=True)
    NeedFactory(municipality=groningen, title="Gepauzeerde vraag", status="paused")
    far = NeedFactory(municipality=haarlem, title="Buurtkeuken", latitude=52.38, longitude=4.64)

    def titles(**params):
        response = client.get(reverse("matching:need_list"), params)
        assert response.status_code == 200
        return {need.title for need in response.context["page_obj"]}

    assert titles() == {helpdesk.title, money.title, far.title}
    assert titles(help_kind="money") == {money.title}
    assert titles(theme="care") == {helpdesk.title}
    assert titles(q="speelgoed") == {money.title}
    assert titles(municipality="haarlem") == {far.title}
    assert titles(near="9712 AB", within="25") == {helpdesk.title, money.title}
    assert "onbekend" in client.get(reverse("matching:need_list"), {"near": "0000 AA"}).content.decode()


def test_the_filters_of_the_lists_show_the_chosen_options_and_new_municipalities(client, entrepreneur, groningen):
    """The filter form's options are kept between requests; what the visitor chose and a municipality that joins
    show all the same."""
    client.force_login(entrepreneur)  # signed in: the page is rendered for every request, never kept whole
    Theme.objects.get_or_create(code="care")
    Theme.objects.get_or_create(code="food")

    def page(url_name, **params):
        response = client.get(reverse(url_name), params)
        assert response.status_code == 200
        return response.content.decode()

    for url_name in ("matching:need_list", "matching:offer_list"):
        assert '<option value="care" selected>' in page(url_name, theme="care")
        assert '<option value="food" selected>' in page(url_name, theme="food")
        assert '<option value="care" selected>' not in page(url_name, theme="food")
        assert '<option value="25" selected>' in page(url_name, within="25")
    MunicipalityFactory(name="Nieuwgemeente", slug="nieuwgemeente")
    assert '<option value="nieuwgemeente">Nieuwgemeente</option>' in page("matching:need_list")
    assert '<option value="nieuwgemeente" selected>' in page("matching:offer_list", municipality="nieuwgemeente")


def test_it_lists_needs_in_a_constant_number_of_queries(client, groningen, django_assert_max_num_queries):
    care = Theme.objects.get_or_create(code="care")[0]

    def load():
        with django_assert_max_num_queries(8):
            response = client.get(reverse("matching:need_list"))
        assert response.status_code == 200

    NeedFactory.create_batch(3, municipality=groningen, themes=[care])
    load()
    NeedFactory.create_batch(25, municipality=groningen, themes=[care])
    load()


def test_it_lists_offers_in_a_constant_number_of_queries(client, groningen, django_assert_max_num_queries):
    def load():
        with django_assert_max_num_queries(8):
            assert client.get(reverse("matching:offer_list"), {"help_kind": "time"}).status_code == 200

    OfferFactory.create_batch(2, municipality=groningen)
    load()
    OfferFactory.create_batch(25, municipality=groningen)
    load()


def test_it_shows_contact_data_only_after_a_match_is_accepted(client, initiative, entrepreneur, coordinator):
    organisation = initiative.organisation
    organisation.email = "hallo@helpdesk050.nl"
    organisation.save()
    need = NeedFactory(municipality=organisation.municipality, organisation=organisation)
    url = reverse("matching:need_detail", kwargs={"pk": need.pk})
    assert "hallo@helpdesk050.nl" not in client.get(url).content.decode()
    client.force_login(entrepreneur)
    assert "hallo@helpdesk050.nl" not in client.get(url).content.decode()
    match = MatchFactory(need=need, enterprise=entrepreneur.organisation, status=Match.Status.SUGGESTED)
    assert "hallo@helpdesk050.nl" not in client.get(url).content.decode()
    match.status = Match.Status.PREPARATION
    match.save()
    assert "hallo@helpdesk050.nl" in client.get(url).content.decode()
    client.force_login(coordinator)
    assert "hallo@helpdesk050.nl" in client.get(url).content.decode()


def test_it_hides_contact_data_from_another_entrepreneur_of_the_municipality(
    client, initiative, entrepreneur, groningen
):
    need = NeedFactory(municipality=groningen, organisation=initiative.organisation)
    MatchFactory(need=need, enterprise=OrganisationFactory(municipality=groningen), status=Match.Status.MADE)
    client.force_login(entrepreneur)
    response = client.get(reverse("matching:need_detail", kwargs={"pk": need.pk}))
    assert initiative.email not in response.content.decode()


def test_a_place_is_shown_with_its_postcode_area_and_without_empty_brackets_when_there_is_none(client, groningen):
    need = NeedFactory(municipality=groningen, place="Haren", postcode="9751 AB")
    without = NeedFactory(municipality=groningen, place="Haren")
    Need.objects.filter(pk=without.pk).update(postcode="")  # e.g. a need brought in before postcodes were asked

    def place_of(listing):
        page = client.get(reverse("matching:need_detail", kwargs={"pk": listing.pk})).content.decode()
        return page.split("<dt>Plaats</dt><dd>")[1].split("</dd>")[0]

    assert place_of(need) == "Haren (9751)"
    assert place_of(without) == "Haren"
