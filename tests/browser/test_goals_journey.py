"""The sustainable development goals: a coordinator ticks goal tiles on an action line, sees them on its page,
opens the municipality's SDG page (its chart and table), adds a local target, and reads the council letter's section
on the goals in the preview; the SDG page again in English. axe on every page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from goals.selectors import goals_of
from programmes.models import Activity
from reporting.services import letter_create
from tests.browser.conftest import log_in
from tests.factories import MunicipalityFactory, UserFactory
from tests.programmes.factories import ActionLineFactory, ActivityFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def work_line():
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    year = timezone.localdate().year
    programme = ProgrammeFactory(
        municipality=groningen, name="Ondernemen met impact", start_year=year - 1, end_year=year + 1
    )
    line = ActionLineFactory(programme=programme, number=1, title="Werk en participatie")
    ActivityFactory(
        action_line=line, status=Activity.Status.HELD, starts_at=timezone.now() - dt.timedelta(days=2), participants=12
    )
    return line


def test_a_coordinator_tags_an_action_line_and_follows_the_goals_to_the_letter(page, assert_accessible, work_line):
    municipality = work_line.programme.municipality
    coordinator = UserFactory(role="coordinator", municipality=municipality)
    log_in(page, coordinator.email)

    page.goto(f"/programma/actielijnen/{work_line.pk}/bewerken/")
    assert_accessible(page)
    page.get_by_role("checkbox", name="8 Waardig werk en economische groei").check()
    page.get_by_role("checkbox", name="10 Ongelijkheid verminderen").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Opslaan").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Duurzame ontwikkelingsdoelen")).to_be_visible()
    expect(page.get_by_text("Waardig werk en economische groei")).to_be_visible()
    assert [goal.number for goal in goals_of(work_line)] == [8, 10]

    with page.expect_navigation():
        page.get_by_role("link", name="Doelen (SDG's)").click()
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Duurzame ontwikkelingsdoelen in Groningen", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Doel 8: Waardig werk en economische groei")).to_be_visible()
    expect(page.get_by_role("table", name="Wat bijdraagt aan elk doel")).to_be_visible()

    with page.expect_navigation():
        page.get_by_role("link", name="Lokale doelen").click()
    assert_accessible(page)
    page.select_option("#id_goal", "8")
    page.fill("#id_text", "Elk jaar 150 mensen aan het werk via social return")
    with page.expect_navigation():
        page.get_by_role("button", name="Lokaal doel toevoegen").click()
    assert_accessible(page)
    expect(page.get_by_role("link", name="Elk jaar 150 mensen aan het werk via social return")).to_be_visible()

    letter = letter_create(programme=work_line.programme, year=timezone.localdate().year, user=coordinator)
    page.goto(f"/rapportage/brieven/{letter.pk}/voorbeeld/")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Bijdrage aan de duurzame ontwikkelingsdoelen")).to_be_visible()
    expect(
        page.get_by_text("Doel 8 (Waardig werk en economische groei): 1 actielijn met 1 gehouden activiteit")
    ).to_be_visible()

    page.goto("/")
    with page.expect_navigation():
        page.get_by_role("button", name="English").click()
    page.goto("/programma/duurzame-ontwikkelingsdoelen/groningen/")
    assert_accessible(page)
    expect(page.get_by_role("heading", name="Sustainable development goals in Groningen", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Goal 8: Decent work and economic growth")).to_be_visible()
    expect(page.get_by_text("Elk jaar 150 mensen aan het werk via social return")).to_be_visible()
