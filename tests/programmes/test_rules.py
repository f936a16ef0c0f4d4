"""The rules of programmes, action lines and activities, each with a clear message on the form."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes import services
from programmes.models import ActionLine, Activity, Programme
from tests.programmes.factories import ActionLineFactory, ActivityFactory, ProgrammeFactory
from tests.programmes.helpers import shows


@pytest.fixture
def programme(groningen):
    return ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2022)


def test_it_refuses_an_end_year_before_the_start_year(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:programme_create"), {"name": "Impact", "start_year": 2022, "end_year": 2019}
    )
    assert response.status_code == 200
    assert shows(response, "The end year cannot lie before the start year.")
    assert not Programme.objects.exists()


def test_it_refuses_a_second_action_line_with_the_same_number(client, coordinator, programme):
    ActionLineFactory(programme=programme, number=1)
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:action_line_create", kwargs={"programme_pk": programme.pk}),
        {"number": 1, "title": "Nog een actielijn"},
    )
    assert response.status_code == 200
    assert shows(response, "This programme already has an action line with this number.")
    assert ActionLine.objects.filter(programme=programme).count() == 1


def test_it_allows_the_same_number_in_another_programme(client, coordinator, programme, groningen):
    ActionLineFactory(programme=ProgrammeFactory(municipality=groningen), number=1)
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:action_line_create", kwargs={"programme_pk": programme.pk}),
        {"number": 1, "title": "Bestaande impactondernemers helpen"},
    )
    assert response.status_code == 302
    assert programme.action_lines.get().number == 1


def activity_data(action_line, **overrides):
    data = {
        "action_line": action_line.pk,
        "kind": Activity.Kind.IMPACT_CAFE,
        "title": "Impactcafé",
        "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "mode": Activity.Mode.PHYSICAL,
        "status": Activity.Status.PLANNED,
        "public": "on",
    }
    data.update(overrides)
    return data


def test_it_refuses_a_held_activity_in_the_future(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:activity_create"), activity_data(line, status=Activity.Status.HELD, participants=12)
    )
    assert response.status_code == 200
    assert shows(response, "An activity that lies in the future cannot have been held yet.")
    assert not Activity.objects.exists()


def test_it_refuses_a_negative_number_of_participants(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(coordinator)
    yesterday = (timezone.localtime() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("programmes:activity_create"),
        activity_data(line, starts_at=yesterday, status=Activity.Status.HELD, participants=-3),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["participants"]
    assert shows(response, "Ensure this value is greater than or equal to %(limit_value)s.", limit_value=0)
    assert not Activity.objects.exists()


def test_it_asks_why_an_activity_was_cancelled(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(reverse("programmes:activity_create"), activity_data(line, status="cancelled"))
    assert response.status_code == 200
    assert shows(response, "Say why the activity was cancelled.")


def test_it_refuses_an_end_before_the_start(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    start = timezone.localtime() + timedelta(days=3)
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:activity_create"),
        activity_data(line, ends_at=(start - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")),
    )
    assert shows(response, "The end must lie after the start.")
    assert not Activity.objects.exists()


def test_it_refuses_garbage_in_every_field_without_an_error_page(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:activity_create"),
        {"action_line": "x", "kind": "party", "starts_at": "gisteren", "mode": "?", "participants": "veel"},
    )
    assert response.status_code == 200
    assert not Activity.objects.exists()


def test_it_marks_an_activity_moved_online_only_when_it_is_online(coordinator, programme):
    line = ActionLineFactory(programme=programme)
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            actor=coordinator,
            action_line=line,
            data={
                "kind": Activity.Kind.EVENING_LECTURE,
                "title": "Avondcollege",
                "starts_at": timezone.now() + timedelta(days=2),
                "mode": Activity.Mode.PHYSICAL,
                "moved_online": True,
            },
        )
    assert "mode" in error.value.message_dict


def test_it_only_moves_an_activity_along_the_allowed_statuses(coordinator, programme):
    activity = ActivityFactory(action_line__programme=programme, starts_at=timezone.now() - timedelta(days=1))
    services.activity_change_status(actor=coordinator, activity=activity, status="held", participants=25)
    with pytest.raises(ValidationError):
        services.activity_change_status(actor=coordinator, activity=activity, status="cancelled")
    activity.refresh_from_db()
    assert activity.status == "held" and activity.participants == 25


def test_it_shows_a_refused_status_change_on_the_form(client, coordinator, programme):
    activity = ActivityFactory(action_line__programme=programme)  # in two weeks
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:activity_status", kwargs={"pk": activity.pk}), {"status": "held", "participants": 10}
    )
    assert response.status_code == 200
    assert shows(response, "An activity that lies in the future cannot have been held yet.")
    activity.refresh_from_db()
    assert activity.status == "planned"
