"""A coordinator sees the count of unread notifications in the header after a question comes in, opens the
list, marks the notification read and chooses the daily summary. axe on every page."""

import re

import pytest
from playwright.sync_api import expect

from notifications.models import Notification, Preference
from programmes import services as programmes_services
from tests.browser.test_programmes_journey import log_in
from tests.factories import MunicipalityFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_coordinator_sees_a_new_question_in_the_header_and_marks_it_read(page, assert_accessible):
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    coordinator = UserFactory(role="coordinator", municipality=groningen)
    programmes_services.question_ask(
        municipality=groningen,
        asker=None,
        subject="Inkoop",
        body="Hoe koop ik sociaal in?",
        name="Piet",
        email="piet@example.nl",
    )
    log_in(page, coordinator.email)
    header = page.locator("header").get_by_role("link", name="Meldingen 1 ongelezen")
    expect(header).to_be_visible()
    header.click()
    expect(page.get_by_role("heading", name="Meldingen", level=1)).to_be_visible()
    expect(
        page.get_by_role("link", name="Er is een nieuwe vraag binnengekomen bij het loket van Groningen.")
    ).to_be_visible()
    assert_accessible(page)

    with page.expect_navigation():
        page.get_by_role("button", name=re.compile(r"^Als gelezen markeren")).click()
    expect(page.locator("header").get_by_role("link", name="Meldingen", exact=True)).to_be_visible()
    expect(page.get_by_text("Gelezen", exact=True)).to_be_visible()
    assert Notification.objects.get(recipient=coordinator).read_at is not None
    assert_accessible(page)

    page.get_by_role("link", name="Kiezen hoe u meldingen ontvangt").click()
    assert_accessible(page)
    page.locator("fieldset", has_text="Nieuwe vragen aan het loket").get_by_label(
        "Per e-mail in een dagelijks overzicht"
    ).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert Preference.objects.get(user=coordinator, kind="questions_new").delivery == "daily"
