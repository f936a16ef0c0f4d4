"""E-mail (core.mail): sent once the change is committed, one message per recipient, each in the language
the recipient chose, with subjects as plain text."""

import pytest
from django.core import mail
from django.urls import reverse

from procurement.models import Supplier
from programmes import services as programme_services
from programmes.models import Question
from tests.factories import UserFactory
from tests.procurement.helpers import registration_data
from tests.programmes.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def answer(question, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.question_answer(question=question, coordinator=coordinator, answer="Zie de website.")
    return mail.outbox[-1]


def test_each_recipient_reads_the_mail_in_their_own_language(coordinator, django_capture_on_commit_callbacks):
    english = UserFactory(email="amira@example.nl", language="en")
    asked_in_english = QuestionFactory(
        municipality=coordinator.municipality, asker=english, email=english.email, subject="Subsidy"
    )
    asked_without_account = QuestionFactory(
        municipality=coordinator.municipality, asker=None, email="buurman@example.nl", subject="Subsidie"
    )

    to_english = answer(asked_in_english, coordinator, django_capture_on_commit_callbacks)
    to_dutch = answer(asked_without_account, coordinator, django_capture_on_commit_callbacks)

    assert to_english.to == ["amira@example.nl"]
    assert to_english.subject == "[Impactportaal] Answer to your question: Subsidy"
    assert to_dutch.to == ["buurman@example.nl"]
    assert to_dutch.subject == "[Impactportaal] Antwoord op uw vraag: Subsidie"


def test_nothing_is_sent_for_a_change_that_is_rolled_back(coordinator, django_capture_on_commit_callbacks):
    question = QuestionFactory(municipality=coordinator.municipality, email="buurman@example.nl")
    with django_capture_on_commit_callbacks(execute=False):  # the transaction never commits
        programme_services.question_answer(question=question, coordinator=coordinator, answer="Zie de website.")
    assert mail.outbox == []


def test_a_subject_is_plain_text(client, coordinator, entrepreneur, django_capture_on_commit_callbacks):
    entrepreneur.organisation.name = "Bakker & Zn <Sociaal>"
    entrepreneur.organisation.save()
    client.force_login(entrepreneur)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("procurement:registration_edit"), registration_data())
    assert Supplier.objects.get(organisation=entrepreneur.organisation).status == Supplier.Status.PENDING
    subjects = [message.subject for message in mail.outbox]
    assert subjects == ["[Impactportaal] Nieuwe aanmelding als impactleverancier: Bakker & Zn <Sociaal>"]


def test_allauths_own_mail_follows_the_accounts_language(client, entrepreneur):
    entrepreneur.language = "en"
    entrepreneur.save()
    client.post(reverse("account_reset_password"), {"email": entrepreneur.email})  # from a Dutch page
    assert [message.subject for message in mail.outbox] == ["[Impactportaal] Password Reset Email"]

    entrepreneur.language = "nl"
    entrepreneur.save()
    client.cookies["django_language"] = "en"
    client.post(reverse("account_reset_password"), {"email": entrepreneur.email})  # from an English page
    assert mail.outbox[-1].subject == "[Impactportaal] Nieuw wachtwoord"


def test_a_question_asked_without_an_account_is_answered_in_the_language_it_was_asked_in(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.cookies["django_language"] = "en"
    data = {
        "municipality": coordinator.municipality.pk,
        "name": "Amira",
        "email": "amira@example.nl",
        "subject": "Subsidy",
        "body": "Which subsidy fits a social start-up?",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:question_ask"), data)
    question = Question.objects.get(email="amira@example.nl")
    assert question.language == "en"
    (confirmation,) = [message for message in mail.outbox if message.to == ["amira@example.nl"]]
    assert confirmation.subject == "[Impactportaal] Your question to the impact service point of Groningen"

    to_asker = answer(question, coordinator, django_capture_on_commit_callbacks)  # the coordinator works in Dutch
    assert to_asker.subject == "[Impactportaal] Answer to your question: Subsidy"
