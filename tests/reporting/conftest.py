import pytest

from tests.factories import UserFactory
from tests.reporting.factories import letter_about_2020, programme_with_action_lines


@pytest.fixture
def programme(groningen):
    return programme_with_action_lines(groningen)


@pytest.fixture
def letter(programme, coordinator):
    return letter_about_2020(programme, coordinator)


@pytest.fixture
def small_letter(groningen, coordinator):
    """A letter of a programme with one action line: quick to print, for the job tests."""
    programme = programme_with_action_lines(groningen, lines=[(1, "Professionaliseren", "Impactondernemers helpen.")])
    return letter_about_2020(programme, coordinator)


@pytest.fixture(autouse=True)
def _jobs_run_in_process():
    """Run PDF jobs in-process, as on a laptop, also when CI sets a broker; the worker test and the
    broker-down test switch this off themselves."""
    from impactportal.celery import app

    saved = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = saved


@pytest.fixture
def colleague(groningen):
    """A second coordinator of Groningen: approves what the first one wrote (four eyes)."""
    return UserFactory(role="coordinator", municipality=groningen)


@pytest.fixture
def approver(groningen):
    """Groningen's approver of council letters (the alderman's office)."""
    return UserFactory(role="approver", municipality=groningen)
