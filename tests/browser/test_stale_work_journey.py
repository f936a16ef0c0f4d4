"""A coordinator follows the start page's matches without movement to their list, selects all of them (on every
page) and closes them with a reason; a side of one of them reopens it. axe on every page."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from matching.models import Match
from tests.browser.conftest import log_in_demo
from tests.browser.test_start_page_journey import section

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo():
    call_command("seed_demo", verbosity=0)


def test_a_coordinator_bulk_closes_the_stale_matches_and_reopens_one(page, demo, assert_accessible):
    waiting = Match.objects.filter(
        municipality__slug="groningen", status__in=(Match.Status.SUGGESTED, Match.Status.PREPARATION)
    ).count()
    assert waiting > 20  # more than one page of the start page's list
    log_in_demo(page, "coordinator@impactportaal.test")
    with page.expect_navigation():
        section(page, "stale_matches").get_by_role("link", name=re.compile("Alles tonen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Matches zonder beweging")
    assert_accessible(page)

    select_all = page.get_by_label(re.compile(r"Alle \d+ selecteren, op elke pagina"))
    select_all.check()
    expect(page.locator("[data-bulk-row]").first).to_be_checked()  # the shared bulk script ticks this page's rows
    page.get_by_label("Reden van sluiten").fill("Sinds 2020 geen reactie meer")
    with page.expect_navigation():
        page.get_by_role("button", name="Sluiten", exact=True).click()
    expect(page.get_by_text(re.compile(r"\d+ gesloten\."))).to_be_visible()
    expect(page.get_by_text("Er is nu niets zonder beweging.")).to_be_visible()
    assert_accessible(page)
    closed = Match.objects.filter(municipality__slug="groningen", stale_closed_at__isnull=False)
    assert closed.count() >= waiting - 1  # all of them, but one a person might have moved meanwhile

    match = closed.order_by("pk").first()
    page.goto(match.get_absolute_url())
    expect(page.get_by_role("heading", name="Gesloten wegens gebrek aan beweging")).to_be_visible()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Heropenen (ongedaan maken)").click()
    expect(page.get_by_text("Heropend: het staat weer open zoals het was")).to_be_visible()
    assert_accessible(page)
    match.refresh_from_db()
    assert match.status in (Match.Status.SUGGESTED, Match.Status.PREPARATION) and match.stale_closed_at is None
