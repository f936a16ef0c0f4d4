import json

import pytest
from django.urls import reverse

from matching.models import Need
from tests.factories import PASSWORD
from tests.matching.factories import NeedFactory

pytestmark = pytest.mark.django_db


def test_a_users_needs_are_in_their_download_and_stay_counted_after_erasure(client, initiative, groningen):
    NeedFactory(municipality=groningen, organisation=initiative.organisation, created_by=initiative, title="Speelgoed")
    client.force_login(initiative)

    data = json.loads(client.get(reverse("accounts:my_data_download")).content)
    assert [need["title"] for need in data["matching"]["needs_posted"]] == ["Speelgoed"]
    client.post(reverse("accounts:my_account_erase"), {"password": PASSWORD, "confirm": "on"})

    need = Need.objects.get()
    assert need.title == "Speelgoed"
    assert initiative.email not in need.created_by.email
