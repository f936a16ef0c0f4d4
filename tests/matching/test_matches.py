"""Proposing a match from a suggestion, moving it on its page, the match list."""

import pytest
from django.core import mail
from django.urls import reverse

from matching.models import Match, MatchEvent
from tests.matching.factories import MatchFactory, NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(initiative):
    return NeedFactory(municipality=initiative.organisation.municipality, organisation=initiative.organisation)


@pytest.fixture
def offer(entrepreneur):
    return OfferFactory(municipality=entrepreneur.organisation.municipality, organisation=entrepreneur.organisation)


def test_it_shows_the_suggestion_with_its_reasons_and_proposes_the_match(
    client, initiative, entrepreneur, need, offer, django_capture_on_commit_callbacks
):
    client.force_login(initiative)
    page = client.get(reverse("matching:need_suggestions", kwargs={"pk": need.pk})).content.decode()
    assert offer.title in page
    assert "Tijd en inzet gevraagd en aangeboden; minder dan 1 km uit elkaar; beschikbaar zonder einddatum" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("matching:match_propose"), {"need": need.pk, "offer": offer.pk})
    match = Match.objects.get()
    assert response["Location"] == reverse("matching:match_detail", kwargs={"pk": match.pk})
    assert (match.enterprise, match.offer, match.status) == (entrepreneur.organisation, offer, "suggested")
    assert {message.to[0] for message in mail.outbox} == {initiative.email, entrepreneur.email}


def test_it_lets_an_entrepreneur_offer_help_to_a_need(
    client, entrepreneur, need, offer, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)
    form_page = client.get(reverse("matching:match_propose"), {"need": need.pk})
    assert form_page.status_code == 200
    assert 'name="enterprise"' not in form_page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:match_propose"), {"need": need.pk, "offer": "", "note": "Wij helpen graag"})
    match = Match.objects.get()
    assert (match.enterprise, match.offer, match.note) == (entrepreneur.organisation, None, "Wij helpen graag")


def test_it_explains_a_duplicate_or_incomplete_proposal_and_stores_nothing_new(client, coordinator, need, offer):
    client.force_login(coordinator)
    response = client.post(reverse("matching:match_propose"), {"need": need.pk})
    assert response.status_code == 400
    assert "Kies een ondernemer of een van diens aanbiedingen" in response.content.decode()
    assert not Match.objects.exists()
    MatchFactory(need=need, enterprise=offer.organisation, status="preparation")
    response = client.post(reverse("matching:match_propose"), {"need": need.pk, "offer": offer.pk})
    assert response.status_code == 400
    assert "hebben al een lopende match" in response.content.decode()
    assert Match.objects.count() == 1


def test_it_refuses_to_propose_for_another_initiatives_need(client, initiative, offer, groningen):
    foreign = NeedFactory(municipality=groningen)
    client.force_login(initiative)
    response = client.post(reverse("matching:match_propose"), {"need": foreign.pk, "offer": offer.pk})
    assert response.status_code == 400
    assert not Match.objects.exists()


