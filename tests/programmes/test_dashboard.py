"""The coordinator's dashboard: this year's figures at a glance, with charts readable without colour."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes import selectors, services
from tests.programmes.factories import ActionLineFactory, ActivityFactory, ProgrammeFactory, QuestionFactory


@pytest.fixture
def line(groningen):
    year = timezone.localdate().year
    programme = ProgrammeFactory(municipality=groningen, start_year=year - 1, end_year=year + 2)
    return ActionLineFactory(programme=programme, number=1, title="Professionaliseren")


def figure(response, name):
    page = response.content.decode()
    marker = f'data-figure="{name}">'
    start = page.index(marker) + len(marker)
    return page[start : page.index("<", start)].strip()


def test_it_shows_the_figures_of_this_year(client, coordinator, line, groningen):
    now = timezone.now()
    ActivityFactory(action_line=line, starts_at=now - timedelta(minutes=5), status="held", participants=12)
    ActivityFactory(action_line=line, starts_at=now + timedelta(minutes=5))
    QuestionFactory(municipality=groningen, asked_at=now - timedelta(minutes=1))
    client.force_login(coordinator)
    response = client.get(reverse("programmes:dashboard"))
    assert figure(response, "held") == "1"
    assert figure(response, "participants") == "12"
    assert figure(response, "questions") == "1"


def test_it_changes_when_an_activity_is_marked_held(client, coordinator, line):
    activity = ActivityFactory(action_line=line, starts_at=timezone.now() - timedelta(minutes=30))
    client.force_login(coordinator)
    assert figure(client.get(reverse("programmes:dashboard")), "held") == "0"
    services.activity_change_status(actor=coordinator, activity=activity, status="held", participants=9)
    assert figure(client.get(reverse("programmes:dashboard")), "held") == "1"


def test_it_draws_the_charts_as_svg_with_numbers_and_a_text_alternative(client, coordinator, line):
    ActivityFactory(action_line=line, starts_at=timezone.now() - timedelta(minutes=5), status="held")
    client.force_login(coordinator)
    page = client.get(reverse("programmes:dashboard")).content.decode()
    assert page.count('<svg class="portal-chart__svg"') == 2
    assert 'role="img"' in page and "<title id=" in page and "<desc id=" in page
    assert 'class="portal-chart__value"' in page  # each bar carries its number as text
    assert "<table" in page
    assert not re.search(r"<script(?![^>]*\bsrc=\"/static/)", page) and "style=" not in page  # nothing inline


def test_it_works_for_a_municipality_without_a_programme(client, other_coordinator):
    client.force_login(other_coordinator)
    response = client.get(reverse("programmes:dashboard"))
    assert response.status_code == 200 and response.context["figures"] is None


def test_a_second_visit_takes_the_figures_from_the_kept_copy(client, coordinator, line):
    ActivityFactory(action_line=line, starts_at=timezone.now() - timedelta(minutes=5), status="held")
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as first_visit:
        first = client.get(reverse("programmes:dashboard"))
    with CaptureQueriesContext(connection) as second_visit:
        second = client.get(reverse("programmes:dashboard"))
    assert figure(second, "held") == figure(first, "held") == "1"
    # the activity figures, the service point's and the amount financed at the challenges' financing tables (a
    # query each) are not asked again
    assert len(second_visit.captured_queries) == len(first_visit.captured_queries) - 3


def test_a_question_asked_after_a_visit_counts_at_once(client, coordinator, line, groningen):
    client.force_login(coordinator)
    assert figure(client.get(reverse("programmes:dashboard")), "questions") == "0"
    QuestionFactory(municipality=groningen, asked_at=timezone.now() - timedelta(minutes=1))
    assert figure(client.get(reverse("programmes:dashboard")), "questions") == "1"


def test_the_kept_figures_are_kept_per_language(client, coordinator, line):
    client.force_login(coordinator)
    assert "Kerncijfers" in client.get(reverse("programmes:dashboard")).content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(reverse("programmes:dashboard")).content.decode()
    assert "Key figures" in english and "Kerncijfers" not in english


def test_it_lists_the_first_five_planned_activities_on_each_side_of_now(
    client, coordinator, other_coordinator, line, django_assert_num_queries
):
    now = timezone.now()
    for days in (-30, -2, -9, -1, -20, -40, 3, 1, 8, 2, 30, 60, 4):
        ActivityFactory(action_line=line, starts_at=now + timedelta(days=days), title=f"Dag {days}")
    ActivityFactory(action_line=line, starts_at=now - timedelta(days=50), status="held", participants=3)
    ActivityFactory(action_line=line, starts_at=now + timedelta(days=5), status="cancelled")
    ActivityFactory(starts_at=now - timedelta(days=3), title="Elders")  # a programme of another municipality

    with django_assert_num_queries(1):
        planned = selectors.planned_around_now(coordinator, count=5)

    titles = {side: [activity["title"] for activity in getattr(planned, side)] for side in ("to_record", "upcoming")}
    assert titles == {
        "to_record": ["Dag -40", "Dag -30", "Dag -20", "Dag -9", "Dag -2"],
        "upcoming": ["Dag 1", "Dag 2", "Dag 3", "Dag 4", "Dag 8"],
    }
    for side, past in (("to_record", True), ("upcoming", False)):
        assert getattr(planned, side) == list(
            selectors.planned_activities(coordinator, past=past).values("pk", "title", "starts_at")[:5]
        )
    client.force_login(coordinator)
    page = client.get(reverse("programmes:dashboard")).content.decode()
    assert page.index("Dag -40") < page.index("Dag -2") < page.index("Dag 1") < page.index("Dag 8")
    assert "Dag -1" not in page and "Dag 30" not in page and "Elders" not in page
    other = selectors.planned_around_now(other_coordinator, count=5)
    assert other.to_record == other.upcoming == []
