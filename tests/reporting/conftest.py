import pytest

from tests.reporting.factories import letter_about_2020, programme_with_action_lines


@pytest.fixture
def programme(groningen):
    return programme_with_action_lines(groningen)


@pytest.fixture
def letter(programme, coordinator):
    return letter_about_2020(programme, coordinator)
