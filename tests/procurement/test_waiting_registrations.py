"""The coordinator's start page flags supplier registrations that wait longer than the municipality allows."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from procurement.models import Supplier
from tests.factories import OrganisationFactory
from tests.procurement.factories import SupplierFactory

pytestmark = pytest.mark.django_db


def waiting(municipality, name, days):
    supplier = SupplierFactory(
        organisation=OrganisationFactory(municipality=municipality, name=name),
        status=Supplier.Status.PENDING,
        verified_at=None,
    )
    Supplier.objects.filter(pk=supplier.pk).update(submitted_at=timezone.now() - dt.timedelta(days=days))


def section_of(page: str, kind: str) -> str:
    start = page.index(f'data-todo="{kind}"')
    return page[start : page.index("</section>", start)]


def test_it_flags_registrations_waiting_longer_than_the_municipality_allows(client, coordinator, groningen):
    waiting(groningen, "Wacht lang", 20)
    waiting(groningen, "Net binnen", 3)
    client.force_login(coordinator)
    section = section_of(client.get(reverse("start")).content.decode(), "suppliers")
    assert "wacht 20 dagen, langer dan 14" in section
    assert "utrecht-status-badge--danger" in section.split("Net binnen")[0]
    assert "3 dagen oud" in section.split("Net binnen")[1]


def test_it_uses_the_municipalitys_waiting_period(client, coordinator, groningen):
    groningen.registration_waiting_days = 30
    groningen.save()
    waiting(groningen, "Wacht lang", 20)
    client.force_login(coordinator)
    section = section_of(client.get(reverse("start")).content.decode(), "suppliers")
    assert "20 dagen oud" in section and "danger" not in section
