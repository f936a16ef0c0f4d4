"""The public activities calendar in a real browser, without signing in: the month grid, the next and previous
month, a filter by kind, the list view and an activity's page, in Dutch and in English; axe on every page."""

from datetime import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import MunicipalityFactory
from tests.programmes.factories import ActionLineFactory, ActivityFactory

pytestmark = pytest.mark.django_db(transaction=True)


def moment(year, month, day, hour=16):
    return timezone.make_aware(datetime(year, month, day, hour))  # noqa: DTZ001


@pytest.fixture
def calendar():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    line = ActionLineFactory(programme__municipality=groningen, programme__start_year=2019, title="Netwerk")
    ActivityFactory(
        action_line=line, title="Impactcafé De Prinsenhof", kind="impact_cafe", starts_at=moment(2020, 11, 19)
    )
    ActivityFactory(
        action_line=line, title="College impactmeting", kind="evening_lecture", starts_at=moment(2020, 11, 26, 19)
    )
    ActivityFactory(action_line=line, title="Kerstborrel", kind="network_event", starts_at=moment(2020, 12, 17))
    return groningen


def visit(page, assert_accessible, path):
    page.goto(path)
    assert_accessible(page)


def click(page, assert_accessible, name):
    with page.expect_navigation():
        page.get_by_role("link", name=name).first.click()
    assert_accessible(page)


def test_a_visitor_reads_the_calendar_by_month_and_as_a_list_in_dutch_and_english(page, assert_accessible, calendar):
    visit(page, assert_accessible, "/")
    click(page, assert_accessible, "Agenda")
    click(page, assert_accessible, "Activiteitenagenda van Groningen")
    assert page.url.endswith("/programma/agenda/groningen/")
    visit(page, assert_accessible, "/programma/agenda/groningen/?month=2020-11")
    page.set_viewport_size({"width": 390, "height": 844})  # on a phone the grid scrolls in its region
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    page.set_viewport_size({"width": 1280, "height": 800})
    grid = page.locator("table.portal-calendar")
    assert grid.locator("thead th").first.inner_text().strip() == "ma"
    assert "Impactcafé De Prinsenhof" in grid.inner_text() and "Kerstborrel" not in grid.inner_text()

    click(page, assert_accessible, "Volgende maand (december 2020)")
    assert page.locator("h2#month-heading").inner_text() == "December 2020"
    assert "Kerstborrel" in page.locator("table.portal-calendar").inner_text()
    click(page, assert_accessible, "Vorige maand (november 2020)")

    page.select_option("#id_kind", "evening_lecture")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    assert_accessible(page)
    assert "College impactmeting" in page.content() and "Impactcafé De Prinsenhof" not in page.content()

    click(page, assert_accessible, "Als lijst tonen")
    expect(page.get_by_role("heading", name="Donderdag 26 november 2020")).to_be_visible()
    assert "kind=evening_lecture" in page.get_by_role("link", name="Abonneren op de agenda (iCalendar)").get_attribute(
        "href"
    )
    click(page, assert_accessible, "College impactmeting")
    assert page.get_by_role("heading", level=1).inner_text() == "College impactmeting"

    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    visit(page, assert_accessible, "/programma/agenda/groningen/?month=2020-11")
    expect(page.get_by_role("heading", name="Activities calendar of Groningen")).to_be_visible()
    assert page.locator("table.portal-calendar thead th abbr").first.get_attribute("title") == "Monday"
    click(page, assert_accessible, "Show as a list")
    expect(page.get_by_role("heading", name="Thursday 19 November 2020")).to_be_visible()
