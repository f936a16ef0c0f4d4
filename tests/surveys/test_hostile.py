"""Hostile input to the answer form and the coordinator's pages: a clear message, nothing saved, never a 500."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import Response, Survey
from surveys.services import Given
from tests.factories import OrganisationFactory, UserFactory
from tests.surveys.factories import answer_data, make_survey, questions, sent_survey

pytestmark = pytest.mark.django_db


def post_answer(client, survey, data):
    return client.post(reverse("surveys:answer", args=[survey.pk]), data)


def test_a_choice_that_is_not_one_of_the_questions_choices_is_refused(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    other = sent_survey(coordinator, title="Andere peiling")
    single = questions(survey)[0]
    foreign_option = questions(other)[0].options.first()
    client.force_login(entrepreneur)
    for bad in (str(foreign_option.pk), "abc", "-1", "99999999999999999999", ""):
        data = answer_data(survey) | {f"question_{single.pk}": bad}
        response = post_answer(client, survey, data)
        assert response.status_code == 200, bad
        assert "error" in response.content.decode().lower(), bad
    assert not Response.objects.exists()


def test_a_point_outside_the_scale_and_an_overlong_open_answer_are_refused(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    _single, _multiple, scale, open_question = questions(survey)
    client.force_login(entrepreneur)
    for data in (
        answer_data(survey) | {f"question_{scale.pk}": "6"},
        answer_data(survey) | {f"question_{scale.pk}": "0"},
        answer_data(survey) | {f"question_{open_question.pk}": "x" * 5000},
    ):
        assert post_answer(client, survey, data).status_code == 200
    assert not Response.objects.exists()


def test_several_values_for_a_one_choice_question_keep_one_choice(client, coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    single = questions(survey)[0]
    client.force_login(entrepreneur)
    post_answer(
        client, survey, answer_data(survey) | {f"question_{single.pk}": [str(o.pk) for o in single.options.all()]}
    )
    assert Response.objects.get().answers.filter(question=single).count() == 1
    second = sent_survey(coordinator, title="Tweede")
    one_choice = questions(second)[0]
    with pytest.raises(ValidationError):  # and the service never takes two
        services.response_submit(
            user=entrepreneur,
            survey=second,
            given={one_choice.pk: Given(option_ids=tuple(o.pk for o in one_choice.options.all()))},
        )
    assert not Response.objects.filter(survey=second).exists()


def test_answers_to_questions_of_another_survey_are_ignored_by_the_form_and_refused_by_the_service(
    client, coordinator, entrepreneur
):
    survey = sent_survey(coordinator)
    other = sent_survey(coordinator, title="Andere peiling")
    foreign = questions(other)[0]
    client.force_login(entrepreneur)
    data = answer_data(survey) | {f"question_{foreign.pk}": str(foreign.options.first().pk)}
    post_answer(client, survey, data)
    assert not Response.objects.filter(survey=other).exists()
    assert not Response.objects.get(survey=survey).answers.filter(question__survey=other).exists()
    with pytest.raises(ValidationError):
        services.response_submit(
            user=entrepreneur, survey=other, given={questions(survey)[0].pk: Given(option_ids=(1,))}
        )
    with pytest.raises(ValidationError):  # a choice of another question
        services.response_submit(
            user=entrepreneur,
            survey=other,
            given={questions(other)[0].pk: Given(option_ids=(questions(other)[1].options.first().pk,))},
        )
    assert not Response.objects.filter(survey=other).exists()


def test_a_survey_not_sent_to_the_organisation_is_not_found(client, coordinator, entrepreneur, haarlem):
    survey = sent_survey(coordinator)
    stranger = UserFactory(role="entrepreneur", organisation=OrganisationFactory(municipality=haarlem))
    client.force_login(stranger)
    assert post_answer(client, survey, answer_data(survey)).status_code == 404
    assert not Response.objects.exists()


def test_the_coordinators_forms_refuse_bad_dates_audiences_and_forged_formsets(client, coordinator):
    client.force_login(coordinator)
    bad = {"title": "x", "audience": "everyone", "closes_on": "31-02-2026", "retention_days": "-5"}
    assert client.post(reverse("surveys:survey_create"), bad).status_code == 200
    theme_missing = {
        "title": "x",
        "audience": "theme",
        "closes_on": (timezone.localdate() + timedelta(days=5)).isoformat(),
        "retention_days": "365",
    }
    response = client.post(reverse("surveys:survey_create"), theme_missing)
    assert response.status_code == 200 and "Kies het impactthema" in response.content.decode()
    assert not Survey.objects.exists()
    survey = make_survey(coordinator)
    forged = {"questions-TOTAL_FORMS": "100000", "questions-INITIAL_FORMS": "0"}
    assert client.post(reverse("surveys:survey_questions", args=[survey.pk]), forged).status_code == 200


def test_a_survey_that_closed_before_sending_is_not_sent(client, coordinator, entrepreneur):
    survey = make_survey(coordinator)
    Survey.objects.filter(pk=survey.pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    client.force_login(coordinator)
    response = client.post(reverse("surveys:survey_send", args=[survey.pk]), follow=True)
    assert "De sluitingsdatum is voorbij" in response.content.decode()
    survey.refresh_from_db()
    assert survey.sent_at is None
