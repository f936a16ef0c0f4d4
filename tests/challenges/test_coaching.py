"""The coach's workspace: a coach (often an SME entrepreneur) sees the participants they coach with the
application, records coaching sessions, and the participant and the coordinator read them; the sessions count
as hours of coaching in the council letter's figures."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programmes.challenges import services
from programmes.challenges.models import ApplicationAnswer, CoachingSession, Stage
from reporting.figures import collect
from tests.challenges.factories import ApplicationFactory, ChallengeQuestionFactory, CoachingSessionFactory
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def sme_coach(groningen):
    return UserFactory(
        role="entrepreneur", name="Kees Mulder", organisation=OrganisationFactory(municipality=groningen)
    )


@pytest.fixture
def participant(groningen, entrepreneur, sme_coach):
    application = ApplicationFactory(
        challenge__action_line__programme__municipality=groningen,
        challenge__finale_on=date(2020, 11, 19),
        organisation=entrepreneur.organisation,
        applicant=entrepreneur,
        title="Buurtcoöperatie",
        stage=Stage.COACHED,
        furthest_stage=Stage.COACHED,
        coach=sme_coach,
    )
    question = ChallengeQuestionFactory(challenge=application.challenge, text="Waar wilt u aan werken?")
    ApplicationAnswer.objects.create(application=application, question=question, text="Ons verdienmodel.")
    return application


def record_url(application):
    return reverse("challenges:coaching_participant", kwargs={"pk": application.pk})


def test_it_shows_an_sme_coach_their_participants_where_the_jury_pages_answer_404(client, sme_coach, participant):
    ApplicationFactory(challenge=participant.challenge, stage=Stage.COACHED, title="Niet van u")
    client.force_login(sme_coach)
    assert client.get(reverse("challenges:jury_home")).status_code == 404
    challenges_page = client.get(reverse("challenges:my_challenges")).content.decode()
    assert f'href="{record_url(participant)}"' in challenges_page
    page = client.get(reverse("challenges:coaching_home")).content.decode()
    assert "Deelnemers die u coacht" in page and "Buurtcoöperatie" in page
    assert "Niet van u" not in page
    detail = client.get(record_url(participant)).content.decode()
    assert participant.summary in detail and "Waar wilt u aan werken?" in detail and "Ons verdienmodel." in detail
    assert "Coachingsessie vastleggen" in detail


def test_a_coach_records_a_session_that_the_participant_and_the_coordinator_read(
    client, sme_coach, participant, entrepreneur, coordinator
):
    client.force_login(sme_coach)
    response = client.post(
        record_url(participant),
        {"held_on": "2020-09-21", "duration_minutes": "90", "notes": "Verdienmodel doorgenomen."},
        follow=True,
    )
    assert "De sessie is vastgelegd" in response.content.decode()
    session = CoachingSession.objects.get()
    assert (session.coach, session.held_on, session.duration_minutes) == (sme_coach, date(2020, 9, 21), 90)
    client.force_login(entrepreneur)
    own = client.get(reverse("challenges:my_application", kwargs={"pk": participant.pk})).content.decode()
    assert "Verdienmodel doorgenomen." in own and "90 minuten" in own and "Kees Mulder" in own
    client.force_login(coordinator)
    detail = client.get(reverse("challenges:application_detail", kwargs={"pk": participant.pk})).content.decode()
    assert "Verdienmodel doorgenomen." in detail and "Coachingsessies" in detail


def test_it_refuses_a_session_in_the_future_or_without_a_duration(client, sme_coach, participant):
    client.force_login(sme_coach)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = client.post(record_url(participant), {"held_on": tomorrow, "duration_minutes": "60"}).content.decode()
    assert "Een sessie legt u vast nadat die heeft plaatsgevonden." in page
    page = client.post(record_url(participant), {"held_on": "2020-09-21", "duration_minutes": "0"}).content.decode()
    assert "Een sessie duurt minstens een minuut." in page
    assert not CoachingSession.objects.exists()


def test_only_the_participants_coach_of_the_moment_records_sessions(client, sme_coach, participant, groningen):
    other = UserFactory(role="jury", municipality=groningen)
    with pytest.raises(ValidationError):
        services.coaching_session_record(
            coach=other, application=participant, held_on=date(2020, 9, 21), duration_minutes=60
        )
    services.application_assign_coach(actor=other, application=participant, coach=other)
    client.force_login(sme_coach)
    assert client.get(record_url(participant)).status_code == 404
    assert client.get(reverse("challenges:coaching_home")).status_code == 404


def test_no_session_is_recorded_for_a_participant_that_left_the_challenge(client, sme_coach, participant):
    participant.stage = Stage.NOT_SELECTED
    participant.save()
    client.force_login(sme_coach)
    page = client.post(record_url(participant), {"held_on": "2020-09-21", "duration_minutes": "60"}).content.decode()
    assert "er kunnen geen sessies worden vastgelegd" in page
    assert not CoachingSession.objects.exists()


def test_the_coach_is_mailed_a_link_to_the_workspace(
    coordinator, sme_coach, participant, django_capture_on_commit_callbacks
):
    participant.coach = None
    participant.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_assign_coach(actor=coordinator, application=participant, coach=sme_coach)
    assert len(mail.outbox) == 1
    assert record_url(participant) in mail.outbox[0].body


def test_a_recorded_session_counts_as_hours_of_coaching_in_the_letters_figures(sme_coach, participant):
    programme = participant.challenge.action_line.programme
    before = collect(programme, 2020)["values"]
    assert before["coaching_hours"]["value"] == "0.00" and before["participants_coached"]["value"] == 1
    services.coaching_session_record(
        coach=sme_coach, application=participant, held_on=date(2020, 9, 21), duration_minutes=90
    )
    CoachingSessionFactory(application=participant, duration_minutes=45)
    values = collect(programme, 2020)["values"]
    assert values["coaching_hours"] == {"value": "2.25", "kind": "hours"}
    assert values["coaching_sessions"]["value"] == 2
    assert values["participants_with_sessions"]["value"] == 1
    assert collect(programme, 2021)["values"]["coaching_hours"]["value"] == "0.00"
