"""Staff sign in with a second factor (allauth.mfa); entrepreneurs and initiatives may choose one."""

import re

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, STAFF_TOTP_SECRET, UserFactory, totp_code

pytestmark = pytest.mark.django_db


def log_in(client: Client, user, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": user.email, "password": password})


def signed_in(client: Client) -> bool:
    return client.get(reverse("accounts:my_data")).status_code == 200


def test_a_coordinator_is_asked_for_a_code_after_the_password(client, coordinator):
    response = log_in(client, coordinator)

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not signed_in(client)


def test_a_coordinator_signs_in_with_the_code_of_their_authenticator_app(client, coordinator):
    log_in(client, coordinator)

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(STAFF_TOTP_SECRET)})

    assert response.status_code == 302
    assert client.get(reverse("programmes:dashboard")).status_code == 200


def test_a_council_member_signs_in_with_a_recovery_code_once(client, council_member):
    code = RecoveryCodes.activate(council_member).get_unused_codes()[0]
    log_in(client, council_member)

    client.post(reverse("mfa_authenticate"), {"code": code})

    assert signed_in(client)
    again = Client()
    log_in(again, council_member)
    response = again.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200
    assert not signed_in(again)


@pytest.mark.parametrize("code", ["", "000000", "12345678"])
def test_it_refuses_a_missing_or_wrong_code(client, buyer, code):
    if code == "000000" and totp_code(STAFF_TOTP_SECRET) == code:
        code = "000001"
    log_in(client, buyer)

    response = client.post(reverse("mfa_authenticate"), {"code": code})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert not signed_in(client)


def test_a_jury_member_without_an_authenticator_sets_one_up_before_anything_else(client, groningen):
    jury_member = UserFactory(role="jury", municipality=groningen, second_factor=False)
    log_in(client, jury_member)

    for page in (reverse("start"), reverse("challenges:jury_home"), reverse("accounts:my_data")):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == reverse("mfa_index")
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})  # allauth asks before any change
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200
    assert 'src="data:image/svg+xml;base64,' in setup.content.decode()  # the QR code, drawn on the server
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', setup.content.decode())[1]
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=jury_member, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("challenges:jury_home")).status_code == 200
    client.post(reverse("account_logout"))
    log_in(client, jury_member)
    assert client.get(reverse("challenges:jury_home")).status_code == 302  # now the code is asked for


def test_an_administrator_without_an_authenticator_cannot_use_the_admin(client):
    administrator = UserFactory(role="administrator", is_staff=True, is_superuser=True, second_factor=False)
    log_in(client, administrator)

    response = client.get("/beheer/")

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")


def test_an_entrepreneur_signs_in_without_a_second_factor_and_finds_the_link_to_add_one(client, entrepreneur):
    log_in(client, entrepreneur)

    page = client.get(reverse("accounts:my_data"))

    assert page.status_code == 200
    assert f'href="{reverse("mfa_index")}"' in page.content.decode()
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_the_setup_pages_are_dutch_formal_and_load_their_scripts_from_our_own_static_files(client, groningen):
    buyer = UserFactory(role="buyer", municipality=groningen, second_factor=False)
    log_in(client, buyer)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})

    index = client.get(reverse("mfa_index")).content.decode()
    totp = client.get(reverse("mfa_activate_totp")).content.decode()
    webauthn = client.get(reverse("mfa_add_webauthn")).content.decode()

    assert "Tweestapsverificatie" in index and "uw" in index
    assert "Authenticator-app" in totp
    scripts = re.findall(r"<script([^>]*)>", webauthn)
    assert scripts, webauthn
    for attributes in scripts:
        assert 'src="/static/' in attributes or 'type="application/json"' in attributes, attributes