def test_it_walks_a_match_from_accepted_to_made_on_its_page(
    client, initiative, entrepreneur, need, offer, django_capture_on_commit_callbacks
):
    match = MatchFactory(
        need=need, enterprise=offer.organisation, offer=offer, proposed_by_organisation=need.organisation
    )
    url = reverse("matching:match_change", kwargs={"pk": match.pk})
    client.force_login(initiative)
    assert "Match accepteren" not in client.get(match.get_absolute_url()).content.decode()
    client.force_login(entrepreneur)
    assert "Match accepteren" in client.get(match.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"to_status": "preparation"}, follow=True)
    assert "De match is nu: In voorbereiding." in response.content.decode()
    assert initiative.email in response.content.decode()  # contact data after acceptance
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"to_status": "made", "hours_given": "20", "euros_given": "1500", "goods_given": ""})
    match.refresh_from_db()
    assert (match.status, match.hours_given, match.euros_given) == ("made", 20, 1500)
    page = client.get(match.get_absolute_url()).content.decode()
    assert "20 uur" in page and "€ 1.500" in page
    assert MatchEvent.objects.filter(match=match).count() == 2
    assert len(mail.outbox) == 4


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"to_status": "declined", "reason": ""}, "Geef aan waarom de match wordt afgewezen"),
        ({"to_status": "made", "hours_given": "-4"}, "minstens 0"),
        ({"to_status": "made", "euros_given": "veel"}, "Voer een getal in"),
    ],
)
def test_it_explains_bad_input_on_the_match_page_and_changes_nothing(client, coordinator, need, offer, data, message):
    match = MatchFactory(need=need, enterprise=offer.organisation, status="preparation")
    client.force_login(coordinator)
    response = client.post(reverse("matching:match_change", kwargs={"pk": match.pk}), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    match.refresh_from_db()
    assert match.status == "preparation"
    assert not MatchEvent.objects.exists()


def test_it_refuses_a_step_outside_the_workflow_with_a_message(client, coordinator, need, offer):
    match = MatchFactory(need=need, enterprise=offer.organisation, status="suggested")
    client.force_login(coordinator)
    response = client.post(
        reverse("matching:match_change", kwargs={"pk": match.pk}), {"to_status": "completed"}, follow=True
    )
    assert "Deze stap is nu niet mogelijk" in response.content.decode()
    match.refresh_from_db()
    assert match.status == "suggested"


def test_it_lists_matches_in_a_constant_number_of_queries(
    client, coordinator, groningen, django_assert_max_num_queries
):
    client.force_login(coordinator)

    def load():
        with django_assert_max_num_queries(10):
            response = client.get(reverse("matching:match_list"), {"status": "suggested"})
        assert response.status_code == 200
        return response

    MatchFactory.create_batch(2, need__municipality=groningen)
    load()
    MatchFactory.create_batch(25, need__municipality=groningen)
    assert load().context["page_obj"].paginator.count == 27


def test_it_shows_an_organisation_only_its_own_matches(client, initiative, need, groningen):
    own = MatchFactory(need=need)
    other = MatchFactory(need__municipality=groningen)
    client.force_login(initiative)
    listed = list(client.get(reverse("matching:match_list")).context["page_obj"])
    assert listed == [own]
    assert client.get(other.get_absolute_url()).status_code == 404


def test_it_lists_the_matches_of_either_side_of_an_organisation_newest_change_first(
    client, entrepreneur, groningen, django_assert_max_num_queries
):
    organisation = entrepreneur.organisation
    helping = MatchFactory(need__municipality=groningen, enterprise=organisation)
    helped = MatchFactory(need__municipality=groningen, need__organisation=organisation)
    MatchFactory(need__municipality=groningen)  # someone else's
    client.force_login(entrepreneur)
    with django_assert_max_num_queries(10):
        listed = list(client.get(reverse("matching:match_list")).context["page_obj"])
    assert listed == [helped, helping]
    searched = client.get(reverse("matching:match_list"), {"q": helped.need.title})
    assert list(searched.context["page_obj"]) == [helped]


def test_it_shows_suggestions_in_a_constant_number_of_queries(
    client, coordinator, need, groningen, django_assert_max_num_queries
):
    client.force_login(coordinator)
    url = reverse("matching:need_suggestions", kwargs={"pk": need.pk})

    def load():
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200

    OfferFactory.create_batch(2, municipality=groningen)
    load()
    OfferFactory.create_batch(30, municipality=groningen)
    load()


def test_it_lets_an_entrepreneur_propose_from_the_suggestions_for_its_offer(
    client, entrepreneur, initiative, need, offer, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)
    page = client.get(reverse("matching:offer_suggestions", kwargs={"pk": offer.pk})).content.decode()
    assert need.title in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("matching:match_propose"), {"need": need.pk, "offer": offer.pk})
    match = Match.objects.get()
    assert (match.proposed_by_organisation, match.offer) == (entrepreneur.organisation, offer)
    client.force_login(initiative)
    assert "Match accepteren" in client.get(match.get_absolute_url()).content.decode()


def test_it_shows_the_coordinator_every_open_need_in_a_constant_number_of_queries(
    client, coordinator, groningen, django_assert_max_num_queries
):
    client.force_login(coordinator)

    def load():
        with django_assert_max_num_queries(12):
            response = client.get(reverse("matching:overview"))
        assert response.status_code == 200
        return response

    NeedFactory.create_batch(2, municipality=groningen)
    load()
    NeedFactory.create_batch(25, municipality=groningen)
    assert load().context["page_obj"].paginator.count == 27
