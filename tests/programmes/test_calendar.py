"""The public calendar page of a municipality's activities: a month as a grid or a list, filters, links to each
activity's public page and to the iCalendar feed, in Dutch and English, in a constant number of queries."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import MunicipalityFactory
from tests.programmes.factories import ActionLineFactory, ActivityFactory


def moment(year, month, day, hour=16):
    return timezone.make_aware(datetime(year, month, day, hour))  # noqa: DTZ001


@pytest.fixture
def line(groningen):
    return ActionLineFactory(programme__municipality=groningen, programme__start_year=2019, number=1, title="Netwerk")


@pytest.fixture
def cafe(line):
    return ActivityFactory(
        action_line=line, title="Impactcafé De Prinsenhof", kind="impact_cafe", starts_at=moment(2020, 11, 19)
    )


def calendar_url(groningen, **params):
    return reverse("programmes:public_calendar", kwargs={"slug": groningen.slug}), params


def page(client, groningen, **params):
    url, params = calendar_url(groningen, **params)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_month_shows_the_public_activities_in_a_grid_with_dutch_names(client, groningen, line, cafe):
    ActivityFactory(action_line=line, title="Besloten overleg", starts_at=moment(2020, 11, 20), public=False)

    html = page(client, groningen, month="2020-11")

    assert "November 2020" in html and '<abbr title="maandag">ma</abbr>' in html
    assert "donderdag 19 november" in html
    assert "Impactcafé De Prinsenhof" in html and "Besloten overleg" not in html
    assert reverse("programmes:public_activity", kwargs={"slug": "groningen", "pk": cafe.pk}) in html
    assert 'href="?month=2020-10"' in html and 'href="?month=2020-12"' in html
    assert 'href="/programma/agenda/groningen.ics' in html


def test_the_list_view_shows_the_month_by_day(client, groningen, cafe):
    html = page(client, groningen, month="2020-11", view="list")

    assert "Donderdag 19 november 2020" in html and "Impactcafé De Prinsenhof" in html
    assert "<table" not in html.split('id="month-heading"')[1]
    assert "Geen openbare activiteiten in deze maand." in page(client, groningen, month="2020-12", view="list")


def test_it_speaks_english_too(client, groningen, cafe):
    with translation.override("en"):
        client.cookies["django_language"] = "en"
        html = page(client, groningen, month="2020-11")

    assert "Activities calendar of Groningen" in html and '<abbr title="Thursday">' in html


def test_it_filters_by_kind_and_action_line_and_keeps_the_filters_in_the_links(client, groningen, line, cafe):
    other_line = ActionLineFactory(programme=line.programme, number=2)
    ActivityFactory(
        action_line=other_line, title="College impactmeting", kind="evening_lecture", starts_at=moment(2020, 11, 5)
    )

    by_kind = page(client, groningen, month="2020-11", kind="evening_lecture")
    by_line = page(client, groningen, month="2020-11", action_line=str(line.pk))

    assert "College impactmeting" in by_kind and "Impactcafé De Prinsenhof" not in by_kind
    assert "kind=evening_lecture" in by_kind.split('rel="next"')[0].rsplit("<a", 1)[1]
    assert "Impactcafé De Prinsenhof" in by_line and "College impactmeting" not in by_line


def test_it_shows_no_activities_of_another_municipality(client, groningen, haarlem, cafe):
    html = page(client, haarlem, month="2020-11")

    assert "Impactcafé De Prinsenhof" not in html


@pytest.mark.parametrize("month", ["november", "2020-13", "1800-01", "2020-1"])
def test_a_month_we_do_not_know_gives_a_message_and_the_current_month(client, groningen, month):
    html = page(client, groningen, month=month)

    assert "Die maand kennen we niet" in html
    assert timezone.localdate().strftime("%Y") in html


def test_the_public_activity_page_shows_what_the_public_may_know(client, groningen, cafe):
    cafe.participants = 31
    cafe.save()

    response = client.get(reverse("programmes:public_activity", kwargs={"slug": "groningen", "pk": cafe.pk}))

    html = response.content.decode()
    assert response.status_code == 200 and "Impactcafé De Prinsenhof" in html
    assert "31" not in html.split("<main")[1]  # the participants are the programme's business
    assert "?month=2020-11" in html


@pytest.mark.parametrize("rows", [3, 60])
def test_the_calendar_page_takes_the_same_number_of_queries_however_many_activities(
    client, groningen, line, rows, django_assert_max_num_queries
):
    for day in range(rows):
        ActivityFactory(action_line=line, starts_at=moment(2020, 11, 1 + day % 28), organiser=None)

    with django_assert_max_num_queries(4):
        page(client, groningen, month="2020-11")
    with django_assert_max_num_queries(4):
        page(client, groningen, month="2020-11", view="list")


def test_the_calendars_page_lists_the_municipalities_with_public_activities_and_is_in_the_public_menu(
    db, client, django_assert_max_num_queries
):
    groningen = MunicipalityFactory(name="Groningen", slug="groningen")
    haarlem = MunicipalityFactory(name="Haarlem", slug="haarlem")
    for _ in range(3):
        ActivityFactory(action_line__programme__municipality=groningen, public=True)
    ActivityFactory(action_line__programme__municipality=haarlem, public=False)

    with django_assert_max_num_queries(3):
        response = client.get(reverse("programmes:calendar_index"))

    page = response.content.decode()
    assert "Activiteitenagenda van Groningen" in page and "3 activiteiten" in page
    assert "Haarlem" not in page  # no public activity, no calendar to choose
    assert f'href="{reverse("programmes:calendar_index")}" aria-current="page">Agenda</a>' in page


def test_an_empty_month_leads_to_the_nearest_month_with_activities(
    client, groningen, line, django_assert_max_num_queries
):
    ActivityFactory(action_line=line, title="Kerstborrel", starts_at=moment(2020, 12, 17))

    with django_assert_max_num_queries(6):
        before = page(client, groningen, month="2020-06")
    after = page(client, groningen, month="2026-11")

    assert "?month=2020-12" in before and "Naar de dichtstbijzijnde maand met activiteiten (december 2020)" in before
    assert "?month=2020-12" in after  # nothing after it: the last one before
    assert "dichtstbijzijnde" not in page(client, groningen, month="2020-12")
