"""Activities: recording, marking held or cancelled, the filtered list, CSV and iCalendar."""

import csv
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from programmes.models import Activity
from tests.programmes.factories import ActionLineFactory, ActivityFactory, PartnerFactory, ProgrammeFactory


def moment(year, month, day, hour=16):
    return timezone.make_aware(datetime(year, month, day, hour))  # noqa: DTZ001


@pytest.fixture
def programme(groningen):
    return ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2022)


@pytest.fixture
def line(programme):
    return ActionLineFactory(programme=programme, number=1, title="Professionaliseren")


def test_it_records_an_activity_with_its_organiser(client, coordinator, line, groningen):
    partner = PartnerFactory(municipality=groningen, name="Impact Noord")
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:activity_create"),
        {
            "action_line": line.pk,
            "kind": "evening_lecture",
            "title": "Avondcollege impactmeting",
            "starts_at": "2020-02-12T19:30",
            "mode": "physical",
            "status": "held",
            "participants": "35",
            "organiser": partner.pk,
            "location": "Hanzehogeschool",
            "public": "on",
        },
    )
    activity = Activity.objects.get()
    assert response["Location"] == activity.get_absolute_url()
    assert activity.status == "held" and activity.participants == 35 and activity.organiser == partner
    assert timezone.localtime(activity.starts_at).hour == 19


def test_it_does_not_offer_the_action_lines_of_another_municipality(client, coordinator, haarlem):
    foreign = ActionLineFactory(programme__municipality=haarlem)
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:activity_create"),
        {"action_line": foreign.pk, "kind": "other", "title": "X", "starts_at": "2020-02-12T19:30", "mode": "online"},
    )
    assert response.status_code == 200 and "action_line" in response.context["form"].errors


def test_it_marks_a_past_activity_held_with_its_participants(client, coordinator, line):
    activity = ActivityFactory(action_line=line, starts_at=timezone.now() - timedelta(days=1))
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:activity_status", kwargs={"pk": activity.pk}), {"status": "held", "participants": "22"}
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.status == "held" and activity.participants == 22


def test_it_cancels_an_activity_with_a_reason(client, coordinator, line):
    activity = ActivityFactory(action_line=line)
    client.force_login(coordinator)
    client.post(
        reverse("programmes:activity_status", kwargs={"pk": activity.pk}),
        {"status": "cancelled", "cancellation_reason": "Coronamaatregelen"},
    )
    activity.refresh_from_db()
    assert activity.status == "cancelled" and activity.cancellation_reason == "Coronamaatregelen"


