"""The match list downloads as CSV: the list's filters, statuses by their labels, the user's own matches only."""

import csv
import io

from django.urls import reverse

from matching.models import Match

from .factories import MatchFactory


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_a_coordinator_downloads_the_filtered_matches_of_their_municipality(client, coordinator, groningen, haarlem):
    MatchFactory(need__municipality=groningen, need__title="Vrijwilligers gezocht", status=Match.Status.MADE)
    MatchFactory(need__municipality=groningen, need__title="Nog maar een idee", status=Match.Status.SUGGESTED)
    MatchFactory(need__municipality=haarlem, need__title="Haarlemse vraag", status=Match.Status.MADE)
    client.force_login(coordinator)

    rows = read_csv(client.get(reverse("matching:match_export"), {"status": "made"}))

    assert [(row["Hulpvraag"], row["Status"]) for row in rows] == [("Vrijwilligers gezocht", "Gemaakt")]


def test_an_entrepreneur_downloads_only_their_own_matches(client, entrepreneur, groningen):
    MatchFactory(need__municipality=groningen, enterprise=entrepreneur.organisation, need__title="Eigen match")
    MatchFactory(need__municipality=groningen, need__title="Andermans match")
    client.force_login(entrepreneur)

    rows = read_csv(client.get(reverse("matching:match_export")))

    assert [row["Hulpvraag"] for row in rows] == ["Eigen match"]


def test_a_buyer_gets_no_matches(client, buyer):
    client.force_login(buyer)
    assert client.get(reverse("matching:match_export")).status_code == 404


def test_the_match_list_links_to_the_filtered_export(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("matching:match_list"), {"status": "made"}).content.decode()
    assert reverse("matching:match_export") + "?status=made" in page
