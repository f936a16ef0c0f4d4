"""No page's query count grows with its rows (the lists and the dashboard at 10 and 1,000 rows), nor changes when its
programme has ended."""

from datetime import datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from programmes.models import Activity, Question
from tests.programmes.factories import (
    ActionLineFactory,
    ActivityFactory,
    IndicatorFactory,
    PartnerFactory,
    ProgrammeFactory,
)


@pytest.fixture
def lines(groningen):
    year = timezone.localdate().year
    programme = ProgrammeFactory(municipality=groningen, start_year=year - 1, end_year=year + 1)
    return [ActionLineFactory(programme=programme, number=n) for n in range(1, 7)]


def fill(groningen, lines, coordinator, count):
    partner = PartnerFactory(municipality=groningen)
    now = timezone.now()
    Activity.objects.bulk_create(
        Activity(
            action_line=lines[i % len(lines)],
            kind=Activity.Kind.IMPACT_CAFE,
            title=f"Activiteit {i}",
            starts_at=now - timedelta(hours=i),
            status=Activity.Status.HELD if i % 3 else Activity.Status.PLANNED,
            participants=i % 40,
            organiser=partner,
        )
        for i in range(count)
    )
    Question.objects.bulk_create(
        Question(
            municipality=groningen,
            name="Vrager",
            email=f"v{i}@example.nl",
            subject=f"Vraag {i}",
            body="?",
            asked_at=now - timedelta(hours=i % 200),
            answered_at=now if i % 2 else None,
            status=Question.Status.ANSWERED if i % 2 else Question.Status.NEW,
            handler=coordinator,
        )
        for i in range(count)
    )
    AuditEvent.objects.bulk_create(
        AuditEvent(
            municipality=groningen,
            actor=coordinator,
            actor_role=coordinator.role,
            action="changed",
            content_type=ContentType.objects.get_for_model(Activity),
            object_id=i,
            object_repr=f"Activiteit {i}",
            changes={"status": ["planned", "held"]},
        )
        for i in range(count)
    )


PAGES = [
    ("programmes:activity_list", {}),
    ("programmes:activity_list", {"status": "held", "year": str(timezone.localdate().year)}),
    ("programmes:activity_export", {}),
    ("programmes:dashboard", {}),
    ("programmes:question_queue", {"state": ""}),
    ("programmes:audit_log", {}),
    ("programmes:partner_list", {}),
    ("programmes:programme_list", {}),
]


@pytest.mark.parametrize("rows", [10, 1000])
@pytest.mark.parametrize(("name", "params"), PAGES)
def test_it_keeps_the_number_of_queries_constant(
    client, coordinator, groningen, lines, django_assert_max_num_queries, rows, name, params
):
    fill(groningen, lines, coordinator, rows)
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        response = client.get(reverse(name), params)
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [10, 1000])
def test_it_keeps_the_programme_page_constant(
    client, coordinator, groningen, lines, django_assert_max_num_queries, rows
):
    fill(groningen, lines, coordinator, rows)
    programme = lines[0].programme
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        assert client.get(programme.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(lines[0].get_absolute_url()).status_code == 200


# The dashboard with an indicator of each kind of source the scale data gives Groningen's programme: the user with
# whether they have a second factor, and the header's unread count (2; the session comes from the cache); the
# programme; the activity figures (their activities also give the indicators that count activities theirs), the
# service point's figures,
# the financing tables; the indicators with their targets, the challenge funnel, the matches and the suppliers (4);
# the longest-waiting questions with the overdue count, and the planned activities to record and to come (one query).
DASHBOARD_QUERIES = 12


def indicator_of_each_source(lines) -> None:
    """An indicator on each of the six action lines: one counted by hand and one of each app's sources."""
    sources = ["", "activities_held", "activity_participants", "challenge_applied", "matches_made"]
    for line, source in zip(lines, [*sources, "suppliers_registered"], strict=True):
        IndicatorFactory(action_line=line, source=source)


@pytest.mark.parametrize("rows", [10, 1000])
def test_it_keeps_the_dashboard_at_its_number_of_queries(
    client, coordinator, groningen, lines, django_assert_num_queries, rows
):
    fill(groningen, lines, coordinator, rows)
    indicator_of_each_source(lines)
    client.force_login(coordinator)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("programmes:dashboard"))
    assert response.status_code == 200
    assert response.content.decode().count("data-indicator=") == len(lines)


def programme_of(groningen, span: str):
    """Groningen's programme, running this year or ended two years ago, with its six action lines; the one that
    ended with activities in its years or without any (its dashboard then shows the programme year nearest to this
    one)."""
    year = timezone.localdate().year
    start, end = (year - 1, year + 1) if span == "running" else (year - 4, year - 2)
    programme = ProgrammeFactory(municipality=groningen, start_year=start, end_year=end)
    lines = [ActionLineFactory(programme=programme, number=n) for n in range(1, 7)]
    if span == "ended":
        starts_at = timezone.make_aware(datetime(year - 3, 6, 15, 16))  # noqa: DTZ001
        ActivityFactory(action_line=lines[0], starts_at=starts_at, status=Activity.Status.HELD)
    return lines


@pytest.mark.parametrize(("span", "shown"), [("running", 0), ("ended", -3), ("ended without activities", -2)])
def test_it_asks_the_dashboard_the_same_queries_when_the_programme_has_ended(
    client, coordinator, groningen, django_assert_num_queries, span, shown
):
    # After its end the dashboard shows the last year of the programme with activities: what it needs for that
    # comes with the programme (with_last_activity), not in a query of its own.
    lines = programme_of(groningen, span)
    indicator_of_each_source(lines)
    client.force_login(coordinator)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        response = client.get(reverse("programmes:dashboard"))
    assert response.context["year"] == timezone.localdate().year + shown


def test_it_asks_the_programme_page_the_same_queries_when_the_programme_has_ended(client, coordinator, groningen):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    programmes = {
        span: programme_of(groningen, span)[0].programme for span in ["running", "ended", "ended without activities"]
    }
    client.force_login(coordinator)
    client.get(programmes["running"].get_absolute_url())  # the session's first request warms what pages share
    counts = {}
    for span, programme in programmes.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(programme.get_absolute_url()).status_code == 200
        counts[span] = len(queries)
    assert len(set(counts.values())) == 1, counts
