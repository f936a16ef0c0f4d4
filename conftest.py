"""Root fixtures: a temporary MEDIA_ROOT, a clean cache, and one user per role."""

import pytest
from django.core.cache import cache

from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _clean_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def groningen(db):
    return MunicipalityFactory(name="Groningen", slug="groningen", place_name="GRONINGEN")


@pytest.fixture
def haarlem(db):
    return MunicipalityFactory(name="Haarlem", slug="haarlem", place_name="HAARLEM")


@pytest.fixture
def entrepreneur(groningen):
    organisation = OrganisationFactory(municipality=groningen, kind="enterprise")
    return UserFactory(role="entrepreneur", organisation=organisation)


@pytest.fixture
def initiative(groningen):
    organisation = OrganisationFactory(municipality=groningen, kind="initiative")
    return UserFactory(role="initiative", organisation=organisation)


@pytest.fixture
def coordinator(groningen):
    return UserFactory(role="coordinator", municipality=groningen)


@pytest.fixture
def other_coordinator(haarlem):
    return UserFactory(role="coordinator", municipality=haarlem)


@pytest.fixture
def buyer(groningen):
    return UserFactory(role="buyer", municipality=groningen)


@pytest.fixture
def jury_member(groningen):
    return UserFactory(role="jury", municipality=groningen)


@pytest.fixture
def council_member(groningen):
    return UserFactory(role="council", municipality=groningen)
