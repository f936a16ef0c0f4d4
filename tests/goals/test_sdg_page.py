"""The public SDG page of a municipality: per goal what contributes (tagged action lines and the activities held on
them, challenges, matches made on tagged needs and offers, spend with tagged suppliers) and the local targets; the
coordinator's local targets; a constant number of queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.contributions.selectors import goal_contributions, goal_contributions_of_years
from goals.models import LocalTarget
from goals.services import goal_tags_set
from matching.models import Match
from procurement.models import ImpactReport
from programmes.models import Activity
from tests.factories import MunicipalityFactory
from tests.matching.factories import MatchFactory, NeedFactory
from tests.procurement.factories import (
    AwardFactory,
    ImpactReportFactory,
    PurchaseRequestFactory,
    QuoteFactory,
    SupplierFactory,
)
from tests.programmes.factories import ActionLineFactory, ActivityFactory

pytestmark = pytest.mark.django_db


def made_match(need):
    return MatchFactory(need=need, status=Match.Status.MADE, made_on=timezone.localdate())


def contributions_of(municipality, year=None):
    return {one.goal.number: one for one in goal_contributions(municipality, year)}


@pytest.fixture
def tagged(groningen, haarlem):
    """Groningen: action line 1 (goals 8, 10) with two activities held, a need (goal 1) with a match made, a supplier
    (goal 12) paid 2,500 euros; Haarlem: a need with goal 1 and a match too, which Groningen's page must not count."""
    line = ActionLineFactory(programme__municipality=groningen, number=1, title="Werk en participatie")
    held = timezone.now() - dt.timedelta(days=3)
    for _ in range(2):
        ActivityFactory(action_line=line, status=Activity.Status.HELD, starts_at=held, participants=10)
    ActivityFactory(action_line=line)  # planned
    goal_tags_set(obj=line, goals=[8, 10])
    need = NeedFactory(municipality=groningen)
    goal_tags_set(obj=need, goals=[1])
    made_match(need)
    supplier = SupplierFactory(organisation__municipality=groningen, organisation__name="Lunchroom De Kroon")
    goal_tags_set(obj=supplier, goals=[12])
    request = PurchaseRequestFactory(municipality=groningen)
    AwardFactory(quote=QuoteFactory(purchase_request=request, supplier=supplier), amount=Decimal("2500.00"))
    elsewhere = NeedFactory(municipality=haarlem)
    goal_tags_set(obj=elsewhere, goals=[1])
    made_match(elsewhere)
    LocalTarget.objects.create(municipality=groningen, goal_id=8, text="150 mensen aan het werk", indicator="banen")
    return {"line": line, "need": need, "supplier": supplier}


def test_it_counts_per_goal_what_contributes_in_the_municipality_only(groningen, tagged):
    found = contributions_of(groningen)
    assert [line.title for line in found[8].action_lines] == ["Werk en participatie"]
    assert found[8].activities_held == 2 and found[10].activities_held == 2
    assert found[1].needs == 1 and found[1].matches_made == 1  # Haarlem's match is not Groningen's
    assert found[12].spend == Decimal("2500.00") and found[12].suppliers[0].name == "Lunchroom De Kroon"
    assert [target.text for target in found[8].targets] == ["150 mensen aan het werk"]
    assert not found[13].shown
    assert contributions_of(groningen, year=timezone.localdate().year - 1)[8].activities_held == 0


def test_each_year_counts_its_own_activities_matches_and_spend_and_all_time_counts_them_all(groningen, tagged):
    this_year = timezone.localdate().year
    last_year = this_year - 1
    ActivityFactory(
        action_line=tagged["line"], status=Activity.Status.HELD, starts_at=timezone.now().replace(year=last_year)
    )
    MatchFactory(need=tagged["need"], status=Match.Status.MADE, made_on=dt.date(last_year, 5, 1))
    AwardFactory(
        quote=QuoteFactory(
            purchase_request=PurchaseRequestFactory(municipality=groningen), supplier=tagged["supplier"]
        ),
        amount=Decimal("400.00"),
        awarded_on=dt.date(last_year, 5, 1),
    )

    of_years = goal_contributions_of_years(groningen, [last_year, this_year, None], impact=False)

    found = {year: {one.goal.number: one for one in contributions} for year, contributions in of_years.items()}
    assert [(found[year][8].activities_held, found[year][1].matches_made) for year in of_years] == [
        (1, 1),
        (2, 1),
        (3, 2),
    ]
    assert [(found[year][12].spend, found[year][12].suppliers[0].awards) for year in of_years] == [
        (Decimal("400.00"), 1),
        (Decimal("2500.00"), 1),
        (Decimal("2900.00"), 2),
    ]
    assert of_years[this_year] == goal_contributions(groningen, this_year)


def test_a_year_without_data_and_a_municipality_without_tags_contribute_nothing(groningen, haarlem, tagged):
    this_year = timezone.localdate().year
    empty = goal_contributions_of_years(groningen, [2000])[2000]
    assert [one.goal.number for one in empty if one.contributes] == [1, 8, 10, 12]  # tagged, though nothing that year
    assert sum(one.activities_held + one.matches_made for one in empty) == 0
    assert sum(one.spend for one in empty) == Decimal("0")
    untagged = goal_contributions_of_years(MunicipalityFactory(), [this_year - 1, this_year])
    assert not any(one.shown for contributions in untagged.values() for one in contributions)


