"""The figures an indicator or the dashboard reads by name (core.yearly_figures) from matching and procurement count
a year to its last day and moment in the Dutch time zone, as the council letter's figures count them."""

import datetime
import zoneinfo

import pytest

from core import yearly_figures
from matching.models import Match
from matching.selectors import match_figures
from procurement.models import Supplier
from procurement.selectors import procurement_figures
from tests.factories import MunicipalityFactory, OrganisationFactory
from tests.matching.factories import MatchFactory, NeedFactory
from tests.procurement.factories import SupplierFactory
from tests.programmes.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")
YEARS = [2019, 2020, 2021]


def moment(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, second, tzinfo=AMSTERDAM)


@pytest.fixture
def programme(groningen):
    return ProgrammeFactory(municipality=groningen, start_year=2019, end_year=2021)


def test_matches_made_and_in_preparation_of_each_year_to_its_last_day(programme, groningen):
    def match(status, **days):
        return MatchFactory(need=NeedFactory(municipality=groningen), status=status, **days)

    match(Match.Status.MADE, prepared_on=datetime.date(2019, 11, 1), made_on=datetime.date(2019, 12, 31))
    match(Match.Status.COMPLETED, prepared_on=datetime.date(2019, 12, 31), made_on=datetime.date(2020, 1, 1))
    match(Match.Status.MADE, prepared_on=datetime.date(2020, 3, 1), made_on=datetime.date(2020, 12, 31))
    match(Match.Status.PREPARATION, prepared_on=datetime.date(2021, 1, 1))
    match(Match.Status.PREPARATION, prepared_on=datetime.date(2020, 12, 31))
    MatchFactory(
        need=NeedFactory(municipality=MunicipalityFactory()),
        status=Match.Status.MADE,
        prepared_on=datetime.date(2020, 5, 1),
        made_on=datetime.date(2020, 6, 1),
    )
    names = ["matches_made", "matches_in_preparation"]

    counted = yearly_figures.compute(names, programme, YEARS)

    assert {year: [counted[(name, year)] for name in names] for year in YEARS} == {
        2019: [1, 1],  # made on 31 December; in preparation on that day, made the next
        2020: [2, 1],
        2021: [0, 2],  # both still in preparation today
    }
    for year in YEARS:
        letter = match_figures(groningen, year)
        assert [counted[(name, year)] for name in names] == [letter.made, letter.in_preparation]
    assert yearly_figures.compute(["matches_made"], programme, [2020]) == {("matches_made", 2020): 2}


def test_suppliers_registered_and_verified_up_to_the_last_moment_of_each_year(programme, groningen):
    def supplier(submitted, verified=None, municipality=groningen):
        status = Supplier.Status.VERIFIED if verified else Supplier.Status.PENDING
        made = SupplierFactory(organisation=OrganisationFactory(municipality=municipality), status=status)
        Supplier.objects.filter(pk=made.pk).update(submitted_at=submitted, verified_at=verified)  # set on saving

    supplier(moment(2019, 12, 31, 23, 59, 59), verified=moment(2020, 1, 1, 0, 0))
    supplier(moment(2020, 1, 1, 0, 0), verified=moment(2020, 12, 31, 23, 30))
    supplier(moment(2021, 1, 1, 0, 0, 1))
    supplier(moment(2019, 5, 1), verified=moment(2019, 6, 1), municipality=MunicipalityFactory())  # elsewhere
    names = ["suppliers_registered", "suppliers_verified"]

    counted = yearly_figures.compute(names, programme, YEARS)

    assert {year: [counted[(name, year)] for name in names] for year in YEARS} == {
        2019: [1, 0],
        2020: [2, 2],
        2021: [3, 2],
    }
    for year in YEARS:
        letter = procurement_figures(groningen, year)
        assert [counted[(name, year)] for name in names] == [letter.suppliers_registered, letter.suppliers_verified]
