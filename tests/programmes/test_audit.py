"""Every change to a programme, action line or activity is in an audit trail that coordinators read."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import override

from core.models import AuditEvent
from programmes import services
from tests.programmes.factories import ActionLineFactory, ActivityFactory, PartnerFactory, ProgrammeFactory
from tests.programmes.helpers import dutch


@pytest.fixture
def programme(groningen):
    return ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2022, name="Ondernemen met impact")


def test_it_records_who_created_a_programme(coordinator, groningen):
    programme = services.programme_create(
        actor=coordinator,
        municipality=groningen,
        data={"name": "Impact 2023-2026", "start_year": 2023, "end_year": 2026, "ambition": ""},
        partners=[PartnerFactory(municipality=groningen, name="Impact Noord")],
    )
    entry = AuditEvent.objects.get(content_type__model="programme", object_id=programme.pk)
    assert entry.actor == coordinator and entry.action == "created" and entry.municipality == groningen
    assert entry.changes["name"] == [None, "Impact 2023-2026"]
    assert entry.changes["partners"] == [None, ["Impact Noord"]]


def test_it_records_what_changed_in_an_action_line(coordinator, programme, groningen):
    line = ActionLineFactory(programme=programme, number=1, title="Oud")
    partner = PartnerFactory(municipality=groningen, name="Hanzehogeschool")
    services.action_line_update(
        actor=coordinator, action_line=line, data={"number": 1, "title": "Nieuw", "goal": line.goal}, partners=[partner]
    )
    entry = AuditEvent.objects.get(content_type__model="actionline", action="changed")
    assert entry.changes == {"title": ["Oud", "Nieuw"], "partners": [[], ["Hanzehogeschool"]]}


def test_it_records_nothing_when_nothing_changed(coordinator, programme):
    line = ActionLineFactory(programme=programme)
    services.action_line_update(
        actor=coordinator,
        action_line=line,
        data={"number": line.number, "title": line.title, "goal": line.goal},
        partners=[],
    )
    assert not AuditEvent.objects.exists()


def test_it_records_a_status_change_of_an_activity(coordinator, programme):
    activity = ActivityFactory(action_line__programme=programme, starts_at=timezone.now() - timedelta(hours=3))
    services.activity_change_status(actor=coordinator, activity=activity, status="held", participants=41)
    entry = AuditEvent.objects.get(content_type__model="activity")
    assert entry.changes["status"] == ["planned", "held"]
    assert entry.changes["participants"] == [None, 41]


def test_it_shows_the_trail_to_coordinators_with_labels(client, coordinator, programme):
    activity = ActivityFactory(action_line__programme=programme, starts_at=timezone.now() - timedelta(hours=3))
    services.activity_change_status(actor=coordinator, activity=activity, status="held", participants=41)
    client.force_login(coordinator)
    response = client.get(reverse("programmes:audit_log"))
    page = response.content.decode()
    assert activity.title in page and coordinator.name in page
    with override("nl"):
        rows = response.context["page_obj"][0].change_rows()
    assert (dutch("status"), dutch("Planned"), dutch("Held")) in rows


def test_it_records_progress_and_indicator_values(coordinator, programme):
    line = ActionLineFactory(programme=programme)
    services.action_line_progress_save(actor=coordinator, action_line=line, year=2020, text="Challenge gestart.")
    indicator = services.indicator_create(actor=coordinator, action_line=line, name="Aanmeldingen")
    services.indicator_update(
        actor=coordinator, indicator=indicator, name="Aanmeldingen", unit="", values={2020: (40, 52)}
    )
    kinds = set(AuditEvent.objects.values_list("content_type__model", flat=True))
    assert kinds == {"actionlineprogress", "indicator", "indicatorvalue"}


def test_it_keeps_the_trail_of_one_municipality_from_another(client, other_coordinator, coordinator, programme):
    line = ActionLineFactory(programme=programme, title="Geheim plan")
    services.action_line_progress_save(actor=coordinator, action_line=line, year=2020, text="Tekst")
    client.force_login(other_coordinator)
    response = client.get(reverse("programmes:audit_log"))
    assert "Geheim plan" not in response.content.decode()


def test_it_keeps_the_service_points_moves_in_the_trail_but_off_the_programmes_page(client, coordinator, groningen):
    from core.audit import entries_of
    from tests.programmes.factories import QuestionFactory

    question = QuestionFactory(municipality=groningen, subject="Vraag over subsidie")
    services.question_pick_up(question=question, coordinator=coordinator)
    client.force_login(coordinator)

    response = client.get(reverse("programmes:audit_log"))

    assert entries_of(question).get().changes["status"] == ["new", "in_progress"]
    assert "Vraag over subsidie" not in response.content.decode()