def test_the_page_shows_the_goals_their_contributions_and_targets_to_anyone(client, groningen, tagged):
    response = client.get(reverse("goals:sdg_page", args=["groningen"]))
    assert response.status_code == 200
    text = response.text
    assert "Duurzame ontwikkelingsdoelen in Groningen" in text
    assert text.count('class="goal-tile goal-tile--') == 17  # the seventeen tiles
    assert "Doel 8: Waardig werk en economische groei" in text
    assert "Actielijn 1: Werk en participatie" in text and "2 activiteiten gehouden" in text
    assert "150 mensen aan het werk" in text
    assert "Lunchroom De Kroon" in text and "2.500,00" in text
    assert "goal-counts-chart" in text and "goal-spend-chart" in text
    assert "Lokale doelen</a>" not in text  # only the coordinator manages them


def test_the_page_reads_in_english(client, groningen, tagged):
    client.post(reverse("set_language"), {"language": "en"})
    text = client.get(reverse("goals:sdg_page", args=["groningen"])).text
    assert "Sustainable development goals in Groningen" in text and "Goal 8: Decent work and economic growth" in text


def test_an_unknown_municipality_is_not_found(client, db):
    assert client.get(reverse("goals:sdg_page", args=["nergens"])).status_code == 404


def fill(groningen, count):
    for number in range(1, count + 1):
        line = ActionLineFactory(programme__municipality=groningen, number=number)
        ActivityFactory(action_line=line, status=Activity.Status.HELD, starts_at=timezone.now() - dt.timedelta(days=1))
        goal_tags_set(obj=line, goals=[number % 17 + 1, 8])
        need = NeedFactory(municipality=groningen)
        goal_tags_set(obj=need, goals=[number % 17 + 1])
        made_match(need)
        supplier = SupplierFactory(organisation__municipality=groningen)
        goal_tags_set(obj=supplier, goals=[12])
        AwardFactory(quote=QuoteFactory(purchase_request__municipality=groningen, supplier=supplier))
        LocalTarget.objects.create(municipality=groningen, goal_id=number % 17 + 1, text=f"Doel {number}")


@pytest.mark.parametrize("rows", [2, 25])
def test_it_keeps_the_number_of_queries_constant(client, groningen, coordinator, django_assert_max_num_queries, rows):
    fill(groningen, rows)
    client.force_login(coordinator)
    client.get(reverse("goals:sdg_page", args=["groningen"]))  # content types cached
    with django_assert_max_num_queries(14):
        response = client.get(reverse("goals:sdg_page", args=["groningen"]))
    assert response.status_code == 200
    assert "Lokale doelen</a>" in response.text  # the coordinator of Groningen manages them


def test_a_coordinator_adds_edits_and_removes_a_local_target(client, coordinator, groningen):
    client.force_login(coordinator)
    url = reverse("goals:local_targets")
    response = client.post(url, {"goal": "13", "text": "Elke wijk een energie-initiatief", "indicator": ""})
    assert response.status_code == 302
    target = LocalTarget.objects.get()
    assert (target.municipality, target.goal_id) == (groningen, 13)
    assert "Elke wijk een energie-initiatief" in client.get(reverse("goals:sdg_page", args=["groningen"])).text
    edit = reverse("goals:local_target_edit", args=[target.pk])
    client.post(edit, {"goal": "7", "text": "Zonnepanelen op elk schooldak", "indicator": "daken"})
    target.refresh_from_db()
    assert (target.goal_id, target.text, target.indicator) == (7, "Zonnepanelen op elk schooldak", "daken")
    client.post(reverse("goals:local_target_delete", args=[target.pk]))
    assert not LocalTarget.objects.exists()


def test_a_local_target_without_text_or_with_an_unknown_goal_is_refused(client, coordinator, groningen):
    client.force_login(coordinator)
    response = client.post(reverse("goals:local_targets"), {"goal": "18", "text": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"goal", "text"}
    assert not LocalTarget.objects.exists()


def test_another_municipality_cannot_touch_a_local_target(client, other_coordinator, groningen):
    target = LocalTarget.objects.create(municipality=groningen, goal_id=8, text="150 mensen")
    client.force_login(other_coordinator)
    assert client.post(reverse("goals:local_target_delete", args=[target.pk])).status_code == 404
    assert client.get(reverse("goals:local_targets")).context["targets"].count() == 0
    assert LocalTarget.objects.filter(pk=target.pk).exists()


def test_it_shows_the_accepted_impact_of_tagged_suppliers(client, groningen, tagged):
    supplier = tagged["supplier"]
    ImpactReportFactory(supplier=supplier, year=2020, persons_employed=7, status=ImpactReport.Status.ACCEPTED)
    ImpactReportFactory(supplier=supplier, year=2021, persons_employed=5, status=ImpactReport.Status.ACCEPTED)
    ImpactReportFactory(supplier=supplier, year=2022, persons_employed=100)  # not checked yet
    found = contributions_of(groningen)
    employed = str(ImpactReport._meta.get_field("persons_employed").verbose_name)
    assert dict(found[12].impact)[employed] == 12
    assert found[8].impact == []
    text = client.get(reverse("goals:sdg_page", args=["groningen"])).text
    assert "Impact gemeten door deze leveranciers" in text
