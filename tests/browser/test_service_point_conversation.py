"""The service point keeps the conversation: an asker without an account replies through the secret link of the
answer's e-mail (the page once in English), the coordinator sees the question open again and answers. axe on
every page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from programmes import services
from programmes.models import Question
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, UserFactory
from tests.programmes.factories import QuestionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_asker_replies_through_the_link_and_the_coordinator_answers_the_reopened_question(page, assert_accessible):
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    question = QuestionFactory(
        municipality=groningen,
        name="Aylin Demir",
        email="aylin@example.nl",
        subject="Leerwerkplekken in mijn koffiebar",
    )
    services.question_answer(question=question, coordinator=coordinator, answer="Kijk bij de regeling praktijkleren.")
    [answer_mail] = [message for message in mail.outbox if message.to == ["aylin@example.nl"]]
    link = re.search(r"https?://\S+/impactmeldpunt/gesprek/\S+", answer_mail.body).group(0)
    path = link[link.index("/programma/") :]

    page.goto(path)
    assert_accessible(page)
    expect(page.get_by_text("Kijk bij de regeling praktijkleren.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert_accessible(page)
    page.get_by_label("Your reply").fill("Thank you! Who can I call about it?")
    with page.expect_navigation():
        page.get_by_role("button", name="Send reply").click()
    assert_accessible(page)
    expect(page.get_by_text("Your reply has been sent to the service point.")).to_be_visible()
    expect(page.get_by_text("Thank you! Who can I call about it?")).to_be_visible()
    question.refresh_from_db()
    assert question.status == Question.Status.IN_PROGRESS

    page.context.clear_cookies()
    response = page.goto(path.replace(question.reply_token, "x" * len(question.reply_token)))
    assert response is not None and response.status == 404  # a wrong token is not found

    log_in(page, coordinator)
    page.goto("/programma/impactmeldpunt/vragen/")
    assert_accessible(page)
    row = page.get_by_role("row").filter(has_text="Leerwerkplekken in mijn koffiebar")
    assert "Opgepakt" in row.inner_text()
    row.get_by_role("link", name="Leerwerkplekken in mijn koffiebar").click()
    page.wait_for_load_state()
    assert_accessible(page)
    expect(page.get_by_text("Thank you! Who can I call about it?")).to_be_visible()
    mail.outbox.clear()
    page.fill("#id_answer", "Bel Impact Noord: 050 123 4567.")
    with page.expect_navigation():
        page.get_by_role("button", name="Bericht versturen").click()
    assert_accessible(page)
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert [message.to for message in mail.outbox] == [["aylin@example.nl"]]
    assert "050 123 4567" in mail.outbox[0].body