def test_it_does_not_change_the_status_through_the_edit_form(client, coordinator, line):
    activity = ActivityFactory(action_line=line, title="Impactcafé")
    client.force_login(coordinator)
    client.post(
        reverse("programmes:activity_edit", kwargs={"pk": activity.pk}),
        {
            "action_line": line.pk,
            "kind": "impact_cafe",
            "title": "Impactcafé maart",
            "starts_at": timezone.localtime(activity.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "mode": "physical",
            "status": "held",
        },
    )
    activity.refresh_from_db()
    assert activity.title == "Impactcafé maart" and activity.status == "planned"


def test_it_shows_a_rule_broken_by_an_edit_on_the_form(client, coordinator, line):
    activity = ActivityFactory(action_line=line, starts_at=timezone.now() - timedelta(days=2), status="held")
    client.force_login(coordinator)
    future = (timezone.localtime() + timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("programmes:activity_edit", kwargs={"pk": activity.pk}),
        {"action_line": line.pk, "kind": "impact_cafe", "title": "X", "starts_at": future, "mode": "physical"},
    )
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def test_it_filters_the_list_by_action_line_year_kind_status_and_mode(client, coordinator, programme, line):
    other_line = ActionLineFactory(programme=programme, number=4)
    ActivityFactory(action_line=line, title="Impactcafé februari", starts_at=moment(2020, 2, 5), status="held")
    ActivityFactory(
        action_line=line,
        title="Online: wat heb je nodig tijdens Corona",
        kind="online_meeting",
        mode="online",
        starts_at=moment(2020, 4, 8),
        status="held",
    )
    ActivityFactory(action_line=other_line, title="Social bridges event", starts_at=moment(2019, 10, 1), status="held")
    client.force_login(coordinator)
    url = reverse("programmes:activity_list")

    def titles(**params):
        return [a.title for a in client.get(url, params).context["page_obj"]]

    assert set(titles(action_line=line.pk)) == {"Impactcafé februari", "Online: wat heb je nodig tijdens Corona"}
    assert titles(year=2019) == ["Social bridges event"]
    assert titles(kind="online_meeting") == ["Online: wat heb je nodig tijdens Corona"]
    assert titles(mode="online", year=2020) == ["Online: wat heb je nodig tijdens Corona"]
    assert titles(status="planned") == []


def test_it_shrugs_off_nonsense_filters(client, coordinator, line):
    client.force_login(coordinator)
    response = client.get(reverse("programmes:activity_list"), {"year": "abc", "kind": "feest", "action_line": "x"})
    assert response.status_code == 200


def test_it_paginates_the_list(client, coordinator, line):
    ActivityFactory.create_batch(30, action_line=line)
    client.force_login(coordinator)
    response = client.get(reverse("programmes:activity_list"), {"page": 2})
    assert len(response.context["page_obj"]) == 5


def test_it_exports_the_filtered_list_as_csv(client, coordinator, line):
    ActivityFactory(action_line=line, title="Kennisexcursie", kind="excursion", starts_at=moment(2019, 9, 20))
    ActivityFactory(action_line=line, title="Impactcafé", starts_at=moment(2020, 1, 15), status="held", participants=28)
    client.force_login(coordinator)
    response = client.get(reverse("programmes:activity_export"), {"year": 2020})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2
    assert rows[1][0] == "15-01-2020" and rows[1][2] == "Impactcafé" and rows[1][9] == "28"


def test_it_publishes_an_icalendar_feed_without_login(client, line, groningen):
    ActivityFactory(action_line=line, title="Impactcafé; met taart", starts_at=moment(2020, 1, 15))
    ActivityFactory(
        action_line=line,
        title="Netwerkevent",
        starts_at=moment(2020, 3, 20),
        status="cancelled",
        cancellation_reason="Corona",
    )
    ActivityFactory(action_line=line, title="Intern overleg", public=False)
    response = client.get(reverse("programmes:activity_calendar", kwargs={"slug": groningen.slug}))
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 2
    assert "SUMMARY:Impactcafé\\; met taart" in body
    assert "DTSTART:20200115T150000Z" in body
    assert "STATUS:CANCELLED" in body
    assert "Intern overleg" not in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def _feed_events(client, municipality):
    response = client.get(reverse("programmes:activity_calendar", kwargs={"slug": municipality.slug}))
    assert response["Content-Disposition"] == f'inline; filename="activiteiten-{municipality.slug}.ics"'
    return response.content.decode(), {
        str(event["SUMMARY"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")
    }


def test_it_keeps_a_lone_carriage_return_out_of_the_feed(client, line, groningen):
    ActivityFactory(action_line=line, title="Impactcafé\rmet taart", description="Eerste regel\rtweede regel")
    body, events = _feed_events(client, groningen)
    assert "\r" not in body.replace("\r\n", "")
    event = events["Impactcafé\nmet taart"]
    assert "Eerste regel\ntweede regel" in str(event["DESCRIPTION"])


def test_it_escapes_and_folds_commas_semicolons_and_newlines_in_the_feed(client, line, groningen):
    title = "Impactcafé, met taart; en koffie"
    description = "Wij praten over impact,\nmeten; en delen.\r\n" + "Een lange zin over maatschappelijke impact. " * 5
    activity = ActivityFactory(
        action_line=line,
        title=title,
        description=description,
        location="Het Kielzog, Groningen",
        starts_at=moment(2020, 1, 15),
    )
    body, events = _feed_events(client, groningen)
    assert "SUMMARY:Impactcafé\\, met taart\\; en koffie\r\n" in body
    assert "LOCATION:Het Kielzog\\, Groningen\r\n" in body
    assert "impact\\,\\nmeten\\; en delen.\\n" in body.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    assert any(line.startswith(" ") for line in body.split("\r\n")), "the long description is folded"
    event = events[title]
    assert str(event["LOCATION"]) == "Het Kielzog, Groningen"
    assert str(event["DESCRIPTION"]).endswith(
        "Wij praten over impact,\nmeten; en delen.\n" + description.split("\r\n")[1]
    )
    assert event.decoded("DTSTART") == activity.starts_at
    assert event.decoded("DTSTART").utcoffset() == timedelta(0)
    assert event.decoded("DTEND") == activity.end
    assert str(event["UID"]).startswith(f"activity-{activity.pk}@")
    assert "DTSTAMP" in event and "LAST-MODIFIED" in event and str(event["STATUS"]) == "CONFIRMED"
    _, again = _feed_events(client, groningen)
    assert again[title]["UID"] == event["UID"]


def test_it_gives_404_for_the_feed_of_an_unknown_municipality(client, db):
    assert client.get(reverse("programmes:activity_calendar", kwargs={"slug": "atlantis"})).status_code == 404


def test_it_keeps_activities_of_another_municipality_out_of_the_list(client, other_coordinator, line):
    ActivityFactory(action_line=line, title="Gronings impactcafé")
    client.force_login(other_coordinator)
    response = client.get(reverse("programmes:activity_list"))
    assert "Gronings impactcafé" not in response.content.decode()


def test_the_csv_export_neutralises_cells_that_start_like_a_formula(client, coordinator, line):
    ActivityFactory(
        action_line=line,
        title='=HYPERLINK("http://evil.example")',
        location="@SUM(A1)",
        starts_at=moment(2020, 1, 15),
    )
    client.force_login(coordinator)
    response = client.get(reverse("programmes:activity_export"), {"year": 2020})
    assert response.content.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][2] == '\'=HYPERLINK("http://evil.example")' and rows[1][11] == "'@SUM(A1)"


# ---------------------------------------------------------------- held: the participants, or "unknown"


def test_marking_an_activity_held_without_participants_asks_for_the_number_or_unknown(client, coordinator, line):
    activity = ActivityFactory(action_line=line, starts_at=moment(2020, 3, 1), status="planned")
    client.force_login(coordinator)
    url = reverse("programmes:activity_status", kwargs={"pk": activity.pk})

    response = client.post(url, {"status": "held"})

    assert response.status_code == 200
    assert "Vul het aantal deelnemers in, of vink aan dat het aantal onbekend is." in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == "planned"


def test_an_activity_can_be_marked_held_with_an_unknown_number_of_participants(client, coordinator, line):
    activity = ActivityFactory(action_line=line, starts_at=moment(2020, 3, 1), status="planned")
    client.force_login(coordinator)

    client.post(
        reverse("programmes:activity_status", kwargs={"pk": activity.pk}),
        {"status": "held", "participants_unknown": "on"},
    )

    activity.refresh_from_db()
    assert activity.status == "held" and activity.participants is None and activity.participants_unknown
    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'data-figure="participants">onbekend</dd>' in page


def test_a_number_and_unknown_together_are_refused(client, coordinator, line):
    activity = ActivityFactory(action_line=line, starts_at=moment(2020, 3, 1), status="planned")
    client.force_login(coordinator)

    response = client.post(
        reverse("programmes:activity_create"),
        {
            "action_line": line.pk,
            "kind": "impact_cafe",
            "title": "Impactcafé",
            "starts_at": "2020-02-12T19:30",
            "mode": "physical",
            "status": "held",
            "participants": "12",
            "participants_unknown": "on",
        },
    )

    assert response.status_code == 200 and "participants" in response.context["form"].errors
    assert Activity.objects.get() == activity


def test_recording_a_past_activity_held_needs_its_participants_or_unknown(client, coordinator, line):
    client.force_login(coordinator)
    data = {
        "action_line": line.pk,
        "kind": "impact_cafe",
        "title": "Impactcafé",
        "starts_at": "2020-02-12T19:30",
        "mode": "physical",
        "status": "held",
    }

    refused = client.post(reverse("programmes:activity_create"), data)
    client.post(reverse("programmes:activity_create"), {**data, "participants_unknown": "on"})

    assert "participants" in refused.context["form"].errors
    assert Activity.objects.get().participants_unknown


def test_the_figures_count_held_activities_with_an_unknown_number_apart(client, coordinator, line):
    from programmes.selectors import activity_figures

    ActivityFactory(action_line=line, starts_at=moment(2020, 3, 1), status="held", participants=20)
    ActivityFactory(action_line=line, starts_at=moment(2020, 4, 1), status="held", participants=None)
    ActivityFactory(action_line=line, starts_at=moment(2020, 5, 1), status="planned", participants=None)

    figures = activity_figures(line.programme, 2020)

    assert (figures.held, figures.participants, figures.participants_unknown) == (2, 20, 1)
    assert figures.action_lines[0].participants_unknown == 1
