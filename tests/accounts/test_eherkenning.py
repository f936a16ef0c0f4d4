"""eHerkenning for businesses: logging in through a real (local) OpenID Connect broker, tests/oidc_provider.py."""

import re

import pytest
from allauth.socialaccount.models import SocialAccount
from django.core import mail
from django.urls import reverse

from accounts.models import Organisation, User
from accounts.services import user_activate_totp
from tests.factories import STAFF_TOTP_SECRET, OrganisationFactory, UserFactory
from tests.oidc_provider import OidcProvider

LOGIN_URL = reverse("openid_connect_login", kwargs={"provider_id": "eherkenning"})
BUTTON = "Inloggen met eHerkenning"
KVK = "12345678"


@pytest.fixture
def broker(settings):
    provider = OidcProvider().start()
    settings.EHERKENNING_OIDC_SERVER_URL = provider.url
    settings.SOCIALACCOUNT_PROVIDERS = provider.settings()
    provider.claims = {
        "sub": "eh-0001",
        "email": "noor@zonnepaneel.nl",
        "email_verified": True,
        "name": "Noor de Boer",
        "company_name": "Zonnepaneel Collectief",
        "kvk": KVK,
    }
    yield provider
    provider.stop()


def log_in_with_eherkenning(client, broker):
    """Press the button, let the broker send the browser back, and return the portal's answer to that."""
    response = client.post(LOGIN_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(broker.url + "/authorize?")
    return client.get(broker.authorize(response["Location"]))


def signed_in_user(client):
    response = client.get(reverse("accounts:my_data"))
    return response.wsgi_request.user if response.status_code == 200 else None


@pytest.mark.django_db
def test_without_configuration_nothing_of_eherkenning_shows(client):
    for page in ("account_login", "account_signup"):
        response = client.get(reverse(page))
        assert response.status_code == 200
        assert "eHerkenning" not in response.content.decode()
    assert client.post(LOGIN_URL).status_code == 404


@pytest.mark.django_db
def test_login_and_signup_pages_offer_eherkenning_when_configured(client, broker):
    for page in ("account_login", "account_signup"):
        assert BUTTON in client.get(reverse(page)).content.decode()
    client.cookies["django_language"] = "en"
    assert "Log in with eHerkenning" in client.get(reverse("account_login")).content.decode()


@pytest.mark.django_db
def test_first_login_makes_account_and_verified_organisation_and_later_logins_find_them(client, broker, groningen):
    response = log_in_with_eherkenning(client, broker)
    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")
    form = client.get(response["Location"]).content.decode()
    assert "Zonnepaneel Collectief" in form and "Noor de Boer" in form  # from the claims
    assert 'name="kvk_number"' not in form  # eHerkenning vouches for it

    response = client.post(
        reverse("socialaccount_signup"),
        {
            "name": "Noor de Boer",
            "email": "noor@zonnepaneel.nl",
            "organisation_name": "Zonnepaneel Collectief",
            "municipality": groningen.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("start")
    user = User.objects.get(email="noor@zonnepaneel.nl")
    assert user.role == User.Role.ENTREPRENEUR and not user.has_usable_password()
    organisation = user.organisation
    assert (organisation.kvk_number, organisation.kind) == (KVK, "enterprise")
    assert organisation.name == "Zonnepaneel Collectief"
    assert organisation.eherkenning_verified_at is not None
    assert signed_in_user(client) == user
    assert "Geverifieerd met eHerkenning" in client.get(reverse("accounts:organisation")).content.decode()
    assert mail.outbox == []  # the broker said the address is verified

    client.post(reverse("account_logout"))
    response = log_in_with_eherkenning(client, broker)
    assert response["Location"] == reverse("start")
    assert signed_in_user(client) == user
    assert User.objects.count() == 1 and Organisation.objects.count() == 1


@pytest.mark.django_db
def test_an_organisation_without_active_members_is_taken_on(client, broker, groningen):
    organisation = OrganisationFactory(kvk_number=KVK, municipality=groningen, name="Zonnepaneel BV")
    UserFactory(organisation=organisation, is_active=False)  # its last member erased their account

    response = log_in_with_eherkenning(client, broker)

    assert response["Location"] == reverse("start")
    user = signed_in_user(client)
    assert user.organisation == organisation and user.role == User.Role.ENTREPRENEUR
    organisation.refresh_from_db()
    assert organisation.eherkenning_verified_at is not None
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_an_organisation_with_members_is_not_taken_over_until_a_member_approves(
    client, broker, groningen, django_capture_on_commit_callbacks
):
    organisation = OrganisationFactory(kvk_number=KVK, municipality=groningen, name="Zonnepaneel BV")
    owner = UserFactory(organisation=organisation, email="eigenaar@zonnepaneel.nl")

    with django_capture_on_commit_callbacks(execute=True):
        response = log_in_with_eherkenning(client, broker)

    assert response.status_code == 403
    page = response.content.decode()
    assert "Een lid van uw organisatie moet u toelaten" in page
    assert signed_in_user(client) is None
    newcomer = User.objects.get(email="noor@zonnepaneel.nl")
    assert newcomer.organisation is None
    assert list(organisation.members.filter(is_active=True)) == [owner]
    [message] = [message for message in mail.outbox if owner.email in message.to]
    assert "Noor de Boer" in message.body
    link = re.search(r"https?://\S+/organisatie/leden/toelaten/\S+/", message.body).group(0)
    path = link[link.index("/organisatie/") :]

    # until then, logging in again shows the same page
    assert log_in_with_eherkenning(client, broker).status_code == 403
    assert signed_in_user(client) is None

    # nor does a password set through a reset let them in
    newcomer.set_password("Zon-op-de-Grote-Markt-2026")
    newcomer.save()
    client.post(reverse("account_login"), {"login": newcomer.email, "password": "Zon-op-de-Grote-Markt-2026"})
    assert signed_in_user(client) is None

    # someone of another organisation cannot use the link
    stranger = UserFactory(organisation=OrganisationFactory(municipality=groningen))
    client.force_login(stranger)
    assert client.get(path).status_code == 404
    assert client.post(path).status_code == 404

    client.force_login(owner)
    assert "Noor de Boer" in client.get(path).content.decode()
    assert client.post(path).status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.organisation == organisation
    assert client.get(path).status_code == 404  # used

    client.post(reverse("account_logout"))
    assert log_in_with_eherkenning(client, broker)["Location"] == reverse("start")
    assert signed_in_user(client) == newcomer


@pytest.mark.django_db
def test_staff_never_log_in_with_eherkenning(client, broker, coordinator):
    SocialAccount.objects.create(user=coordinator, provider="eherkenning", uid="eh-0001")

    response = log_in_with_eherkenning(client, broker)

    assert response.status_code == 403
    assert "eHerkenning is voor bedrijven" in response.content.decode()
    assert signed_in_user(client) is None


@pytest.mark.django_db
def test_a_staff_address_in_the_claims_logs_nobody_in(client, broker, coordinator):
    broker.claims["email"] = coordinator.email

    log_in_with_eherkenning(client, broker)

    assert signed_in_user(client) is None
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_an_entrepreneur_with_an_authenticator_is_not_asked_for_it_after_eherkenning(client, broker, groningen):
    organisation = OrganisationFactory(kvk_number=KVK, municipality=groningen)
    log_in_with_eherkenning(client, broker)
    user = signed_in_user(client)
    assert user.organisation == organisation
    user_activate_totp(user=user, secret=STAFF_TOTP_SECRET)
    client.post(reverse("account_logout"))

    response = log_in_with_eherkenning(client, broker)

    assert response["Location"] == reverse("start")
    assert signed_in_user(client) == user


@pytest.mark.django_db
def test_login_without_kvk_number_is_refused(client, broker, groningen):
    del broker.claims["kvk"]

    response = log_in_with_eherkenning(client, broker)

    assert response.status_code == 403
    assert "KvK-nummer" in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("fault", ["signature", "issuer"])
def test_a_token_that_cannot_be_trusted_is_refused(client, broker, groningen, fault):
    OrganisationFactory(kvk_number=KVK, municipality=groningen)
    if fault == "signature":
        broker.sign_with_unpublished_key = True
    else:
        broker.token_issuer = "https://elders.example"

    response = log_in_with_eherkenning(client, broker)

    assert "Inloggen met eHerkenning is niet gelukt" in response.content.decode()
    assert User.objects.count() == 0 and SocialAccount.objects.count() == 0
    assert signed_in_user(client) is None


@pytest.mark.django_db
def test_a_broker_that_is_down_gives_a_clear_message(client, broker):
    broker.stop()

    response = client.post(LOGIN_URL)

    assert response.status_code == 401  # allauth's answer to a failed login with a third party; never a 500
    assert "Inloggen met eHerkenning is niet gelukt" in response.content.decode()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_changing_the_kvk_number_ends_the_verification(client, broker, groningen):
    organisation = OrganisationFactory(kvk_number=KVK, municipality=groningen)
    log_in_with_eherkenning(client, broker)
    organisation.refresh_from_db()
    assert organisation.eherkenning_verified_at is not None

    response = client.post(
        reverse("accounts:organisation_edit"),
        {"name": organisation.name, "kvk_number": "87654321", "postcode": "9712 AB", "city": "Groningen"},
    )

    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.kvk_number == "87654321" and organisation.eherkenning_verified_at is None
    assert "Geverifieerd met eHerkenning" not in client.get(reverse("accounts:organisation")).content.decode()


def test_the_settings_turn_eherkenning_on_from_the_environment():
    """impactportal.settings as a server starts it: the app from the EHERKENNING_OIDC_* variables, and the
    broker's origin allowed as a form's destination (the button's post ends there)."""
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json; from django.conf import settings; "
        "print(json.dumps([settings.SOCIALACCOUNT_PROVIDERS['openid_connect']['APPS'], "
        "settings.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action'], settings.EHERKENNING_OIDC_KVK_CLAIM]))"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "impactportal.settings",
        "EHERKENNING_OIDC_SERVER_URL": "https://broker.example.nl/oidc",
        "EHERKENNING_OIDC_CLIENT_ID": "portal",
        "EHERKENNING_OIDC_CLIENT_SECRET": "secret",
        "EHERKENNING_OIDC_KVK_CLAIM": "urn:etoegang:1.9:EntityConcernedID:KvKnr",
    }
    output = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    [[app], form_action, kvk_claim] = json.loads(output.stdout)

    assert (app["provider_id"], app["client_id"], app["secret"]) == ("eherkenning", "portal", "secret")
    assert app["settings"]["server_url"] == "https://broker.example.nl/oidc"
    assert form_action == ["'self'", "https://broker.example.nl"]
    assert kvk_claim == "urn:etoegang:1.9:EntityConcernedID:KvKnr"

    env.pop("EHERKENNING_OIDC_SERVER_URL")
    output = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert json.loads(output.stdout)[:2] == [[], ["'self'"]]


@pytest.mark.django_db
def test_the_kvk_number_comes_from_the_configured_claim(client, broker, groningen, settings):
    settings.EHERKENNING_OIDC_KVK_CLAIM = "urn:etoegang:1.9:EntityConcernedID:KvKnr"
    organisation = OrganisationFactory(kvk_number="87654321", municipality=groningen)
    broker.claims["urn:etoegang:1.9:EntityConcernedID:KvKnr"] = "87654321"  # and "kvk" still says 12345678

    log_in_with_eherkenning(client, broker)

    assert signed_in_user(client).organisation == organisation


@pytest.mark.django_db
def test_the_download_holds_what_the_broker_said_and_erasure_forgets_it(client, broker, groningen):
    OrganisationFactory(kvk_number=KVK, municipality=groningen)
    log_in_with_eherkenning(client, broker)

    download = client.get(reverse("accounts:my_data_download")).json()
    [login] = download["account"]["eherkenning_logins"]
    assert login["uid"] == "eh-0001" and "Noor de Boer" in str(login["claims"])

    user = signed_in_user(client)
    assert 'name="password"' not in client.get(reverse("accounts:my_data")).content.decode()  # it has none
    response = client.post(reverse("accounts:my_account_erase"), {"confirm": "on"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.is_active and user.name != "Noor de Boer"
    assert SocialAccount.objects.count() == 0


@pytest.mark.django_db
def test_an_address_the_broker_did_not_verify_is_verified_by_mail_first(client, broker, groningen):
    OrganisationFactory(kvk_number=KVK, municipality=groningen)
    broker.claims["email_verified"] = False

    response = log_in_with_eherkenning(client, broker)

    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(client) is None
    assert [message.to for message in mail.outbox] == [["noor@zonnepaneel.nl"]]


@pytest.mark.django_db
def test_an_entrepreneur_with_a_password_links_eherkenning_from_my_data(client, broker, entrepreneur):
    organisation = entrepreneur.organisation
    organisation.kvk_number = KVK
    organisation.save()
    broker.claims["email"] = entrepreneur.email
    client.force_login(entrepreneur)
    assert "eHerkenning aan mijn account koppelen" in client.get(reverse("accounts:my_data")).content.decode()

    response = client.post(LOGIN_URL, {"process": "connect"})
    client.get(broker.authorize(response["Location"]))

    assert SocialAccount.objects.get().user == entrepreneur
    client.post(reverse("account_logout"))
    assert log_in_with_eherkenning(client, broker)["Location"] == reverse("start")
    assert signed_in_user(client) == entrepreneur
    organisation.refresh_from_db()
    assert organisation.eherkenning_verified_at is not None


@pytest.mark.django_db
def test_my_data_offers_no_eherkenning_without_a_broker(client, entrepreneur):
    client.force_login(entrepreneur)

    assert "eHerkenning" not in client.get(reverse("accounts:my_data")).content.decode()


@pytest.mark.django_db
def test_bad_input_on_the_first_login_form_changes_nothing(client, broker, groningen):
    log_in_with_eherkenning(client, broker)

    response = client.post(
        reverse("socialaccount_signup"),
        {"name": "", "email": "geen-adres", "organisation_name": "x" * 500, "municipality": "Groningen"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Selecteer een geldige keuze" in page  # the municipality
    assert User.objects.count() == 0 and Organisation.objects.count() == 0 and SocialAccount.objects.count() == 0


@pytest.mark.django_db
def test_with_the_kvk_register_the_first_login_finds_the_organisation_filled_from_the_register(
    client, broker, groningen, kvk_register
):
    """eHerkenning vouches for the KvK number; the register gives the company's name, address and legal form."""
    from tests.kvk_server import BV

    broker.claims = {key: value for key, value in broker.claims.items() if key != "company_name"} | {"kvk": BV}
    response = log_in_with_eherkenning(client, broker)
    form = client.get(response["Location"]).content.decode()
    assert "Test BV Donald" in form  # the register's name, for want of one from the broker

    response = client.post(
        reverse("socialaccount_signup"),
        {
            "name": "Noor de Boer",
            "email": "noor@zonnepaneel.nl",
            "organisation_name": "Test BV Donald",
            "municipality": groningen.pk,
        },
    )
    assert response["Location"] == reverse("start")
    organisation = User.objects.get(email="noor@zonnepaneel.nl").organisation
    assert organisation.kvk_status == "active" and organisation.kvk_checked_at is not None
    assert organisation.legal_form and organisation.street_address and organisation.postcode
    assert organisation.eherkenning_verified_at is not None
    page = client.get(reverse("accounts:organisation")).content.decode()
    assert organisation.legal_form in page and organisation.street_address in page
