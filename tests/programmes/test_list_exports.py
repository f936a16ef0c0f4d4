"""The service point's questions and the dashboard's indicators download as CSV, with the page's filter
(the queue's state, the dashboard's year), labels not codes, and only the coordinator's municipality."""

import csv
import io

from django.urls import reverse
from django.utils import timezone

from programmes.models import Question

from .factories import (
    ActionLineFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    PartnerDeskFactory,
    ProgrammeFactory,
    QuestionFactory,
)


def read_csv(response) -> list[dict[str, str]]:
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_question_export_keeps_the_queues_filter(client, coordinator, groningen, haarlem):
    QuestionFactory(municipality=groningen, subject="Wacht nog", status=Question.Status.IN_PROGRESS)
    QuestionFactory(municipality=groningen, subject="Al beantwoord", status=Question.Status.ANSWERED)
    QuestionFactory(municipality=haarlem, subject="Haarlemse vraag")
    client.force_login(coordinator)

    waiting = read_csv(client.get(reverse("programmes:question_export")))
    answered = read_csv(client.get(reverse("programmes:question_export"), {"state": "answered"}))
    everything = read_csv(client.get(reverse("programmes:question_export"), {"state": ""}))

    assert [(row["Onderwerp"], row["Status"]) for row in waiting] == [("Wacht nog", "Opgepakt")]
    assert [row["Onderwerp"] for row in answered] == ["Al beantwoord"]
    assert sorted(row["Onderwerp"] for row in everything) == ["Al beantwoord", "Wacht nog"]


def test_the_question_export_is_not_for_an_entrepreneur(client, entrepreneur):
    client.force_login(entrepreneur)
    assert client.get(reverse("programmes:question_export")).status_code == 404


def test_the_indicator_export_holds_the_chosen_years_targets_and_actuals(client, coordinator, groningen):
    year = timezone.localdate().year
    programme = ProgrammeFactory(municipality=groningen, start_year=year - 2, end_year=year)
    line = ActionLineFactory(programme=programme, number=1, title="Zichtbaarheid")
    indicator = IndicatorFactory(action_line=line, name="Impactcafés", unit="bijeenkomsten")
    IndicatorValueFactory(indicator=indicator, year=year - 1, target=10, actual=7)
    IndicatorValueFactory(indicator=indicator, year=year, target=12, actual=None)
    IndicatorFactory(action_line=ActionLineFactory(programme=ProgrammeFactory(start_year=year - 2, end_year=year)))
    client.force_login(coordinator)

    rows = read_csv(client.get(reverse("programmes:indicator_export"), {"year": year - 1}))

    assert rows == [
        {
            "Jaar": str(year - 1),
            "Actielijn": "1. Zichtbaarheid",
            "Indicator": "Impactcafés",
            "Eenheid": "bijeenkomsten",
            "Doel": "10",
            "Gerealiseerd": "7",
            "Gemeten met": "ingevoerd",
        }
    ]


def test_the_dashboard_links_to_the_indicator_export_of_its_year(client, coordinator, groningen):
    year = timezone.localdate().year
    programme = ProgrammeFactory(municipality=groningen, start_year=year - 2, end_year=year)
    IndicatorFactory(action_line=ActionLineFactory(programme=programme))
    client.force_login(coordinator)
    page = client.get(reverse("programmes:dashboard"), {"year": year - 1}).content.decode()
    assert f"{reverse('programmes:indicator_export')}?year={year - 1}" in page


def test_the_question_export_says_overdue_handed_over_and_helped(client, coordinator, groningen):
    desk = PartnerDeskFactory(municipality=groningen, name="Impact Noord")
    QuestionFactory(municipality=groningen, subject="Te laat", asked_at=timezone.now() - timezone.timedelta(days=30))
    QuestionFactory(municipality=groningen, subject="Overgedragen", desk=desk)
    QuestionFactory(municipality=groningen, subject="Geholpen", status=Question.Status.CLOSED, helped=True)
    client.force_login(coordinator)
    rows = {row["Onderwerp"]: row for row in read_csv(client.get(reverse("programmes:question_export"), {"state": ""}))}
    assert rows["Te laat"]["Te laat"] == "Ja" and rows["Overgedragen"]["Te laat"] == "Nee"
    assert rows["Overgedragen"]["Overgedragen aan"] == "Impact Noord"
    assert rows["Geholpen"]["Geholpen"] == "Ja" and rows["Te laat"]["Geholpen"] == ""
