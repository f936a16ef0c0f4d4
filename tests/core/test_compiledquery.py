"""Querysets compiled once per process (core.compiledquery): each call gives the rows the queryset itself would give
for its numbers, never another call's, without building or compiling the queryset again; what cannot be kept
faithfully is refused."""

import datetime
import threading
import zoneinfo

import pytest
from django.db import connection
from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from accounts.backends import PortalModelBackend
from accounts.models import Organisation, User
from core.compiledquery import compiled_once
from matching.models import Match
from programmes.models import Activity
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.matching.factories import MatchFactory
from tests.programmes.factories import ActionLineFactory, ActivityFactory

pytestmark = pytest.mark.django_db


class Counted:
    """A build function that counts how often the queryset is built."""

    def __init__(self, build):
        self.build, self.calls = build, 0

    def __call__(self, *values):
        self.calls += 1
        return self.build(*values)


def test_each_call_gives_the_rows_of_its_own_numbers_as_the_queryset_gives_them(django_assert_num_queries):
    groningen, zwolle = MunicipalityFactory(name="Groningen"), MunicipalityFactory(name="Zwolle")
    OrganisationFactory(name="Kringloop Noord", municipality=groningen)
    OrganisationFactory(name="Bakkerij Oost", municipality=groningen)
    OrganisationFactory(name="Fietsmaker Zwolle", municipality=zwolle)
    build = Counted(
        lambda municipality: (
            Organisation.objects.select_related("municipality").filter(municipality_id=municipality).order_by("name")
        )
    )
    organisations = compiled_once(build)

    for municipality in (groningen, zwolle, groningen):
        expected = list(build.build(municipality.pk))
        with django_assert_num_queries(1):  # the municipality comes with the same query
            found = organisations(municipality.pk)
            assert [(o.pk, o.name, o.municipality.name) for o in found] == [
                (o.pk, o.name, o.municipality.name) for o in expected
            ]
    assert [o.name for o in organisations(zwolle.pk)] == ["Fietsmaker Zwolle"]
    assert organisations(-1) == []
    assert build.calls == 3  # the database it reads, then twice to see that its SQL does not depend on the numbers


def test_values_annotations_and_several_numbers():
    groningen = MunicipalityFactory(name="Groningen")
    for name in ("A", "B", "C"):
        OrganisationFactory(name=name, municipality=groningen)
    counts = compiled_once(
        lambda municipality, above: (
            Organisation.objects.filter(municipality_id=municipality, pk__gt=above)
            .values("municipality_id")
            .annotate(organisations=Count("pk"))
            .values_list("organisations", flat=True)
        )
    )
    first = Organisation.objects.filter(municipality=groningen).order_by("pk").first()

    assert counts(groningen.pk, 0) == [3]
    assert counts(groningen.pk, first.pk) == [2]
    OrganisationFactory(name="D", municipality=groningen)
    assert counts(groningen.pk, first.pk) == [3]  # nothing is kept but the SQL
    assert counts(groningen.pk + 1000, 0) == []


def test_prefetched_relations_come_along(django_assert_num_queries):
    groningen = MunicipalityFactory(name="Groningen")
    OrganisationFactory(name="Kringloop Noord", municipality=groningen)
    municipalities = compiled_once(lambda pk: type(groningen).objects.filter(pk=pk).prefetch_related("organisations"))

    with django_assert_num_queries(2):
        (found,) = municipalities(groningen.pk)
        assert [o.name for o in found.organisations.all()] == ["Kringloop Noord"]


@pytest.mark.django_db(transaction=True)
def test_another_thread_runs_it_on_its_own_connection():
    groningen = MunicipalityFactory(name="Groningen")
    OrganisationFactory(name="Kringloop Noord", municipality=groningen)
    organisations = compiled_once(lambda municipality: Organisation.objects.filter(municipality_id=municipality))
    assert [o.name for o in organisations(groningen.pk)] == ["Kringloop Noord"]  # compiled in this thread
    found = []

    def in_another_thread():
        try:
            found.extend(o.name for o in organisations(groningen.pk))
        finally:
            connection.close()

    thread = threading.Thread(target=in_another_thread)
    thread.start()
    thread.join()

    assert found == ["Kringloop Noord"]


AMSTERDAM = zoneinfo.ZoneInfo("Europe/Amsterdam")


