"""The service point's public form is no mail relay: a confirmation to an address that has not proven
itself quotes nothing a stranger typed, and the form's limits hold per client and per address."""

from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from programmes.models import Question

SUBJECT = "Win an iPhone at http://spam.example"
BODY = "Click http://phish.example/login and enter your DigiD"
NAME = "Your bank: call 0900-1234"


def ask(client, groningen, email="victim@example.org", forwarded_for="203.0.113.1"):
    data = {"municipality": groningen.pk, "name": NAME, "email": email, "subject": SUBJECT, "body": BODY}
    return client.post(reverse("programmes:question_ask"), data, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_it_quotes_nothing_from_the_form_to_an_address_without_an_account(
    client, groningen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert ask(client, groningen).status_code == 302
    [confirmation] = mail.outbox
    text = (
        confirmation.subject
        + confirmation.body
        + "".join(str(part) for part, _ in getattr(confirmation, "alternatives", []))
    )
    assert confirmation.to == ["victim@example.org"]
    assert "Groningen" in confirmation.body
    for typed in (SUBJECT, BODY, NAME, "spam.example", "phish.example", "0900-1234"):
        assert typed not in text


def test_it_quotes_nothing_to_a_signed_in_asker_whose_address_is_unverified(
    client, entrepreneur, groningen, django_capture_on_commit_callbacks
):
    EmailAddress.objects.filter(user=entrepreneur).update(verified=False)
    client.force_login(entrepreneur)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, groningen)
    [confirmation] = mail.outbox
    assert SUBJECT not in confirmation.body and BODY not in confirmation.body


def test_it_still_quotes_the_question_to_a_signed_in_asker_with_a_verified_address(
    client, entrepreneur, groningen, django_capture_on_commit_callbacks
):
    client.force_login(entrepreneur)
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, groningen)
    [confirmation] = mail.outbox
    assert confirmation.to == [entrepreneur.email]
    assert SUBJECT in confirmation.body and BODY in confirmation.body


def test_it_limits_how_often_one_address_is_mailed_whatever_the_client(client, groningen, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [ask(client, groningen, forwarded_for=f"203.0.113.{n}").status_code for n in range(7)]
    assert statuses == [302] * 5 + [429, 429]
    assert Question.objects.count() == 5
    assert ask(client, groningen, email="someone-else@example.org", forwarded_for="198.51.100.1").status_code == 302


def test_it_limits_one_client_whatever_the_address(client, groningen, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    statuses = [ask(client, groningen, email=f"target{n}@example.org").status_code for n in range(6)]
    assert statuses == [302] * 5 + [429]
