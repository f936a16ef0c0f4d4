"""The impact service point: asking with or without an account, the queue, answering, closing."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from programmes.models import Question
from tests.programmes.factories import QuestionFactory
from tests.programmes.helpers import shows


def test_it_takes_a_question_without_an_account(client, groningen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:question_ask"),
            {
                "municipality": groningen.pk,
                "name": "Aylin Demir",
                "email": "aylin@example.nl",
                "subject": "Subsidie voor een leerwerkplek",
                "body": "Waar kan ik terecht?",
            },
        )
    assert response.status_code == 302 and response["Location"] == reverse("programmes:question_thanks")
    question = Question.objects.get()
    assert question.municipality == groningen and question.asker is None and question.status == "new"
    [confirmation] = mail.outbox
    assert confirmation.to == ["aylin@example.nl"] and "Groningen" in confirmation.body
    assert "Subsidie voor een leerwerkplek" not in confirmation.body  # an unproven address gets no typed text back


def test_it_needs_an_e_mail_address_without_an_account(client, groningen):
    response = client.post(
        reverse("programmes:question_ask"),
        {"municipality": groningen.pk, "name": "Aylin", "email": "geen-adres", "subject": "Vraag", "body": "?"},
    )
    assert response.status_code == 200
    assert shows(response, "Enter a valid email address.")
    assert not Question.objects.exists()


def test_it_asks_which_municipality(client, db):
    response = client.post(reverse("programmes:question_ask"), {"subject": "Vraag", "body": "?"})
    assert shows(response, "Choose the municipality you ask.")


def test_it_takes_the_askers_details_from_the_account(client, entrepreneur, groningen):
    client.force_login(entrepreneur)
    response = client.get(reverse("programmes:question_ask"))
    assert "email" not in response.context["form"].fields
    assert response.context["form"].initial["municipality"] == groningen.pk
    response = client.post(
        reverse("programmes:question_ask"), {"municipality": groningen.pk, "subject": "Inkoop", "body": "Hoe?"}
    )
    assert response["Location"] == reverse("programmes:my_questions")
    question = Question.objects.get()
    assert question.asker == entrepreneur and question.email == entrepreneur.email
    assert question.organisation_name == entrepreneur.organisation.name


def test_it_lets_a_coordinator_pick_up_answer_and_close(
    client, coordinator, entrepreneur, groningen, django_capture_on_commit_callbacks
):
    question = QuestionFactory(municipality=groningen, asker=entrepreneur, email=entrepreneur.email)
    client.force_login(coordinator)
    client.post(reverse("programmes:question_pick_up", kwargs={"pk": question.pk}))
    question.refresh_from_db()
    assert question.status == "in_progress" and question.handler == coordinator
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programmes:question_answer", kwargs={"pk": question.pk}),
            {"answer": "Neem contact op met Impact Noord."},
        )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == "answered" and question.answered_at is not None
    [answer_mail] = mail.outbox
    assert answer_mail.to == [entrepreneur.email] and "Neem contact op met Impact Noord." in answer_mail.body
    client.post(reverse("programmes:question_close", kwargs={"pk": question.pk}))
    question.refresh_from_db()
    assert question.status == "closed"

    client.force_login(entrepreneur)
    response = client.get(reverse("programmes:my_questions"))
    assert "Neem contact op met Impact Noord." in response.content.decode()


def test_it_refuses_an_empty_answer(client, coordinator, groningen):
    question = QuestionFactory(municipality=groningen)
    client.force_login(coordinator)
    response = client.post(reverse("programmes:question_answer", kwargs={"pk": question.pk}), {"answer": "  "})
    assert response.status_code == 200
    assert shows(response, "Write an answer.")
    question.refresh_from_db()
    assert question.status == "new" and not mail.outbox


def test_it_does_not_answer_a_closed_question_twice(client, coordinator, groningen):
    question = QuestionFactory(municipality=groningen, status="closed")
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:question_answer", kwargs={"pk": question.pk}), {"answer": "Toch nog"}, follow=True
    )
    assert response.status_code == 200
    question.refresh_from_db()
    assert question.answer == ""


def test_it_shows_the_queue_with_age_and_median_response_time(client, coordinator, groningen, haarlem):
    now = timezone.now()
    QuestionFactory(municipality=groningen, subject="Oudste vraag", asked_at=now - timedelta(days=3))
    QuestionFactory(
        municipality=groningen,
        subject="Vraag over inkoop",
        asked_at=now - timedelta(hours=10),
        answered_at=now - timedelta(hours=4),
        status="answered",
    )
    QuestionFactory(municipality=haarlem, subject="Vraag uit Haarlem")
    client.force_login(coordinator)
    response = client.get(reverse("programmes:question_queue"))
    page = response.content.decode()
    assert "Oudste vraag" in page and "Vraag uit Haarlem" not in page
    assert "Vraag over inkoop" not in page  # the queue shows the waiting questions by default
    assert "3" in page and "dagen" in page  # the age of the oldest question
    response = client.get(reverse("programmes:question_queue"), {"state": "answered"})
    assert "Vraag over inkoop" in response.content.decode()


def test_it_does_not_show_a_question_of_another_municipality(client, other_coordinator, groningen):
    question = QuestionFactory(municipality=groningen)
    client.force_login(other_coordinator)
    assert client.get(reverse("programmes:question_detail", kwargs={"pk": question.pk})).status_code == 404
    assert client.post(reverse("programmes:question_close", kwargs={"pk": question.pk})).status_code == 404


def test_it_limits_how_often_one_address_asks_without_an_account(client, groningen):
    data = {"municipality": groningen.pk, "name": "Bot", "email": "bot@example.nl", "subject": "Spam", "body": "!"}

    statuses = [client.post(reverse("programmes:question_ask"), data).status_code for _ in range(7)]

    assert statuses[:5] == [302] * 5
    assert statuses[5:] == [429, 429]
    assert Question.objects.count() == 5


def test_behind_a_trusted_proxy_it_counts_per_client_and_without_one_ignores_a_forged_header(
    client, groningen, settings
):
    asked = iter(range(100))

    def ask(forwarded_for: str) -> int:
        email = f"bot{next(asked)}@example.nl"  # a new address each time: the limit per address is another test
        data = {"municipality": groningen.pk, "name": "Bot", "email": email, "subject": "Vraag", "body": "?"}
        return client.post(reverse("programmes:question_ask"), data, HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1  # every request comes from the proxy's one address
    assert [ask("203.0.113.7") for _ in range(6)] == [302] * 5 + [429]
    assert ask("198.51.100.20") == 302  # another resident behind the same proxy may still ask

    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # no proxy: the header is the client's own and is ignored
    assert [ask(f"192.0.2.{n}") for n in range(6)] == [302] * 5 + [429]
