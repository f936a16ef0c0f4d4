"""Root fixtures: a temporary MEDIA_ROOT, a clean cache, and one user per role."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import translation

from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

pytest_plugins = ["tests.kvk_server"]  # the fixture `kvk_register`: a stand-in for the KvK's Handelsregister


@pytest.fixture(autouse=True, scope="session")
def _static_files_listed_once():
    """WhiteNoise lists every file under STATIC_ROOT (a stat and the headers of some 200 files) whenever its
    middleware is made, and Django's test client makes the middleware anew for every test: a third of a
    permission test's time. The files do not change while the tests run, so the listing is made once for each
    root and each set of WhiteNoise settings (the headers it holds follow from those)."""
    from whitenoise.middleware import WhiteNoiseMiddleware  # type: ignore[import-untyped]

    listed: dict[tuple, dict] = {}
    list_files = WhiteNoiseMiddleware.update_files_dictionary

    def update_files_dictionary(self, root, prefix):
        key = (
            root,
            prefix,
            django_settings.DEBUG,
            tuple(
                (name, repr(getattr(django_settings, name))) for name in dir(django_settings) if "WHITENOISE" in name
            ),
        )
        if key not in listed:
            before = dict(self.files)
            list_files(self, root, prefix)
            listed[key] = {url: file for url, file in self.files.items() if before.get(url) is not file}
        self.files.update(listed[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(WhiteNoiseMiddleware, "update_files_dictionary", update_files_dictionary)
        yield


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _dutch_until_asked():
    """Each test starts in the portal's default language: a request in English earlier in the same thread
    leaves English active, which a test that reads figures directly would otherwise inherit."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clean_cache():
    """Each test starts with an empty cache (the next test empties what this one leaves: on Redis every clear is
    a round trip, so it is done once per test)."""
    cache.clear()


@pytest.fixture(autouse=True)
def _tasks_in_process():
    """Celery tasks (e-mail among them) run in the test's own process, also where a broker is configured,
    unless the test starts the real worker (`celery_worker`)."""
    from impactportal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


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


def services_required() -> bool:
    """CI's second pass requires the real PostgreSQL, Redis and Celery; then nothing may skip for want of them."""
    import os

    return os.environ.get("REQUIRE_SERVICES") == "1"


def require_postgresql(why: str) -> None:
    """Skip a PostgreSQL-only test on SQLite, but fail it where the services are required."""
    from django.db import connection

    if connection.vendor != "postgresql":
        if services_required():
            pytest.fail(f"REQUIRE_SERVICES is set but the database is {connection.vendor}: {why}")
        pytest.skip(why)


@pytest.fixture
def celery_worker(transactional_db, settings):
    """A real Celery worker on the configured Redis broker, using the test database.

    Needs CELERY_BROKER_URL. Where the services are required (REQUIRE_SERVICES=1, as in CI's
    PostgreSQL and Redis pass) a missing broker fails the test; elsewhere (a laptop, CI's SQLite
    pass) the test is skipped.
    """
    import os
    import subprocess
    import sys
    import time

    from django.db import connection

    from impactportal.celery import app

    if not settings.CELERY_BROKER_URL:
        if services_required():
            pytest.fail("REQUIRE_SERVICES is set but CELERY_BROKER_URL is not")
        pytest.skip("needs a Redis broker (CELERY_BROKER_URL)")
    env = os.environ | {
        "DATABASE_URL": _database_url_of_the_test_database(connection.settings_dict),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "impactportal",
            "worker",
            "--loglevel=WARNING",
            "--concurrency=1",
            "--pool=prefork",
            "--without-gossip",
            "--without-mingle",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        env=env,
    )
    app.conf.task_always_eager = False
    try:
        deadline = time.monotonic() + 30
        while not app.control.ping(timeout=0.5):
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("the Celery worker did not start")
        yield worker
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER


def _database_url_of_the_test_database(db) -> str:
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
