"""Every figure of the catalogue, read through the other apps' selectors from data made here."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from matching.models import Match
from procurement.models import PurchaseRequest, Supplier
from programmes.models import Activity, Question
from reporting import figures
from tests.factories import OrganisationFactory
from tests.matching.factories import MatchFactory, NeedFactory
from tests.procurement.factories import AwardFactory, SroiRealisationFactory, SroiTenderFactory, SupplierFactory
from tests.programmes.factories import ActivityFactory, QuestionFactory

pytestmark = pytest.mark.django_db


def moment(year, month, day, hour=12):
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def value(collected, name):
    return collected["values"][name]["value"]


def line(programme, number):
    return programme.action_lines.get(number=number)


def test_it_counts_activities_held_planned_cancelled_and_moved_online_per_action_line(programme):
    first, sixth = line(programme, 1), line(programme, 6)
    ActivityFactory(action_line=first, starts_at=moment(2020, 3, 1), status=Activity.Status.HELD, participants=30)
    ActivityFactory(
        action_line=first,
        starts_at=moment(2020, 4, 1),
        status=Activity.Status.HELD,
        mode=Activity.Mode.ONLINE,
        moved_online=True,
        participants=12,
    )
    ActivityFactory(action_line=sixth, starts_at=moment(2020, 5, 1), status=Activity.Status.CANCELLED)
    ActivityFactory(action_line=sixth, starts_at=moment(2020, 11, 1), status=Activity.Status.PLANNED)
    ActivityFactory(action_line=sixth, starts_at=moment(2019, 5, 1), status=Activity.Status.HELD)  # another year

    collected = figures.collect(programme, 2020)

    assert value(collected, "activities_held") == 2
    assert value(collected, "activities_cancelled") == 1
    assert value(collected, "activities_planned") == 1
    assert value(collected, "activities_moved_online") == 1
    assert value(collected, "activities_online") == 1
    assert value(collected, "activity_participants") == 42
    assert value(collected, "line1_activities_held") == 2
    assert value(collected, "line1_activities_moved_online") == 1
    assert value(collected, "line6_activities_held") == 0
    assert value(collected, "line6_activities_cancelled") == 1
    chart = collected["charts"]["activities_per_action_line"]
    assert [row["label"] for row in chart["rows"]] == ["1", "2", "3", "4", "5", "6"]
    # held in person, held online, cancelled: disjoint, so a line's bars add up
    assert chart["rows"][0]["values"] == [1, 1, 0]
    assert chart["rows"][5]["values"] == [0, 0, 1]


def test_the_boxes_and_the_chart_show_disjoint_figures_under_one_label_each(programme):
    first = line(programme, 1)
    ActivityFactory(action_line=first, starts_at=moment(2020, 3, 1), status=Activity.Status.HELD)
    ActivityFactory(
        action_line=first,
        starts_at=moment(2020, 4, 1),
        status=Activity.Status.HELD,
        mode=Activity.Mode.ONLINE,
        moved_online=True,
    )
    ActivityFactory(action_line=first, starts_at=moment(2020, 5, 1), status=Activity.Status.CANCELLED)

    collected = figures.collect(programme, 2020)

    with translation.override("nl"):
        box = figures.box_for("activities", 1)
        chart = figures.collect(programme, 2020)["charts"]["activities_per_action_line"]
    names = [name for name, _label in box]
    assert names == ["line1_activities_held_in_person", "line1_activities_online", "line1_activities_cancelled"]
    assert sum(value(collected, name) for name in names) == 3  # every activity of the line, each once
    # the chart's bars are the boxes' figures, named by the ends of the boxes' labels
    assert len(chart["series"]) == len(box)
    for (_name, label), series in zip(box, chart["series"], strict=True):
        assert label.endswith(f" {series}"), (label, series)
    assert chart["series"] == ["fysiek gehouden", "online gehouden", "afgelast"]


def test_it_counts_activities_of_each_kind_on_each_action_line(programme):
    third, fourth = line(programme, 3), line(programme, 4)
    for participants in (8, 7):
        ActivityFactory(
            action_line=third,
            kind=Activity.Kind.PEER_GROUP,
            starts_at=moment(2020, 2, 6),
            status=Activity.Status.HELD,
            participants=participants,
        )
    ActivityFactory(
        action_line=fourth,
        kind=Activity.Kind.ONLINE_MEETING,
        starts_at=moment(2020, 10, 20),
        status=Activity.Status.HELD,
        mode=Activity.Mode.ONLINE,
        participants=48,
    )
    ActivityFactory(
        action_line=fourth, kind=Activity.Kind.NETWORK_EVENT, starts_at=moment(2020, 12, 1), status="planned"
    )
    ActivityFactory(action_line=fourth, kind=Activity.Kind.NETWORK_EVENT, starts_at=moment(2019, 6, 4), status="held")

    collected = figures.collect(programme, 2020)

    assert value(collected, "line3_peer_group_held") == 2
    assert value(collected, "line3_peer_group_participants") == 15
    assert value(collected, "line4_online_meeting_held") == 1
    assert value(collected, "line4_network_event_held") == 0
    assert value(collected, "line4_network_event_planned") == 1
    assert value(collected, "line3_online_meeting_held") == 0  # every kind on every line has its figure
    assert value(collected, "action_lines") == 6
    assert {"line4_online_meeting_held", "line3_peer_group_participants"} <= figures.known_names([3, 4])
    assert value(figures.collect(programme, 2019), "line4_network_event_held") == 1


def test_it_reads_the_service_point_figures_of_the_year(programme, groningen):
    QuestionFactory(
        municipality=groningen,
        asked_at=moment(2020, 3, 1, 9),
        answered_at=moment(2020, 3, 1, 13),
        status=Question.Status.ANSWERED,
    )
    QuestionFactory(municipality=groningen, asked_at=moment(2020, 6, 1), status=Question.Status.NEW)
    QuestionFactory(municipality=groningen, asked_at=moment(2019, 6, 1), status=Question.Status.NEW)

    collected = figures.collect(programme, 2020)

    assert value(collected, "service_point_questions") == 2
    assert value(collected, "service_point_answered") == 1
    assert value(collected, "service_point_open") == 1
    assert value(collected, "service_point_median_hours") == 4.0


def test_it_counts_matches_made_and_in_preparation_with_what_was_given(programme, groningen):
    made = {"status": Match.Status.MADE, "made_on": dt.date(2020, 5, 1), "prepared_on": dt.date(2020, 4, 1)}
    MatchFactory(need=NeedFactory(municipality=groningen), hours_given=10, euros_given=Decimal("250.00"), **made)
    MatchFactory(need=NeedFactory(municipality=groningen), hours_given=5, **made)
    MatchFactory(
        need=NeedFactory(municipality=groningen), status=Match.Status.PREPARATION, prepared_on=dt.date(2020, 9, 1)
    )
    MatchFactory(need=NeedFactory(municipality=groningen), status=Match.Status.MADE, made_on=dt.date(2019, 5, 1))

    collected = figures.collect(programme, 2020)

    assert value(collected, "matches_made") == 2
    assert value(collected, "matches_in_preparation") == 1
    assert value(collected, "match_hours_given") == 15
    assert Decimal(value(collected, "match_euros_given")) == Decimal("250.00")
    # The chart shows the flow only: made per quarter; in preparation (a stock) is its own figure.
    chart = collected["charts"]["matches"]
    assert {row["label"]: row["values"] for row in chart["rows"]} == {"Q1": [0], "Q2": [2], "Q3": [0], "Q4": [0]}
    assert len(chart["series"]) == 1


def test_it_reads_suppliers_requests_spend_and_social_return(programme, groningen):
    old = SupplierFactory(organisation=OrganisationFactory(municipality=groningen))
    pending = SupplierFactory(organisation=OrganisationFactory(municipality=groningen), status=Supplier.Status.PENDING)
    Supplier.objects.filter(pk__in=[old.pk, pending.pk]).update(submitted_at=moment(2020, 2, 1))
    Supplier.objects.filter(pk=old.pk).update(verified_at=moment(2020, 3, 1))
    award = AwardFactory(
        quote__purchase_request__municipality=groningen,
        quote__supplier=old,
        amount=Decimal("12500.00"),
        awarded_on=dt.date(2020, 10, 1),
    )
    PurchaseRequest.objects.filter(pk=award.purchase_request_id).update(
        status=PurchaseRequest.Status.AWARDED, created_at=moment(2020, 9, 1)
    )
    tender = SroiTenderFactory(
        municipality=groningen,
        contract_value=Decimal("1000000.00"),
        sroi_percentage=Decimal("5.00"),
        start_date=dt.date(2020, 3, 1),
    )
    SroiRealisationFactory(tender=tender, supplier=old, amount=Decimal("20000.00"), date=dt.date(2020, 6, 1))

    collected = figures.collect(programme, 2020)

    assert value(collected, "suppliers_registered") == 2
    assert value(collected, "suppliers_verified") == 1
    assert value(collected, "purchase_requests_posted") == 1
    assert value(collected, "purchase_requests_awarded") == 1
    assert Decimal(value(collected, "impact_spend")) == Decimal("12500.00")
    assert Decimal(value(collected, "sroi_required")) == Decimal("50000.00")
    assert Decimal(value(collected, "sroi_realised")) == Decimal("20000.00")
    assert value(collected, "sroi_realised_share") == 40


def test_it_shows_only_figures_of_the_programmes_municipality(programme, haarlem):
    MatchFactory(need=NeedFactory(municipality=haarlem), status=Match.Status.MADE, made_on=dt.date(2020, 5, 1))

    assert value(figures.collect(programme, 2020), "matches_made") == 0


def test_it_opens_each_action_line_with_its_default_figure_groups():
    assert "activities" in figures.default_groups_for(1)
    assert "matches" in figures.default_groups_for(3)
    assert "matches" not in figures.default_groups_for(1)
    assert {"procurement", "sroi"} <= set(figures.default_groups_for(5))
    assert "challenge" in figures.default_groups_for(2)
    assert "coaching" in figures.default_groups_for(4)


def test_it_documents_every_figure_name_once(programme):
    names = [entry["name"] for entry in figures.catalogue([1, 2, 3, 4, 5, 6])]

    assert len(names) == len(set(names))
    assert set(names) <= set(figures.collect(programme, 2020)["values"])
