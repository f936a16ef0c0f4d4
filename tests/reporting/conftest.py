import pytest

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
