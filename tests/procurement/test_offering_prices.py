"""A product's indicative price typed the Dutch way ("42,50") is saved as 42.50 and shown back as typed; a price
far above what its unit usually costs is published only after the supplier confirms it."""

from decimal import Decimal

import pytest
from django.urls import reverse

from procurement.models import Supplier

from .helpers import registration_data

pytestmark = pytest.mark.django_db

EDIT = reverse("procurement:registration_edit")


def register(client, **offering):
    return client.post(EDIT, registration_data(**{f"offerings-0-{name}": value for name, value in offering.items()}))


def test_it_saves_a_dutch_price_and_shows_it_back_the_dutch_way(client, entrepreneur):
    client.force_login(entrepreneur)
    response = register(client, price="42,50", unit="per uur")
    assert response.status_code == 302
    offering = Supplier.objects.get(organisation=entrepreneur.organisation).offerings.get()
    assert offering.price == Decimal("42.50")
    page = client.get(EDIT).content.decode()
    assert 'value="42,50"' in page and 'inputmode="decimal"' in page
    client.cookies["django_language"] = "en"
    assert 'value="42.50"' in client.get(EDIT).content.decode()


def test_it_reads_thousands_the_dutch_way(client, entrepreneur):
    client.force_login(entrepreneur)
    assert register(client, price="1.250,00", unit="per dag").status_code == 302
    assert Supplier.objects.get().offerings.get().price == Decimal("1250")


def test_it_asks_to_confirm_an_implausible_hourly_price_and_saves_nothing_until_then(client, entrepreneur):
    client.force_login(entrepreneur)
    response = register(client, price="4250", unit="per uur")
    page = response.content.decode()
    assert response.status_code == 200
    assert "€ 4.250,00 per uur is een ongebruikelijk hoge prijs" in page
    assert 'type="checkbox" name="offerings-0-confirm_price"' in page and "Ja, dit bedrag klopt" in page
    assert not Supplier.objects.exists()

    assert register(client, price="4250", unit="per uur", confirm_price="on").status_code == 302
    assert Supplier.objects.get().offerings.get().price == Decimal("4250")


def test_it_does_not_ask_about_a_plausible_price(client, entrepreneur):
    client.force_login(entrepreneur)
    page = client.get(EDIT).content.decode()
    assert "Ja, dit bedrag klopt" not in page
    assert register(client, price="450", unit="per uur").status_code == 302