def test_datetimes_with_a_time_zone_each_call_its_own_moment_as_the_queryset_compares_it():
    line = ActionLineFactory()
    elsewhere = ActionLineFactory()
    noon = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=AMSTERDAM)
    for hours in (-48, -1, 0, 1, 30):
        ActivityFactory(action_line=line, starts_at=noon + datetime.timedelta(hours=hours), title=f"Uur {hours}")
    ActivityFactory(action_line=elsewhere, starts_at=noon - datetime.timedelta(hours=2), title="Elders")

    def build(municipality, since, now):
        passed = ExpressionWrapper(Q(starts_at__lt=now), output_field=BooleanField())  # the moment twice
        return (
            Activity.objects.filter(action_line__programme__municipality_id=municipality, starts_at__gt=since)
            .annotate(passed=passed)
            .order_by("starts_at")
            .values_list("title", "passed")
        )

    counted = Counted(build)
    around = compiled_once(counted)
    municipality = line.programme.municipality_id
    day = datetime.timedelta(days=1)
    moments = [
        noon,
        noon.astimezone(datetime.UTC),  # the same moment in another zone
        noon + datetime.timedelta(minutes=30),
        noon - datetime.timedelta(hours=36),
        datetime.datetime(2026, 6, 16, 20, 0, tzinfo=datetime.UTC),
    ]
    for moment in moments:
        assert around(municipality, moment - day, moment) == list(build(municipality, moment - day, moment))
    assert around(municipality, noon - day, noon) == [
        ("Uur -1", True),
        ("Uur 0", False),
        ("Uur 1", False),
        ("Uur 30", False),
    ]
    assert around(municipality, noon - 3 * day, noon + datetime.timedelta(minutes=30))[:3] == [
        ("Uur -48", True),
        ("Uur -1", True),
        ("Uur 0", True),
    ]
    assert around(municipality + 1000, noon - day, noon) == []
    assert counted.calls == 3


def test_dates_each_call_its_own_day():
    match = MatchFactory(status=Match.Status.MADE, made_on=datetime.date(2026, 3, 10))
    MatchFactory(status=Match.Status.MADE, made_on=datetime.date(2026, 3, 12), municipality=match.municipality)
    made = compiled_once(
        lambda municipality, since, until: (
            Match.objects.filter(municipality_id=municipality, made_on__gte=since, made_on__lte=until)
            .order_by("made_on")
            .values_list("made_on", flat=True)
        )
    )
    municipality = match.municipality_id

    assert made(municipality, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)) == [
        datetime.date(2026, 3, 10),
        datetime.date(2026, 3, 12),
    ]
    assert made(municipality, datetime.date(2026, 3, 11), datetime.date(2026, 3, 31)) == [datetime.date(2026, 3, 12)]
    assert made(municipality, datetime.date(2026, 3, 10), datetime.date(2026, 3, 10)) == [datetime.date(2026, 3, 10)]
    assert made(municipality, datetime.date(2026, 4, 1), datetime.date(2026, 3, 1)) == []


@pytest.mark.parametrize(
    "build",
    [
        lambda moment: Activity.objects.filter(starts_at__year=moment.year),  # the year shapes the SQL's bounds
        lambda moment: Activity.objects.filter(starts_at__date=moment.date()),  # a date made of it
        lambda moment: Match.objects.filter(made_on=moment),  # a datetime compared with a date column
        lambda moment: Activity.objects.filter(starts_at__lt=moment + datetime.timedelta(days=1)),
        # made of the moment beside the moment itself: it would be kept as made of the values nobody uses
        lambda moment: Activity.objects.filter(starts_at__lt=moment, starts_at__gt=moment - datetime.timedelta(days=7)),
    ],
)
def test_it_refuses_a_datetime_that_does_not_end_up_as_a_parameter_of_its_own(build):
    with pytest.raises(ValueError):
        compiled_once(build)(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=AMSTERDAM))


def test_it_refuses_a_datetime_without_a_time_zone():
    with pytest.raises(TypeError):
        compiled_once(lambda moment: Activity.objects.filter(starts_at__lt=moment))(
            datetime.datetime(2026, 6, 15)  # noqa: DTZ001  # what is refused
        )


@pytest.mark.parametrize(
    "build",
    [
        lambda pk: Organisation.objects.filter(pk__in=range(abs(pk) % 4)),  # the number shapes the SQL
        lambda pk: Organisation.objects.filter(pk=pk) if pk > 0 else Organisation.objects.none(),
        lambda pk: Organisation.objects.filter(pk=pk + 1),  # the SQL's parameter is not the number
        lambda pk: Organisation.objects.filter(name=str(pk)),  # the number is not a number in the SQL
        lambda pk: Organisation.objects.filter(pk=1),  # the number is not used at all
        lambda pk: Organisation.objects.filter(pk__gte=pk, pk__lt=pk + 10),  # a parameter made of the number
    ],
)
def test_it_refuses_a_queryset_whose_sql_the_numbers_shape(build):
    with pytest.raises(ValueError):
        compiled_once(build)(1)


@pytest.mark.parametrize("value", ["1", 1.0, None, True])
def test_it_takes_whole_numbers_only(value):
    with pytest.raises(TypeError):
        compiled_once(lambda pk: Organisation.objects.filter(pk=pk))(value)


def test_the_signed_in_user_comes_with_their_municipality_and_whether_they_have_a_second_factor(
    groningen, django_assert_num_queries
):
    backend = PortalModelBackend()
    coordinator = UserFactory(role="coordinator", municipality=groningen)  # with an authenticator
    jury_member = UserFactory(role="jury", municipality=groningen, second_factor=False)
    gone = UserFactory(role="entrepreneur", is_active=False)

    with django_assert_num_queries(1):
        user = backend.get_user(coordinator.pk)
        assert (user, user.municipality.name, user.has_authenticator) == (coordinator, groningen.name, True)
    assert backend.get_user(jury_member.pk).has_authenticator is False
    assert backend.get_user(str(coordinator.pk)) == coordinator
    assert backend.get_user(gone.pk) is None
    for nobody in (-5, "not a number", None):
        assert backend.get_user(nobody) is None
    assert User.objects.count() == 3
