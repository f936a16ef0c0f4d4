"""The demo's network: Groningen, Haarlem and Alkmaar take part with their inhabitants and published letters (Haarlem
and Alkmaar about 2020, 2021 and 2022, Groningen about 2022; Groningen's letter about 2020 stays a draft, so it does
not show), and notes of what worked."""

import pytest
from django.urls import reverse

from accounts.demo import seed_accounts
from accounts.models import Municipality
from programmes.demo import seed_groningen_programme, seed_haarlem_programme
from reporting import network
from reporting.demo import seed_groningen_letter_2020, seed_network
from reporting.models import FigureNote, Letter

pytestmark = pytest.mark.django_db


def test_the_demo_network_compares_three_municipalities_on_published_figures_only(client):
    seed_accounts()
    seed_groningen_programme()
    seed_haarlem_programme()
    seed_groningen_letter_2020()
    seed_network()
    seed_network()  # idempotent

    assert dict(Municipality.objects.filter(in_network=True).values_list("slug", "population")) == {
        "groningen": 233_000,
        "haarlem": 162_000,
        "alkmaar": 110_000,
    }
    rows = {(row.name, row.year): row for row in network.network_rows()}
    others = {(name, year) for name in ("Haarlem", "Alkmaar") for year in (2020, 2021, 2022)}
    assert set(rows) == {("Groningen", 2022)} | others
    assert Letter.objects.get(programme__municipality__slug="groningen", year=2020).status == Letter.Status.DRAFT
    assert rows[("Haarlem", 2020)].cell("challenge_finalists").value == 3  # NewFuture@Work: 3 finalists (seed 002)
    assert rows[("Groningen", 2022)].cell("activities_held").value == sum(
        rows[("Groningen", 2022)].held_by_kind.values()
    )
    assert FigureNote.objects.count() == 2
    page = client.get(reverse("network:public"), {"jaar": "2020"}).content.decode()
    assert "Alkmaar" in page and "Haarlem" in page and 'data-municipality="Groningen"' not in page
    letter = Letter.objects.get(programme__municipality__slug="alkmaar", year=2021)
    assert client.get(reverse("reporting:public_pdf", args=[letter.pk])).status_code == 200
