"""The service point keeps the conversation: the asker replies (signed in, or through the secret link of the
e-mail), an answered question opens again and those who answer it are told once; overdue by working days; the
asker is asked once whether they were helped; a question handed over to a partner desk."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from programmes import selectors, services
from programmes.models import PartnerDesk, Question, QuestionMessage
from tests.factories import OrganisationFactory, UserFactory
from tests.programmes.factories import PartnerDeskFactory, QuestionFactory
from tests.programmes.helpers import shows


@pytest.fixture
def answered(groningen, coordinator, django_capture_on_commit_callbacks):
    """A question asked without an account, answered by the coordinator."""
    question = QuestionFactory(municipality=groningen, name="Aylin Demir", email="aylin@example.nl")
    with django_capture_on_commit_callbacks(execute=True):
        services.question_answer(question=question, coordinator=coordinator, answer="Kijk bij Impact Noord.")
    return question


def link(question: Question) -> str:
    return reverse("programmes:question_conversation", kwargs={"pk": question.pk, "token": question.reply_token})


def test_the_answer_mail_holds_the_secret_link_to_the_conversation(answered):
    [answer_mail] = mail.outbox
    assert answer_mail.to == ["aylin@example.nl"]
    assert link(answered) in answer_mail.body


def test_an_asker_without_an_account_replies_through_the_link_and_the_question_opens_again(
    client, answered, coordinator, groningen, django_capture_on_commit_callbacks
):
    other_coordinator_of_groningen = UserFactory(role="coordinator", municipality=groningen)
    response = client.get(link(answered))
    assert response.status_code == 200 and shows(response, "Reply")
    assert "Kijk bij Impact Noord." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link(answered), {"body": "Dank u! Wie is mijn contactpersoon daar?"})
    assert response.status_code == 302 and response["Location"] == link(answered)
    answered.refresh_from_db()
    assert answered.status == Question.Status.IN_PROGRESS  # the coordinator who answered handles it still
    message = QuestionMessage.objects.get()
    assert message.from_asker and message.author is None
    for person in (coordinator, other_coordinator_of_groningen):
        assert Notification.objects.filter(recipient=person, event="question_reopened").count() == 1
    # the first answer still counts for the response time
    assert answered.answer == "Kijk bij Impact Noord." and answered.response_time is not None


def test_the_coordinator_sees_the_reply_and_answers_again(
    client, answered, coordinator, django_capture_on_commit_callbacks
):
    services.question_reply(question=answered, body="Wie is mijn contactpersoon?")
    first_answered_at = Question.objects.get(pk=answered.pk).answered_at
    client.force_login(coordinator)
    response = client.get(reverse("programmes:question_detail", args=[answered.pk]))
    assert "Wie is mijn contactpersoon?" in response.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("programmes:question_answer", args=[answered.pk]), {"answer": "Dat is Jan de Vries."})
    answered.refresh_from_db()
    assert answered.status == Question.Status.ANSWERED and answered.answered_at == first_answered_at
    [message_mail] = mail.outbox
    assert message_mail.to == ["aylin@example.nl"] and "Dat is Jan de Vries." in message_mail.body
    assert link(answered) in message_mail.body


def test_a_wrong_token_is_not_found(client, answered):
    wrong = "A" * len(answered.reply_token)
    url = reverse("programmes:question_conversation", kwargs={"pk": answered.pk, "token": wrong})
    assert client.get(url).status_code == 404
    assert client.post(url, {"body": "Hallo"}).status_code == 404
    other = QuestionFactory(municipality=answered.municipality)
    url = reverse("programmes:question_conversation", kwargs={"pk": other.pk, "token": answered.reply_token})
    assert client.get(url).status_code == 404  # a token opens its own question only
    assert not QuestionMessage.objects.exists()


def test_each_question_has_its_own_long_token(groningen):
    first, second = QuestionFactory(municipality=groningen), QuestionFactory(municipality=groningen)
    assert first.reply_token != second.reply_token and len(first.reply_token) >= 40


def test_an_asker_with_an_account_replies_from_their_page(client, entrepreneur, coordinator, groningen):
    question = QuestionFactory(municipality=groningen, asker=entrepreneur, email=entrepreneur.email)
    services.question_answer(question=question, coordinator=coordinator, answer="Ja, dat kan.")
    client.force_login(entrepreneur)
    url = reverse("programmes:my_question_detail", args=[question.pk])
    response = client.post(url, {"body": "Hoe dan?"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == Question.Status.IN_PROGRESS
    assert QuestionMessage.objects.get().author == entrepreneur


def test_an_empty_reply_is_refused_and_changes_nothing(client, answered):
    response = client.post(link(answered), {"body": "  "})
    assert response.status_code == 200 and shows(response, "Write a message.")
    answered.refresh_from_db()
    assert answered.status == Question.Status.ANSWERED and not QuestionMessage.objects.exists()


# ---------------------------------------------------------------- overdue by working days


AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(month: int, day: int, hour: int = 12) -> datetime:
    return datetime(2026, month, day, hour, tzinfo=AMSTERDAM)


def at(day: int, hour: int = 12) -> datetime:
    return local(11, day, hour)  # 27 November 2026 is a Friday


def test_a_question_of_friday_is_not_overdue_on_monday_with_a_target_of_two_working_days(groningen):
    groningen.response_target_working_days = 2
    groningen.save()
    QuestionFactory(municipality=groningen, asked_at=at(27))
    assert selectors.overdue_question_count(groningen, now=at(30)) == 0  # Monday
    assert selectors.overdue_question_count(groningen, now=local(12, 1, 17)) == 0
    assert selectors.overdue_question_count(groningen, now=local(12, 2, 9)) == 1


def test_a_reopened_question_is_overdue_when_the_askers_reply_waits_past_the_target(
    client, answered, coordinator, groningen
):
    groningen.response_target_working_days = 2
    groningen.save()
    services.question_reply(question=answered, body="Nog een vraag: geldt dit ook voor stichtingen?")
    answered.refresh_from_db()
    reply = answered.reopened_at
    assert reply is not None
    assert selectors.overdue_question_count(groningen, now=reply) == 0
    a_week_later = reply + timezone.timedelta(days=7)
    assert selectors.overdue_question_count(groningen, now=a_week_later) == 1
    client.force_login(coordinator)
    assert "sinds de reactie van de vrager" in client.get(reverse("programmes:question_queue")).content.decode()

    services.question_answer(question=answered, coordinator=coordinator, answer="Ja, ook voor stichtingen.")
    answered.refresh_from_db()
    assert answered.reopened_at is None
    assert selectors.overdue_question_count(groningen, now=a_week_later) == 0


def test_a_national_holiday_is_no_working_day(groningen):
    groningen.response_target_working_days = 1
    groningen.save()
    QuestionFactory(municipality=groningen, asked_at=local(4, 3))  # Good Friday
    easter_monday, tuesday, wednesday = local(4, 6), local(4, 7), local(4, 8)
    assert selectors.overdue_question_count(groningen, now=easter_monday) == 0
    assert selectors.overdue_question_count(groningen, now=tuesday) == 0  # its one working day
    assert selectors.overdue_question_count(groningen, now=wednesday) == 1


def test_the_queue_the_detail_and_the_dashboard_show_overdue_questions(client, coordinator, groningen):
    late = QuestionFactory(municipality=groningen, asked_at=timezone.now() - timezone.timedelta(days=30))
    QuestionFactory(municipality=groningen)
    QuestionFactory(
        municipality=groningen,
        asked_at=late.asked_at,
        status=Question.Status.ANSWERED,
        answer="Ja.",
        answered_at=timezone.now(),
    )
    client.force_login(coordinator)
    queue = client.get(reverse("programmes:question_queue"), {"state": ""})
    assert [question.overdue for question in queue.context["page_obj"]].count(True) == 1
    assert shows(client.get(reverse("programmes:question_detail", args=[late.pk])), "overdue")
    dashboard = client.get(reverse("programmes:dashboard"))
    assert dashboard.context["waiting"].overdue_count == 1


# ---------------------------------------------------------------- were you helped? (asked once)


def test_the_asker_is_asked_once_whether_they_were_helped_and_it_is_counted(
    client, answered, coordinator, groningen, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_close(question=answered, coordinator=coordinator)
    [asked] = mail.outbox
    assert asked.to == ["aylin@example.nl"] and link(answered) in asked.body
    feedback = reverse("programmes:question_feedback", kwargs={"pk": answered.pk, "token": answered.reply_token})
    client.post(feedback, {"helped": "yes", "remark": "Snel en vriendelijk."})
    response = client.post(feedback, {"helped": "no"}, follow=True)
    assert shows(response, "You have already told us whether you were helped. Thank you.")
    answered.refresh_from_db()
    assert answered.helped is True and answered.helped_remark == "Snel en vriendelijk."
    unhelped = QuestionFactory(
        municipality=groningen, status=Question.Status.CLOSED, satisfaction_asked_at=timezone.now()
    )
    services.question_feedback(question=unhelped, helped=False)
    figures = selectors.service_point_figures(groningen, timezone.localdate().year)
    assert (figures.helped, figures.satisfaction_answers, figures.helped_percentage) == (1, 2, 50)
    client.force_login(coordinator)
    assert client.get(reverse("programmes:dashboard")).context["service_point"].helped_percentage == 50


def test_a_question_closed_without_an_answer_asks_nothing_and_takes_no_verdict(
    client, groningen, coordinator, django_capture_on_commit_callbacks
):
    spam = QuestionFactory(municipality=groningen)
    with django_capture_on_commit_callbacks(execute=True):
        services.question_close(question=spam, coordinator=coordinator)
    assert mail.outbox == []
    feedback = reverse("programmes:question_feedback", kwargs={"pk": spam.pk, "token": spam.reply_token})
    client.post(feedback, {"helped": "no"})
    spam.refresh_from_db()
    assert spam.helped is None


def test_a_closed_question_takes_no_reply(client, answered, coordinator):
    services.question_close(question=answered, coordinator=coordinator)
    response = client.post(link(answered), {"body": "Nog iets"})
    assert shows(response, "This question is closed. Please ask a new question if you need more help.")
    assert not QuestionMessage.objects.exists()


# ---------------------------------------------------------------- partner desks


@pytest.fixture
def desk_member(groningen):
    return UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=groningen))


@pytest.fixture
def desk(groningen, desk_member):
    return PartnerDeskFactory(municipality=groningen, name="Impact Noord", members=[desk_member])


def test_a_desk_member_answers_a_handed_over_question_and_sees_no_other(
    client, groningen, coordinator, desk, desk_member, django_capture_on_commit_callbacks
):
    handed = QuestionFactory(municipality=groningen, subject="Een werkplek voor statushouders")
    kept = QuestionFactory(municipality=groningen, subject="Inkoop bij de gemeente")
    other_desk = PartnerDeskFactory(municipality=groningen, name="Founded in Groningen")
    elsewhere = QuestionFactory(municipality=groningen, desk=other_desk)
    client.force_login(coordinator)
    client.post(reverse("programmes:question_hand_over", args=[handed.pk]), {"desk": desk.pk})
    handed.refresh_from_db()
    assert handed.desk == desk
    assert Notification.objects.filter(recipient=desk_member, event="question_handed_over").count() == 1

    client.force_login(desk_member)
    listing = client.get(reverse("programmes:desk_questions"))
    assert [question.pk for question in listing.context["page_obj"]] == [handed.pk]
    for question in (kept, elsewhere):
        assert client.get(reverse("programmes:question_detail", args=[question.pk])).status_code == 404
    assert client.get(reverse("programmes:question_queue")).status_code == 404
    assert client.post(reverse("programmes:question_close", args=[handed.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programmes:question_answer", args=[handed.pk]), {"answer": "Kom langs!"})
    assert response.status_code == 302
    handed.refresh_from_db()
    assert handed.status == Question.Status.ANSWERED and handed.answer == "Kom langs!"
    assert mail.outbox[-1].to == [handed.email]

    # the asker's reply goes to the desk, not to the coordinators
    services.question_reply(question=handed, body="Wanneer?")
    assert Notification.objects.filter(recipient=desk_member, event="question_reopened").count() == 1
    assert not Notification.objects.filter(recipient=coordinator, event="question_reopened").exists()


def test_the_desks_shared_mailbox_hears_of_a_handed_over_question_without_its_content(
    coordinator, groningen, desk, django_capture_on_commit_callbacks
):
    desk.email = "loket@impactnoord.example.nl"
    desk.save()
    question = QuestionFactory(municipality=groningen, subject="Een werkplek voor statushouders", name="Aylin Demir")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.question_hand_over(question=question, coordinator=coordinator, desk=desk)

    [message] = [sent for sent in mail.outbox if sent.to == [desk.email]]
    assert "Impact Noord" in message.body and f"/vragen/{question.pk}/" in message.body
    assert "statushouders" not in message.subject + message.body and "Aylin" not in message.body


def test_a_question_cannot_go_to_the_desk_of_another_municipality(client, coordinator, groningen, haarlem):
    question = QuestionFactory(municipality=groningen)
    foreign = PartnerDeskFactory(municipality=haarlem)
    client.force_login(coordinator)
    client.post(reverse("programmes:question_hand_over", args=[question.pk]), {"desk": foreign.pk})
    question.refresh_from_db()
    assert question.desk is None


def test_someone_in_no_desk_has_no_desk_page(client, entrepreneur):
    client.force_login(entrepreneur)
    assert client.get(reverse("programmes:desk_questions")).status_code == 404


def test_a_desk_member_finds_the_handed_over_questions_on_their_start_page(client, groningen, desk, desk_member):
    handed = QuestionFactory(municipality=groningen, desk=desk, subject="Een werkplek voor statushouders")
    QuestionFactory(municipality=groningen, subject="Inkoop bij de gemeente")
    client.force_login(desk_member)
    response = client.get(reverse("start"))
    content = response.content.decode()
    assert 'data-todo="desk_questions"' in content
    assert reverse("programmes:question_detail", args=[handed.pk]) in content
    assert "Inkoop bij de gemeente" not in content


def test_the_conversation_pages_keep_their_number_of_queries(client, answered, coordinator):
    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(coordinator)
    detail = reverse("programmes:question_detail", args=[answered.pk])
    services.question_reply(question=answered, body="Eerste reactie")
    before = (queries(detail), queries(link(answered)))
    for number in range(5):
        QuestionMessage.objects.create(question=answered, author=coordinator, body=f"Bericht {number}")
        QuestionMessage.objects.create(question=answered, from_asker=True, body=f"Reactie {number}")
    assert (queries(detail), queries(link(answered))) == before


def test_a_coordinator_adds_a_partner_desk_with_members_by_their_addresses(client, coordinator, groningen, desk_member):
    client.force_login(coordinator)
    url = reverse("programmes:desk_create")
    response = client.post(url, {"name": "Impact Noord", "member_emails": "nobody@example.nl"})
    assert shows(response, "No active account has this address: %(addresses)s", addresses="nobody@example.nl")
    assert not PartnerDesk.objects.exists()
    response = client.post(url, {"name": "Impact Noord", "member_emails": desk_member.email.upper()})
    assert response.status_code == 302
    desk = PartnerDesk.objects.get()
    assert desk.municipality == groningen and list(desk.members.all()) == [desk_member]
    response = client.post(url, {"name": "Impact Noord", "member_emails": ""})
    assert response.status_code == 200 and PartnerDesk.objects.count() == 1  # one name per municipality
