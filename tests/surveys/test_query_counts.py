"""The survey pages keep their number of queries whatever the number of surveys, organisations and answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import OrganisationFactory, UserFactory
from tests.surveys.factories import answer, make_survey, sent_survey

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def world(groningen, coordinator, count: int):
    people = [
        UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=groningen, kind="enterprise"))
        for _ in range(count)
    ]
    survey = sent_survey(coordinator)
    for number, person in enumerate(people):
        answer(person, survey, first=number % 3, support=(number % 3,), scale=1 + number % 5, text=f"Antwoord {number}")
    for number in range(count):
        make_survey(coordinator, title=f"Concept {number}")
    return survey


@pytest.mark.parametrize("page", ["survey_list", "survey_detail", "survey_results", "result_export", "survey_cite"])
def test_it_keeps_the_number_of_queries_whatever_the_data_size(client, groningen, coordinator, page):
    client.force_login(coordinator)
    counts = []
    for size in (2, 12):
        survey = world(groningen, coordinator, size)
        url = reverse(f"surveys:{page}", args=[] if page == "survey_list" else [survey.pk])
        counts.append(queries(client, url))
    assert counts[0] == counts[1]
    assert counts[0] <= 14


def test_the_answer_page_keeps_its_number_of_queries(client, groningen, coordinator, entrepreneur):
    client.force_login(entrepreneur)
    small = queries(client, reverse("surveys:answer", args=[world(groningen, coordinator, 2).pk]))
    large = queries(client, reverse("surveys:answer", args=[world(groningen, coordinator, 12).pk]))
    assert small == large <= 12
