"""Fixtures of the accounts tests: the signup form's data."""

import pytest

from accounts.models import Theme

PASSWORD = "Zon-op-de-Grote-Markt-2026"


@pytest.fixture
def themes():
    return [Theme.objects.create(code=Theme.Code.CARE), Theme.objects.create(code=Theme.Code.WORK)]


@pytest.fixture
def signup_data(groningen, themes):
    return {
        "name": "Fatima El Amrani",
        "email": "fatima@kringloop.nl",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "organisation_name": "Kringloop De Vondst",
        "kind": "enterprise",
        "kvk_number": "87654321",
        "municipality": groningen.pk,
        "themes": [themes[0].pk, themes[1].pk],
    }
