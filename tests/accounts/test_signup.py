import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import Organisation, User
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Zon-op-de-Grote-Markt-2026"


def sign_up(client, data):
    return client.post(reverse("account_signup"), data)


def confirmation_link(message) -> str:
    found = re.search(r"https?://[^\s]+/account/confirm-email/[^\s]+/", message.body)
    assert found, "the mail holds no confirmation link"
    return found.group(0)


def test_it_creates_the_user_and_their_organisation(client, signup_data):
    response = sign_up(client, signup_data)

    assert response.status_code == 302
    user = User.objects.get(email="fatima@kringloop.nl")
    assert user.name == "Fatima El Amrani"
    assert user.role == User.Role.ENTREPRENEUR
    organisation = user.organisation
    assert organisation.name == "Kringloop De Vondst"
    assert organisation.kvk_number == "87654321"
    assert organisation.municipality.name == "Groningen"
    assert sorted(t.code for t in organisation.themes.all()) == ["care", "work"]


def test_it_makes_a_community_initiative_an_initiative_member(client, signup_data):
    sign_up(client, signup_data | {"kind": "initiative", "kvk_number": ""})

    user = User.objects.get(email="fatima@kringloop.nl")
    assert user.role == User.Role.INITIATIVE
    assert user.organisation.kind == Organisation.Kind.INITIATIVE
    assert user.organisation.kvk_number is None


def test_it_sends_a_verification_mail_and_refuses_login_before_verifying(client, signup_data):
    sign_up(client, signup_data)

    assert len(mail.outbox) == 1
    assert "fatima@kringloop.nl" in mail.outbox[0].to
    response = client.post(reverse("account_login"), {"login": "fatima@kringloop.nl", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")


def test_it_lands_on_the_start_page_with_the_first_steps_after_verifying_and_logging_in(client, signup_data):
    sign_up(client, signup_data)
    link = confirmation_link(mail.outbox[0])
    client.post(link)
    assert EmailAddress.objects.get(email="fatima@kringloop.nl").verified

    response = client.post(
        reverse("account_login"), {"login": "fatima@kringloop.nl", "password": PASSWORD}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("start")
    page = response.content.decode()
    assert "Aan de slag" in page and f'href="{reverse("accounts:organisation_edit")}"' in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"kvk_number": "1234567"}, "kvk_number", "Een KvK-nummer heeft precies 8 cijfers."),
        ({"kvk_number": "1234567a"}, "kvk_number", "Een KvK-nummer heeft precies 8 cijfers."),
        ({"kvk_number": ""}, "kvk_number", "Een onderneming heeft een KvK-nummer nodig."),
        ({"municipality": ""}, "municipality", "Kies de gemeente waar uw organisatie werkt."),
        ({"municipality": "999999"}, "municipality", "Selecteer een geldige keuze."),
        ({"organisation_name": ""}, "organisation_name", "Vul de naam van uw organisatie in."),
        ({"kind": "multinational"}, "kind", "Selecteer een geldige keuze."),
    ],
)
def test_it_rejects_bad_input_with_a_dutch_message_next_to_the_field(client, signup_data, change, field, message):
    response = sign_up(client, signup_data | change)

    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert not User.objects.filter(email="fatima@kringloop.nl").exists()
    assert not Organisation.objects.exists()


def test_it_rejects_a_kvk_number_that_is_already_registered(client, signup_data, groningen):
    OrganisationFactory(kvk_number="87654321", municipality=groningen)

    response = sign_up(client, signup_data)

    assert "Er is al een organisatie met dit KvK-nummer geregistreerd." in response.content.decode()
    assert not User.objects.filter(email="fatima@kringloop.nl").exists()
    assert Organisation.objects.count() == 1


def test_it_answers_in_english_when_the_user_chose_english(client, signup_data):
    client.post(reverse("set_language"), {"language": "en"})

    response = sign_up(client, signup_data | {"kvk_number": "123"})

    assert "A KvK number has exactly 8 digits." in response.content.decode()


def test_it_rate_limits_repeated_signups_from_one_client(client, signup_data, settings):
    statuses = [
        sign_up(client, signup_data | {"email": f"x{i}@example.nl", "kvk_number": "1"}).status_code for i in range(12)
    ]

    assert statuses[0] == 200
    assert statuses[-1] == 429


def test_it_sends_a_password_reset_mail_that_lets_the_user_set_a_new_password(client):
    user = UserFactory(email="jan@helpdesk050.nl")

    client.post(reverse("account_reset_password"), {"email": "jan@helpdesk050.nl"})
    link = re.search(r"https?://[^\s]+/account/password/reset/key/[^\s]+/", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "Nieuw-wachtwoord-2026!", "password2": "Nieuw-wachtwoord-2026!"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Nieuw-wachtwoord-2026!")
