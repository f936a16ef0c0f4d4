"""Sign-in that tells a stranger nothing and hands them no power: no enumeration of addresses, brute force stopped
per client, no lock-out of someone else's account, and the admin behind the same door."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import Organisation
from tests.factories import PASSWORD, UserFactory, totp_code

from .test_signup import sign_up

pytestmark = pytest.mark.django_db

STRANGER = "198.51.100.66"
OWNER = "203.0.113.10"


def log_in(client: Client, email: str, password: str, address: str):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def test_signing_up_with_a_registered_address_looks_the_same_and_tells_the_owner_by_mail(client, signup_data):
    new = sign_up(Client(), signup_data | {"email": "nieuw@kringloop.nl", "kvk_number": "87654320"})
    UserFactory(email="fatima@kringloop.nl")
    mail.outbox.clear()

    taken = sign_up(client, signup_data)

    assert (taken.status_code, taken["Location"]) == (new.status_code, new["Location"])
    assert taken["Location"] == reverse("account_email_verification_sent")
    assert Organisation.objects.filter(name=signup_data["organisation_name"]).count() == 1  # only the new one's
    assert [message.to for message in mail.outbox] == [["fatima@kringloop.nl"]]


def test_a_password_reset_for_an_unknown_address_looks_the_same_as_for_a_known_one(client):
    UserFactory(email="jan@helpdesk050.nl")

    known = client.post(reverse("account_reset_password"), {"email": "jan@helpdesk050.nl"})
    unknown = Client().post(reverse("account_reset_password"), {"email": "niemand@helpdesk050.nl"})

    assert (unknown.status_code, unknown["Location"]) == (known.status_code, known["Location"])
    assert unknown["Location"] == reverse("account_reset_password_done")


def test_password_resets_for_an_unknown_address_are_limited_too(client):
    statuses = [
        client.post(reverse("account_reset_password"), {"email": "niemand@helpdesk050.nl"}).status_code
        for _ in range(8)
    ]

    assert statuses[0] == 302
    assert statuses[-1] == 429


def test_brute_force_from_one_client_is_stopped_even_with_the_right_password(client, coordinator):
    for attempt in range(30):
        log_in(client, coordinator.email, f"wrong-{attempt}", STRANGER)

    response = log_in(client, coordinator.email, PASSWORD, STRANGER)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session and "mfa_authenticate" not in response.get("Location", "")


def test_a_stranger_failing_on_purpose_does_not_lock_the_coordinator_out(coordinator):
    stranger = Client()
    for attempt in range(30):
        log_in(stranger, coordinator.email, f"wrong-{attempt}", STRANGER)
    owner = Client()

    response = log_in(owner, coordinator.email, PASSWORD, OWNER)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    owner.post(reverse("mfa_authenticate"), {"code": totp_code()}, REMOTE_ADDR=OWNER)

    assert owner.get(reverse("programmes:dashboard"), REMOTE_ADDR=OWNER).status_code == 200


def test_the_admin_login_page_sends_to_the_portals_login(client):
    response = client.get("/beheer/login/?next=/beheer/accounts/user/")

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next=/beheer/accounts/user/"
    assert client.get("/beheer/", follow=True).redirect_chain[-1][0] == f"{reverse('account_login')}?next=/beheer/"


def test_thirty_wrong_passwords_through_the_admin_then_the_right_one_do_not_get_in(client):
    administrator = UserFactory(role="administrator", is_staff=True, is_superuser=True)
    for attempt in range(30):
        client.post("/beheer/login/", {"username": administrator.email, "password": f"wrong-{attempt}"})

    client.post("/beheer/login/?next=/beheer/", {"username": administrator.email, "password": PASSWORD})

    assert client.get("/beheer/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_admin_needs_the_second_factor(client):
    administrator = UserFactory(role="administrator", is_staff=True, is_superuser=True)
    log_in(client, administrator.email, PASSWORD, OWNER)

    assert client.get("/beheer/", REMOTE_ADDR=OWNER).status_code == 302
    client.post(reverse("mfa_authenticate"), {"code": totp_code()}, REMOTE_ADDR=OWNER)
    assert client.get("/beheer/", REMOTE_ADDR=OWNER).status_code == 200


def test_a_signed_in_user_who_is_not_an_administrator_gets_no_access_to_the_admin(client, entrepreneur):
    client.force_login(entrepreneur)

    assert client.get("/beheer/", follow=True).status_code == 403
