"""Every URL of the portal, for every role: the expected outcome is a table in tests/<app>/permission_table.py."""

import copy
import importlib
import pkgutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests
from accounts.models import Region
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory
from tests.permissions import LOGIN, ROLES, TIES, Case, World

# URLs whose access Django's own admin decides (staff only); admin:index stands for them in the table.
DELEGATED_NAMESPACES = ("admin:",)


def all_cases() -> list[Case]:
    cases = []
    for module in pkgutil.iter_modules([str(Path(tests.__file__).parent)]):
        if not module.ispkg:
            continue
        try:
            table = importlib.import_module(f"tests.{module.name}.permission_table")
        except ModuleNotFoundError:
            continue
        cases.extend(table.CASES)
    return cases


def url_names(patterns=None, namespace=None):
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            joined = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from url_names(pattern.url_patterns, joined)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


CASES = all_cases()


def test_it_has_an_expectation_for_every_url_of_the_portal():
    described = {case.url_name for case in CASES}
    undescribed = sorted(
        name for name in set(url_names()) if not name.startswith(DELEGATED_NAMESPACES) and name not in described
    )
    assert undescribed == [], "Add these URLs to a permission_table.py: " + ", ".join(undescribed)


def test_it_describes_no_url_that_does_not_exist():
    existing = set(url_names())
    assert sorted({case.url_name for case in CASES} - existing) == []


@pytest.fixture(scope="module")
def _world_once(django_db_setup, django_db_blocker):
    """The users of the permission table, made once for the module (some fifty rows; making them took half of
    each of the 4,000 tests' time). They live in a transaction around the module that is rolled back at its end,
    and each test runs in a savepoint inside it, as with Django's TestCase.setUpTestData: what a test writes is
    gone for the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _make_world()
        transaction.set_rollback(True)


@pytest.fixture
def world(db, _world_once):
    """A fresh copy of the users for each test (as TestCase.setUpTestData gives), so that what one test changes
    on them in memory (a login's last_login) is not seen by the next."""
    return copy.deepcopy(_world_once)


def _make_world() -> World:
    region = Region.objects.create(name="Noord", slug="noord")
    groningen = MunicipalityFactory(name="Groningen", slug="groningen", region=region)
    haarlem = MunicipalityFactory(name="Haarlem", slug="haarlem")
    users = {
        "entrepreneur": UserFactory(
            role="entrepreneur", organisation=OrganisationFactory(municipality=groningen, kind="enterprise")
        ),
        "initiative": UserFactory(
            role="initiative", organisation=OrganisationFactory(municipality=groningen, kind="initiative")
        ),
        "coordinator": UserFactory(role="coordinator", municipality=groningen),
        "other_coordinator": UserFactory(role="coordinator", municipality=haarlem),
        "buyer": UserFactory(role="buyer", municipality=groningen),
        "council_member": UserFactory(role="council", municipality=groningen),
        "approver": UserFactory(role="approver", municipality=groningen),
        "regional": UserFactory(role="regional", region=region),
        "contractor": UserFactory(
            role="contractor", organisation=OrganisationFactory(municipality=groningen, kind="company")
        ),
        "private_buyer": UserFactory(
            role="private_buyer",
            organisation=OrganisationFactory(municipality=groningen, kind="company", buyer_status="verified"),
        ),
        # ties (see tests/permissions.py): what a case's objects make of them decides what they may see
        "coach": UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=groningen)),
        "other_coach": UserFactory(role="jury", municipality=groningen),
        "other_juror": UserFactory(role="jury", municipality=groningen),
        "desk_member": UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=groningen)),
    }
    return World(groningen=groningen, haarlem=haarlem, users=users)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_it_gives_each_role_the_expected_answer(client, world, case, role):
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    expected = case.expect[role]
    assert_security_headers(response)
    if expected == LOGIN:
        assert response.status_code == 302, f"{role} on {url}: {response.status_code}"
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), response["Location"]
    else:
        assert response.status_code == expected, f"{role} on {url}: {response.status_code}, expected {expected}"


TIED_CASES = [(case, tie) for case in CASES for tie in TIES if tie in case.ties]


@pytest.mark.parametrize(("case", "tie"), TIED_CASES, ids=[f"{case.id}-{tie}" for case, tie in TIED_CASES])
def test_it_gives_coaches_and_jurors_the_answer_their_ties_allow(client, world, case, tie):
    client.force_login(world.users[tie])
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    data = case.data(world) if case.data else {}
    response = getattr(client, case.method)(url, data)
    assert_security_headers(response)
    expected = case.ties[tie]
    assert response.status_code == expected, f"{tie} on {url}: {response.status_code}, expected {expected}"


def assert_security_headers(response):
    """Every answer carries the security headers, whatever the role and the status."""
    csp = response.get("Content-Security-Policy", "")
    if response.get("Content-Type", "").startswith("text/html"):
        assert "default-src 'self'" in csp, csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, csp
        assert "frame-ancestors 'none'" in csp, csp
    assert response.get("X-Frame-Options") == "DENY"
    assert response.get("X-Content-Type-Options") == "nosniff"
    assert response.get("Referrer-Policy") == "same-origin"
