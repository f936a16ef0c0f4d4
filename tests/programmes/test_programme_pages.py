"""The programme, its action lines, progress texts, indicators and partners, from the portal's own pages."""

import pytest
from django.urls import reverse

from programmes.models import ActionLineProgress, IndicatorValue, Partner, Programme
from tests.programmes.factories import ActionLineFactory, IndicatorFactory, PartnerFactory, ProgrammeFactory
from tests.programmes.helpers import dutch


@pytest.fixture
def programme(groningen):
    return ProgrammeFactory(municipality=groningen, name="Ondernemen met impact", start_year=2019, end_year=2022)


def test_it_lets_a_coordinator_create_a_programme(client, coordinator, groningen):
    partner = PartnerFactory(municipality=groningen, name="Impact Noord")
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:programme_create"),
        {"name": "Impact 2023-2026", "start_year": 2023, "end_year": 2026, "ambition": "", "partners": [partner.pk]},
    )
    programme = Programme.objects.get()
    assert response["Location"] == programme.get_absolute_url()
    assert programme.municipality == groningen and list(programme.partners.all()) == [partner]


def test_it_offers_only_the_municipalitys_own_partners(client, coordinator, haarlem):
    foreign = PartnerFactory(municipality=haarlem, name="Social Impact Factory")
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:programme_create"),
        {"name": "Impact", "start_year": 2023, "end_year": 2026, "partners": [foreign.pk]},
    )
    assert response.status_code == 200 and "partners" in response.context["form"].errors


def test_it_shows_the_programme_with_its_action_lines_to_the_council(client, council_member, programme):
    line = ActionLineFactory(programme=programme, number=3, title="Bestaande ondernemers inspireren")
    line.progress_reports.create(year=2020, text="Omarm Groningen is gestart.")
    client.force_login(council_member)
    response = client.get(programme.get_absolute_url(), {"year": 2020})
    page = response.content.decode()
    assert "Bestaande ondernemers inspireren" in page and "Omarm Groningen is gestart." in page
    assert reverse("programmes:programme_edit", kwargs={"pk": programme.pk}) not in page
    assert reverse("programmes:action_line_create", kwargs={"programme_pk": programme.pk}) not in page


def test_it_shows_an_action_line_read_only_to_the_council(client, council_member, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(council_member)
    response = client.get(line.get_absolute_url())
    assert response.status_code == 200
    assert reverse("programmes:action_line_edit", kwargs={"pk": line.pk}) not in response.content.decode()
    assert client.get(reverse("programmes:action_line_edit", kwargs={"pk": line.pk})).status_code == 404


def test_it_ignores_a_year_outside_the_programme(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.get(programme.get_absolute_url(), {"year": "1850"})
    assert response.status_code == 200 and response.context["year"] in programme.years


def test_it_saves_the_progress_of_a_year(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(coordinator)
    url = reverse("programmes:progress_edit", kwargs={"pk": line.pk, "year": 2020})
    client.post(url, {"text": "Twee events georganiseerd."})
    client.post(url, {"text": "Alleen een online bijeenkomst in het najaar."})
    assert ActionLineProgress.objects.get(action_line=line, year=2020).text.startswith("Alleen een online")


def test_it_refuses_progress_outside_the_programmes_period(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(coordinator)
    url = reverse("programmes:progress_edit", kwargs={"pk": line.pk, "year": 2030})
    assert client.get(url).status_code == 404


def test_it_refuses_empty_progress(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(reverse("programmes:progress_edit", kwargs={"pk": line.pk, "year": 2020}), {"text": ""})
    assert response.status_code == 200 and response.context["form"].errors["text"]
    assert not ActionLineProgress.objects.exists()


def test_it_sets_targets_and_actuals_per_year(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:indicator_create", kwargs={"action_line_pk": line.pk}),
        {"name": "Deelnemers challenge", "unit": "ondernemers"},
    )
    indicator = line.indicators.get()
    assert response["Location"] == reverse("programmes:indicator_edit", kwargs={"pk": indicator.pk})
    response = client.post(
        response["Location"],
        {"name": "Deelnemers challenge", "unit": "ondernemers", "target_2020": "20", "actual_2020": "20"},
    )
    assert response.status_code == 302
    assert IndicatorValue.objects.get(indicator=indicator, year=2020).actual == 20
    assert not IndicatorValue.objects.filter(year=2019).exists()
    response = client.get(line.get_absolute_url())
    assert (
        dutch("%(actual)s of %(target)s").replace("%(actual)s", "20").replace("%(target)s", "20")
        in (response.content.decode())
        or "20" in response.content.decode()
    )


def test_it_refuses_a_negative_target(client, coordinator, programme):
    indicator = IndicatorFactory(action_line__programme=programme)
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:indicator_edit", kwargs={"pk": indicator.pk}),
        {"name": indicator.name, "target_2020": "-5"},
    )
    assert response.status_code == 200 and response.context["values_form"].errors["target_2020"]
    assert not IndicatorValue.objects.exists()


def test_it_refuses_a_duplicate_indicator_name(client, coordinator, programme):
    indicator = IndicatorFactory(action_line__programme=programme, name="Matches")
    client.force_login(coordinator)
    response = client.post(
        reverse("programmes:indicator_create", kwargs={"action_line_pk": indicator.action_line.pk}), {"name": "Matches"}
    )
    assert response.status_code == 200 and response.context["form"].errors["name"]


def test_it_manages_partners(client, coordinator, groningen):
    client.force_login(coordinator)
    client.post(
        reverse("programmes:partner_create"), {"name": "Founded in Groningen", "website": "foundedingroningen.com"}
    )
    partner = Partner.objects.get()
    assert partner.municipality == groningen and partner.website == "https://foundedingroningen.com"
    response = client.post(reverse("programmes:partner_create"), {"name": "Founded in Groningen"})
    assert response.status_code == 200 and response.context["form"].errors["name"]
    client.post(reverse("programmes:partner_edit", kwargs={"pk": partner.pk}), {"name": "Founded in Groningen (FiG)"})
    partner.refresh_from_db()
    assert partner.name == "Founded in Groningen (FiG)"


def test_it_renders_every_page_in_english_too(client, coordinator, programme):
    line = ActionLineFactory(programme=programme)
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    response = client.get(line.get_absolute_url())
    assert '<html lang="en">' in response.content.decode() and "Progress per year" in response.content.decode()
