"""The match proposal form with a municipality's long lists: each shows a page of what fits its search box,
typed (htmx swaps the list in) or sent with the search button without JavaScript; any permitted need, offer or
entrepreneur may still be proposed, and the page costs the same number of queries however long the lists."""

import re

import pytest
from django.urls import reverse

from accounts.models import Organisation
from matching.forms import ChoiceOfMany
from matching.models import Match
from tests.factories import OrganisationFactory
from tests.matching.factories import NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db

PROPOSE = reverse("matching:match_propose")


def options(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no list {name}"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def chosen(html: str, name: str) -> list[str]:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select
    return re.findall(r'<option value="(\d+)"[^>]*selected', select.group(1))


@pytest.fixture
def many_needs(groningen):
    return [NeedFactory(municipality=groningen, title=f"Vraag {n:02}") for n in range(30)]


def test_each_long_list_shows_a_page_and_any_permitted_need_can_still_be_proposed(
    client, coordinator, groningen, many_needs
):
    enterprise = OrganisationFactory(municipality=groningen, kind=Organisation.Kind.ENTERPRISE, name="Fietsmakers")
    client.force_login(coordinator)
    page = client.get(PROPOSE).content.decode()
    assert len(options(page, "need")) == ChoiceOfMany.SHOWN_AT_MOST + 1  # and "Choose a need"
    assert 'name="need_q"' in page and 'name="enterprise_q"' in page
    not_shown = max(many_needs, key=lambda need: need.organisation.name)
    response = client.post(PROPOSE, {"need": not_shown.pk, "enterprise": enterprise.pk})
    assert Match.objects.get().need == not_shown, response.content.decode()[:300]


def test_ik_wil_helpen_preselects_the_need_even_beyond_the_first_page(client, entrepreneur, groningen, many_needs):
    last = NeedFactory(
        municipality=groningen,
        title="Zonnepanelen",
        organisation=OrganisationFactory(municipality=groningen, kind=Organisation.Kind.INITIATIVE, name="Zz Buurt"),
    )
    client.force_login(entrepreneur)
    page = client.get(PROPOSE, {"need": last.pk}).content.decode()
    assert chosen(page, "need") == [str(last.pk)]
    assert options(page, "need")[1] == "Zz Buurt: Zonnepanelen"


def test_without_javascript_the_search_button_narrows_the_lists_and_keeps_what_was_chosen(
    client, coordinator, groningen, many_needs
):
    offer = OfferFactory(municipality=groningen, title="Laptops uitlenen")
    client.force_login(coordinator)
    response = client.post(
        PROPOSE,
        {
            "search": "Zoeken",
            "need_q": "vraag 1",
            "offer": offer.pk,
            "note": "Past goed",
            "offer_q": "",
            "enterprise_q": "",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert sorted(label.split(": ")[1] for label in options(page, "need")[1:]) == [f"Vraag {n}" for n in range(10, 20)]
    assert chosen(page, "offer") == [str(offer.pk)]
    assert "Past goed" in page and 'value="vraag 1"' in page
    assert not Match.objects.exists()


def test_typing_swaps_in_the_list_with_what_fits_the_first_chosen(client, coordinator, groningen, many_needs):
    client.force_login(coordinator)
    response = client.get(PROPOSE, {"need_q": "vraag 07"}, headers={"HX-Request": "true", "HX-Target": "id_need"})
    html = response.content.decode()
    assert html.lstrip().startswith('<select name="need"')
    assert [label.split(": ")[1] for label in options(html, "need")[1:]] == ["Vraag 07"]
    assert chosen(html, "need") == [str(many_needs[7].pk)]
    nothing = client.get(PROPOSE, {"need_q": "geen zulke vraag"}, headers={"HX-Request": "true"})
    assert len(options(nothing.content.decode(), "need")) == 1


def test_an_entrepreneur_still_cannot_propose_another_entrepreneurs_offer(client, entrepreneur, groningen):
    need = NeedFactory(municipality=groningen)
    foreign = OfferFactory(municipality=groningen, title="Van een ander")
    client.force_login(entrepreneur)
    page = client.post(PROPOSE, {"search": "Zoeken", "offer_q": "ander"}).content.decode()
    assert "Van een ander" not in page
    response = client.post(PROPOSE, {"need": need.pk, "offer": foreign.pk})
    assert response.status_code == 400
    assert not Match.objects.exists()


def test_the_form_costs_the_same_queries_however_long_the_lists(
    client, coordinator, groningen, django_assert_max_num_queries
):
    client.force_login(coordinator)

    def load():
        with django_assert_max_num_queries(10) as captured:
            assert client.get(PROPOSE).status_code == 200
        return len(captured)

    NeedFactory(municipality=groningen)
    few = load()
    NeedFactory.create_batch(30, municipality=groningen)
    OfferFactory.create_batch(30, municipality=groningen)
    assert load() == few
