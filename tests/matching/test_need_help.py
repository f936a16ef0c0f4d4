"""“Ik wil helpen” on a public need: a visitor is led through login or signup straight to a match proposal for
that need; an entrepreneur who is signed in goes straight there; whoever cannot propose reads why."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Theme
from matching.models import Match
from tests.factories import PASSWORD, OrganisationFactory, UserFactory
from tests.matching.factories import NeedFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(groningen):
    return NeedFactory(municipality=groningen, title="Speelgoed voor kinderen in coronatijd")


def help_url(need):
    return reverse("matching:need_help", kwargs={"pk": need.pk})


def propose_url(need):
    return f"{reverse('matching:match_propose')}?need={need.pk}"


def test_a_visitor_sees_the_button_and_is_sent_to_log_in_with_the_way_back(client, need):
    page = client.get(reverse("matching:need_detail", kwargs={"pk": need.pk})).content.decode()
    assert "Ik wil helpen" in page and f'href="{help_url(need)}"' in page
    response = client.get(help_url(need))
    location = urlparse(response["Location"])
    assert response.status_code == 302 and location.path == reverse("account_login")
    assert parse_qs(location.query)["next"] == [help_url(need)]
    login_page = client.get(response["Location"]).content.decode()
    signup = reverse("account_signup")
    assert f"{signup}?next={help_url(need).replace('/', '%2F')}" in login_page


def test_after_logging_in_the_entrepreneur_lands_on_the_proposal_for_that_need(client, need, entrepreneur):
    response = client.post(
        f"{reverse('account_login')}?next={help_url(need)}",
        {"login": entrepreneur.email, "password": PASSWORD, "next": help_url(need)},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == propose_url(need)
    form = response.context["form"]
    assert str(form["need"].value()) == str(need.pk)
    assert "Match voorstellen" in response.content.decode()
    response = client.post(
        propose_url(need), {"need": need.pk, "enterprise": entrepreneur.organisation_id, "note": "Wij helpen graag."}
    )
    match = Match.objects.get()
    assert (match.need, match.enterprise) == (need, entrepreneur.organisation)


def test_a_signed_in_entrepreneur_goes_straight_to_the_proposal(client, need, entrepreneur):
    client.force_login(entrepreneur)
    page = client.get(reverse("matching:need_detail", kwargs={"pk": need.pk})).content.decode()
    assert "Ik wil helpen" in page and f'href="{propose_url(need)}"'.replace("&", "&amp;") in page
    response = client.get(help_url(need))
    assert response.status_code == 302 and response["Location"] == propose_url(need)


@pytest.mark.parametrize(
    ("who", "reason"),
    [
        ("initiative", "Met het account van uw initiatief kunt u geen hulp aanbieden"),
        ("buyer", "Hulp aanbieden aan een initiatief is voor ondernemers."),
        ("council_member", "Hulp aanbieden aan een initiatief is voor ondernemers."),
        ("other_entrepreneur", "Deze hulpvraag is van Groningen. U kunt hulp aanbieden aan initiatieven"),
        ("owner", "Dit is de hulpvraag van uw eigen initiatief."),
    ],
)
def test_whoever_cannot_propose_reads_why(client, need, haarlem, who, reason, request):
    if who == "other_entrepreneur":
        user = UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=haarlem))
    elif who == "owner":
        user = UserFactory(role="initiative", organisation=need.organisation)
    else:
        user = request.getfixturevalue(who)
    client.force_login(user)
    response = client.get(help_url(need))
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Match.objects.exists()


def test_the_owner_and_the_coordinator_get_no_help_button_and_offers_have_none(client, need, coordinator, entrepreneur):
    owner = UserFactory(role="initiative", organisation=need.organisation)
    for user in (owner, coordinator):
        client.force_login(user)
        assert (
            "Ik wil helpen" not in client.get(reverse("matching:need_detail", kwargs={"pk": need.pk})).content.decode()
        )
    offer = OfferFactory(municipality=need.municipality, organisation=entrepreneur.organisation)
    client.logout()
    assert "Ik wil helpen" not in client.get(reverse("matching:offer_detail", kwargs={"pk": offer.pk})).content.decode()


def test_a_paused_need_shows_no_button_and_tells_the_owner_it_takes_no_offers(client, need):
    need.status = "paused"
    need.save()
    assert "Ik wil helpen" not in client.get(reverse("matching:need_detail", kwargs={"pk": need.pk})).content.decode()
    assert client.get(help_url(need)).status_code == 404
    client.force_login(UserFactory(role="initiative", organisation=need.organisation))
    assert "staat op dit moment niet open" in client.get(help_url(need)).content.decode()


def test_a_visitor_who_signs_up_lands_on_the_proposal_after_verifying_and_logging_in(client, need):
    theme = Theme.objects.create(code=Theme.Code.WORK)
    password = "Zon-op-de-Grote-Markt-2026"
    login_page = client.get(help_url(need), follow=True).content.decode()
    assert "?next=" in login_page
    client.post(
        f"{reverse('account_signup')}?next={help_url(need)}",
        {
            "name": "Kees Mulder",
            "email": "kees@mulder.nl",
            "password1": password,
            "password2": password,
            "organisation_name": "Mulder Installatietechniek",
            "kind": "enterprise",
            "kvk_number": "80500001",
            "municipality": need.municipality_id,
            "themes": [theme.pk],
            "next": help_url(need),
        },
    )
    link = re.search(r"https?://[^\s]+/account/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    client.post(link)
    response = client.post(reverse("account_login"), {"login": "kees@mulder.nl", "password": password}, follow=True)
    assert response.redirect_chain[-1][0] == propose_url(need)
    assert str(response.context["form"]["need"].value()) == str(need.pk)
