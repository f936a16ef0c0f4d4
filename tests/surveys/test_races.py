"""Two members of one organisation (or one double click) answering, or two coordinators sending, at the same moment:
one response and one sending, a clear message for the others, never an error page."""

import pytest

from notifications.models import Notification
from surveys import services
from surveys.models import Invitation, Response, Survey
from tests.factories import UserFactory
from tests.races import THREADS, race
from tests.surveys.factories import answer, make_survey, sent_survey


@pytest.mark.django_db(transaction=True)
def test_eight_answers_of_one_organisation_at_once_make_one_response(coordinator, entrepreneur):
    survey = sent_survey(coordinator)
    colleagues = [UserFactory(role="entrepreneur", organisation=entrepreneur.organisation) for _ in range(THREADS)]
    people = iter(colleagues)

    outcomes = race(lambda: answer(next(people), Survey.objects.get(pk=survey.pk)))

    assert outcomes == {"ok": 1, "Uw organisatie heeft deze peiling al ingevuld.": THREADS - 1}
    assert Response.objects.filter(survey=survey).count() == 1


@pytest.mark.django_db(transaction=True)
def test_eight_clicks_on_send_at_once_send_once(coordinator, entrepreneur):
    survey = make_survey(coordinator)

    outcomes = race(lambda: services.survey_send(actor=coordinator, survey=survey))

    assert outcomes == {"ok": 1, "Deze peiling is al verstuurd.": THREADS - 1}
    assert Invitation.objects.filter(survey=survey).count() == 1
    assert Notification.objects.filter(event="survey_invited").count() == 1
