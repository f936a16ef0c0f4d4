"""A survey result cited on an action line is a figure of the council letter: the coordinator cites it, the letter
editor lists it among the figures to insert, and the letter (preview and PDF) writes the sentence."""

import pytest
from django.urls import reverse
from django.utils import translation

from reporting import figures, renderer, services
from surveys.models import Citation
from tests.reporting.factories import letter_about_2020, programme_with_action_lines
from tests.reporting.pdf_tools import squeeze, text_of
from tests.surveys.factories import answer, questions, sent_survey

pytestmark = pytest.mark.django_db

SENTENCE = "1 van 2 ondernemers noemen toegang tot inkopers als eerste behoefte"


@pytest.fixture
def cited(client, groningen, coordinator, entrepreneur, initiative):
    from tests.factories import OrganisationFactory

    OrganisationFactory(municipality=groningen, kind="enterprise")  # invited, does not answer
    programme = programme_with_action_lines(groningen)
    survey = sent_survey(coordinator)
    answer(entrepreneur, survey, first=0)
    answer(initiative, survey, first=1)  # another first need: of the two that answered, one names access to buyers
    first_need = questions(survey)[0]
    line = programme.action_lines.get(number=1)
    client.force_login(coordinator)
    response = client.post(
        reverse("surveys:survey_cite", args=[survey.pk]),
        {
            "question": first_need.pk,
            "option": first_need.options.first().pk,
            "action_line": line.pk,
            "year": "2020",
            "statement_nl": "ondernemers noemen toegang tot inkopers als eerste behoefte",
            "statement_en": "entrepreneurs name access to buyers as their first need",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    letter = letter_about_2020(programme, coordinator)
    services.section_update(
        letter=letter,
        action_line=line,
        body="Uit de behoeftepeiling blijkt dat [[line1_survey_result]].",
        figure_groups=[],
        user=coordinator,
    )
    return {"survey": survey, "letter": letter, "line": line}


def test_the_cited_result_is_a_figure_of_the_letter_in_its_language(cited):
    values = services.live_figures(cited["letter"])["values"]
    assert values["line1_survey_result"]["value"] == SENTENCE
    assert values["line1_survey_result_count"]["value"] == 1
    assert values["line1_survey_result_answered"]["value"] == 2  # of those who answered the question, not invited
    assert values["line1_survey_result_invited"]["value"] == 3
    assert values["line2_survey_result"]["value"] is None
    with translation.override("en"):
        english = figures.collect(cited["letter"].programme, 2020)["values"]["line1_survey_result"]["value"]
    assert english == "1 of 2 entrepreneurs name access to buyers as their first need"


def test_the_letter_editor_offers_it_and_the_preview_and_the_pdf_write_it(client, coordinator, cited, tmp_path):
    letter = cited["letter"]
    editor = client.get(reverse("reporting:section_edit", kwargs={"pk": letter.pk, "action_line_pk": cited["line"].pk}))
    assert "[[line1_survey_result]]" in editor.content.decode()
    assert "Uitkomst van een peiling (een zin), actielijn 1" in editor.content.decode()
    preview = client.get(reverse("reporting:letter_preview", kwargs={"pk": letter.pk}))
    assert SENTENCE in preview.content.decode()
    content, frozen = services.frozen_or_live(letter)
    result = renderer.render_pdf(content, frozen)
    path = tmp_path / "raadsbrief.pdf"
    path.write_bytes(result.pdf)
    assert SENTENCE in squeeze(text_of(path))


def test_a_new_citation_takes_the_place_of_the_one_before_and_a_foreign_action_line_is_refused(
    client, coordinator, cited, haarlem
):
    from tests.programmes.factories import ActionLineFactory

    survey = cited["survey"]
    scale = questions(survey)[2]
    data = {
        "question": scale.pk,
        "scale_value": "4",
        "action_line": cited["line"].pk,
        "year": "2020",
        "statement_nl": "organisaties zijn tevreden",
        "statement_en": "organisations are satisfied",
    }
    assert client.post(reverse("surveys:survey_cite", args=[survey.pk]), data).status_code == 302
    assert Citation.objects.get().statement_nl == "organisaties zijn tevreden"
    foreign = ActionLineFactory(programme__municipality=haarlem)
    response = client.post(reverse("surveys:survey_cite", args=[survey.pk]), data | {"action_line": foreign.pk})
    assert response.status_code == 200 and Citation.objects.get().action_line == cited["line"]
    open_question = questions(survey)[3]
    response = client.post(reverse("surveys:survey_cite", args=[survey.pk]), data | {"question": open_question.pk})
    assert response.status_code == 200
